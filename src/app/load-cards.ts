/**
 * Reads and validates the card texts (cards/<policy>/cards.json) at start-up. A bad file stops the service with a
 * message naming the file and the field, rather than rendering broken cards later.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type CardTexts, cardTextsSchema } from '../cards/texts.js';
import { DEFAULT_POLICY_ID, repoRoot } from './load-policy.js';

/** The repository root (one walk-up, shared with the policy loader); kept under this name for its callers. */
export const findRepoRoot = repoRoot;

/** The card texts of a policy in this repository: <repo>/cards/<policy id>. */
export function defaultCardsDir(policyId: string = DEFAULT_POLICY_ID): string {
  return join(repoRoot(), 'cards', policyId);
}

/** Loads <dir>/cards.json; dir defaults to <repo>/cards/6.01.VT204. Throws an Error naming the file and fields. */
export function loadCardTexts(dir: string = defaultCardsDir()): CardTexts {
  const file = join(dir, 'cards.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read card texts ${file}: ${(error as Error).message}`);
  }
  const parsed = cardTextsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid card texts ${file}:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
