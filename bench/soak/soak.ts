/**
 * `npm run soak` (10 minutes) / `npm run soak:ci` (about 25 s): the built service (dist/src/server.js, the real
 * entry point with its store, timeouts and signal handling) as its own process, driven at a steady moderate rate
 * with the traffic mix of traffic.ts over loopback, its RSS sampled from /proc. At the end it is sent SIGTERM.
 *
 * Passes when: every call got its expected status (no 5xx, no reset), RSS grew under 10% between the end of the
 * warm-up and the end of the run, a replayed token is still refused (the bounded replay cache still works), and
 * the service exits 0 on SIGTERM. Prints the RSS curve and the figures; exit code 1 on any failure.
 *
 * Options: --seconds N (600), --rate R calls/s (25), --warmup S (a fifth of the run, at least 8),
 * --max-rss-growth F (0.1), --out FILE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_PAYER_IDENTIFIER } from '../charts.js';
import { freePort } from '../free-port.js';
import { startSoakEhr } from './ehr.js';
import { rssGrowth, rssMiB } from './rss.js';
import { type Call, createSoakClient, nextCall, SIGN, token } from './traffic.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SERVER = join(ROOT, 'dist', 'src', 'server.js');

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '600' },
    rate: { type: 'string', default: '25' },
    warmup: { type: 'string' },
    out: { type: 'string' },
    'max-rss-growth': { type: 'string', default: '0.1' },
  },
});
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const warmup = Number(args.warmup ?? Math.max(8, Math.round(seconds / 5)));
/**
 * 10% for the real soak. The short CI variant ends before V8's first major collection (RSS still climbs toward
 * its plateau for a minute or so at this rate), so it runs with a looser bound: a smoke check, not a leak test.
 */
