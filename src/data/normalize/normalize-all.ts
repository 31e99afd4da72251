/** Apply one normalizer to a list of resources, keeping the usable facts and counting the rest. */
export interface Normalized<T> {
  facts: T[];
  /** Entries that were not of the expected type or could not be cited; skipped rather than misread. */
  skipped: number;
}

export function normalizeAll<T>(
  values: readonly unknown[],
  normalize: (value: unknown) => T | undefined,
): Normalized<T> {
  const facts: T[] = [];
  for (const value of values) {
    const fact = normalize(value);
    if (fact !== undefined) facts.push(fact);
  }
  return { facts, skipped: values.length - facts.length };
}
