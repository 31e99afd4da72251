/** Worker thread: signs one share of a bench token batch (see tokens.ts) and posts the compact JWTs back. */
import { createPrivateKey, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import type { SignJob } from './tokens.js';

const job = workerData as SignJob;
const key = createPrivateKey(job.privatePem);
// JOSE wants ECDSA signatures as r||s, not DER.
const options = job.alg === 'ES384' ? { key, dsaEncoding: 'ieee-p1363' as const } : { key };
const tokens = job.jtis.map((jti) => {
  const payload = Buffer.from(JSON.stringify({ ...job.claims, jti })).toString('base64url');
  const input = `${job.header}.${payload}`;
  return `${input}.${sign('sha384', Buffer.from(input), options).toString('base64url')}`;
});
parentPort!.postMessage(tokens);
