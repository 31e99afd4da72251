/**
 * The scale-out store: PostgreSQL via DATABASE_URL, so several service instances share one audit trail. Each
 * write is its own committed statement; with PostgreSQL's default synchronous_commit the commit is flushed to the
 * WAL on disk before the insert returns, so the record outlives a crash of this process and of the database.
 */
import pg from 'pg';
import type { PackageRequestRecord } from '../dtr/package-audit.js';
import type { CardRecipient, HookCallFilter, HookCallRecord } from '../protocol/audit/hook-call-record.js';
import type { FeedbackMeta, FeedbackRecord } from '../protocol/feedback/store.js';
import type { FeedbackItem } from '../protocol/schemas/feedback.js';
import { MIGRATIONS, type Migration, migrationFailed, SCHEMA_MIGRATIONS_POSTGRES } from './migrations.js';
import {
  PACKAGE_REQUEST_COLUMNS,
  packageRequestFromRow,
  packageRequestParams,
} from './package-request-rows.js';
import {
  FEEDBACK_COLUMNS,
  feedbackFromRow,
  feedbackParams,
  HOOK_CALL_COLUMNS,
  hookCallFromRow,
  hookCallParams,
} from './rows.js';
import { PRUNE_BATCH, type PruneResult, type ServiceStore } from './store.js';

export interface PostgresStoreOptions {
  connectionString: string;
  /** A schema to hold the tables (created if missing); the connection's default (public) when absent. */
  schema?: string;
  /** Connections in the pool. */
  maxConnections?: number;
  now?: () => Date;
  migrations?: readonly Migration[];
  /** Told of errors on idle connections (the database restarting), which would otherwise crash the process. */
  onIdleError?: (error: Error) => void;
}

/** Any constant: serializes migrations when several instances start at once. */
const MIGRATION_LOCK = 6_01_204;

const SAFE_SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

