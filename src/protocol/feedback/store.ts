/**
 * Where card feedback goes. An interface so a database can replace the in-memory store; the in-memory one keeps
 * a bounded number of records (oldest dropped first) so a chatty EHR cannot exhaust the process.
 */
import type { FeedbackItem } from '../schemas/feedback.js';

export interface FeedbackMeta {
  serviceId: string;
  /** The JWT issuer (the EHR) that sent the feedback. */
  iss: string;
}

export interface FeedbackRecord extends FeedbackMeta {
  /** When the service received it (ISO). */
  receivedAt: string;
  item: FeedbackItem;
}

export interface FeedbackStore {
  append(items: readonly FeedbackItem[], meta: FeedbackMeta): Promise<void>;
  /** Stored records, oldest first, optionally only one service's. */
  list(filter?: { serviceId?: string }): Promise<FeedbackRecord[]>;
  count(): Promise<number>;
}

export class MemoryFeedbackStore implements FeedbackStore {
  private readonly records: FeedbackRecord[] = [];

  constructor(
    private readonly maxRecords = 10_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(items: readonly FeedbackItem[], meta: FeedbackMeta): Promise<void> {
    const receivedAt = this.now().toISOString();
    for (const item of items) this.records.push({ ...meta, receivedAt, item });
    const excess = this.records.length - this.maxRecords;
    if (excess > 0) this.records.splice(0, excess);
  }

  async list(filter: { serviceId?: string } = {}): Promise<FeedbackRecord[]> {
    return this.records.filter((record) => !filter.serviceId || record.serviceId === filter.serviceId);
  }

  async count(): Promise<number> {
    return this.records.length;
  }
}
