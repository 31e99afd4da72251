/**
 * Reads the service configuration at start-up: PORT, and the JSON file named by CDS_CONFIG validated against the
 * config schema. A bad file is a ConfigError whose message names the file and each bad field, so the operator can
 * fix it without reading code. Without CDS_CONFIG the service runs in demo mode (src/demo/): bound to loopback, with
 * an embedded demo EHR and a client key only that run trusts; a config file turns demo mode off.
 */
import { readFileSync } from 'node:fs';
import { configSchema, type ServiceConfig } from '../config.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  config: ServiceConfig;
  port: number;
  /** The file read, or undefined when running on defaults. */
  file?: string;
  /** No CDS_CONFIG: run the embedded demo (src/demo/start-demo.ts) on loopback. */
  demo: boolean;
  policyDir?: string;
  cardsDir?: string;
  logLevel: string;
  /** DATABASE_URL: store the audit trail and feedback in PostgreSQL instead of the SQLite file under dataDir. */
  databaseUrl?: string;
  /** REDIS_URL: share the JWT replay cache and the fact cache across replicas (src/ops/redis/). */
  redisUrl?: string;
  /** Worker processes to run (src/app/cluster.ts): CDS_WORKERS, else config `workers`, else 1. */
  workers: number;
  /** CDS_FACT_CACHE_SECRET: the fact cache's keyed-hash secret, the same on every replica sharing a Redis. */
  factCacheSecret?: string;
  /** CDS_METRICS_TOKEN: GET /metrics then requires it as a bearer token. */
  metricsToken?: string;
}

type Env = Record<string, string | undefined>;

const TRUE = new Set(['1', 'true', 'yes', 'on']);

function portFrom(env: Env): number {
  const raw = env.PORT?.trim();
  if (!raw) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`))
    .join('');
}

/** Parses and validates a config object; `origin` names its source in error messages. */
export function parseConfig(raw: unknown, origin: string): ServiceConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `  - ${fieldPath(issue.path) || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(`invalid configuration in ${origin}:\n${lines.join('\n')}`);
}

/**
 * CDS_WORKERS, else the config's `workers`, else one process. Several workers are opt-in: on a 2-core host they gave
 * +20-29% throughput for 2.4x the memory (bench/results.md), and in a container Node counts the host's cores, not
 * the CPU quota, so an all-cores default would overcommit a small pod.
 */
function workersFrom(env: Env, config: ServiceConfig): number {
  const raw = env.CDS_WORKERS?.trim();
  if (raw) {
    const workers = Number(raw);
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
      throw new ConfigError(`CDS_WORKERS must be an integer from 1 to 256, got "${raw}"`);
    }
    return workers;
  }
  return config.workers ?? 1;
}

export function loadConfig(
  env: Env = process.env,
  readFile = (path: string) => readFileSync(path, 'utf8'),
): LoadedConfig {
  const port = portFrom(env);
  const file = env.CDS_CONFIG?.trim() || undefined;
  let raw: Record<string, unknown>;
  if (file) {
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new ConfigError(`cannot read CDS_CONFIG file ${file}: ${(error as Error).message}`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`CDS_CONFIG file ${file} is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    // Demo mode listens on 127.0.0.1 only, so its base URL names that address (JWT audiences are built from it).
    raw = { baseUrl: `http://127.0.0.1:${port}` };
  }
  if (
    TRUE.has((env.CDS_ALLOW_UNSIGNED_LOOPBACK ?? '').trim().toLowerCase()) &&
    raw &&
    typeof raw === 'object'
  ) {
    raw = { ...raw, allowUnsignedLoopback: true };
  }
  const config = parseConfig(raw, file ?? 'the default configuration');
  return {
    config,
    port,
    file,
    demo: !file,
    policyDir: env.CDS_POLICY_DIR?.trim() || undefined,
    cardsDir: env.CDS_CARDS_DIR?.trim() || undefined,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    workers: workersFrom(env, config),
    factCacheSecret: env.CDS_FACT_CACHE_SECRET?.trim() || undefined,
    metricsToken: env.CDS_METRICS_TOKEN?.trim() || undefined,
  };
}
