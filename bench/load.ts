/**
 * Drives one HTTP target with autocannon: a fixed number of POSTs over N keep-alive connections, each with the
 * next pre-signed token (so no token is ever sent twice) and the next body of the scenario. Latency percentiles
 * come from every response's own timing (autocannon's summary has no p95).
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  /** e.g. http://127.0.0.1:3000 */
  origin: string;
  path: string;
  /** Bodies sent in turn (one per patient, say). */
  bodies: readonly string[];
  /** One per request; `amount` requests are sent, so there must be at least that many. */
  tokens: readonly string[];
  amount: number;
  connections: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers other than 200, and transport errors. */
  non200: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function drive(spec: LoadSpec): Promise<LoadResult> {
  if (spec.tokens.length < spec.amount)
    throw new Error(`need ${spec.amount} tokens, have ${spec.tokens.length}`);
  let next = 0;
  const latencies: number[] = [];
  let non200 = 0;
  const started = process.hrtime.bigint();
  // Without a callback autocannon returns its event emitter, made thenable (the types only show the promise).
  const instance = autocannon({
    url: spec.origin,
    connections: spec.connections,
    amount: spec.amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        setupRequest: (req) => {
          const i = next++;
          // autocannon may build a request it never sends; the last ones fall back to a spare token.
          const token = spec.tokens[i] ?? spec.tokens[spec.tokens.length - 1];
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: spec.bodies[i % spec.bodies.length]!,
          };
        },
      },
    ],
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  let lastResponse = started;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    lastResponse = process.hrtime.bigint();
    if (statusCode !== 200) non200++;
  });
  const result = await instance;
  // Until the last answer, not until autocannon resolves: it notices `amount` is reached only on its next
  // one-second tick, which rounded every run up to whole seconds (a 0.6 s floor run counted as 1 s).
  const seconds = Number(lastResponse - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non200: non200 + result.errors + result.timeouts,
  };
}
