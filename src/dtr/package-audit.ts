/**
 * The audit trail of $questionnaire-package requests: who asked, for which CRD coverage assertion (the `context`
 * parameter, which echoes the coverage-assertion-id of the order-sign answer), for which member, coverage and
 * orders, and which questionnaires were returned. Ids only: no clinical content is kept (CRD found-37/38, sec-6).
 */
export interface PackageRequestRecord {
  receivedAt: Date;
  clientIss: string;
  /** The CRD coverage-assertion-id the request served; absent when the client sent no context. */
  coverageAssertionId?: string;
  patientId?: string;
  coverage?: string;
  orders: string[];
  /** Questionnaire canonicals asked for. */
  requested: string[];
  /** Questionnaire canonicals returned. */
  returned: string[];
  httpStatus: number;
}

export interface PackageAuditLog {
  recordPackageRequest(record: PackageRequestRecord): Promise<void>;
  listPackageRequests(): Promise<PackageRequestRecord[]>;
}
