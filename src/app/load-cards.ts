/**
 * Reads and validates the card texts (cards/<policy>/cards.json) at start-up. A bad file stops the service with a
 * message naming the file and the field, rather than rendering broken cards later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type CardTexts, cardTextsSchema } from '../cards/texts.js';

export const DEFAULT_POLICY_ID = '6.01.VT204';

/** The folder holding package.json, found by walking up: works from src/ (ts-jest) and from dist/src/ (tsc). */
export function findRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found above ${start}`);
    dir = parent;
  }
}

/** Loads <dir>/cards.json; dir defaults to <repo>/cards/6.01.VT204. Throws an Error naming the file and fields. */
export function loadCardTexts(dir: string = join(findRepoRoot(), 'cards', DEFAULT_POLICY_ID)): CardTexts {
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
