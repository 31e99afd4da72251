/**
 * Records to table rows and back, shared by both backends. JSON columns are text in SQLite and jsonb in
 * PostgreSQL (which the driver hands back parsed); timestamps are ISO text in SQLite and timestamptz (a Date)
 * in PostgreSQL. Column order here is the order of the INSERT parameters.
 */
import type { HookCallRecord } from '../protocol/audit/hook-call-record.js';
import type { FeedbackMeta, FeedbackRecord } from '../protocol/feedback/store.js';
import type { FeedbackItem } from '../protocol/schemas/feedback.js';

export const HOOK_CALL_COLUMNS = [
  'received_at',
  'request_id',
  'service_id',
  'hook',
  'hook_instance',
  'client_iss',
  'patient_id',
  'order_ids',
  'determinations',
  'card_uuids',
  'card_kinds',
  'http_status',
  'total_ms',
  'gather_ms',
] as const;

export const FEEDBACK_COLUMNS = [
  'received_at',
  'service_id',
  'client_iss',
  'card_uuid',
  'outcome',
  'outcome_timestamp',
  'item',
] as const;

type Row = Record<string, unknown>;

export function hookCallParams(record: HookCallRecord): unknown[] {
  return [
    record.receivedAt,
    record.requestId ?? null,
    record.serviceId,
    record.hook,
    record.hookInstance ?? null,
    record.iss,
    record.patientId ?? null,
    JSON.stringify(record.orderIds),
    JSON.stringify(record.determinations),
    JSON.stringify(record.cardUuids),
    record.cardKinds === undefined ? null : JSON.stringify(record.cardKinds),
    record.status,
    record.totalMs,
    record.gatherMs ?? null,
  ];
}

export function feedbackParams(item: FeedbackItem, meta: FeedbackMeta, receivedAt: string): unknown[] {
  return [
    receivedAt,
    meta.serviceId,
    meta.iss,
    item.card,
    item.outcome,
    item.outcomeTimestamp,
    JSON.stringify(item),
  ];
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function isoTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function optional<T>(value: unknown): T | undefined {
  return value === null || value === undefined ? undefined : (value as T);
}

export function hookCallFromRow(row: Row): HookCallRecord {
  const record: HookCallRecord = {
    receivedAt: isoTime(row.received_at),
    requestId: optional<string>(row.request_id),
    serviceId: String(row.service_id),
    hook: String(row.hook),
    hookInstance: optional<string>(row.hook_instance),
    iss: String(row.client_iss),
    patientId: optional<string>(row.patient_id),
    orderIds: json<string[]>(row.order_ids),
    determinations: json<HookCallRecord['determinations']>(row.determinations),
    cardUuids: json<string[]>(row.card_uuids),
    // NULL in rows stored before migration 2.
    cardKinds:
      row.card_kinds === null || row.card_kinds === undefined ? undefined : json<string[]>(row.card_kinds),
    status: Number(row.http_status),
    totalMs: Number(row.total_ms),
    gatherMs: row.gather_ms === null ? undefined : Number(row.gather_ms),
  };
  // Absent optional fields stay absent, so a record read back equals the record written.
  for (const key of Object.keys(record) as (keyof HookCallRecord)[]) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

export function feedbackFromRow(row: Row): FeedbackRecord {
  return {
    serviceId: String(row.service_id),
    iss: String(row.client_iss),
    receivedAt: isoTime(row.received_at),
    item: json<FeedbackItem>(row.item),
  };
}
