/**
 * The V8 heap setting the service runs with. A hook call's garbage is short-lived but arrives in bursts: with 16
 * calls in flight, a young-generation collection finds many of them still live and promotes their parsed bodies to
 * the old generation, where they die a moment later. V8 sizes the next old-generation limit from what the last
 * full collection kept, by a factor of up to 4, so a process keeping ~20 MB live was measured holding ~95 MB of old
 * space, most of it dead bodies waiting for the next full collection (peak RSS 195 MB in the benchmark's scenario 1;
 * 140 MB at 50%). A smaller factor starts full collections (mostly concurrent marking, on a helper thread) sooner.
 * What it costs: a multi-megabyte chart is promoted whole, so it now meets about one full collection per call
 * (scenario 2's p50 ~10 ms slower; docs/deployment.md).
 *
 * The flag is read by V8 each time it sets a new limit, so setting it at start-up, before the first call, is enough;
 * it cannot go in NODE_OPTIONS, which only admits a few V8 flags.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flag for a growing percent; undefined for 0, which leaves V8's own heuristic. */
export function heapGrowingFlag(percent: number): string | undefined {
  if (!Number.isInteger(percent) || percent < 0) {
    throw new RangeError(`heap growing percent must be a non-negative integer, got ${percent}`);
  }
  return percent === 0 ? undefined : `--heap-growing-percent=${percent}`;
}

export function applyHeapGrowth(
  percent: number,
  setFlags: (flag: string) => void = setFlagsFromString,
): void {
  const flag = heapGrowingFlag(percent);
  if (flag) setFlags(flag);
}
