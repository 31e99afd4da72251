/**
 * Nothing lost on a crash: the built service runs as a child process; a stream of hook calls and feedback goes
 * at it from several connections; it is killed with SIGKILL in the middle of the stream; after a restart, every
 * hook call and every feedback request that had been answered 200 must be in the store. Runs on SQLite, and on
 * PostgreSQL when DATABASE_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SQLITE_FILE } from '../../src/store/open-store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { ServiceStore } from '../../src/store/store.js';
import { DATABASE_URL } from './backends.js';
import { buildService, freePort, REPO, type ServiceProcess, startService } from './crash/service-process.js';

const CONNECTIONS = 8;
/** Hook calls answered before the kill; more keep arriving while it happens. */
const KILL_AFTER = 300;
const EXAMPLE = JSON.parse(readFileSync(join(REPO, 'docs', 'examples', 'order-sign-request.json'), 'utf8'));
const EXAMPLE_PAYER = EXAMPLE.prefetch.coverage.entry[0].resource.payor[0].identifier;
const SERVICE = 'spect-spine-order-sign';

interface Tally {
  calls: string[];
  feedback: string[];
  failed: number;
}

async function hookCall(
  baseUrl: string,
): Promise<{ hookInstance: string; cards: { uuid: string }[] } | undefined> {
  const hookInstance = randomUUID();
  const res = await fetch(`${baseUrl}/cds-services/${SERVICE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...EXAMPLE, hookInstance }),
  });
  const body = (await res.json()) as { cards: { uuid: string }[] };
  return res.status === 200 ? { hookInstance, cards: body.cards } : undefined;
}

async function feedback(baseUrl: string, card: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/cds-services/${SERVICE}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      feedback: [
        {
          card,
          outcome: 'overridden',
          overrideReason: { reason: { system: 'https://example.org/override', code: 'documented' } },
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    }),
  });
  await res.arrayBuffer();
  return res.status === 200;
}

/** Streams calls (and feedback on every other answer) from each connection until the service goes away. */
async function stream(service: ServiceProcess, tally: Tally): Promise<void> {
  let killed = false;
  const worker = async (lane: number) => {
    for (let i = 0; ; i += 1) {
      try {
        const answered = await hookCall(service.baseUrl);
        if (!answered) tally.failed += 1;
        else tally.calls.push(answered.hookInstance);
        const card = answered?.cards[0]?.uuid;
        if (card && (i + lane) % 2 === 0) {
          // A card uuid is unique per answer, so it identifies this feedback request in the store.
          if (await feedback(service.baseUrl, card)) tally.feedback.push(card);
        }
      } catch {
        return; // connection refused or reset: the service is gone
      }
      if (!killed && tally.calls.length >= KILL_AFTER) {
        killed = true;
        service.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, lane) => worker(lane)));
}

/** Where the service under test keeps its store, and how the test reads it afterwards. */
interface Target {
  /** Extra environment for the service (DATABASE_URL for PostgreSQL). */
  env: Record<string, string>;
  /** The config file's dataDir (the SQLite file's folder). */
  dataDir: string;
  prepare(): Promise<void>;
  openStore(): ServiceStore;
  cleanup(): Promise<void>;
}

function sqliteTarget(dir: string): Target {
  const dataDir = join(dir, 'data');
  return {
    env: {},
    dataDir,
    prepare: async () => undefined,
    openStore: () => new SqliteStore({ filename: join(dataDir, SQLITE_FILE) }),
    cleanup: async () => undefined,
  };
}

/** The service's tables go to a fresh schema, named through the connection's search_path. */
function postgresTarget(dir: string): Target {
  const schema = `crash_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const separator = DATABASE_URL!.includes('?') ? '&' : '?';
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    env: {
      DATABASE_URL: `${DATABASE_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    },
    dataDir: join(dir, 'unused'),
    prepare: () => admin(`CREATE SCHEMA ${schema}`),
    openStore: () => new PostgresStore({ connectionString: DATABASE_URL!, schema }),
    cleanup: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

let server: string;
beforeAll(() => {
  server = buildService();
}, 120_000);

const TARGETS: [string, (dir: string) => Target][] = [
  ['sqlite', sqliteTarget],
  ...(DATABASE_URL ? [['postgres', postgresTarget] as [string, (dir: string) => Target]] : []),
];

describe.each(TARGETS)(
  'kill -9 in the middle of a stream of calls and feedback (%s)',
  (backend, makeTarget) => {
    let dir: string;
    let target: Target;
    const running: ServiceProcess[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cds-crash-'));
      target = makeTarget(dir);
      await target.prepare();
    });
    afterAll(async () => {
      for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
      await target.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('finds every call and feedback answered 200 in the store after a restart', async () => {
      const port = await freePort();
      const config = join(dir, 'config.json');
      const settings = {
        baseUrl: `http://127.0.0.1:${port}`,
        allowUnsignedLoopback: true,
        // The example request's Coverage names the demo payer.
        payer: { identifiers: [EXAMPLE_PAYER] },
        dataDir: target.dataDir,
        // The stream is one client at full speed: the rate limit is not what this test is about.
        rateLimit: { requestsPerSecond: 100_000, burst: 1_000_000 },
      };
      writeFileSync(config, JSON.stringify(settings));
      const env = { CDS_CONFIG: config, ...target.env };

      const first = await startService(server, port, env);
      running.push(first);
      const tally: Tally = { calls: [], feedback: [], failed: 0 };
      await stream(first, tally);
      expect(await first.exited).toBeNull(); // killed by a signal, not exited

      const second = await startService(server, port, env);
      running.push(second);
      const after = await hookCall(second.baseUrl);
      expect(after).toBeDefined();
      second.child.kill('SIGTERM');
      await second.exited;

      const store = target.openStore();
      try {
        await store.ready();
        const stored = await store.listHookCalls();
        const storedOk = new Set(stored.filter((r) => r.status === 200).map((r) => r.hookInstance));
        const storedCards = new Set((await store.list()).map((r) => r.item.card));
        const lostCalls = tally.calls.filter((hookInstance) => !storedOk.has(hookInstance));
        const lostFeedback = tally.feedback.filter((card) => !storedCards.has(card));
        console.log(
          `crash test (${backend}): hook calls answered 200 ${tally.calls.length}, stored ${storedOk.size - 1} ` +
            `(+1 after restart), lost ${lostCalls.length}; feedback answered 200 ${tally.feedback.length}, ` +
            `stored ${storedCards.size}, lost ${lostFeedback.length}; non-200 answers ${tally.failed}`,
        );
        expect(tally.calls.length).toBeGreaterThanOrEqual(KILL_AFTER);
        expect(tally.feedback.length).toBeGreaterThan(0);
        expect(tally.failed).toBe(0);
        expect(lostCalls).toEqual([]);
        expect(lostFeedback).toEqual([]);
        expect(storedOk.has(after!.hookInstance)).toBe(true);
      } finally {
        await store.close();
      }
    }, 120_000);
  },
);
