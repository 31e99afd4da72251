/**
 * Scenario 2 under the profiler: starts the built service (dist/src/server.js) with `--cpu-prof`, sends the HUGE
 * chart order-sign call N times over loopback (one connection), prints p50 and the service's peak RSS, and stops
 * the service so it writes its .cpuprofile to the given folder.
 *
 *   npx tsc -p bench/tsconfig.json && node dist/bench/profile-huge.js [calls] [profile-dir]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BENCH_PAYER_IDENTIFIER, chartFor, HUGE, hookBody } from './charts.js';
import { createBenchClient, signTokens } from './tokens.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const calls = Number(process.argv[2] ?? 30);
const profileDir = process.argv[3];
const work = mkdtempSync(join(tmpdir(), 'spect-profile-'));
const port = 30_000 + Math.floor(Math.random() * 20_000);
const origin = `http://127.0.0.1:${port}`;
const client = createBenchClient('RS384');
const configFile = join(work, 'config.json');
writeFileSync(
  configFile,
  JSON.stringify({
    baseUrl: origin,
    payer: { identifiers: [BENCH_PAYER_IDENTIFIER] },
    clients: [
      {
        iss: client.iss,
        jwks: { keys: [client.publicJwk] },
        rateLimit: { requestsPerSecond: 100_000, burst: 1_000_000 },
      },
    ],
    dataDir: join(work, 'data'),
  }),
);
const { DATABASE_URL: _db, REDIS_URL: _redis, CDS_CONFIG: _config, ...env } = process.env;
// Extra node flags for the service, e.g. SERVICE_NODE_FLAGS="--trace-gc" (profiling flags cannot go in NODE_OPTIONS).
const flags = (process.env.SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const args = [...flags, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
const child = spawn(process.execPath, [...args, join(ROOT, 'dist', 'src', 'server.js')], {
  env: { ...env, PORT: String(port), CDS_CONFIG: configFile, LOG_LEVEL: 'info' },
  stdio: ['ignore', process.env.SERVICE_STDOUT ? 'inherit' : 'ignore', 'inherit'],
});

async function ready(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('service did not start');
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

try {
  await ready();
  const path = '/cds-services/spect-spine-order-sign';
  const body = hookBody({ hook: 'order-sign', pid: 'bench-huge', chart: chartFor('bench-huge', HUGE) });
  const tokens = await signTokens(client, `${origin}${path}`, calls + 5);
  const times: number[] = [];
  for (let i = 0; i < calls + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) =>
    times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]!.toFixed(1);
  console.log(`huge chart: p50 ${p(50)} ms, p95 ${p(95)} ms, peak RSS ${peakRssMb(child.pid!)} MB`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
