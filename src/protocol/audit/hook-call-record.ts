/**
 * The audit record of one hook call. CRD asks both sides to log every hook call and the answer, so a coverage
 * dispute can be settled from the record. It holds what identifies the call and what the service decided, and
 * nothing more: never a token, and no clinical data beyond the ids the determination itself names.
 */
import type { CardKind } from '../../cards/card-kind.js';
import type { Determination, FindingCode, IndicationId, Outcome } from '../../policy/determination.js';

/** One determination as the audit trail keeps it: the decision and its reasons by id, without evidence text. */
export interface DeterminationSummary {
  /** "ServiceRequest/<id>" of the evaluated order. */
  order: string;
  policyVersion: string;
  outcome: Outcome;
  criteriaMet: IndicationId[];
  findings: FindingCode[];
}

export interface HookCallRecord {
  /** When the call arrived (ISO 8601, UTC). Retention prunes on it. */
  receivedAt: string;
  /** The request id of the log line, to join the record with the service log. */
  requestId?: string;
  serviceId: string;
  hook: string;
  hookInstance?: string;
  /** The authenticated caller's JWT issuer (the EHR). */
  iss: string;
  patientId?: string;
  /** Every draft order the EHR sent ("ServiceRequest/<id>", ...), evaluated or not. */
  orderIds: string[];
  determinations: DeterminationSummary[];
  /** uuid of each card answered, so feedback can be joined with the call that showed the card. */
  cardUuids: string[];
  /**
   * The kind of each card answered, parallel to cardUuids: its outcome code (meets-criteria, ...) or finding code
   * (missing-prior-mri, ...), or "unattributed" for a card without the Determination extension. Feedback names a
   * card by uuid only; this attributes it to a card kind exactly. Absent on records stored before schema
   * migration 2 (src/store/migrations.ts): reports reconstruct those from the determinations.
   */
  cardKinds?: string[];
  /** The HTTP status answered. */
  status: number;
  /** From arrival to the answer being ready (ms). */
  totalMs: number;
  /** Time spent gathering the patient's facts (prefetch and FHIR queries), when the call got that far (ms). */
  gatherMs?: number;
}

/** What the hook handler learns about a call on its way, for the audit record. */
export interface HookTrace {
  patientId?: string;
  orderIds?: string[];
  determinations?: DeterminationSummary[];
  gatherMs?: number;
  /** The kind of every card rendered, by uuid, read before the EHR's CRD configuration filtered the cards. */
  cardKinds?: ReadonlyMap<string, CardKind>;
}

export interface HookCallFilter {
  serviceId?: string;
  hookInstance?: string;
}

/** Who a card was answered to, from the audit trail. */
export interface CardRecipient {
  iss: string;
  serviceId: string;
}

/** Where hook-call records go. Implementations make a record durable before recordHookCall resolves. */
export interface AuditLog {
  /** Also records, in the same commit, which client and service each of its card uuids was answered to. */
  recordHookCall(record: HookCallRecord): Promise<void>;
  /** The recipient of each given card uuid that was answered (and not yet pruned); unknown uuids are absent. */
  cardRecipients(cardUuids: readonly string[]): Promise<Map<string, CardRecipient>>;
  /** Stored records, oldest first. */
  listHookCalls(filter?: HookCallFilter): Promise<HookCallRecord[]>;
  countHookCalls(): Promise<number>;
}

export function summarizeDetermination(determination: Determination): DeterminationSummary {
  return {
    order: determination.order,
    policyVersion: determination.policyVersion,
    outcome: determination.outcome,
    criteriaMet: [...determination.criteriaMet],
    findings: determination.findings.map((finding) => finding.code),
  };
}
