/**
 * `npm run corpus:export`: writes corpus/6.01.VT204/, the synthetic hook requests `spect-cds policy diff` runs on:
 * one order-sign request per demo patient (its default draft, full prefetch from its demo chart) and one request per
 * acceptance scenario (test/acceptance/cases, full prefetch), each as the JSON an EHR would POST, plus corpus.json
 * naming each file's source, what the scenario expects, and the date the requests were made for (the charts'
 * dates are relative to it). Re-run it when the acceptance cases or the demo charts change.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bundle, Resource, ServiceRequest } from 'fhir/r4.js';
import { repoRoot } from '../src/app/load-policy.js';
import { orderCatalogue } from '../src/demo/order-catalogue.js';
import { DEMO_PATIENTS, DEMO_PAYER_IDENTIFIER, demoChartResources } from '../src/demo/synthetic-patients.js';
import { ALL_SCENARIOS } from '../test/acceptance/cases/index.js';
import { hookRequest } from '../test/acceptance/request.js';
import { TEST_PAYER_IDENTIFIER } from '../test/support/payer.js';

const OUT = join(repoRoot(), 'corpus', '6.01.VT204');

/** A stable hookInstance per request, so re-exports change only what really changed. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function searchset(resources: Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({ resource })),
  };
}

function patientOf(resource: Resource): string | undefined {
  const r = resource as {
    resourceType: string;
    id?: string;
    subject?: { reference?: string };
    beneficiary?: { reference?: string };
  };
  if (r.resourceType === 'Patient') return r.id;
  return (r.subject ?? r.beneficiary)?.reference?.replace(/^Patient\//, '');
}

async function demoRequests(asOf: Date): Promise<Array<{ file: string; body: unknown; entry: object }>> {
  const orders = (await import(
    pathToFileURL(join(repoRoot(), 'src', 'demo', 'public', 'orders.js')).href
  )) as {
    draftOrders(options: object): ServiceRequest[];
  };
  const resources = demoChartResources(asOf);
  const catalogue = orderCatalogue();
  return DEMO_PATIENTS.map((patient, i) => {
    const mine = resources.filter((r) => patientOf(r) === patient.id);
    const of = (type: string) => mine.filter((r) => r.resourceType === type);
    const drafts = orders
      .draftOrders({
        patientId: patient.id,
        userId: 'Practitioner/demo-clinician',
        catalogue,
        site: patient.draft.site,
        cpt: patient.draft.cpt,
        reasonText: patient.draft.reasonText,
      })
      .map((draft, n) => ({ ...draft, id: `spect-${patient.id}-${n + 1}`, authoredOn: asOf.toISOString() }));
    const body = {
      hook: 'order-sign',
      hookInstance: stableUuid(`demo ${patient.id}`),
      context: {
        userId: 'Practitioner/demo-clinician',
        patientId: patient.id,
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: drafts.map((resource) => ({ resource })),
        },
      },
      prefetch: {
        patient: of('Patient')[0],
        coverage: searchset(of('Coverage')),
        conditions: searchset(of('Condition')),
        procedures: searchset(of('Procedure')),
        imagingStudies: searchset(of('ImagingStudy')),
        serviceRequests: searchset(of('ServiceRequest')),
      },
    };
    const file = `demo-${String(i + 1).padStart(2, '0')}-${patient.id}.json`;
    return {
      file,
      body,
      entry: { file, source: 'demo', id: patient.id, title: patient.caseLabel, expect: patient.expected },
    };
  });
}

/**
 * The acceptance suite's members are the test payer's; in the corpus they are the demo payer's, the one the CLI's
 * default configuration (and demo mode) answers for, so the corpus runs without a config file.
 */
function asDemoPayer<T>(value: T): T {
  if (Array.isArray(value)) return value.map(asDemoPayer) as T;
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (object.system === TEST_PAYER_IDENTIFIER.system && object.value === TEST_PAYER_IDENTIFIER.value)
    return { ...object, value: DEMO_PAYER_IDENTIFIER.value } as T;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, asDemoPayer(v)])) as T;
}

function acceptanceRequests(): Array<{ file: string; body: unknown; entry: object }> {
  return ALL_SCENARIOS.filter((scenario) => !scenario.refused).map((scenario) => {
    const body = asDemoPayer({
      ...hookRequest(scenario),
      hookInstance: stableUuid(`acceptance ${scenario.id}`),
    });
    const file = `acceptance-${scenario.id.toLowerCase()}.json`;
    return {
      file,
      body,
      entry: { file, source: 'acceptance', id: scenario.id, title: scenario.title, expect: scenario.expect },
    };
  });
}

async function main(): Promise<void> {
  const asOf = new Date();
  const requests = [...(await demoRequests(asOf)), ...acceptanceRequests()];
  mkdirSync(OUT, { recursive: true });
  for (const name of readdirSync(OUT)) if (name.endsWith('.json')) rmSync(join(OUT, name));
  for (const { file, body } of requests) writeFileSync(join(OUT, file), `${JSON.stringify(body, null, 2)}\n`);
  const manifest = {
    policy: '6.01.VT204',
    asOf: asOf.toISOString(),
    note: 'Synthetic hook requests (no real patient data) for `spect-cds policy diff`; written by `npm run corpus:export`. Chart dates are relative to asOf, at which the diff evaluates them.',
    requests: requests.map((r) => r.entry),
  };
  writeFileSync(join(OUT, 'corpus.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`wrote ${requests.length} requests and corpus.json to ${OUT}\n`);
}

void main();
