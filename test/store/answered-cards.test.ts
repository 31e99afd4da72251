/**
 * Who each card was answered to (migration 4), on every backend: recorded with the hook call in one commit, found
 * by uuid, filled from the calls stored before the migration, and pruned with the calls.
 */
import { MIGRATIONS } from '../../src/store/migrations.js';
import { describeBackends, type StoreLocation } from './backends.js';
import { hookCall } from './records.js';

describeBackends('answered cards', (backend) => {
  let location: StoreLocation;
  beforeEach(() => {
    location = backend.location();
  });
  afterEach(async () => {
    await location.cleanup();
  });

  it('names the client and service each recorded card was answered to; unknown uuids are absent', async () => {
    const store = location.open();
    await store.ready();
    await store.recordHookCall(hookCall({ iss: 'https://a.example', cardUuids: ['card-a1', 'card-a2'] }));
    await store.recordHookCall(
      hookCall({ iss: 'https://b.example', serviceId: 'spect-spine-order-select', cardUuids: ['card-b1'] }),
    );
    const found = await store.cardRecipients(['card-a2', 'card-b1', 'never-answered']);
    expect(Object.fromEntries(found)).toEqual({
      'card-a2': { iss: 'https://a.example', serviceId: 'spect-spine-order-sign' },
      'card-b1': { iss: 'https://b.example', serviceId: 'spect-spine-order-select' },
    });
    await store.prune(new Date('2030-01-01T00:00:00Z'));
    expect((await store.cardRecipients(['card-a1', 'card-b1'])).size).toBe(0);
    await store.close();
  });

  it('fills the table from the calls stored before migration 4', async () => {
    await location.migrate(MIGRATIONS.filter((migration) => migration.version < 4));
    await location.execute(
      `INSERT INTO hook_calls (received_at, request_id, service_id, hook, hook_instance, client_iss, patient_id,
         order_ids, determinations, card_uuids, http_status, total_ms, gather_ms)
       VALUES ('2026-09-01T10:00:00.000Z', 'req-old', 'spect-spine-order-sign', 'order-sign', 'old-instance',
         'https://ehr.example.org', 'pat-1', '[]', '[]', '["old-1","old-2"]', 200, 12.5, NULL)`,
    );
    const store = location.open();
    await store.ready();
    expect((await store.cardRecipients(['old-2'])).get('old-2')).toEqual({
      iss: 'https://ehr.example.org',
      serviceId: 'spect-spine-order-sign',
    });
    await store.close();
  });
});
