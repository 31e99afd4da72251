/**
 * `npm run bench`: starts the built service (dist/src/server.js) as its own process for each scenario, drives it over
 * loopback with a fresh signed JWT per call, drives a bare node:http server answering the same bytes for the same
 * requests (the floor), and writes bench/results.md. Scenario 6 (policy engine alone) runs in this process.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PAYER_IDENTIFIER, chartFor, HUGE, hookBody, TYPICAL } from './charts.js';
import { freePort } from './free-port.js';
import { drive, type LoadResult, percentile } from './load.js';
import { benchPolicyEngine } from './policy-engine.js';
import { type BenchClient, createBenchClient, signTokens } from './tokens.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const SERVER = join(ROOT, 'dist', 'src', 'server.js');
const FLOOR = join(HERE, 'floor-server.js');
const EHR = join(HERE, 'fhir-ehr.js');
const WORK = mkdtempSync(join(tmpdir(), 'spect-bench-'));
const FHIR_TOKEN = 'bench-opaque-ehr-token';
const FHIR_LATENCY_MS = 50;
const CONNECTIONS = 16;
/**
 * Worker processes the service runs (its `workers` setting, src/app/cluster.ts); the ES384 bound scales with them.
 * Unset: 1, the service's own default (one process); SERVICE_CORES=2 measures the optional cluster mode.
 */
const SERVICE_CORES = serviceCores(process.env.SERVICE_CORES);

function serviceCores(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`SERVICE_CORES must be a positive integer, got "${raw}"`);
  return n;
}
/**
 * Config settings laid over the service's defaults for the whole run, as a JSON object: BENCH_SERVICE_CONFIG=
 * '{"heapGrowingPercent":0}' measures V8's own heap growth instead of the service's default. The service checks them
 * like any config file, so a bad one stops the run with the service's own message.
 */
const SERVICE_CONFIG = serviceConfig(process.env.BENCH_SERVICE_CONFIG);

function serviceConfig(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`BENCH_SERVICE_CONFIG is not JSON: ${raw}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`BENCH_SERVICE_CONFIG must be a JSON object, got ${raw}`);
  return parsed as Record<string, unknown>;
}
const SIGN = '/cds-services/spect-spine-order-sign';
const SELECT = '/cds-services/spect-spine-order-select';

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** VmHWM: the peak resident set of a process since it started, in MB. */
function processPeakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * The service's peak RSS: in cluster mode the primary plus each worker (its direct children). Each peak is summed,
 * which overstates a little (peaks need not coincide) rather than hide a worker's memory.
 */
function peakRssMb(pid: number): number {
  return [pid, ...childPids(pid)].reduce((sum, p) => sum + processPeakRssMb(p), 0);
}

/** The direct children of a process (cluster workers), or none. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds (user + system, all threads) a process has used so far; its cluster workers included. */
function cpuSeconds(pid: number): number {
  const ticks = (p: number) => {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 per second).
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  return [pid, ...childPids(pid)].reduce((sum, p) => sum + ticks(p), 0) / 100;
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not come up`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

/** The service's own environment minus anything that would point it at shared databases. */
function benchEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, CDS_CONFIG: _config, ...rest } = process.env;
  return rest;
}

interface Service {
  origin: string;
  child: ChildProcess;
}

/** The built service with the two bench clients registered and the EHR's FHIR server allowed. */
async function startService(clients: BenchClient[], fhirUrl: string, extra: object = {}): Promise<Service> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const configFile = join(WORK, `config-${port}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      baseUrl: origin,
      payer: { identifiers: [BENCH_PAYER_IDENTIFIER] },
      // A load test is one client calling far above any per-client rate limit meant for production.
      clients: clients.map((c) => ({
        iss: c.iss,
        jwks: { keys: [c.publicJwk] },
        fhirServers: [fhirUrl],
        rateLimit: { requestsPerSecond: 100_000, burst: 1_000_000 },
      })),
      // A fresh embedded store per run, outside the repository.
      dataDir: join(WORK, `data-${port}`),
      workers: SERVICE_CORES,
      ...SERVICE_CONFIG,
      ...extra,
    }),
  );
  // Production settings: info-level request logs, written (to /dev/null) like any deployment writes them.
  // BENCH_SERVICE_NODE_ARGS passes node flags to the service only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER], {
    env: { ...benchEnv(), PORT: String(port), CDS_CONFIG: configFile, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  await waitFor(`${origin}/healthz`, child);
  return { origin, child };
}

async function startFloor(responseBytes: Buffer): Promise<Service> {
  const file = join(WORK, `floor-${Date.now()}.json`);
  writeFileSync(file, responseBytes);
  const child = spawn(process.execPath, [FLOOR], {
    env: { ...process.env, FLOOR_RESPONSE: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const port = await new Promise<number>((done, fail) => {
    child.stdout!.once('data', (chunk: Buffer) => done(JSON.parse(chunk.toString()).port));
    child.once('exit', () => fail(new Error('floor server exited')));
  });
  return { origin: `http://127.0.0.1:${port}`, child };
}

