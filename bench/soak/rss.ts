/** Resident set size of another process, from /proc (Linux), in MiB. */
import { readFileSync } from 'node:fs';

export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) / 1024;
  } catch {
    return undefined;
  }
}

export interface RssVerdict {
  /** Mean RSS over the first quarter of the samples after the warm-up (MiB). */
  atWarmup: number;
  /** Mean RSS over the last quarter (MiB). */
  atEnd: number;
  growth: number;
}

/**
 * Growth after warm-up. V8's heap makes RSS a sawtooth (it climbs until a major collection, then drops), so single
 * samples mislead: compare the mean of the first quarter of the post-warm-up samples with the mean of the last.
 */
export function rssGrowth(
  samples: Array<{ t: number; rss: number }>,
  warmupSeconds: number,
): RssVerdict | undefined {
  const after = samples.filter((s) => s.t >= warmupSeconds).map((s) => s.rss);
  if (after.length < 4) return undefined;
  const quarter = Math.max(1, Math.floor(after.length / 4));
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const atWarmup = mean(after.slice(0, quarter));
  const atEnd = mean(after.slice(-quarter));
  return { atWarmup, atEnd, growth: (atEnd - atWarmup) / atWarmup };
}
