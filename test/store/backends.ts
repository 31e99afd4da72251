/**
 * The store backends every store test runs against: SQLite in a fresh temporary file always, and PostgreSQL when
 * DATABASE_URL is set (.ci/run sets it). Each PostgreSQL store gets its own schema, so test files running in
 * parallel never see each other's rows; cleanup() drops it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Migration } from '../../src/store/migrations.js';
import { migratePostgres, PostgresStore } from '../../src/store/postgres-store.js';
import { migrateSqlite, SqliteStore } from '../../src/store/sqlite-store.js';
import type { ServiceStore } from '../../src/store/store.js';

export interface StoreOptions {
  now?: () => Date;
  migrations?: readonly Migration[];
}

/** One place (a file, a schema) that stores can be opened on, reopened, and inspected. */
export interface StoreLocation {
  open(options?: StoreOptions): ServiceStore;
  /** Runs a read-only SQL query directly on the database (schema_migrations and the like). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Applies these migrations only, without opening a store (whose statements need the current schema). */
  migrate(migrations: readonly Migration[]): Promise<void>;
  /** Runs SQL that changes the database directly (rows as an older version of the service wrote them). */
  execute(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  location(): StoreLocation;
}

const sqlite: Backend = {
  name: 'sqlite',
  location() {
    const dir = mkdtempSync(join(tmpdir(), 'cds-store-'));
    const filename = join(dir, 'store.sqlite');
    const opened: ServiceStore[] = [];
    return {
      open(options = {}) {
        const store = new SqliteStore({ filename, ...options });
        opened.push(store);
        return store;
      },
      async query(sql) {
        // The bare database, not a store: a store needs the current schema, and this may look at an older one.
        const db = new Database(filename);
        try {
          return db.prepare(sql).all() as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      async migrate(migrations) {
        const db = new Database(filename);
        try {
          migrateSqlite(db, migrations);
        } finally {
          db.close();
        }
      },
      async execute(sql) {
        const db = new Database(filename);
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      },
      async cleanup() {
        for (const store of opened) await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;

const postgres: Backend = {
  name: 'postgres',
  location() {
    const connectionString = DATABASE_URL!;
    const schema = `test_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    const opened: ServiceStore[] = [];
    /** One short-lived connection on the test schema, bypassing the store, closed whatever happens. */
    const withAdmin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    };
    return {
      open(options = {}) {
        const store = new PostgresStore({ connectionString, schema, maxConnections: 4, ...options });
        opened.push(store);
        return store;
      },
      query: (sql) => withAdmin(async (client) => (await client.query(sql)).rows),
      migrate: (migrations) =>
        withAdmin(async (client) => {
          await migratePostgres(client, migrations, schema);
        }),
      execute: (sql) =>
        withAdmin(async (client) => {
          await client.query(sql);
        }),
      async cleanup() {
        for (const store of opened) await store.close();
        await withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      },
    };
  },
};

/** Both backends; PostgreSQL only where DATABASE_URL says where it is. */
export const BACKENDS: Backend[] = DATABASE_URL ? [sqlite, postgres] : [sqlite];

/** describe.each over the backends, with PostgreSQL shown as skipped when DATABASE_URL is not set. */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  describe.each(BACKENDS.map((backend) => [backend.name, backend] as const))(
    `${title} (%s)`,
    (_name, backend) => body(backend),
  );
  if (!DATABASE_URL) {
    describe.skip(`${title} (postgres: set DATABASE_URL to run)`, () => {
      it('runs against PostgreSQL', () => undefined);
    });
  }
}
