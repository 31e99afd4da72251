/**
 * The built service as a real child process, for tests that must kill it: compile src/ once into a cache folder
 * (inside node_modules, so the child resolves the project's packages and nothing is left in the work tree), then
 * start, probe and kill `node server.js` with a given environment.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findRepoRoot } from '../../../src/app/load-cards.js';

export const REPO = findRepoRoot();

/**
 * Compiles the service (incrementally: a rebuild with nothing changed takes about a second). Type errors do not
 * stop the emit; `npm run typecheck` reports them, and this test only needs runnable JavaScript. Each test file
 * builds into its own cache folder (`cacheName`), so test files running in parallel never race one build.
 */
export function buildService(cacheName = 'spect-cds-crash-test'): string {
  const OUT_DIR = join(REPO, 'node_modules', '.cache', cacheName);
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      OUT_DIR,
      '--incremental',
      '--tsBuildInfoFile',
      join(OUT_DIR, 'tsbuildinfo'),
    ],
    { cwd: REPO, encoding: 'utf8' },
  );
  const server = join(OUT_DIR, 'src', 'server.js');
  if (!existsSync(server)) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
  return server;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** What the child wrote to stderr (for a failure message). */
  stderr(): string;
  exited: Promise<number | null>;
}

export async function startService(
  server: string,
  port: number,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [server], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited at start (${child.exitCode}):\n${stderr}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not answer /healthz in time:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, baseUrl, stderr: () => stderr, exited };
}
