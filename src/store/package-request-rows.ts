/**
 * $questionnaire-package audit records (src/dtr/package-audit.ts) to rows of dtr_package_requests and back, shared
 * by both backends as rows.ts is for hook calls.
 */
import type { PackageRequestRecord } from '../dtr/package-audit.js';

export const PACKAGE_REQUEST_COLUMNS = [
  'received_at',
  'client_iss',
  'coverage_assertion_id',
  'patient_id',
  'coverage',
  'orders',
  'requested',
  'returned',
  'http_status',
] as const;

type Row = Record<string, unknown>;

export function packageRequestParams(record: PackageRequestRecord): unknown[] {
  return [
    record.receivedAt.toISOString(),
    record.clientIss,
    record.coverageAssertionId ?? null,
    record.patientId ?? null,
    record.coverage ?? null,
    JSON.stringify(record.orders),
    JSON.stringify(record.requested),
    JSON.stringify(record.returned),
    record.httpStatus,
  ];
}

const list = (value: unknown): string[] =>
  (typeof value === 'string' ? JSON.parse(value) : value) as string[];

export function packageRequestFromRow(row: Row): PackageRequestRecord {
  const at = row.received_at;
  return {
    receivedAt: at instanceof Date ? at : new Date(String(at)),
    clientIss: String(row.client_iss),
    ...(row.coverage_assertion_id != null ? { coverageAssertionId: String(row.coverage_assertion_id) } : {}),
    ...(row.patient_id != null ? { patientId: String(row.patient_id) } : {}),
    ...(row.coverage != null ? { coverage: String(row.coverage) } : {}),
    orders: list(row.orders),
    requested: list(row.requested),
    returned: list(row.returned),
    httpStatus: Number(row.http_status),
  };
}
