/**
 * The schema, as numbered migrations applied once each and recorded in schema_migrations. Both backends get the
 * same tables and columns; only the column types differ where the databases differ (JSON, timestamps, identity).
 * Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string[];
  postgres: string[];
}

/** The error a failed migration stops the start with: which migration, and the database's reason. */
export function migrationFailed(migration: Migration, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(`store migration ${migration.version} (${migration.name}) failed: ${reason}`, { cause });
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'hook calls and feedback',
    sqlite: [
      `CREATE TABLE hook_calls (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        request_id TEXT,
        service_id TEXT NOT NULL,
        hook TEXT NOT NULL,
        hook_instance TEXT,
        client_iss TEXT NOT NULL,
        patient_id TEXT,
        order_ids TEXT NOT NULL,
        determinations TEXT NOT NULL,
        card_uuids TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        total_ms REAL NOT NULL,
        gather_ms REAL
      )`,
      'CREATE INDEX hook_calls_received_at ON hook_calls (received_at)',
      'CREATE INDEX hook_calls_hook_instance ON hook_calls (hook_instance)',
      `CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        service_id TEXT NOT NULL,
        client_iss TEXT NOT NULL,
        card_uuid TEXT NOT NULL,
        outcome TEXT NOT NULL,
        outcome_timestamp TEXT NOT NULL,
        item TEXT NOT NULL
      )`,
      'CREATE INDEX feedback_received_at ON feedback (received_at)',
      'CREATE INDEX feedback_card_uuid ON feedback (card_uuid)',
    ],
    postgres: [
      `CREATE TABLE hook_calls (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at TIMESTAMPTZ NOT NULL,
        request_id TEXT,
        service_id TEXT NOT NULL,
        hook TEXT NOT NULL,
        hook_instance TEXT,
        client_iss TEXT NOT NULL,
        patient_id TEXT,
        order_ids JSONB NOT NULL,
        determinations JSONB NOT NULL,
        card_uuids JSONB NOT NULL,
        http_status INTEGER NOT NULL,
        total_ms DOUBLE PRECISION NOT NULL,
        gather_ms DOUBLE PRECISION
      )`,
      'CREATE INDEX hook_calls_received_at ON hook_calls (received_at)',
      'CREATE INDEX hook_calls_hook_instance ON hook_calls (hook_instance)',
      `CREATE TABLE feedback (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at TIMESTAMPTZ NOT NULL,
        service_id TEXT NOT NULL,
        client_iss TEXT NOT NULL,
        card_uuid TEXT NOT NULL,
        outcome TEXT NOT NULL,
        outcome_timestamp TEXT NOT NULL,
        item JSONB NOT NULL
      )`,
      'CREATE INDEX feedback_received_at ON feedback (received_at)',
      'CREATE INDEX feedback_card_uuid ON feedback (card_uuid)',
    ],
  },
  {
    // The kind of each card answered, parallel to card_uuids, so feedback is attributed exactly. Nullable: rows
    // written before this migration have none, and reports reconstruct their kinds from the determinations.
    version: 2,
    name: 'card kinds of hook calls',
    sqlite: ['ALTER TABLE hook_calls ADD COLUMN card_kinds TEXT'],
    postgres: ['ALTER TABLE hook_calls ADD COLUMN card_kinds JSONB'],
  },
  {
    // DTR: every $questionnaire-package request, with the CRD coverage-assertion-id it served (src/dtr).
    version: 3,
    name: 'questionnaire package requests',
    sqlite: [
      `CREATE TABLE dtr_package_requests (
        id INTEGER PRIMARY KEY,
        received_at TEXT NOT NULL,
        client_iss TEXT NOT NULL,
        coverage_assertion_id TEXT,
        patient_id TEXT,
        coverage TEXT,
        orders TEXT NOT NULL,
        requested TEXT NOT NULL,
        returned TEXT NOT NULL,
        http_status INTEGER NOT NULL
      )`,
      'CREATE INDEX dtr_package_requests_assertion ON dtr_package_requests (coverage_assertion_id)',
    ],
    postgres: [
      `CREATE TABLE dtr_package_requests (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at TIMESTAMPTZ NOT NULL,
        client_iss TEXT NOT NULL,
        coverage_assertion_id TEXT,
        patient_id TEXT,
        coverage TEXT,
        orders JSONB NOT NULL,
        requested JSONB NOT NULL,
        returned JSONB NOT NULL,
        http_status INTEGER NOT NULL
      )`,
      'CREATE INDEX dtr_package_requests_assertion ON dtr_package_requests (coverage_assertion_id)',
    ],
  },
  {
    // Which client (and service) each card was answered to, one row per card uuid, so feedback is accepted only
    // from the client that received the card, by one index lookup. Filled from the calls already recorded.
    version: 4,
    name: 'answered cards',
    sqlite: [
      `CREATE TABLE answered_cards (
        card_uuid TEXT PRIMARY KEY,
        client_iss TEXT NOT NULL,
        service_id TEXT NOT NULL,
        received_at TEXT NOT NULL
      )`,
      'CREATE INDEX answered_cards_received_at ON answered_cards (received_at)',
      `INSERT OR IGNORE INTO answered_cards (card_uuid, client_iss, service_id, received_at)
        SELECT card.value, client_iss, service_id, received_at FROM hook_calls, json_each(hook_calls.card_uuids) AS card`,
    ],
    postgres: [
      `CREATE TABLE answered_cards (
        card_uuid TEXT PRIMARY KEY,
        client_iss TEXT NOT NULL,
        service_id TEXT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL
      )`,
      'CREATE INDEX answered_cards_received_at ON answered_cards (received_at)',
      `INSERT INTO answered_cards (card_uuid, client_iss, service_id, received_at)
        SELECT card, client_iss, service_id, received_at FROM hook_calls, jsonb_array_elements_text(card_uuids) AS card
        ON CONFLICT DO NOTHING`,
    ],
  },
];

export const SCHEMA_MIGRATIONS_SQLITE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export const SCHEMA_MIGRATIONS_POSTGRES = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL
)`;
