/**
 * Issue 12 item 6 over real HTTP: one hook call reads at most maxBytesPerCall bytes from the FHIR server across all
 * its parallel queries. A loopback FHIR server answers every search with a large Bundle; together they exceed the
 * budget, so the service stops reading, answers within its time budget, and the card lists what was cut short.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  TEST_PATIENT_ID,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';

const ANSWER_BYTES = 400 * 1024;
let fhir: Server;
let fhirBase: string;
let client: TestClient;

/** A searchset of Conditions (or whatever type was asked) padded to about ANSWER_BYTES. */
function bigBundle(resourceType: string): string {
  const entry = Array.from({ length: 200 }, (_, i) => ({
    resource: {
      resourceType,
      id: `${resourceType}-${i}`,
      subject: { reference: `Patient/${TEST_PATIENT_ID}` },
      note: [{ text: 'x'.repeat(ANSWER_BYTES / 200) }],
    },
  }));
  return JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry });
}

beforeAll(async () => {
  fhir = createServer((req, res) => {
    const type = (req.url ?? '').split('/')[2]?.split('?')[0] ?? '';
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    if (type === 'Patient') res.end(JSON.stringify({ resourceType: 'Patient', id: TEST_PATIENT_ID }));
    else res.end(bigBundle(type));
  });
  await new Promise<void>((resolve) => fhir.listen(0, '127.0.0.1', resolve));
  fhirBase = `http://127.0.0.1:${(fhir.address() as AddressInfo).port}/fhir`;
  client = await createTestClient({ fhirServers: [fhirBase] });
});
afterAll(() => new Promise<void>((resolve) => fhir.close(() => resolve())));

async function sign(config: ReturnType<typeof testConfig>) {
  const { app } = buildTestApp(config);
  const jwt = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`);
  return (
    request(app)
      .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
      .set('Authorization', `Bearer ${jwt}`)
      // The member's Coverage (this payer's) and Patient come as prefetch; the four searches go to the server.
      .send(orderSignBody({ fhirServer: fhirBase, prefetch: osteomyelitisPrefetch(['patient', 'coverage']) }))
  );
}

describe('the byte budget of one call across its FHIR queries', () => {
  it('stops reading past maxBytesPerCall and lists the topics cut short', async () => {
    // Four searches of ~400 KB each: 1.6 MB against a 1 MB budget.
    const res = await sign(testConfig([client], { maxBytesPerCall: 1024 * 1024 }));
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).toMatch(/read budget was spent/);
  });

  it('reads everything when the answers fit (the default, 50 MB)', async () => {
    const res = await sign(testConfig([client]));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toMatch(/read budget/);
  });
});
