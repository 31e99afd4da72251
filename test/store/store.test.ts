/**
 * The store contract, run against every backend (SQLite always, PostgreSQL when DATABASE_URL is set): what is
 * written reads back exactly, survives closing and reopening, is pruned by age, and nothing works after close.
 */
import { PRUNE_BATCH, type ServiceStore } from '../../src/store/store.js';
import { describeBackends, type StoreLocation } from './backends.js';
import { ACCEPTED, bareHookCall, EHR, hookCall, OVERRIDDEN } from './records.js';

describeBackends('store', (backend) => {
  let location: StoreLocation;
  let store: ServiceStore;
  const clock = { now: new Date('2026-09-01T12:00:00.000Z') };

  beforeEach(async () => {
    location = backend.location();
    store = location.open({ now: () => clock.now });
    await store.ready();
  });
  afterEach(async () => {
    await location.cleanup();
  });

  describe('hook calls', () => {
    it('reads back exactly the record written, with or without the optional fields', async () => {
      const full = hookCall();
      const bare = bareHookCall();
      await store.recordHookCall(full);
      await store.recordHookCall(bare);
      expect(await store.listHookCalls()).toEqual([full, bare]);
      expect(await store.countHookCalls()).toBe(2);
    });

    it('keeps the kind of each card parallel to its uuid, and a record without kinds stays without', async () => {
      const withKinds = hookCall({
        cardUuids: ['u-1', 'u-2', 'u-3'],
        cardKinds: ['missing-prior-imaging', 'missing-prior-mri', 'unattributed'],
      });
      const { cardKinds: _none, ...withoutKinds } = hookCall();
      await store.recordHookCall(withKinds);
      await store.recordHookCall(withoutKinds);
      const [first, second] = await store.listHookCalls();
      expect(first!.cardKinds).toEqual(['missing-prior-imaging', 'missing-prior-mri', 'unattributed']);
      expect(second).toEqual(withoutKinds);
      expect(second).not.toHaveProperty('cardKinds');
    });

    it('lists oldest first and filters by hookInstance and by service', async () => {
      const first = hookCall({ hookInstance: 'a' });
      const second = hookCall({
        hookInstance: 'b',
        serviceId: 'spect-spine-order-select',
        hook: 'order-select',
      });
      const third = hookCall({ hookInstance: 'a' });
      for (const record of [first, second, third]) await store.recordHookCall(record);
      expect(await store.listHookCalls({ hookInstance: 'a' })).toEqual([first, third]);
      expect(await store.listHookCalls({ serviceId: 'spect-spine-order-select' })).toEqual([second]);
      expect(await store.listHookCalls({ hookInstance: 'nope' })).toEqual([]);
    });

    it('keeps records across closing and reopening the store', async () => {
      const record = hookCall();
      await store.recordHookCall(record);
      await store.append([ACCEPTED], EHR);
      await store.close();
      const reopened = location.open();
      await reopened.ready();
      expect(await reopened.listHookCalls()).toEqual([record]);
      expect(await reopened.count()).toBe(1);
    });

    it('stores many concurrent writes without losing one', async () => {
      const records = Array.from({ length: 50 }, (_, i) => hookCall({ hookInstance: `burst-${i}` }));
      await Promise.all(records.map((record) => store.recordHookCall(record)));
      const stored = (await store.listHookCalls()).map((record) => record.hookInstance).sort();
      expect(stored).toEqual(records.map((record) => record.hookInstance).sort());
    });
  });

  describe('feedback', () => {
    it('appends every item with the service, issuer and time received; counts and filters by service', async () => {
      await store.append([ACCEPTED, OVERRIDDEN], EHR);
      clock.now = new Date('2026-09-01T12:05:00.000Z');
      await store.append([OVERRIDDEN], {
        serviceId: 'spect-spine-order-select',
        iss: 'https://other.example',
      });
      expect(await store.count()).toBe(3);
      expect(await store.list()).toEqual([
        { ...EHR, receivedAt: '2026-09-01T12:00:00.000Z', item: ACCEPTED },
        { ...EHR, receivedAt: '2026-09-01T12:00:00.000Z', item: OVERRIDDEN },
        {
          serviceId: 'spect-spine-order-select',
          iss: 'https://other.example',
          receivedAt: '2026-09-01T12:05:00.000Z',
          item: OVERRIDDEN,
        },
      ]);
      expect(await store.list({ serviceId: 'spect-spine-order-select' })).toHaveLength(1);
    });

    it('keeps unknown members of a feedback item as received', async () => {
      const extended = { ...ACCEPTED, extension: [{ url: 'https://ehr.example/x', valueString: 'y' }] };
      await store.append([extended], EHR);
      expect((await store.list())[0]?.item).toEqual(extended);
    });
  });

  describe('prune', () => {
    it('deletes hook calls and feedback received before the cutoff and keeps the rest', async () => {
      const old = hookCall({ receivedAt: '2026-01-01T00:00:00.000Z' });
      const edge = hookCall({ receivedAt: '2026-06-01T00:00:00.000Z' });
      const recent = hookCall({ receivedAt: '2026-08-31T23:59:59.999Z' });
      for (const record of [old, edge, recent]) await store.recordHookCall(record);
      clock.now = new Date('2026-01-02T00:00:00.000Z');
      await store.append([ACCEPTED], EHR);
      clock.now = new Date('2026-08-30T00:00:00.000Z');
      await store.append([OVERRIDDEN], EHR);

      const deleted = await store.prune(new Date('2026-06-01T00:00:00.000Z'));

      expect(deleted).toEqual({ hookCalls: 1, feedback: 1 });
      expect(await store.listHookCalls()).toEqual([edge, recent]);
      expect((await store.list()).map((record) => record.item)).toEqual([OVERRIDDEN]);
      expect(await store.prune(new Date('2026-06-01T00:00:00.000Z'))).toEqual({ hookCalls: 0, feedback: 0 });
    });

    it('deletes a backlog larger than one batch', async () => {
      const backlog = PRUNE_BATCH + 7;
      const writes = Array.from({ length: backlog }, () =>
        store.recordHookCall(bareHookCall({ receivedAt: '2025-01-01T00:00:00.000Z' })),
      );
      await Promise.all(writes);
      await store.recordHookCall(hookCall({ receivedAt: '2026-09-01T00:00:00.000Z' }));
      expect(await store.prune(new Date('2026-01-01T00:00:00.000Z'))).toEqual({
        hookCalls: backlog,
        feedback: 0,
      });
      expect(await store.countHookCalls()).toBe(1);
    });
  });

  describe('close', () => {
    it('rejects every call once closed, and closing twice is harmless', async () => {
      await store.close();
      await store.close();
      await expect(store.recordHookCall(hookCall())).rejects.toThrow();
      await expect(store.append([ACCEPTED], EHR)).rejects.toThrow();
      await expect(store.countHookCalls()).rejects.toThrow();
    });
  });
});
