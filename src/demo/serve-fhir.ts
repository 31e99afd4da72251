/**
 * The demo patients on an open FHIR server of their own, for CDS Hooks clients that read FHIR themselves, such as
 * the CDS Hooks sandbox (which fills prefetch from the FHIR server it is pointed at and does not use secured
 * servers). Loopback only, no token: synthetic data only.
 *
 *   node dist/src/demo/serve-fhir.js [port]       (default 8081; prints the FHIR base)
 */

import { startFhirServer } from './fhir-server.js';
import { DEMO_HOST } from './start-demo.js';
import { demoChartResources } from './synthetic-patients.js';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8081);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`serve-fhir: not a port: ${process.argv[2] ?? process.env.PORT}\n`);
  process.exit(1);
}
const fhir = await startFhirServer({ host: DEMO_HOST, port, basePath: '/fhir/R4' });
await fhir.seed(demoChartResources());
process.stdout.write(`demo FHIR server (open, synthetic patients): ${fhir.url}\n`);
const stop = () => void fhir.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
