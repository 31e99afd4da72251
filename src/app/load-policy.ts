/**
 * Reads a policy folder (policy.json, value-sets.json, lexicons.json) and compiles it. Composition root: file I/O is allowed here,
 * and a broken policy stops the service at start-up with the compile error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompiledPolicy, compilePolicy } from '../policy/index.js';

export const DEFAULT_POLICY_ID = '6.01.VT204';

/**
 * The repository root: the nearest folder above this file holding package.json. Works from src/app (ts-jest, tsx)
 * and from dist/src/app (after tsc) alike.
 */
export function repoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found above ${start}`);
    dir = parent;
  }
}

export function defaultPolicyDir(): string {
  return join(repoRoot(), 'policy', DEFAULT_POLICY_ID);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read policy file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`Policy file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function loadPolicy(dir: string = defaultPolicyDir()): CompiledPolicy {
  const folder = resolve(dir);
  const definition = readJson(join(folder, 'policy.json'));
  const valueSets = readJson(join(folder, 'value-sets.json'));
  const lexicons = readJson(join(folder, 'lexicons.json'));
  try {
    return compilePolicy(definition, valueSets, lexicons);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n(policy folder: ${folder})`);
  }
}
