/**
 * Demo mode, put together: the embedded demo EHR (an in-process FHIR server seeded with one synthetic patient per
 * kind of case), its signing key registered as the only extra client, and the demo pages in front of the service.
 *
 * The service itself is built by the caller (createApp) from the config this returns, then put behind the demo
 * pages with `withService`, so demo mode runs exactly the code production runs: signed JWTs, the FHIR client, the
 * SSRF allowlist, the store.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import express from 'express';
import { defaultCardsDir } from '../app/load-cards.js';
import { DEFAULT_POLICY_ID, repoRoot } from '../app/load-policy.js';
import type { ServiceConfig } from '../config.js';
import type { FeedbackStore } from '../protocol/feedback/store.js';
import { CardLedger } from './card-ledger.js';
import { createDemoClient } from './demo-client.js';
import { createDemoRouter } from './demo-routes.js';
import { createDtrDemoRouter } from './dtr/dtr-routes.js';
import { startFhirServer } from './fhir-server.js';
import { DEMO_PAYER_IDENTIFIER, demoChartResources } from './synthetic-patients.js';

/** Demo mode listens here only: the demo hands out tokens to whoever can reach it. */
export const DEMO_HOST = '127.0.0.1';
export const DEMO_USER = 'Practitioner/demo-clinician';

export interface DemoOptions {
  /** The service configuration without the demo client (baseUrl must be where the service will listen). */
  config: ServiceConfig;
  /** The store the service writes feedback to (the policy page counts from it). */
  feedbackStore: FeedbackStore;
  policyDir?: string;
  cardsDir?: string;
  /** Port of the demo EHR's FHIR server; 0 (default) picks a free one. */
  fhirPort?: number;
  now?: Date;
}

export interface RunningDemo {
  /** The service configuration with the demo client added: build the service from this. */
  config: ServiceConfig;
  fhirServer: string;
  urls: { demo: string; policy: string };
  /** The demo pages in front of the service: listen with what this returns. */
  withService(service: express.Express): express.Express;
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const fhirAccessToken = randomBytes(24).toString('base64url');
  const fhir = await startFhirServer({
    host: DEMO_HOST,
    port: options.fhirPort ?? 0,
    accessToken: fhirAccessToken,
  });
  try {
    await fhir.seed(demoChartResources(options.now));
    const demoClient = await createDemoClient([fhir.url]);
    const config: ServiceConfig = {
      ...options.config,
      clients: [...options.config.clients, demoClient.client],
      // The demo Coverage names the demo payer; a configured identity is kept beside it.
      payer: {
        ...options.config.payer,
        identifiers: [...options.config.payer.identifiers, { ...DEMO_PAYER_IDENTIFIER }],
      },
    };
    const ledger = new CardLedger();
    const root = repoRoot();
    const app = express();
    app.disable('x-powered-by');
    app.use(
      createDemoRouter({
        baseUrl: config.baseUrl,
        fhirServer: fhir.url,
        fhirAccessToken,
        userId: DEMO_USER,
        signer: demoClient,
        feedbackStore: options.feedbackStore,
        ledger,
        policyDir: options.policyDir ?? join(root, 'policy', DEFAULT_POLICY_ID),
        cardsDir: options.cardsDir ?? defaultCardsDir(),
      }),
    );
    // The EHR side of DTR: fetch the questionnaire package, prefill it from the chart, store the response.
    app.use(
      createDtrDemoRouter({
        baseUrl: config.baseUrl,
        fhirServer: fhir.url,
        fhirAccessToken,
        signer: demoClient,
      }),
    );
    // Remember what each answered card was about, so feedback can be counted per kind of card.
    app.post('/cds-services/:id', ledger.recorder());
    return {
      config,
      fhirServer: fhir.url,
      urls: { demo: `${config.baseUrl}/demo`, policy: `${config.baseUrl}/demo/policy` },
      withService(service) {
        app.use(service);
        return app;
      },
      close: () => fhir.close(),
    };
  } catch (error) {
    await fhir.close();
    throw error;
  }
}
