/**
 * `policy check <dir>`: loads a policy folder (policy.json, value-sets.json, lexicons.json) and its card texts the
 * way the server does at start-up, cross-checks them (every indication and finding has its card text, and no card
 * text names one the policy lacks), and reports every problem found, not just the first, so a policy analyst can
 * fix an edit in one pass before it ships.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCardsDir, loadCardTexts } from '../app/load-cards.js';
import { loadPolicy } from '../app/load-policy.js';
import type { CardTexts } from '../cards/index.js';
import { type CompiledPolicy, missingCardTexts } from '../policy/index.js';

export interface PolicyCheck {
  policyDir: string;
  cardsDir: string;
  policy?: CompiledPolicy;
  cards?: CardTexts;
  problems: string[];
}

/** An error message of the loaders as separate problems: they list theirs as "- ..." lines under a heading. */
function problemsOf(error: unknown): string[] {
  const lines = String((error as Error)?.message ?? error).split('\n');
  const listed = lines.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
  if (listed.length > 0) return listed.map((problem) => `${lines[0]!.replace(/:$/, '')}: ${problem}`);
  return [lines.join(' ')];
}

export function checkPolicyFolder(policyDir: string, cardsDir?: string): PolicyCheck {
  const problems: string[] = [];
  let policy: CompiledPolicy | undefined;
  try {
    policy = loadPolicy(policyDir);
  } catch (error) {
    problems.push(...problemsOf(error));
  }
  // --cards, else the repository's card texts for the policy the folder declares.
  const cardsFolder = cardsDir ?? defaultCardsDir(policy?.id ?? 'unknown');
  let cards: CardTexts | undefined;
  if (!existsSync(join(cardsFolder, 'cards.json'))) {
    problems.push(`no card texts at ${cardsFolder} (give --cards <dir>)`);
  } else {
    try {
      cards = loadCardTexts(cardsFolder);
    } catch (error) {
      problems.push(...problemsOf(error));
    }
  }
  if (policy && cards) {
    if (cards.policy !== policy.id)
      problems.push(`card texts are for policy ${cards.policy}, not ${policy.id}`);
    problems.push(...missingCardTexts(policy, cards));
  }
  return { policyDir, cardsDir: cardsFolder, policy, cards, problems };
}

export function formatPolicyCheck(check: PolicyCheck): string {
  const { policy, problems } = check;
  const name = policy ? `policy ${policy.id} version ${policy.version}` : 'policy';
  if (problems.length > 0) {
    return `${name} (${check.policyDir}): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems
      .map((p) => `  - ${p}`)
      .join('\n')}\n`;
  }
  const codes = [...policy!.valueSets.values()].reduce((sum, set) => sum + set.entries.length, 0);
  return [
    `${name} (${check.policyDir}): ok`,
    `  effective ${policy!.effectiveDate}; ${policy!.indicationIds.length} indications, ${policy!.findingCodes.length} finding codes`,
    `  ${policy!.valueSets.size} value sets (${codes} code entries); card texts ${check.cardsDir}`,
    '',
  ].join('\n');
}
