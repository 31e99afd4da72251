/**
 * Migrations on every backend: the first start creates the schema and records each migration once; any later
 * start applies nothing (idempotent) and keeps the data; a new migration is applied once on top of existing data;
 * a failing migration leaves nothing half-done.
 */
import { buildFeedbackReport } from '../../src/cli/feedback-report.js';
import type { HookCallRecord } from '../../src/protocol/audit/hook-call-record.js';
import { MIGRATIONS, type Migration } from '../../src/store/migrations.js';
import type { ServiceStore } from '../../src/store/store.js';
import { describeBackends, type StoreLocation } from './backends.js';
import { hookCall } from './records.js';

const PROBE_TABLE: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'probe table (test only)',
  sqlite: ['CREATE TABLE migration_probe (id INTEGER PRIMARY KEY, note TEXT)'],
  postgres: ['CREATE TABLE migration_probe (id INTEGER PRIMARY KEY, note TEXT)'],
};

const BROKEN: Migration = {
  version: MIGRATIONS.length + 1,
  name: 'broken (test only)',
  sqlite: ['CREATE TABLE half_done (id INTEGER)', 'THIS IS NOT SQL'],
  postgres: ['CREATE TABLE half_done (id INTEGER)', 'THIS IS NOT SQL'],
};

async function opened(location: StoreLocation, migrations?: readonly Migration[]): Promise<ServiceStore> {
  // SQLite migrates in the constructor (throws), PostgreSQL in the background (ready() rejects): both reject here.
  const store = await Promise.resolve().then(() => location.open({ migrations }));
  await store.ready();
  return store;
}

async function versions(location: StoreLocation): Promise<number[]> {
  const rows = await location.query('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => Number(row.version));
}

describeBackends('migrations', (backend) => {
  let location: StoreLocation;

  beforeEach(() => {
    location = backend.location();
  });
  afterEach(async () => {
    await location.cleanup();
  });

  it('creates the schema on first start and records every migration once', async () => {
    const store = await opened(location);
    expect(await versions(location)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await store.countHookCalls()).toBe(0);
    expect(await store.count()).toBe(0);
  });

  it('applies nothing on later starts and keeps the data', async () => {
    const first = await opened(location);
    const record = hookCall();
    await first.recordHookCall(record);
    await first.close();
    for (let start = 0; start < 3; start += 1) await (await opened(location)).close();
    const again = await opened(location);
    expect(await versions(location)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await again.listHookCalls()).toEqual([record]);
  });

  it('applies a new migration once, on top of existing data', async () => {
    const before = await opened(location);
    await before.recordHookCall(hookCall());
    await before.close();
    // The probe's CREATE TABLE would fail if it ran twice.
    await (await opened(location, [...MIGRATIONS, PROBE_TABLE])).close();
    const after = await opened(location, [...MIGRATIONS, PROBE_TABLE]);
    expect(await versions(location)).toEqual([...MIGRATIONS.map((m) => m.version), PROBE_TABLE.version]);
    expect(await location.query('SELECT count(*) AS n FROM migration_probe')).toEqual([
      { n: expect.anything() },
    ]);
    expect(await after.countHookCalls()).toBe(1);
  });

  it('migrates a store of schema version 1 to card kinds, its old rows still readable (and reported)', async () => {
    await location.migrate(MIGRATIONS.filter((migration) => migration.version === 1));
    expect(await versions(location)).toEqual([1]);
    // A row as the service wrote it at version 1: no card_kinds column yet.
    await location.execute(
      `INSERT INTO hook_calls (received_at, request_id, service_id, hook, hook_instance, client_iss, patient_id,
         order_ids, determinations, card_uuids, http_status, total_ms, gather_ms)
       VALUES ('2026-09-01T10:00:00.000Z', 'req-old', 'spect-spine-order-sign', 'order-sign', 'old-instance',
         'https://ehr.example.org', 'pat-1', '["ServiceRequest/spect-1"]',
         '[{"order":"ServiceRequest/spect-1","policyVersion":"2025-01","outcome":"needs-documentation",` +
        `"criteriaMet":[],"findings":["missing-prior-imaging","missing-prior-mri"]}]',
         '["old-1","old-2"]', 200, 12.5, NULL)`,
    );
    const store = await opened(location);
    expect(await versions(location)).toEqual(MIGRATIONS.map((migration) => migration.version));
    const old: HookCallRecord = {
      receivedAt: '2026-09-01T10:00:00.000Z',
      requestId: 'req-old',
      serviceId: 'spect-spine-order-sign',
      hook: 'order-sign',
      hookInstance: 'old-instance',
      iss: 'https://ehr.example.org',
      patientId: 'pat-1',
      orderIds: ['ServiceRequest/spect-1'],
      determinations: [
        {
          order: 'ServiceRequest/spect-1',
          policyVersion: '2025-01',
          outcome: 'needs-documentation',
          criteriaMet: [],
          findings: ['missing-prior-imaging', 'missing-prior-mri'],
        },
      ],
      cardUuids: ['old-1', 'old-2'],
      status: 200,
      totalMs: 12.5,
    };
    const fresh = hookCall({ cardUuids: ['new-1'], cardKinds: ['missing-prior-mri'] });
    await store.recordHookCall(fresh);
    expect(await store.listHookCalls()).toEqual([old, fresh]);
    // The old row's kinds are reconstructed from its determination; the new row's are read as stored.
    const report = buildFeedbackReport(await store.listHookCalls(), []);
    expect(Object.fromEntries(report.kinds.map((k) => [k.kind, k.shown]))).toEqual({
      'missing-prior-imaging': 1,
      'missing-prior-mri': 2,
    });
  });

  it('lets several instances start on one empty database at once: each migration applied once', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => opened(location)));
    expect(stores).toHaveLength(3);
    expect(await versions(location)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it('rolls a failing migration back whole and refuses to open', async () => {
    await (await opened(location)).close();
    await expect(opened(location, [...MIGRATIONS, BROKEN])).rejects.toThrow(
      `store migration ${BROKEN.version} (broken (test only)) failed`,
    );
    expect(await versions(location)).toEqual(MIGRATIONS.map((migration) => migration.version));
    // (matched on the message: better-sqlite3's SqliteError is not recognised as an Error by toThrow in every run)
    await expect(location.query('SELECT count(*) AS n FROM half_done')).rejects.toMatchObject({
      message: expect.stringMatching(/half_done/),
    });
  });
});