const MAX_RSS_GROWTH = Number(args['max-rss-growth']);
const sampleEveryMs = seconds > 120 ? 5_000 : 1_000;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited at start-up (code ${child.exitCode})`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not start within 20 s');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'spect-soak-'));
  const ehr = await startSoakEhr();
  const client = await createSoakClient();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const configFile = join(work, 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      baseUrl,
      payer: { identifiers: [BENCH_PAYER_IDENTIFIER] },
      clients: [
        { iss: client.iss, jwks: { keys: [client.publicJwk] }, fhirServers: [ehr.healthyBase, ehr.downBase] },
      ],
      dataDir: join(work, 'data'),
      fhirTimeoutMs: 2000,
      rateLimit: { requestsPerSecond: rate * 4, burst: rate * 8 },
    }),
  );
  const child = spawn(process.execPath, [SERVER], {
    // The embedded defaults (SQLite store, in-process caches), even where CI exports DATABASE_URL / REDIS_URL.
    env: {
      ...process.env,
      PORT: String(port),
      CDS_CONFIG: configFile,
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  await waitUntilUp(baseUrl, child);
  const pid = child.pid!;
  log(`soak: ${seconds} s at ${rate} calls/s against pid ${pid} (warm-up ${warmup} s)`);

  const statuses = new Map<string, Map<number, number>>();
  const errors: string[] = [];
  const latencies: number[] = [];
  const samples: Array<{ t: number; rss: number }> = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let sent = 0;
  let inFlight = 0;
  let replayable: { path: string; token: string; body: unknown } | undefined;
  /** A card this client was answered, for the feedback calls (feedback is taken only for a card it received). */
  let answeredCard: string | undefined;

  const send = async (call: Call) => {
    inFlight++;
    const t0 = performance.now();
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const jwt = call.aud ? await token(client, call.aud) : undefined;
      if (jwt) headers.authorization = `Bearer ${jwt}`;
      const res = await fetch(`${baseUrl}${call.path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(call.body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (res.status === 200 && call.path.endsWith(SIGN)) {
        const uuid = (JSON.parse(text) as { cards?: Array<{ uuid?: string }> }).cards?.[0]?.uuid;
        if (uuid) answeredCard = uuid;
      }
      const byKind = statuses.get(call.kind) ?? new Map<number, number>();
      byKind.set(res.status, (byKind.get(res.status) ?? 0) + 1);
      statuses.set(call.kind, byKind);
      if (res.status !== call.expect)
        errors.push(`${call.kind}: HTTP ${res.status}, expected ${call.expect}`);
      if (jwt && !replayable && res.status === 200 && call.path.endsWith(SIGN)) {
        replayable = { path: call.path, token: jwt, body: call.body };
      }
    } catch (error) {
      errors.push(`${call.kind}: ${(error as Error).message}`);
    } finally {
      inFlight--;
    }
  };

  const sampler = setInterval(() => {
    const rss = rssMiB(pid);
    if (rss !== undefined) samples.push({ t: Math.round(elapsed()), rss });
  }, sampleEveryMs);
  // Open loop: calls leave on schedule whether or not earlier ones have been answered.
  await new Promise<void>((done) => {
    const ticker = setInterval(() => {
      const due = Math.floor(elapsed() * rate);
      while (sent < due)
        void send(nextCall(sent++, baseUrl, { healthy: ehr.healthyBase, down: ehr.downBase }, answeredCard));
      if (elapsed() >= seconds) {
        clearInterval(ticker);
        done();
      }
    }, 20);
  });
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  clearInterval(sampler);
  const finalRss = rssMiB(pid);
  if (finalRss !== undefined) samples.push({ t: Math.round(elapsed()), rss: finalRss });

  // The replay cache still refuses a token seen at the start of the run.
  let replayStatus: number | undefined;
  if (replayable) {
    const res = await fetch(`${baseUrl}${replayable.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${replayable.token}` },
      body: JSON.stringify(replayable.body),
    });
    replayStatus = res.status;
    await res.arrayBuffer();
  }

  // SIGTERM: the service must finish, flush its store and exit 0.
  const stopStarted = performance.now();
  const exitCode = await new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
  const stopMs = Math.round(performance.now() - stopStarted);
  await ehr.close();
  rmSync(work, { recursive: true, force: true });

  const verdict = rssGrowth(samples, warmup);
  latencies.sort((a, b) => a - b);
  const lines = [
    `# Soak: ${seconds} s at ${rate} calls/s (warm-up ${warmup} s), ${new Date().toISOString()}`,
    '',
    `calls: ${sent}, answered: ${latencies.length}, errors: ${errors.length}; EHR FHIR requests: ${ehr.requests()}`,
    `latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}, max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)}`,
    `statuses: ${[...statuses].map(([kind, m]) => `${kind} ${[...m].map(([s, n]) => `${s}x${n}`).join('/')}`).join('; ')}`,
    verdict
      ? `RSS mean, first quarter after warm-up ${verdict.atWarmup.toFixed(1)} MiB, last quarter ${verdict.atEnd.toFixed(1)} MiB: growth ${(verdict.growth * 100).toFixed(1)}% (limit ${MAX_RSS_GROWTH * 100}%)`
      : 'RSS: too few samples',
    `replayed token after the run: HTTP ${replayStatus ?? '-'} (expected 401)`,
    `SIGTERM: exit code ${exitCode} after ${stopMs} ms`,
    '',
    'RSS curve (s: MiB):',
    samples.map((s) => `${s.t}: ${s.rss.toFixed(1)}`).join(', '),
  ];
  const report = lines.join('\n');
  process.stdout.write(`${report}\n`);
  if (args.out) writeFileSync(args.out, `${report}\n`);
  for (const error of errors.slice(0, 10)) log(`error: ${error}`);

  const failures = [
    errors.length > 0 && `${errors.length} calls failed`,
    !verdict && 'no RSS samples after the warm-up',
    verdict && verdict.growth >= MAX_RSS_GROWTH && `RSS grew ${(verdict.growth * 100).toFixed(1)}%`,
    replayStatus !== 401 && 'a replayed token was not refused',
    exitCode !== 0 && `exit code ${exitCode} on SIGTERM`,
  ].filter(Boolean);
  for (const failure of failures) log(`SOAK FAILED: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    log(`soak: ${error.message}`);
    process.exit(1);
  },
);
