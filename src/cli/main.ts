/**
 * The command line for the policy team and operators: `spect-cds <command>` (or `npm run cli -- <command>`).
 * Each command returns its output and exit code rather than writing and exiting, so tests call it directly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCardTexts } from '../app/load-cards.js';
import { parseConfig } from '../app/load-config.js';
import { loadPolicy } from '../app/load-policy.js';
import type { ServiceConfig } from '../config.js';
import { DEMO_PAYER_IDENTIFIER } from '../demo/synthetic-patients.js';
import type { ServiceStore } from '../store/store.js';
import { checkConfigFile, formatConfigCheck } from './check-config.js';
import { CliError } from './cli-error.js';
import { evaluateHookRequest } from './evaluate.js';
import { formatFeedbackReport } from './feedback-report.js';
import { formatEvaluation } from './format-evaluation.js';
import { checkPolicyFolder, formatPolicyCheck } from './policy-check.js';
import { diffPolicies, formatPolicyDiff, type PolicyVersionUnderTest } from './policy-diff.js';
import { reportFromStore } from './report.js';

export const USAGE = `Usage: spect-cds <command> [options]

Commands:
  evaluate <hook-request.json> [--json]
      Run one CDS Hooks request (order-select or order-sign, as an EHR would POST it) through the policy and print
      the determinations, cards and coverage information. Facts come from the request's prefetch; no server, no JWT.
  check-config <config.json>
      Validate a service configuration file as the server does at start-up, with warnings.
  policy check <policy-dir> [--cards <cards-dir>]
      Load a policy folder (policy.json, value-sets.json, lexicons.json) and its card texts as the server would,
      cross-check them, and list every problem at once (exit 1 if any).
  policy diff <old-policy-dir> <new-policy-dir> <requests-dir> [--json] [--as-of <date>]
              [--old-cards <dir>] [--new-cards <dir>]
      Evaluate every hook request (*.json) in requests-dir under both policy versions and list the orders whose
      outcome, criteria met or findings change, with counts. corpus/6.01.VT204 is a ready corpus; its corpus.json
      sets the evaluation date (--as-of overrides it).
  report [--service <id>] [--json]
      Acceptance and override rates per card kind, from the store: DATABASE_URL (PostgreSQL), or the SQLite file
      under the dataDir of the CDS_CONFIG file (default ./data).

Environment: CDS_CONFIG (config file for evaluate and report), CDS_POLICY_DIR, CDS_CARDS_DIR, DATABASE_URL.
`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  env: Record<string, string | undefined>;
  readFile(path: string): string;
  /** The names of the entries of a folder. */
  listDir(path: string): string[];
  openStore(settings: { databaseUrl?: string; dataDir: string }): Promise<ServiceStore>;
  now?: Date;
}

function takeFlag(args: string[], flag: string): boolean {
  const at = args.indexOf(flag);
  if (at < 0) return false;
  args.splice(at, 1);
  return true;
}

function takeOption(args: string[], option: string): string | undefined {
  const at = args.indexOf(option);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new CliError(`${option} needs a value`);
  args.splice(at, 2);
  return value;
}

function onlyArgument(args: string[], what: string): string {
  const unknown = args.find((arg) => arg.startsWith('--'));
  if (unknown) throw new CliError(`unknown option ${unknown}`);
  if (args.length !== 1) throw new CliError(`expected exactly one ${what}`);
  return args[0]!;
}

/** The config the command runs with: CDS_CONFIG's file, or the server's defaults. */
function serviceConfig(cli: CliEnv): ServiceConfig {
  const file = cli.env.CDS_CONFIG?.trim();
  // Without a file, the demo's configuration: the payer is the one the demo data and docs/examples name.
  if (!file) {
    return parseConfig(
      { baseUrl: 'http://localhost:3000', payer: { identifiers: [DEMO_PAYER_IDENTIFIER] } },
      'the default configuration',
    );
  }
  return checkConfigFile(file, cli.readFile).config;
}

