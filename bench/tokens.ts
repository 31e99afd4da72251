/**
 * Bench clients and their JWTs. Every hook call carries its own token (unique jti), so the service does the full
 * verification each time, replay check included. Tokens are signed before a run, on every core through worker
 * threads (one RS384 signature costs about 1 ms, ES384 about 1.6 ms here), so signing never competes with the load.
 */
import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';

export type BenchAlg = 'RS384' | 'ES384';

export interface BenchClient {
  alg: BenchAlg;
  iss: string;
  kid: string;
  privatePem: string;
  publicJwk: Record<string, unknown>;
}

export function createBenchClient(alg: BenchAlg): BenchClient {
  const pair =
    alg === 'RS384'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const kid = `bench-${alg.toLowerCase()}`;
  return {
    alg,
    iss: `https://ehr-bench-${alg.toLowerCase()}.example`,
    kid,
    privatePem: (pair.privateKey as KeyObject).export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicJwk: { ...(pair.publicKey as KeyObject).export({ format: 'jwk' }), kid, alg, use: 'sig' },
  };
}

export interface SignJob {
  alg: BenchAlg;
  privatePem: string;
  header: string;
  /** Claims shared by every token of the job; jti is added per token. */
  claims: Record<string, unknown>;
  jtis: string[];
}

/** `count` tokens for `aud`, valid for 15 minutes, signed across the machine's cores. */
export async function signTokens(client: BenchClient, aud: string, count: number): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  const header = Buffer.from(JSON.stringify({ alg: client.alg, kid: client.kid, typ: 'JWT' })).toString(
    'base64url',
  );
  const claims = { iss: client.iss, aud, iat: now, exp: now + 900 };
  const workers = Math.max(1, Math.min(cpus().length, Math.ceil(count / 500)));
  const jtis = Array.from({ length: count }, () => randomUUID());
  const share = Math.ceil(count / workers);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const job: SignJob = {
        alg: client.alg,
        privatePem: client.privatePem,
        header,
        claims,
        jtis: jtis.slice(w * share, (w + 1) * share),
      };
      return new Promise<string[]>((resolve, reject) => {
        const worker = new Worker(new URL('./sign-worker.js', import.meta.url), { workerData: job });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  return parts.flat();
}
