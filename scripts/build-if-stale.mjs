#!/usr/bin/env node
/**
 * Builds dist/ from src/ only when it is missing or older than the sources, so `npm start` and `npm run cli` start
 * in well under two seconds after the first build (which `npm ci` already does through `prepare`).
 *
 * "Older" compares the newest modification time of the TypeScript inputs (src/**, the tsconfig files,
 * package-lock.json for a changed compiler) with a stamp written after the last successful build. A tree without
 * src/ (the Docker image's dependency layer, a production install of the built package) builds nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

if (!existsSync(join(root, 'src'))) process.exit(0);

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

const sources = Math.max(
  ...inputs
    .map((p) => join(root, p))
    .filter(existsSync)
    .map(newest),
);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : -1;
if (built >= sources && !process.argv.includes('--force')) process.exit(0);

process.stderr.write('building dist/ (sources changed since the last build)\n');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stamp, `${new Date().toISOString()}\n`);
