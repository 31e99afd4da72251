/**
 * The bytes one hook call may read from FHIR servers, across all its queries and pages (decompressed). Each answer
 * also has its own cap (fhir-http-transport.ts); this bound is what stops a hostile server from multiplying memory
 * by answering every parallel query with a huge body. Once spent, every read in flight stops, and the topics cut
 * short become 'truncated' gaps.
 */
export class ByteBudget {
  private spent = 0;

  constructor(readonly limit: number) {}

  /** Counts `bytes` against the budget; false once the total is over the limit (the reader must stop). */
  spend(bytes: number): boolean {
    this.spent += bytes;
    return this.spent <= this.limit;
  }
}

/** A read stopped because the call's byte budget is spent. */
export class ByteBudgetSpentError extends Error {
  override name = 'ByteBudgetSpentError';
  constructor(readonly limit: number) {
    super(`the call's FHIR read budget of ${limit} bytes is spent`);
  }
}
