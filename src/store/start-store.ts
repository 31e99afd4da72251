/**
 * The store as the process runs it: opened from the settings, retention pruning in the background, and one
 * close() for shutdown that stops the pruning and flushes the store.
 */
import type { Logger } from 'pino';
import { describeStore, openStore, type StoreSettings } from './open-store.js';
import { startRetention } from './retention.js';
import type { ServiceStore } from './store.js';

export interface RunningStore {
  store: ServiceStore;
  /** Stops retention and closes the store (WAL checkpoint / pool drained). */
  close(): Promise<void>;
}

export async function startStore(
  settings: Omit<StoreSettings, 'onIdleError'> & { retentionDays: number },
  logger: Logger,
): Promise<RunningStore> {
  const store = await openStore({
    ...settings,
    onIdleError: (error) => logger.warn({ err: { message: error.message } }, 'store: idle connection lost'),
  });
  logger.info(
    { store: describeStore(settings), retentionDays: settings.retentionDays },
    'audit trail and feedback store opened',
  );
  const retention = startRetention(store, { days: settings.retentionDays, logger });
  return {
    store,
    async close() {
      retention.stop();
      await store.close();
    },
  };
}
