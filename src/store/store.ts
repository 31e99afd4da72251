/**
 * The service's durable store: the audit trail of hook calls and of DTR questionnaire package requests, and the
 * feedback clinicians send about cards.
 * Two backends share one schema (migrations.ts) and one test suite: SQLite embedded in a file (the default) and
 * PostgreSQL (DATABASE_URL) for several instances behind a load balancer.
 */
import type { PackageAuditLog } from '../dtr/package-audit.js';
import type { AuditLog } from '../protocol/audit/hook-call-record.js';
import type { FeedbackStore } from '../protocol/feedback/store.js';

export interface PruneResult {
  hookCalls: number;
  feedback: number;
}

export interface ServiceStore extends AuditLog, FeedbackStore, PackageAuditLog {
  /** Which backend, for the start-up log. */
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves once the schema is migrated; rejects (and every call with it) if the store cannot be opened. */
  ready(): Promise<void>;
  /**
   * Resolves when the store can take a write now; rejects with the reason otherwise (readiness, GET /readyz).
   * Never waits long: a readiness probe must answer within its own timeout.
   */
  checkWritable(): Promise<void>;
  /** Deletes hook calls and feedback received before the cutoff. */
  prune(cutoff: Date): Promise<PruneResult>;
  /** Flushes and releases the store; for shutdown. Later calls reject. Safe to call twice. */
  close(): Promise<void>;
}

/** Rows deleted per statement when pruning, so a large backlog never holds a lock (or the event loop) for long. */
export const PRUNE_BATCH = 2000;
