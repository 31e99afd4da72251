import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/main.js';
import {
  kneeXrayServiceRequest,
  orderSignBody,
  osteomyelitisPrefetch,
  searchset,
  TEST_PATIENT_ID,
} from '../support/hook-request.js';
import { cliEnv } from './cli-env.js';

const example = readFileSync(new URL('../../docs/examples/order-sign-request.json', import.meta.url), 'utf8');

describe('spect-cds evaluate', () => {
  test('prints the determination with its evidence, the cards and the coverage information', async () => {
    const result = await runCli(['evaluate', 'req.json'], cliEnv({ 'req.json': example }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const out = result.stdout;
    expect(out).toContain('order-sign, policy 6.01.VT204');
    expect(out).toContain('ServiceRequest/spect-lumbar-1 (78830, lumbar): meets-criteria');
    expect(out).toContain('criterion met: infection (MN-1)');
    expect(out).toContain('M46.26 Osteomyelitis of vertebra, lumbar region [Condition/cond-vo-1]');
    expect(out).toMatch(
      /Cards \(1\)\n {2}1\. \[info\] Request prior approval: criteria met for spinal infection/,
    );
    expect(out).toContain('update ServiceRequest/spect-lumbar-1: coverage information');
    expect(out).toContain('covered=covered, pa-needed=auth-needed, doc-needed=clinical');
  });

  test('--json gives the determinations and the exact response body', async () => {
    const result = await runCli(['evaluate', '--json', 'req.json'], cliEnv({ 'req.json': example }));
    const parsed = JSON.parse(result.stdout) as {
      hook: string;
      determinations: Array<{ outcome: string; criteriaMet: string[] }>;
      response: { cards: unknown[]; systemActions: unknown[] };
    };
    expect(parsed.hook).toBe('order-sign');
    expect(parsed.determinations.map((d) => [d.outcome, d.criteriaMet])).toEqual([
      ['meets-criteria', ['infection']],
    ]);
    expect(parsed.response.cards).toHaveLength(1);
    expect(parsed.response.systemActions).toHaveLength(1);
  });

  test('findings with suggestions and override reasons', async () => {
    const prefetch = osteomyelitisPrefetch();
    prefetch.conditions = searchset([]);
    // Without CDS_CONFIG the CLI is the demo's payer: the Coverage names it.
    prefetch.coverage = JSON.parse(example).prefetch.coverage;
    // The example's member is another patient: this call's Coverage is the same one, for this call's patient.
    (prefetch.coverage as { entry: Array<{ resource: Record<string, unknown> }> })
      .entry[0]!.resource.beneficiary = {
      reference: `Patient/${TEST_PATIENT_ID}`,
    };
    const body = orderSignBody({ prefetch, fhirServer: null });
    const result = await runCli(['evaluate', 'r.json'], cliEnv({ 'r.json': JSON.stringify(body) }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(': not-medically-necessary');
    expect(result.stdout).toContain('finding: no-qualifying-indication');
    expect(result.stdout).toMatch(/\[warning\]/);
    expect(result.stdout).toMatch(/suggestion: /);
    expect(result.stdout).toMatch(/override reasons: /);
  });

  test('nothing in scope', async () => {
    const body = orderSignBody({
      draftOrders: [kneeXrayServiceRequest()],
      prefetch: osteomyelitisPrefetch(),
    });
    const result = await runCli(['evaluate', 'r.json'], cliEnv({ 'r.json': JSON.stringify(body) }));
    expect(result.stdout).toBe(
      'order-sign: no spine SPECT order in scope; the service answers {"cards": []}.\n',
    );
  });

  test('an invalid request names every problem the service would answer 400 for', async () => {
    const body = JSON.parse(example) as { context: Record<string, unknown> };
    delete body.context.patientId;
    const result = await runCli(['evaluate', 'r.json'], cliEnv({ 'r.json': JSON.stringify(body) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 400');
    expect(result.stderr).toContain('context.patientId: is required');
  });

  test('missing prefetch and no FHIR server it may query: the 412 explanation', async () => {
    const body = orderSignBody({ fhirServer: 'https://ehr.example.org/fhir' });
    const result = await runCli(['evaluate', 'r.json'], cliEnv({ 'r.json': JSON.stringify(body) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 412');
  });

  test('unreadable input and usage errors exit 1 with a message', async () => {
    expect((await runCli(['evaluate', 'nope.json'], cliEnv({}))).stderr).toContain('cannot read nope.json');
    expect((await runCli(['evaluate', 'x'], cliEnv({ x: '{' }))).stderr).toContain('x is not valid JSON');
    expect((await runCli(['evaluate'], cliEnv({}))).code).toBe(1);
    const wrongHook = await runCli(['evaluate', 'x'], cliEnv({ x: '{"hook":"patient-view"}' }));
    expect(wrongHook.stderr).toContain('"order-select" or "order-sign"');
    const unknown = await runCli(['frobnicate'], cliEnv({}));
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect((await runCli([], cliEnv({}))).stdout).toContain('Usage: spect-cds');
  });
});