function readJson(cli: CliEnv, file: string): unknown {
  let text: string;
  try {
    text = cli.readFile(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function run(args: string[], cli: CliEnv): Promise<string> {
  const command = args.shift();
  switch (command) {
    case 'evaluate': {
      const json = takeFlag(args, '--json');
      const file = onlyArgument(args, 'hook request file');
      const evaluation = await evaluateHookRequest(readJson(cli, file), {
        config: serviceConfig(cli),
        policy: loadPolicy(cli.env.CDS_POLICY_DIR?.trim() || undefined),
        cardTexts: loadCardTexts(cli.env.CDS_CARDS_DIR?.trim() || undefined),
        now: cli.now,
      });
      return json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatEvaluation(evaluation);
    }
    case 'check-config': {
      const file = onlyArgument(args, 'config file');
      return formatConfigCheck(file, checkConfigFile(file, cli.readFile));
    }
    case 'policy':
      return runPolicyCommand(args, cli);
    case 'report': {
      const json = takeFlag(args, '--json');
      const serviceId = takeOption(args, '--service');
      if (args.length > 0) throw new CliError(`unexpected argument ${args[0]}`);
      const config = serviceConfig(cli);
      const store = await cli.openStore({
        databaseUrl: cli.env.DATABASE_URL?.trim() || undefined,
        dataDir: config.dataDir,
      });
      try {
        const report = await reportFromStore(store, serviceId);
        return json ? `${JSON.stringify(report, null, 2)}\n` : formatFeedbackReport(report);
      } finally {
        await store.close();
      }
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return USAGE;
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/** The version a policy diff evaluates: a policy folder, with its card texts (--*-cards, else the repository's). */
function versionUnderTest(policyDir: string, cardsDir: string | undefined): PolicyVersionUnderTest {
  const check = checkPolicyFolder(policyDir, cardsDir);
  if (check.problems.length > 0) throw new CliError(formatPolicyCheck(check).trimEnd());
  return { policy: check.policy!, cardTexts: check.cards! };
}

/** The hook requests of a folder (every *.json but corpus.json), and the date its corpus.json fixes, if any. */
function requestFolder(cli: CliEnv, dir: string): { requests: Array<[string, unknown]>; asOf?: string } {
  let names: string[];
  try {
    names = cli.listDir(dir);
  } catch (error) {
    throw new CliError(`cannot read ${dir}: ${(error as Error).message}`);
  }
  const files = names.filter((name) => name.endsWith('.json') && name !== 'corpus.json').sort();
  if (files.length === 0) throw new CliError(`${dir} holds no hook request (*.json)`);
  const manifest = names.includes('corpus.json')
    ? (readJson(cli, join(dir, 'corpus.json')) as { asOf?: unknown })
    : undefined;
  return {
    requests: files.map((name) => [name, readJson(cli, join(dir, name))]),
    asOf: typeof manifest?.asOf === 'string' ? manifest.asOf : undefined,
  };
}

async function runPolicyCommand(args: string[], cli: CliEnv): Promise<string> {
  const sub = args.shift();
  if (sub === 'check') {
    const cards = takeOption(args, '--cards');
    const check = checkPolicyFolder(onlyArgument(args, 'policy folder'), cards);
    const text = formatPolicyCheck(check);
    if (check.problems.length > 0) throw new CliError(text.trimEnd());
    return text;
  }
  if (sub === 'diff') {
    const json = takeFlag(args, '--json');
    const asOfOption = takeOption(args, '--as-of');
    const oldCards = takeOption(args, '--old-cards');
    const newCards = takeOption(args, '--new-cards');
    const unknown = args.find((arg) => arg.startsWith('--'));
    if (unknown) throw new CliError(`unknown option ${unknown}`);
    if (args.length !== 3) throw new CliError('expected <old-policy-dir> <new-policy-dir> <requests-dir>');
    const [oldDir, newDir, requestsDir] = args as [string, string, string];
    const folder = requestFolder(cli, requestsDir);
    const asOf = new Date(asOfOption ?? folder.asOf ?? (cli.now ?? new Date()).toISOString());
    if (Number.isNaN(asOf.getTime())) throw new CliError(`--as-of is not a date: ${asOfOption}`);
    const diff = await diffPolicies({
      before: versionUnderTest(oldDir, oldCards),
      after: versionUnderTest(newDir, newCards),
      config: serviceConfig(cli),
      requests: folder.requests,
      asOf,
    });
    return json ? `${JSON.stringify(diff, null, 2)}\n` : formatPolicyDiff(diff);
  }
  throw new CliError(`expected "policy check" or "policy diff"\n\n${USAGE}`);
}

export async function runCli(argv: string[], cli: CliEnv): Promise<CliResult> {
  try {
    return { code: 0, stdout: await run([...argv], cli), stderr: '' };
  } catch (error) {
    if (error instanceof CliError) return { code: 1, stdout: '', stderr: `spect-cds: ${error.message}\n` };
    // Policy or card files that do not load are the operator's to fix too: their messages name the file.
    return { code: 2, stdout: '', stderr: `spect-cds: ${(error as Error).message}\n` };
  }
}

export const defaultCliEnv = (): CliEnv => ({
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  listDir: (path) => readdirSync(path),
  openStore: async (settings) => {
    const { openStore } = await import('../store/open-store.js');
    return openStore(settings);
  },
});
