/**
 * Multi-process mode on real processes: the built service runs with CDS_WORKERS=2 against a loopback FHIR server.
 * Every request below opens its own connection, which the cluster primary hands to the workers in turn, so
 * consecutive requests land on different workers; the shared state (held by the primary) must make that invisible.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE } from '../../src/store/open-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { buildService as buildCachedService, freePort, REPO } from '../store/crash/service-process.js';
import { type FaultyFhirServer, startFaultyFhirServer } from '../support/faulty-fhir-server.js';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  osteomyelitisPrefetch,
} from '../support/hook-request.js';
import { clientRegistration, createTestClient, signHookJwt, type TestClient } from '../support/jwt.js';
import { TEST_PAYER_IDENTIFIER } from '../support/payer.js';

/** Its own build folder (inside node_modules, so the child resolves packages): never races the crash test's. */
const CACHE = 'spect-cds-cluster-test';
const OUT_DIR = join(REPO, 'node_modules', '.cache', CACHE);
const buildService = () => buildCachedService(CACHE);

interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
}

/** Starts the service and waits for the primary to report that every worker is listening (not only the first). */
async function startCluster(
  server: string,
  port: number,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [server], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`workers did not all listen in time:\n${output}`)),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('cluster: every worker is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited at start (${code}):\n${output}`));
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, exited };
}

/** A POST on a connection of its own (no keep-alive agent), so the cluster picks a worker for it. */
function post(url: string, body: unknown, token: string): Promise<{ status: number; body: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The worker processes of a primary: its direct children, from /proc. */
function childPids(pid: number): number[] {
  const tasks = join('/proc', String(pid), 'task');
  if (!existsSync(tasks)) return [];
  return spawnSync('cat', [join(tasks, String(pid), 'children')], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

/** Opens (creating and migrating) one SQLite file from `processes` processes at once; resolves their exit codes. */
function openConcurrently(file: string, processes: number): Promise<(number | null)[]> {
  const script = `
    const { SqliteStore } = await import(${JSON.stringify(join(OUT_DIR, 'src', 'store', 'sqlite-store.js'))});
    const store = new SqliteStore({ filename: ${JSON.stringify(file)} });
    await store.close();`;
  return Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO, stdio: 'ignore' }).once(
            'exit',
            resolve,
          ),
        ),
    ),
  );
}

describe('the SQLite store opened by several workers at once', () => {
  it('creates and migrates a new file without any of them failing', async () => {
    buildService();
    const dir = mkdtempSync(join(tmpdir(), 'spect-sqlite-race-'));
    try {
      for (let round = 0; round < 5; round++) {
        expect(await openConcurrently(join(dir, `round-${round}`, 'store.sqlite'), 4)).toEqual([0, 0, 0, 0]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('cluster mode (CDS_WORKERS=2)', () => {
  let fhir: FaultyFhirServer;
  let client: TestClient;
  let service: ServiceProcess;
  let dataDir: string;
  const answered: string[] = [];

  const url = (id: string) => `${service.baseUrl}/cds-services/${id}`;
  const hits = () => fhir.hits.get('healthy') ?? 0;

  beforeAll(async () => {
    const server = buildService();
    fhir = await startFaultyFhirServer();
    client = await createTestClient({ alg: 'RS384', fhirServers: [fhir.base('healthy')] });
    dataDir = mkdtempSync(join(tmpdir(), 'spect-cluster-'));
    const port = await freePort();
    const configFile = join(dataDir, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        baseUrl: `http://127.0.0.1:${port}`,
        clients: [clientRegistration(client)],
        payer: { identifiers: [TEST_PAYER_IDENTIFIER] },
        dataDir: join(dataDir, 'store'),
        shutdownGraceMs: 5_000,
      }),
    );
    service = await startCluster(server, port, { CDS_CONFIG: configFile, CDS_WORKERS: '2' });
  }, 120_000);

  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await fhir?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs two worker processes under the primary', () => {
    expect(childPids(service.child.pid ?? 0)).toHaveLength(2);
  });

  it('refuses a token replayed against the other worker', async () => {
    const token = await signHookJwt(client, url(ORDER_SIGN_SERVICE));
    // Full prefetch: no FHIR query here, so the fact-cache test below starts from an empty cache.
    const first = orderSignBody({ fhirServer: fhir.base('healthy'), prefetch: osteomyelitisPrefetch() });
    const accepted = await post(url(ORDER_SIGN_SERVICE), first, token);
    expect(accepted.status).toBe(200);
    answered.push(first.hookInstance);
    // Four fresh connections: with two workers taking turns, at least two land on the worker that never saw it.
    for (let i = 0; i < 4; i++) {
      const replay = await post(
        url(ORDER_SIGN_SERVICE),
        orderSignBody({ fhirServer: fhir.base('healthy'), prefetch: osteomyelitisPrefetch() }),
        token,
      );
      expect(replay.status).toBe(401);
    }
  });

  it('reuses what an order-select fetched when the order-sign lands on another worker', async () => {
    const fhirServer = fhir.base('healthy');
    const before = hits();
    const select = orderSelectBody({ fhirServer });
    const selected = await post(
      url(ORDER_SELECT_SERVICE),
      select,
      await signHookJwt(client, url(ORDER_SELECT_SERVICE)),
    );
    expect(selected.status).toBe(200);
    answered.push(select.hookInstance);
    const fetched = hits() - before;
    expect(fetched).toBeGreaterThan(0);
    // Two signs on two fresh connections: one of them is on the worker that did not answer the select.
    for (let i = 0; i < 2; i++) {
      const sign = orderSignBody({ fhirServer });
      const signed = await post(
        url(ORDER_SIGN_SERVICE),
        sign,
        await signHookJwt(client, url(ORDER_SIGN_SERVICE)),
      );
      expect(signed.status).toBe(200);
      answered.push(sign.hookInstance);
    }
    expect(hits() - before).toBe(fetched);
  });

  it('stops every worker on SIGTERM, exits 0, and every answered call is in the shared SQLite store', async () => {
    const workers = childPids(service.child.pid ?? 0);
    expect(workers).toHaveLength(2);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    for (const pid of workers) expect(existsSync(join('/proc', String(pid)))).toBe(false);
    // Both workers wrote to one SQLite file (WAL, busy_timeout): nothing answered 200 is missing.
    const store = new SqliteStore({ filename: join(dataDir, 'store', SQLITE_FILE) });
    await store.ready();
    const stored = new Set((await store.listHookCalls()).map((record) => record.hookInstance));
    await store.close();
    expect(answered.length).toBe(4);
    for (const hookInstance of answered) expect(stored.has(hookInstance)).toBe(true);
  });
});
