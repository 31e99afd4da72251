/**
 * The policy analyst's loop: `policy check` loads a policy folder and its card texts as the server does and lists
 * every problem at once; `policy diff` evaluates the shipped corpus (corpus/6.01.VT204) under two policy versions
 * and names each order whose determination changes. The corpus itself stays the acceptance suite frozen: each of
 * its acceptance requests still gets the determination its scenario expects.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCardTexts } from '../../src/app/load-cards.js';
import { parseConfig } from '../../src/app/load-config.js';
import { loadPolicy, repoRoot } from '../../src/app/load-policy.js';
import { evaluateHookRequest } from '../../src/cli/evaluate.js';
import { defaultCliEnv, runCli } from '../../src/cli/main.js';
import type { PolicyDiff } from '../../src/cli/policy-diff.js';
import { DEMO_PAYER_IDENTIFIER } from '../../src/demo/synthetic-patients.js';

const ROOT = repoRoot();
const POLICY = join(ROOT, 'policy', '6.01.VT204');
const CARDS = join(ROOT, 'cards', '6.01.VT204');
const CORPUS = join(ROOT, 'corpus', '6.01.VT204');
const env = { ...defaultCliEnv(), env: {} };

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'spect-policy-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The parts of policy.json the tests edit. */
interface PolicyJson {
  version: string;
  indications: Array<{ id: string; quote: string; requires: unknown }>;
  findings: Array<{ code: string }>;
  windows: Array<{ id: string; days: number }>;
}

/** A copy of the shipped policy folder with `edit` applied to its policy.json. */
function editedPolicy(edit: (policy: PolicyJson) => void): string {
  const dir = join(scratch, 'policy');
  cpSync(POLICY, dir, { recursive: true });
  const policy = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8'));
  edit(policy);
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
  return dir;
}

test('policy check: the shipped policy and card texts load and agree', async () => {
  const result = await runCli(['policy', 'check', POLICY], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^policy 6\.01\.VT204 version 2026-03 \(.*\): ok$/m);
  expect(result.stdout).toMatch(/10 indications/);
});

test('policy check: every problem of a broken edit at once, exit 1', async () => {
  const dir = editedPolicy((policy) => {
    const infection = policy.indications.find((i) => i.id === 'infection')!;
    infection.quote = 'Diagnosis of any infection anywhere';
    infection.requires = { conditionIn: ['no-such-value-set'] };
    policy.findings.push({ ...policy.findings[0]!, code: 'brand-new-finding' });
  });
  const result = await runCli(['policy', 'check', dir], env);
  expect(result.code).toBe(1);
  const problems = result.stderr.split('\n').filter((line) => line.startsWith('  - '));
  expect(problems.length).toBeGreaterThanOrEqual(2);
  expect(result.stderr).toMatch(/quote is not in bullet MN-1/);
  expect(result.stderr).toMatch(/unknown value set "no-such-value-set"/);
});

test('policy check: card texts that miss a finding the policy declares are a problem', async () => {
  const cards = join(scratch, 'cards');
  cpSync(CARDS, cards, { recursive: true });
  const texts = JSON.parse(readFileSync(join(cards, 'cards.json'), 'utf8'));
  delete texts.findings['missing-prior-mri'];
  writeFileSync(join(cards, 'cards.json'), JSON.stringify(texts));
  const result = await runCli(['policy', 'check', POLICY, '--cards', cards], env);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/missing-prior-mri/);
});

test('policy diff: the same version twice changes nothing across the whole corpus', async () => {
  const result = await runCli(['policy', 'diff', POLICY, POLICY, CORPUS, '--json'], env);
  expect(result.stderr).toBe('');
  const diff = JSON.parse(result.stdout) as PolicyDiff;
  expect(diff.files).toBe(
    readdirSync(CORPUS).filter((f) => f.endsWith('.json') && f !== 'corpus.json').length,
  );
  expect(diff.orders).toBeGreaterThan(100);
  expect(diff.changes).toEqual([]);
  expect(diff.errors).toEqual([]);
  expect(diff.unchanged).toBe(diff.orders);
});

test('policy diff: a shorter MN-7 look-back window shows which fracture orders change, and how', async () => {
  const dir = editedPolicy((policy) => {
    policy.version = '2027-draft';
    const window = policy.windows.find((w) => w.id === 'prior-imaging-mn7')!;
    window.days = 1;
  });
  const result = await runCli(['policy', 'diff', POLICY, dir, CORPUS], env);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(
    /^policy diff: 6\.01\.VT204 2026-03 -> 6\.01\.VT204 2027-draft, \d+ requests/,
  );
  const changed = result.stdout.match(/^(\S+\.json) (\S+) \(outcome\)$/gm) ?? [];
  expect(changed.length).toBeGreaterThan(0);
  // Only orders whose stress or occult fracture rests on prior imaging can be touched by MN-7's window.
  expect(result.stdout).toMatch(/before: meets-criteria; met: stress-or-occult-fracture/);
  expect(result.stdout).toMatch(/after: {2}needs-documentation; findings: missing-prior-imaging/);
  expect(result.stdout).toMatch(/\d+ outcome changed/);
});

test('the corpus is the acceptance suite frozen: each acceptance request gets the determination it expects', async () => {
  const manifest = JSON.parse(readFileSync(join(CORPUS, 'corpus.json'), 'utf8')) as {
    asOf: string;
    requests: Array<{ file: string; source: string; expect: unknown }>;
  };
  const deps = {
    config: parseConfig(
      { baseUrl: 'http://localhost:3000', payer: { identifiers: [DEMO_PAYER_IDENTIFIER] } },
      'test',
    ),
    policy: loadPolicy(),
    cardTexts: loadCardTexts(),
    now: new Date(manifest.asOf),
  };
  let checked = 0;
  for (const entry of manifest.requests.filter((r) => r.source === 'acceptance')) {
    const body = JSON.parse(readFileSync(join(CORPUS, entry.file), 'utf8'));
    const { determinations } = await evaluateHookRequest(body, deps);
    const expected =
      entry.expect === 'none'
        ? []
        : (entry.expect as Array<{ order: string; outcome: string; criteriaMet: string[] }>).map((e) => ({
            order: `ServiceRequest/${e.order}`,
            outcome: e.outcome,
            criteriaMet: e.criteriaMet,
          }));
    const actual = determinations.map((d) => ({
      order: d.order,
      outcome: d.outcome,
      criteriaMet: d.criteriaMet,
    }));
    expect({ file: entry.file, determinations: actual }).toEqual({
      file: entry.file,
      determinations: expected,
    });
    checked++;
  }
  expect(checked).toBeGreaterThan(90);
});
