/** Backend choice and first start: the SQLite file is created (with its folder) under dataDir, in WAL mode. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStore, openStore, SQLITE_FILE } from '../../src/store/open-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { hookCall } from './records.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cds-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('creates the data directory and a WAL-mode SQLite file in it on first start', async () => {
    const dataDir = join(dir, 'not', 'yet', 'there');
    const store = await openStore({ dataDir });
    try {
      await store.ready();
      expect(store.kind).toBe('sqlite');
      expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
      const db = (store as SqliteStore).database;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // 1 = NORMAL: commits are not fsynced one by one (see sqlite-store.ts for why that survives kill -9).
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      await store.recordHookCall(hookCall());
    } finally {
      await store.close();
    }
    const reopened = await openStore({ dataDir });
    expect(await reopened.countHookCalls()).toBe(1);
    await reopened.close();
  });

  it('chooses PostgreSQL when a database URL is given', async () => {
    const store = await openStore({ dataDir: dir, databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect(store.kind).toBe('postgres');
    await expect(store.ready()).rejects.toThrow();
    await store.close();
    expect(existsSync(join(dir, SQLITE_FILE))).toBe(false);
  });

  it('can run with synchronous=FULL for an fsync on every commit', async () => {
    const store = new SqliteStore({ filename: join(dir, 'full.sqlite'), synchronous: 'FULL' });
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });
});

describe('describeStore', () => {
  it('names the SQLite file, or the PostgreSQL host and database without the password', () => {
    expect(describeStore({ dataDir: '/var/lib/cds' })).toBe(`sqlite /var/lib/cds/${SQLITE_FILE}`);
    const described = describeStore({
      dataDir: '.',
      databaseUrl: 'postgres://cds:s3cret@db.internal:5433/audit',
    });
    expect(described).toBe('postgres db.internal:5433/audit');
    expect(described).not.toContain('s3cret');
  });
});
