/**
 * `report` end to end: hook calls and feedback go through the real app into a SQLite store on disk, then the CLI
 * opens that store the way the server would (dataDir from the config) and prints the rates.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open-store.js';
import {
  ORDER_SIGN_SERVICE,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';
import { cliEnv } from './cli-env.js';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'spect-cds-report-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('acceptance and override rates per card kind from the store the service wrote', async () => {
  const client = await createTestClient();
  const store = await openStore({ dataDir });
  await store.ready();
  const { app } = buildTestApp(testConfig([client]), { store, feedbackStore: store });
  const url = `${TEST_BASE_URL}/cds-services/${ORDER_SIGN_SERVICE}`;
  const hook = async (body: object) =>
    (
      await request(app)
        .post(`/cds-services/${ORDER_SIGN_SERVICE}`)
        .set('Authorization', `Bearer ${await signHookJwt(client, url)}`)
        .send(body)
    ).body as { cards: Array<{ uuid: string; suggestions?: Array<{ uuid: string }> }> };

  const met = await hook(orderSignBody({ prefetch: osteomyelitisPrefetch(), fhirServer: null }));
  const noIndication = osteomyelitisPrefetch();
  noIndication.conditions = searchset([]);
  const nmn = await hook(orderSignBody({ prefetch: noIndication, fhirServer: null }));
  await hook(orderSignBody({ prefetch: noIndication, fhirServer: null }));
  const nmnCard = nmn.cards[0]!;
  const feedback = [
    { card: met.cards[0]!.uuid, outcome: 'overridden', outcomeTimestamp: '2026-09-01T10:00:00Z' },
    {
      card: nmnCard.uuid,
      outcome: 'accepted',
      acceptedSuggestions: [{ id: nmnCard.suggestions![0]!.uuid }],
      outcomeTimestamp: '2026-09-01T10:00:00Z',
    },
  ];
  const sent = await request(app)
    .post(`/cds-services/${ORDER_SIGN_SERVICE}/feedback`)
    .set('Authorization', `Bearer ${await signHookJwt(client, `${url}/feedback`)}`)
    .send({ feedback });
  expect(sent.status).toBe(200);
  await store.close();

  const config = JSON.stringify({ baseUrl: 'http://localhost:3000', dataDir });
  const result = await runCli(['report'], cliEnv({ 'c.json': config }, { CDS_CONFIG: 'c.json' }));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('3 hook calls, 3 cards shown, 2 feedback items');
  expect(result.stdout).toMatch(/no-qualifying-indication\s+2\s+1\s+0\s+50\.0%\s+0\.0%/);
  expect(result.stdout).toMatch(/meets-criteria\s+1\s+0\s+1\s+0\.0%\s+100\.0%/);

  const json = await runCli(
    ['report', '--json', '--service', 'spect-spine-order-select'],
    cliEnv({ 'c.json': config }, { CDS_CONFIG: 'c.json' }),
  );
  expect(JSON.parse(json.stdout)).toMatchObject({ hookCalls: 0, cardsShown: 0 });
});
