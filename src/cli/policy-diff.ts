/**
 * `policy diff <old-dir> <new-dir> <requests-dir>`: what a policy change does before it ships. Every hook request in
 * the folder (the JSON an EHR would POST, with prefetch) is evaluated under both policy versions, and each order
 * whose outcome, criteria met or findings differ is listed, with counts. The shipped corpus (corpus/<policy id>/:
 * the demo patients and the acceptance cases) is the folder to run it on; its corpus.json fixes the date the
 * requests are evaluated at, so look-back windows give the same answer whenever the diff is run.
 */
import type { CardTexts } from '../cards/index.js';
import type { ServiceConfig } from '../config.js';
import type { Determination } from '../policy/determination.js';
import type { CompiledPolicy } from '../policy/index.js';
import { CliError } from './cli-error.js';
import { evaluateHookRequest } from './evaluate.js';

export interface PolicyVersionUnderTest {
  policy: CompiledPolicy;
  cardTexts: CardTexts;
}

/** What one order came to under one version: the parts of the determination a reviewer compares. */
export interface OrderAnswer {
  outcome: string;
  criteriaMet: string[];
  findings: string[];
}

export interface OrderChange {
  file: string;
  order: string;
  before?: OrderAnswer;
  after?: OrderAnswer;
  /** outcome: the outcome changed; criteria/findings: only those did; scope: evaluated under one version only. */
  kind: 'outcome' | 'criteria' | 'findings' | 'scope';
}

export interface PolicyDiff {
  before: string;
  after: string;
  asOf: string;
  files: number;
  orders: number;
  unchanged: number;
  changes: OrderChange[];
  /** Requests one version refused or could not evaluate, with why. */
  errors: Array<{ file: string; version: 'before' | 'after'; message: string }>;
}

export interface DiffInput {
  before: PolicyVersionUnderTest;
  after: PolicyVersionUnderTest;
  config: ServiceConfig;
  /** [file name, parsed JSON] for every request of the folder, in name order. */
  requests: ReadonlyArray<[string, unknown]>;
  asOf: Date;
}

function answerOf(d: Determination): OrderAnswer {
  return {
    outcome: d.outcome,
    criteriaMet: [...d.criteriaMet],
    findings: d.findings.map((f) => f.code).sort(),
  };
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function compare(
  file: string,
  order: string,
  before?: OrderAnswer,
  after?: OrderAnswer,
): OrderChange | undefined {
  if (!before || !after) return { file, order, before, after, kind: 'scope' };
  if (before.outcome !== after.outcome) return { file, order, before, after, kind: 'outcome' };
  if (!same(before.criteriaMet, after.criteriaMet)) return { file, order, before, after, kind: 'criteria' };
  if (!same(before.findings, after.findings)) return { file, order, before, after, kind: 'findings' };
  return undefined;
}

async function evaluateUnder(
  version: PolicyVersionUnderTest,
  config: ServiceConfig,
  body: unknown,
  asOf: Date,
): Promise<Map<string, OrderAnswer>> {
  const evaluation = await evaluateHookRequest(body, { config, ...version, now: asOf });
  return new Map(evaluation.determinations.map((d) => [d.order, answerOf(d)]));
}

export async function diffPolicies(input: DiffInput): Promise<PolicyDiff> {
  const label = (v: PolicyVersionUnderTest) => `${v.policy.id} ${v.policy.version}`;
  const diff: PolicyDiff = {
    before: label(input.before),
    after: label(input.after),
    asOf: input.asOf.toISOString(),
    files: input.requests.length,
    orders: 0,
    unchanged: 0,
    changes: [],
    errors: [],
  };
  for (const [file, body] of input.requests) {
    const answers: Partial<Record<'before' | 'after', Map<string, OrderAnswer>>> = {};
    for (const version of ['before', 'after'] as const) {
      try {
        answers[version] = await evaluateUnder(input[version], input.config, body, input.asOf);
      } catch (error) {
        const message =
          error instanceof CliError ? error.message : String((error as Error)?.message ?? error);
        diff.errors.push({ file, version, message: message.split('\n').join(' ') });
      }
    }
    if (!answers.before || !answers.after) continue;
    const orders = new Set([...answers.before.keys(), ...answers.after.keys()]);
    for (const order of orders) {
      diff.orders++;
      const change = compare(file, order, answers.before.get(order), answers.after.get(order));
      if (change) diff.changes.push(change);
      else diff.unchanged++;
    }
  }
  return diff;
}

function describe(answer: OrderAnswer | undefined): string {
  if (!answer) return 'not evaluated (out of scope)';
  const parts = [answer.outcome];
  if (answer.criteriaMet.length > 0) parts.push(`met: ${answer.criteriaMet.join(', ')}`);
  if (answer.findings.length > 0) parts.push(`findings: ${answer.findings.join(', ')}`);
  return parts.join('; ');
}

export function formatPolicyDiff(diff: PolicyDiff): string {
  const count = (kind: OrderChange['kind']) => diff.changes.filter((c) => c.kind === kind).length;
  const lines = [
    `policy diff: ${diff.before} -> ${diff.after}, ${diff.files} requests evaluated as of ${diff.asOf}`,
    `  ${diff.orders} orders: ${diff.unchanged} unchanged, ${count('outcome')} outcome changed, ${count('criteria')} criteria changed, ${count('findings')} findings changed, ${count('scope')} in scope under one version only`,
  ];
  if (diff.errors.length > 0)
    lines.push(`  ${diff.errors.length} requests could not be evaluated under a version`);
  for (const change of diff.changes) {
    lines.push('', `${change.file} ${change.order} (${change.kind})`);
    lines.push(`  before: ${describe(change.before)}`, `  after:  ${describe(change.after)}`);
  }
  for (const error of diff.errors)
    lines.push('', `${error.file}: ${error.version} version: ${error.message}`);
  return `${lines.join('\n')}\n`;
}
