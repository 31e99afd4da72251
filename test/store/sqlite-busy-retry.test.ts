/**
 * Opening the shared SQLite file while another process holds it: the BUSY answers SQLite gives without waiting
 * (a stale WAL snapshot) are recognized and the open is tried again, within a bound; other errors are not retried.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { isSqliteBusy, retryWhileBusy } from '../../src/store/sqlite-busy-retry.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spect-busy-'));
  file = join(dir, 'store.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const busy = (code = 'SQLITE_BUSY_SNAPSHOT') => Object.assign(new Error('database is locked'), { code });

describe('isSqliteBusy', () => {
  it('recognizes the BUSY SQLite gives without waiting: a write from a snapshot another connection moved past', () => {
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE t (x INTEGER)');
    const reader = new Database(file);
    reader.pragma('busy_timeout = 5000');
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get();
    writer.exec('INSERT INTO t VALUES (1)');
    const started = Date.now();
    let error: unknown;
    try {
      reader.exec('INSERT INTO t VALUES (2)');
    } catch (caught) {
      error = caught;
    }
    // No busy wait: the 5 s timeout did not apply, which is why the store retries the open itself.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isSqliteBusy(error)).toBe(true);
    expect((error as { code: string }).code).toBe('SQLITE_BUSY_SNAPSHOT');
    reader.close();
    writer.close();
  });

  it('is false for other SQLite errors and for non-errors', () => {
    const db = new Database(':memory:');
    let error: unknown;
    try {
      db.exec('SELECT FROM nowhere');
    } catch (caught) {
      error = caught;
    }
    expect(isSqliteBusy(error)).toBe(false);
    expect(isSqliteBusy(undefined)).toBe(false);
    expect(isSqliteBusy({ code: 42 })).toBe(false);
    db.close();
  });
});

describe('retryWhileBusy', () => {
  it('tries again after a pause while the attempt is BUSY, and returns its result', () => {
    const pauses: number[] = [];
    let calls = 0;
    const result = retryWhileBusy(
      () => {
        calls++;
        if (calls < 3) throw busy(calls === 1 ? 'SQLITE_BUSY' : 'SQLITE_BUSY_RECOVERY');
        return 'open';
      },
      { deadlineMs: 1000, pauseMs: 50, sleep: (ms) => pauses.push(ms) },
    );
    expect(result).toBe('open');
    expect(pauses).toEqual([50, 50]);
  });

  it('throws any other error at once', () => {
    const pauses: number[] = [];
    const corrupt = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
    expect(() =>
      retryWhileBusy(
        () => {
          throw corrupt;
        },
        { deadlineMs: 1000, pauseMs: 50, sleep: (ms) => pauses.push(ms) },
      ),
    ).toThrow(corrupt);
    expect(pauses).toEqual([]);
  });

  it('gives up with the last BUSY error once another pause would pass the deadline', () => {
    let clock = 0;
    let calls = 0;
    expect(() =>
      retryWhileBusy(
        () => {
          calls++;
          throw busy();
        },
        { deadlineMs: 200, pauseMs: 50, now: () => clock, sleep: (ms) => (clock += ms) },
      ),
    ).toThrow('database is locked');
    // Attempts at 0, 50, 100, 150 and 200 ms; a sixth would start after the deadline.
    expect(calls).toBe(5);
  });
});

describe('SqliteStore opening a file another process holds', () => {
  it('opens once the other process lets go, instead of failing the start', async () => {
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
         db.pragma('journal_mode = WAL'); db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE held (x INTEGER)');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    const started = Date.now();
    const store = new SqliteStore({ filename: file });
    expect(Date.now() - started).toBeGreaterThan(100);
    await store.recordHookCall({
      receivedAt: new Date().toISOString(),
      serviceId: 'spect-spine-order-sign',
      hook: 'order-sign',
      iss: 'https://ehr.example.org',
      orderIds: [],
      determinations: [],
      cardUuids: [],
      cardKinds: [],
      status: 200,
      totalMs: 1,
    });
    expect(await store.listHookCalls({})).toHaveLength(1);
    await store.close();
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});
