/**
 * The SQLite store's group commit: records handed in during one event-loop turn share one transaction, each
 * promise resolves only once its record is committed, a record that cannot be written fails alone, and close()
 * writes whatever is still waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { HookCallRecord } from '../../src/protocol/audit/hook-call-record.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { hookCall } from './records.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spect-group-commit-'));
  file = join(dir, 'audit.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rows another connection sees: only committed ones. */
function committedRows(): number {
  const reader = new Database(file, { readonly: true });
  try {
    return (reader.prepare('SELECT count(*) AS n FROM hook_calls').get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

test('records handed in together are committed together, and each resolves only once committed', async () => {
  const store = new SqliteStore({ filename: file });
  const seenAtResolve: number[] = [];
  const writes = Array.from({ length: 5 }, (_, i) =>
    store.recordHookCall(hookCall({ hookInstance: `h-${i}` })).then(() => {
      seenAtResolve.push(committedRows());
    }),
  );
  // Nothing is written before the end of this turn.
  expect(committedRows()).toBe(0);
  await Promise.all(writes);
  // One transaction: every promise saw all five rows, never a partial batch.
  expect(seenAtResolve).toEqual([5, 5, 5, 5, 5]);
  expect((await store.listHookCalls()).map((r) => r.hookInstance)).toEqual([
    'h-0',
    'h-1',
    'h-2',
    'h-3',
    'h-4',
  ]);
  await store.close();
});

test('a record that cannot be written fails alone; the others in its batch are kept', async () => {
  const store = new SqliteStore({ filename: file });
  // service_id is NOT NULL: this record cannot be inserted.
  const broken = { ...hookCall(), serviceId: undefined } as unknown as HookCallRecord;
  const results = await Promise.allSettled([
    store.recordHookCall(hookCall({ hookInstance: 'first' })),
    store.recordHookCall(broken),
    store.recordHookCall(hookCall({ hookInstance: 'last' })),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((await store.listHookCalls()).map((r) => r.hookInstance)).toEqual(['first', 'last']);
  await store.close();
});

test('close() writes the records still waiting, then their promises resolve', async () => {
  const store = new SqliteStore({ filename: file });
  const pending = store.recordHookCall(hookCall({ hookInstance: 'late' }));
  await store.close();
  await expect(pending).resolves.toBeUndefined();
  expect(committedRows()).toBe(1);
});

test('a record handed in after close() is refused, not lost silently', async () => {
  const store = new SqliteStore({ filename: file });
  await store.close();
  await expect(store.recordHookCall(hookCall())).rejects.toThrow();
});
