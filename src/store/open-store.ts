/**
 * Picks the backend from the configuration: PostgreSQL when DATABASE_URL is set, otherwise the SQLite file
 * under dataDir. The data directory is created on first start; the schema is migrated on every start.
 */
import { resolve } from 'node:path';
import type { ServiceStore } from './store.js';

/** The SQLite file's name inside dataDir. */
export const SQLITE_FILE = 'spect-cds.sqlite';

export interface StoreSettings {
  /** postgres://… ; when set, dataDir is not used. */
  databaseUrl?: string;
  dataDir: string;
  onIdleError?: (error: Error) => void;
}

/** Only the chosen backend's driver is loaded: pg alone is 15 MB of resident memory a SQLite deployment never uses. */
export async function openStore(settings: StoreSettings): Promise<ServiceStore> {
  if (settings.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.js');
    return new PostgresStore({ connectionString: settings.databaseUrl, onIdleError: settings.onIdleError });
  }
  const { SqliteStore } = await import('./sqlite-store.js');
  return new SqliteStore({ filename: resolve(settings.dataDir, SQLITE_FILE) });
}

/** Where the store lives, for the start-up log: never the DATABASE_URL itself (it may hold a password). */
export function describeStore(settings: StoreSettings): string {
  if (!settings.databaseUrl) return `sqlite ${resolve(settings.dataDir, SQLITE_FILE)}`;
  try {
    const url = new URL(settings.databaseUrl);
    return `postgres ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL)';
  }
}