interface Ehr {
  url: string;
  child: ChildProcess;
  count(): Promise<number>;
}

async function startEhr(patients: string[]): Promise<Ehr> {
  const child = fork(EHR, [], {
    env: {
      ...process.env,
      BENCH_FHIR_LATENCY_MS: String(FHIR_LATENCY_MS),
      BENCH_FHIR_TOKEN: FHIR_TOKEN,
      BENCH_FHIR_PATIENTS: patients.join(','),
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  const url = await new Promise<string>((done, fail) => {
    child.once('message', (m: { url: string }) => done(m.url));
    child.once('exit', () => fail(new Error('FHIR server exited')));
  });
  return {
    url,
    child,
    count: () =>
      new Promise((done) => {
        child.once('message', (m: { count: number }) => done(m.count));
        child.send({ type: 'count' });
      }),
  };
}

/** One call outside the measured load: its answer is what the floor serves, and it must be a 200. */
async function capture(service: Service, path: string, body: string, token: string): Promise<Buffer> {
  const response = await fetch(`${service.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${bytes.toString()}`);
  return bytes;
}

interface Row {
  id: string;
  scenario: string;
  connections: number;
  result: LoadResult;
  rssMb: number;
  /** CPU milliseconds the service process(es) used per call during the measured run. */
  cpuMsPerCall: number;
  floor?: LoadResult;
  floorCpuMsPerCall?: number;
  /** JSON.parse of the scenario's request body, measured in the bench process after the run. */
  parseMs?: number;
  note?: string;
}

function summary(row: Row): string {
  const r = row.result;
  const floor = row.floor ? `, floor ${row.floor.rps.toFixed(0)} req/s` : '';
  return `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} p95 ${r.p95.toFixed(1)} p99 ${r.p99.toFixed(1)} ms, rss ${row.rssMb.toFixed(0)} MB, non-200 ${r.non200}${floor}`;
}

interface Plan {
  path: string;
  bodies: string[];
  client: BenchClient;
  connections: number;
  warmup: number;
  amount: number;
}

interface Measured {
  result: LoadResult;
  cpuMsPerCall: number;
}

/** Runs the measured part and reports the CPU `pid` used per answered call meanwhile. */
async function measured(pid: number, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = cpuSeconds(pid);
  const result = await run();
  return { result, cpuMsPerCall: ((cpuSeconds(pid) - before) * 1000) / Math.max(1, result.requests) };
}

/** Warm up, then measure; tokens for both signed beforehand (plus spares autocannon may build and not send). */
async function load(service: Service, plan: Plan): Promise<Measured> {
  const aud = `${service.origin}${plan.path}`;
  const spare = plan.connections * 2 + 4;
  const tokens = await signTokens(plan.client, aud, plan.warmup + plan.amount + 2 * spare);
  const base = {
    origin: service.origin,
    path: plan.path,
    bodies: plan.bodies,
    connections: plan.connections,
  };
  if (plan.warmup > 0) {
    const warm = await drive({ ...base, tokens: tokens.slice(0, plan.warmup + spare), amount: plan.warmup });
    if (warm.non200 > 0) throw new Error(`${plan.path}: ${warm.non200} non-200 answers during warm-up`);
  }
  return measured(service.child.pid!, () =>
    drive({ ...base, tokens: tokens.slice(plan.warmup + spare), amount: plan.amount }),
  );
}

/** The same requests against the bare node:http server answering `bytes`. */
async function floorFor(bytes: Buffer, plan: Plan): Promise<Measured> {
  const floor = await startFloor(bytes);
  try {
    // The floor checks no signature, so any well-formed tokens will do; reuse one batch.
    const tokens = Array.from({ length: plan.warmup + plan.amount + 64 }, (_, i) => `floor.${i}.x`);
    const base = {
      origin: floor.origin,
      path: plan.path,
      bodies: plan.bodies,
      connections: plan.connections,
    };
    if (plan.warmup > 0) await drive({ ...base, tokens, amount: plan.warmup });
    return await measured(floor.child.pid!, () => drive({ ...base, tokens, amount: plan.amount }));
  } finally {
    await stop(floor.child);
  }
}

/** Scenario with a fresh service process: capture, warm-up, measure, peak RSS, then the floor. */
async function scenario(
  id: string,
  name: string,
  clients: BenchClient[],
  fhirUrl: string,
  plan: Plan,
  options: { config?: object; floor?: boolean } = {},
): Promise<Row> {
  log(`scenario ${id}: ${name}`);
  const service = await startService(clients, fhirUrl, options.config);
  try {
    const [captureToken] = await signTokens(plan.client, `${service.origin}${plan.path}`, 1);
    const bytes = await capture(service, plan.path, plan.bodies[0]!, captureToken!);
    const { result, cpuMsPerCall } = await load(service, plan);
    const rssMb = peakRssMb(service.child.pid!);
    await stop(service.child);
    const floor = options.floor === false ? undefined : await floorFor(bytes, plan);
    const row: Row = {
      id,
      scenario: name,
      connections: plan.connections,
      result,
      rssMb,
      cpuMsPerCall,
      floor: floor?.result,
      floorCpuMsPerCall: floor?.cpuMsPerCall,
      parseMs: parseMs(plan.bodies[0]!),
    };
    log(`  ${summary(row)}`);
    return row;
  } finally {
    await stop(service.child);
  }
}

/** Scenario 4: order-select for every patient (fills the cache), then order-sign for the same patients. */
async function selectThenSign(clients: BenchClient[], ehr: Ehr, patients: string[], rs: BenchClient) {
  log('scenario 4: order-select, then order-sign for the same patients and client');
  const service = await startService(clients, ehr.url);
  const fhir = { url: ehr.url, token: FHIR_TOKEN };
  try {
    const select: Plan = {
      path: SELECT,
      bodies: patients.map((pid) => hookBody({ hook: 'order-select', pid, fhir })),
      client: rs,
      connections: CONNECTIONS,
      warmup: 0,
      amount: patients.length,
    };
    const { result: selected } = await load(service, select);
    if (selected.non200 > 0) throw new Error(`order-select: ${selected.non200} non-200 answers`);
    const queriesBefore = await ehr.count();
    const sign: Plan = {
      path: SIGN,
      bodies: patients.map((pid) => hookBody({ hook: 'order-sign', pid, fhir })),
      client: rs,
      connections: CONNECTIONS,
      warmup: 300,
      amount: 3000,
    };
    const [captureToken] = await signTokens(rs, `${service.origin}${SIGN}`, 1);
    const bytes = await capture(service, SIGN, sign.bodies[0]!, captureToken!);
    const started = Date.now();
    const { result, cpuMsPerCall } = await load(service, sign);
    const repeatQueries = (await ehr.count()) - queriesBefore;
    const within = (Date.now() - started) / 1000;
    const rssMb = peakRssMb(service.child.pid!);
    await stop(service.child);
    const floor = await floorFor(bytes, sign);
    return {
      row: {
        id: '4',
        scenario: `order-sign after order-select (${patients.length} patients, no prefetch, cache)`,
        connections: CONNECTIONS,
        result,
        rssMb,
        cpuMsPerCall,
        floor: floor.result,
        floorCpuMsPerCall: floor.cpuMsPerCall,
        parseMs: parseMs(sign.bodies[0]!),
        note: `${repeatQueries} FHIR queries during the order-sign phase (${within.toFixed(0)} s after the selects); order-select p95 ${selected.p95.toFixed(1)} ms`,
      } satisfies Row,
      repeatQueries,
    };
  } finally {
    await stop(service.child);
  }
}

/** What one signature check of the client's algorithm costs on this machine, in this (quiet) process. */
async function verifyMs(client: BenchClient): Promise<number> {
  const tokens = await signTokens(client, 'https://bench.example/aud', 2000);
  const key = createPublicKey({ key: client.publicJwk as never, format: 'jwk' });
  // JWS carries ECDSA signatures as r || s (IEEE P1363), not DER.
  const options = client.alg === 'ES384' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  const check = (token: string) => {
    const [h, p, s] = token.split('.');
    return verify('sha384', Buffer.from(`${h}.${p}`), options, Buffer.from(s!, 'base64url'));
  };
  for (const token of tokens.slice(0, 300)) check(token);
  const started = process.hrtime.bigint();
  for (const token of tokens) if (!check(token)) throw new Error(`${client.alg} signature did not verify`);
  return Number(process.hrtime.bigint() - started) / 1e6 / tokens.length;
}

/** What JSON.parse of one request body costs here: the least any service that reads the body must spend. */
function parseMs(body: string): number {
  const rounds = Math.max(10, Math.min(2000, Math.floor(50_000_000 / body.length)));
  for (let i = 0; i < Math.min(rounds, 200); i++) JSON.parse(body);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    JSON.parse(body);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** BENCH_SCENARIOS=1,5 runs only those scenarios (ids 1..6; 1 includes 1-ES); unset or empty: all of them. */
function selectedScenarios(value: string | undefined): (id: string) => boolean {
  const ids = (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !['1', '2', '3', '4', '5', '6'].includes(id));
  if (unknown.length > 0)
    throw new Error(`BENCH_SCENARIOS: unknown scenario ${unknown.join(', ')} (ids 1..6)`);
  return (id) => ids.length === 0 || ids.includes(id);
}

/**
 * What the floor ratios ask of the service, in CPU per call, next to what reading the body and checking the
 * signature cost on their own: "CPU ms/call" is what the service process used per answered call (all threads),
 * measured from /proc during the run, so req/s x CPU ms/call / 1000 is the cores it kept busy.
 */
function budgetLines(rows: Row[], rsVerifyMs: number): string[] {
  const targets: Record<string, number> = { '1': 0.5, '5': 0.85 };
  const lines: string[] = [];
  for (const row of rows) {
    const share = targets[row.id];
    if (share === undefined || !row.floor || row.parseMs === undefined) continue;
    const needed = share * row.floor.rps;
    const budget = 1000 / needed;
    const fixed = row.parseMs + rsVerifyMs + (row.floorCpuMsPerCall ?? 0);
    lines.push(
      `Scenario ${row.id}: ${fmt(share * 100)}% of the floor is ${fmt(needed)} req/s, ${fmt(budget, 2)} ms of CPU per call on one core; ` +
        `this run used ${fmt(row.cpuMsPerCall, 2)} ms. JSON.parse of the body (${fmt(row.parseMs, 2)} ms), the RS384 check ` +
        `(${fmt(rsVerifyMs, 3)} ms) and Node's own HTTP work (the floor's ${fmt(row.floorCpuMsPerCall ?? Number.NaN, 2)} ms) alone take ${fmt(fixed, 2)} ms.`,
    );
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

async function main(): Promise<void> {
  const want = selectedScenarios(process.env.BENCH_SCENARIOS);
  const cores = availableParallelism();
  const rs = createBenchClient('RS384');
  const es = createBenchClient('ES384');
  const clients = [rs, es];
  const fhirPatients = Array.from({ length: 40 }, (_, i) => `bench-fhir-${i}`);
  log(`bench: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}`);
  const ehr = want('3') || want('4') ? await startEhr(fhirPatients) : undefined;
  const ehrUrl = ehr?.url ?? 'http://127.0.0.1:9/fhir/R4';
  const rows: Row[] = [];

  if (want('1')) {
    const typical = hookBody({
      hook: 'order-sign',
      pid: 'bench-typical',
      chart: chartFor('bench-typical', TYPICAL),
    });
    const s1: Plan = {
      path: SIGN,
      bodies: [typical],
      client: rs,
      connections: CONNECTIONS,
      warmup: 500,
      amount: 3000,
    };
    rows.push(await scenario('1', 'order-sign, typical chart, full prefetch (RS384)', clients, ehrUrl, s1));
    const s1es: Plan = { ...s1, client: es, warmup: 200, amount: 1000 };
    rows.push(
      await scenario('1-ES', 'order-sign, typical chart, full prefetch (ES384)', clients, ehrUrl, s1es, {
        floor: false,
      }),
    );
  }

  if (want('2')) {
    const huge = hookBody({ hook: 'order-sign', pid: 'bench-huge', chart: chartFor('bench-huge', HUGE) });
    const s2: Plan = { path: SIGN, bodies: [huge], client: rs, connections: 1, warmup: 10, amount: 60 };
    rows.push(await scenario('2', 'order-sign, huge chart, full prefetch', clients, ehrUrl, s2));
  }

  if (ehr && want('3')) {
    const fhir = { url: ehr.url, token: FHIR_TOKEN };
    const s3: Plan = {
      path: SIGN,
      bodies: fhirPatients.map((pid) => hookBody({ hook: 'order-sign', pid, fhir })),
      client: rs,
      connections: CONNECTIONS,
      warmup: 100,
      amount: 800,
    };
    // The fact cache is off here so that every call really queries the FHIR server (scenario 4 measures the cache).
    rows.push(
      await scenario(
        '3',
        `order-sign, no prefetch, FHIR server +${FHIR_LATENCY_MS} ms`,
        clients,
        ehr.url,
        s3,
        {
          config: { factCacheSeconds: 0 },
        },
      ),
    );
  }

  let repeatQueries: number | undefined;
  if (ehr && want('4')) {
    const s4 = await selectThenSign(clients, ehr, fhirPatients, rs);
    rows.push(s4.row);
    repeatQueries = s4.repeatQueries;
  }

  if (want('5')) {
    const knee = hookBody({
      hook: 'order-sign',
      pid: 'bench-knee',
      spine: false,
      chart: chartFor('bench-knee', TYPICAL),
    });
    const s5: Plan = {
      path: SIGN,
      bodies: [knee],
      client: rs,
      connections: CONNECTIONS,
      warmup: 500,
      amount: 3000,
    };
    rows.push(await scenario('5', 'no spine SPECT order (fast path), typical prefetch', clients, ehrUrl, s5));
  }
  if (ehr) await stop(ehr.child);

  let engine: Awaited<ReturnType<typeof benchPolicyEngine>> | undefined;
  if (want('6')) {
    log('scenario 6: policy engine alone');
    engine = await benchPolicyEngine(5);
  }
  const esVerifyMs = want('1') ? await verifyMs(es) : Number.NaN;
  const rsVerifyMs = want('1') || want('5') ? await verifyMs(rs) : Number.NaN;

  const byId = (id: string) => rows.find((r) => r.id === id);
  const ratio = (row: Row) => (row.floor ? row.result.rps / row.floor.rps : Number.NaN);
  const checks: Array<[string, boolean, string]> = [];
  const s1 = byId('1');
  const s1es = byId('1-ES');
  // ES384 checks run on libuv's thread pool beside the event loop, so the service may keep more than one core busy:
  // the bound counts the cores it was measured to use (req/s x CPU per call), never fewer than its processes.
  const esCores = s1es
    ? Math.max(SERVICE_CORES, (s1es.result.rps * s1es.cpuMsPerCall) / 1000)
    : SERVICE_CORES;
  const esBound = (1000 / esVerifyMs) * esCores;
  if (s1 && s1es) {
    checks.push(
      ['1: throughput >= 50% of floor (RS384)', ratio(s1) >= 0.5, `${fmt(ratio(s1) * 100)}%`],
      ['1: p99 < 25 ms at 16 connections', s1.result.p99 < 25, `${fmt(s1.result.p99, 1)} ms`],
      [
        `1: ES384 >= 70% of 1/verify cost x cores used (${fmt(esCores, 2)})`,
        s1es.result.rps >= 0.7 * esBound,
        `${fmt(s1es.result.rps)} of ${fmt(esBound)} req/s (${fmt((s1es.result.rps / esBound) * 100)}%)`,
      ],
    );
  }
  const s2 = byId('2');
  if (s2) checks.push(['2: p50 < 50 ms', s2.result.p50 < 50, `${fmt(s2.result.p50, 1)} ms`]);
  const s3 = byId('3');
  if (s3) {
    checks.push([
      `3: p95 < ${2 * FHIR_LATENCY_MS + 30} ms`,
      s3.result.p95 < 2 * FHIR_LATENCY_MS + 30,
      `${fmt(s3.result.p95, 1)} ms`,
    ]);
  }
  const s4 = byId('4');
  if (s4 && s1) {
    checks.push([
      '4: order-sign p95 within 10% of scenario 1',
      s4.result.p95 <= s1.result.p95 * 1.1,
      `${fmt(s4.result.p95, 1)} vs ${fmt(s1.result.p95, 1)} ms`,
    ]);
  }
  if (repeatQueries !== undefined) {
    checks.push(['4: no repeat FHIR query', repeatQueries === 0, `${repeatQueries} queries`]);
  }
  const s5 = byId('5');
  if (s5) checks.push(['5: throughput >= 85% of floor', ratio(s5) >= 0.85, `${fmt(ratio(s5) * 100)}%`]);
  if (engine) {
    checks.push(['6: >= 50,000 determinations/s', engine.perSecond >= 50_000, `${fmt(engine.perSecond)}/s`]);
  }
  if (rows.length > 0) {
    checks.push(
      [
        'peak RSS < 200 MB everywhere',
        rows.every((r) => r.rssMb < 200),
        `max ${fmt(Math.max(...rows.map((r) => r.rssMb)))} MB`,
      ],
      [
        'no non-200 answers',
        rows.every((r) => r.result.non200 === 0),
        `${rows.reduce((n, r) => n + r.result.non200, 0)}`,
      ],
    );
  }

  const all = process.env.BENCH_SCENARIOS === undefined || process.env.BENCH_SCENARIOS.trim() === '';
  const processes =
    SERVICE_CORES === 1
      ? 'The service runs as one Node process (one core for JavaScript)'
      : `The service runs as ${SERVICE_CORES} Node worker processes (node:cluster; JWT replay and fact caches held by the primary; peak RSS sums primary and workers)`;
  const lines = [
    '# Benchmark results',
    '',
    `Machine: ${cores} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z.`,
    `${processes}; autocannon runs beside it on the same machine. The floor is one bare node:http process.`,
    `Every call carries its own pre-signed JWT (unique jti). FHIR server: Medplum fhir-router in memory, +${FHIR_LATENCY_MS} ms per answer.`,
    Object.keys(SERVICE_CONFIG).length === 0
      ? 'Service settings: its defaults (docs/configuration.md), rate limits lifted.'
      : `Service settings: its defaults, rate limits lifted, and ${JSON.stringify(SERVICE_CONFIG)} (BENCH_SERVICE_CONFIG).`,
    ...(all ? [] : ['', `Only scenarios ${process.env.BENCH_SCENARIOS} (BENCH_SCENARIOS).`]),
    '',
    '| # | scenario | conns | requests | req/s | p50 ms | p95 ms | p99 ms | peak RSS MB | floor req/s | vs floor | non-200 | CPU ms/call | floor CPU ms/call | JSON.parse ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.scenario} | ${r.connections} | ${r.result.requests} | ${fmt(r.result.rps)} | ${fmt(r.result.p50, 1)} | ${fmt(r.result.p95, 1)} | ${fmt(r.result.p99, 1)} | ${fmt(r.rssMb)} | ${r.floor ? fmt(r.floor.rps) : '-'} | ${r.floor ? `${fmt(ratio(r) * 100)}%` : '-'} | ${r.result.non200} | ${fmt(r.cpuMsPerCall, 2)} | ${fmt(r.floorCpuMsPerCall ?? Number.NaN, 2)} | ${fmt(r.parseMs ?? Number.NaN, 2)} |`,
    ),
    ...(engine
      ? [
          `| 6 | policy engine alone, one core | - | ${engine.determinations} | ${fmt(engine.perSecond)} determinations/s | - | - | - | - | - | - | - | - | - | - |`,
        ]
      : []),
    '',
    ...(Number.isFinite(esVerifyMs)
      ? [
          `ES384: one signature check costs ${esVerifyMs.toFixed(3)} ms here; the service kept ${fmt(esCores, 2)} cores busy (event loop plus the thread pool that runs ECDSA checks), which allow ${fmt(esBound)} calls/s.`,
        ]
      : []),
    ...rows.filter((r) => r.note).map((r) => `Scenario ${r.id}: ${r.note}.`),
    ...budgetLines(rows, rsVerifyMs),
    '',
    '| target | met | measured |',
    '|---|---|---|',
    ...checks.map(([what, ok, value]) => `| ${what} | ${ok ? 'yes' : '**NO**'} | ${value} |`),
    '',
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  // A partial run prints its table but leaves the full run's results.md alone.
  if (all) writeFileSync(join(ROOT, 'bench', 'results.md'), text);
  if (!checks.every(([, ok]) => ok)) process.exitCode = 1;
}

await main();