function insertSql(table: string, columns: readonly string[], rows = 1): string {
  const values = Array.from(
    { length: rows },
    (_, row) => `(${columns.map((_c, i) => `$${row * columns.length + i + 1}`).join(', ')})`,
  );
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`;
}

/** Applies the migrations not yet recorded, in one transaction under an advisory lock; returns versions applied. */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[] = MIGRATIONS,
  schema?: string,
): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    // Under the lock: CREATE ... IF NOT EXISTS is not safe against a concurrent creator.
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(SCHEMA_MIGRATIONS_POSTGRES);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      try {
        for (const statement of migration.postgres) await client.query(statement);
      } catch (error) {
        throw migrationFailed(migration, error);
      }
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export class PostgresStore implements ServiceStore {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly now: () => Date;
  private readonly opened: Promise<void>;
  private closed?: Promise<void>;

  constructor(options: PostgresStoreOptions) {
    const { schema } = options;
    if (schema !== undefined && !SAFE_SCHEMA.test(schema)) {
      throw new Error(`PostgreSQL schema name "${schema}" must be lower-case letters, digits and _`);
    }
    this.now = options.now ?? (() => new Date());
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 8,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    this.pool.on('error', (error) => options.onIdleError?.(error));
    this.opened = this.open(schema, options.migrations);
    // Callers see the failure through ready() and every later call; this only stops an unhandled rejection.
    this.opened.catch(() => undefined);
  }

  private async open(
    schema: string | undefined,
    migrations: readonly Migration[] | undefined,
  ): Promise<void> {
    const client = await this.pool.connect();
    try {
      await migratePostgres(client, migrations, schema);
    } finally {
      client.release();
    }
  }

  ready(): Promise<void> {
    return this.opened;
  }

  async checkWritable(): Promise<void> {
    // A standby (or a session set read-only) accepts the connection but refuses every INSERT.
    const result = await this.query(
      "SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable",
    );
    if (result.rows[0]?.writable !== true)
      throw new Error('the database accepts no writes (standby or read-only)');
  }

  private async query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    await this.opened;
    if (this.closed) throw new Error('the store is closed');
    return this.pool.query(text, values);
  }

  async recordHookCall(record: HookCallRecord): Promise<void> {
    // One statement, so the call and its answered cards commit together.
    const cardsParam = HOOK_CALL_COLUMNS.indexOf('card_uuids') + 1;
    await this.query(
      `WITH call AS (${insertSql('hook_calls', HOOK_CALL_COLUMNS)} RETURNING client_iss, service_id, received_at)
       INSERT INTO answered_cards (card_uuid, client_iss, service_id, received_at)
       SELECT card, call.client_iss, call.service_id, call.received_at
         FROM call, jsonb_array_elements_text($${cardsParam}::jsonb) AS card
       ON CONFLICT DO NOTHING`,
      hookCallParams(record),
    );
  }

  async cardRecipients(cardUuids: readonly string[]): Promise<Map<string, CardRecipient>> {
    const found = new Map<string, CardRecipient>();
    if (cardUuids.length === 0) return found;
    const { rows } = await this.query(
      'SELECT card_uuid, client_iss, service_id FROM answered_cards WHERE card_uuid = ANY($1::text[])',
      [[...new Set(cardUuids)]],
    );
    for (const row of rows)
      found.set(row.card_uuid as string, { iss: row.client_iss, serviceId: row.service_id });
    return found;
  }

  async listHookCalls(filter: HookCallFilter = {}): Promise<HookCallRecord[]> {
    const { rows } = await this.query(
      `SELECT * FROM hook_calls
       WHERE ($1::text IS NULL OR service_id = $1) AND ($2::text IS NULL OR hook_instance = $2)
       ORDER BY id`,
      [filter.serviceId ?? null, filter.hookInstance ?? null],
    );
    return rows.map(hookCallFromRow);
  }

  async countHookCalls(): Promise<number> {
    const { rows } = await this.query('SELECT count(*)::int AS n FROM hook_calls');
    return rows[0].n as number;
  }

  async recordPackageRequest(record: PackageRequestRecord): Promise<void> {
    await this.query(
      insertSql('dtr_package_requests', PACKAGE_REQUEST_COLUMNS),
      packageRequestParams(record),
    );
  }

  async listPackageRequests(): Promise<PackageRequestRecord[]> {
    const { rows } = await this.query('SELECT * FROM dtr_package_requests ORDER BY id');
    return rows.map(packageRequestFromRow);
  }

  async append(items: readonly FeedbackItem[], meta: FeedbackMeta): Promise<void> {
    if (items.length === 0) return;
    const receivedAt = this.now().toISOString();
    // One multi-row INSERT: all items of a feedback request are stored, or none.
    await this.query(
      insertSql('feedback', FEEDBACK_COLUMNS, items.length),
      items.flatMap((item) => feedbackParams(item, meta, receivedAt)),
    );
  }

  async list(filter: { serviceId?: string } = {}): Promise<FeedbackRecord[]> {
    const { rows } = await this.query(
      'SELECT * FROM feedback WHERE ($1::text IS NULL OR service_id = $1) ORDER BY id',
      [filter.serviceId ?? null],
    );
    return rows.map(feedbackFromRow);
  }

  async count(): Promise<number> {
    const { rows } = await this.query('SELECT count(*)::int AS n FROM feedback');
    return rows[0].n as number;
  }

  async prune(cutoff: Date): Promise<PruneResult> {
    const before = cutoff.toISOString();
    const hookCalls = await this.pruneTable('hook_calls', before);
    // Cards whose call is gone: feedback can no longer name them.
    await this.pruneTable('answered_cards', before, 'card_uuid');
    return { hookCalls, feedback: await this.pruneTable('feedback', before) };
  }

  /** Batched deletes keep each transaction (and its row locks) short while a large backlog goes. */
  private async pruneTable(
    table: 'hook_calls' | 'feedback' | 'answered_cards',
    before: string,
    key = 'id',
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await this.query(
        `DELETE FROM ${table} WHERE ${key} IN
           (SELECT ${key} FROM ${table} WHERE received_at < $1::timestamptz LIMIT ${PRUNE_BATCH})`,
        [before],
      );
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < PRUNE_BATCH) return total;
    }
  }

  async close(): Promise<void> {
    // Waits for queries in flight; an insert already sent is committed before the pool ends.
    this.closed ??= this.opened.catch(() => undefined).then(() => this.pool.end());
    return this.closed;
  }
}
