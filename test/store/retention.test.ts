/**
 * Retention: records older than retentionDays go, in the background, on a timer that never keeps the process
 * alive; a prune that is still running is not started twice; a failing prune is logged, not thrown.
 */
import { jest } from '@jest/globals';
import { retentionCutoff, startRetention } from '../../src/store/retention.js';
import type { ServiceStore } from '../../src/store/store.js';
import { describeBackends, type StoreLocation } from './backends.js';
import { ACCEPTED, EHR, hookCall } from './records.js';

const DAY = 24 * 60 * 60 * 1000;

function refTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (await condition()) return resolve();
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(poll, 10);
    };
    void poll();
  });
}

it('computes the cutoff as whole days before now', () => {
  expect(retentionCutoff(new Date('2026-09-10T08:30:00.000Z'), 30).toISOString()).toBe(
    '2026-08-11T08:30:00.000Z',
  );
});

describeBackends('retention', (backend) => {
  let location: StoreLocation;
  let store: ServiceStore;
  const now = new Date('2026-09-10T00:00:00.000Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();

  beforeEach(async () => {
    location = backend.location();
    store = location.open({ now: () => new Date(daysAgo(40)) });
    await store.ready();
  });
  afterEach(async () => {
    await location.cleanup();
  });

  it('prunes in the background what is older than the retention days, without holding the process open', async () => {
    const kept = hookCall({ receivedAt: daysAgo(29) });
    await store.recordHookCall(hookCall({ receivedAt: daysAgo(31) }));
    await store.recordHookCall(kept);
    await store.append([ACCEPTED], EHR); // received 40 days ago (the store's clock)
    const info = jest.fn();
    const timersBefore = refTimers();

    const retention = startRetention(store, {
      days: 30,
      now: () => now,
      firstDelayMs: 5,
      intervalMs: 20,
      logger: { info, error: jest.fn() },
    });
    try {
      expect(refTimers()).toBe(timersBefore);
      await until(async () => (await store.countHookCalls()) === 1 && (await store.count()) === 0);
      expect(await store.listHookCalls()).toEqual([kept]);
      expect(info).toHaveBeenCalledWith(
        { hookCalls: 1, feedback: 1, retentionDays: 30 },
        'retention: pruned old records',
      );
    } finally {
      retention.stop();
    }
  });

  it('keeps pruning on its interval: records that age past the limit later are removed too', async () => {
    const clock = { now };
    const retention = startRetention(store, {
      days: 30,
      now: () => clock.now,
      firstDelayMs: 5,
      intervalMs: 15,
    });
    try {
      await store.recordHookCall(hookCall({ receivedAt: daysAgo(20) }));
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(await store.countHookCalls()).toBe(1);
      clock.now = new Date(now.getTime() + 11 * DAY);
      await until(async () => (await store.countHookCalls()) === 0);
    } finally {
      retention.stop();
    }
  });

  it('stop() ends the pruning', async () => {
    const retention = startRetention(store, { days: 30, now: () => now, firstDelayMs: 5, intervalMs: 10 });
    retention.stop();
    await store.recordHookCall(hookCall({ receivedAt: daysAgo(31) }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await store.countHookCalls()).toBe(1);
  });
});

describe('retention against a failing or slow store', () => {
  it('logs a failed prune and carries on', async () => {
    const error = jest.fn();
    const prune = jest
      .fn<ServiceStore['prune']>()
      .mockRejectedValueOnce(new Error('disk I/O error'))
      .mockResolvedValue({ hookCalls: 0, feedback: 0 });
    const retention = startRetention({ prune } as unknown as ServiceStore, {
      days: 1,
      firstDelayMs: 1,
      intervalMs: 10,
      logger: { info: jest.fn(), error },
    });
    try {
      await until(async () => prune.mock.calls.length >= 2);
      expect(error).toHaveBeenCalledWith({ err: { message: 'disk I/O error' } }, 'retention: prune failed');
    } finally {
      retention.stop();
    }
  });

  it('does not start a prune while the previous one is still running', async () => {
    let finish: (value: { hookCalls: number; feedback: number }) => void = () => undefined;
    const prune = jest.fn(
      () => new Promise<{ hookCalls: number; feedback: number }>((resolve) => (finish = resolve)),
    );
    const retention = startRetention({ prune } as unknown as ServiceStore, {
      days: 1,
      firstDelayMs: 1,
      intervalMs: 5,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(prune).toHaveBeenCalledTimes(1);
      finish({ hookCalls: 0, feedback: 0 });
      await until(async () => prune.mock.calls.length >= 2);
    } finally {
      retention.stop();
      finish({ hookCalls: 0, feedback: 0 });
    }
  });
});
