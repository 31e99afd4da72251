/**
 * Every FHIR resource the service puts in an answer is valid R4, checked with the FHIR.js validator (offline, with
 * R4's structure definitions and value sets): the resources suggestions create or update (e.g. the MRI to order
 * first) and the draft ServiceRequests the coverage-information system actions return. An EHR applies these
 * actions to its own records, so an invalid resource would fail there, out of our sight.
 */
import { Fhir } from 'fhir';
import { ALL_SCENARIOS } from '../acceptance/cases/index.js';
import { type AcceptanceService, startService } from '../acceptance/harness.js';
import type { WireResponse } from '../acceptance/response.js';

interface EmittedResource {
  where: string;
  resource: { resourceType?: string };
}

interface WireActionLike {
  type?: string;
  resource?: { resourceType?: string };
  resourceId?: unknown;
}

/** Every resource in one answer, named by where it sits (scenario, card or system action, action index). */
function emittedResources(scenarioId: string, body: WireResponse): EmittedResource[] {
  const found: EmittedResource[] = [];
  const raw = body as unknown as {
    cards: Array<{ suggestions?: Array<{ actions?: WireActionLike[] }> }>;
    systemActions?: WireActionLike[];
  };
  raw.cards.forEach((card, c) => {
    (card.suggestions ?? []).forEach((suggestion, s) => {
      (suggestion.actions ?? []).forEach((action, a) => {
        if (action.resource) {
          found.push({
            where: `${scenarioId} card[${c}].suggestions[${s}].actions[${a}]`,
            resource: action.resource,
          });
        }
      });
    });
  });
  (raw.systemActions ?? []).forEach((action, a) => {
    if (action.resource)
      found.push({ where: `${scenarioId} systemActions[${a}]`, resource: action.resource });
  });
  return found;
}

/** Delete actions name resources by reference instead; they must be "Type/id" (CDS Hooks 2.0 resourceId). */
function deleteReferences(body: WireResponse): unknown[] {
  const raw = body as unknown as { cards: Array<{ suggestions?: Array<{ actions?: WireActionLike[] }> }> };
  return raw.cards.flatMap((card) =>
    (card.suggestions ?? []).flatMap((s) =>
      (s.actions ?? []).filter((a) => a.type === 'delete').flatMap((a) => a.resourceId as unknown[]),
    ),
  );
}

const fhir = new Fhir();
let service: AcceptanceService;
const emitted: EmittedResource[] = [];
const deleted: unknown[] = [];

beforeAll(async () => {
  service = await startService();
  // A refused call emits nothing.
  for (const scenario of ALL_SCENARIOS.filter((s) => !s.refused)) {
    const answer = await service.call(scenario);
    expect({ scenario: scenario.id, status: answer.status }).toEqual({ scenario: scenario.id, status: 200 });
    emitted.push(...emittedResources(scenario.id, answer.body));
    deleted.push(...deleteReferences(answer.body));
  }
}, 60_000);

test('the scenarios emit every kind of resource (the check below is not vacuous)', () => {
  const kinds = new Set(
    emitted.map(
      (e) => `${e.where.includes('systemActions') ? 'system' : 'suggestion'} ${e.resource.resourceType}`,
    ),
  );
  expect(kinds).toEqual(new Set(['system ServiceRequest', 'suggestion ServiceRequest']));
  expect(emitted.length).toBeGreaterThan(ALL_SCENARIOS.length);
  expect(deleted.length).toBeGreaterThan(0);
});

test('every emitted resource is valid FHIR R4 (FHIR.js, unexpected properties are errors)', () => {
  const errors = emitted.flatMap(({ where, resource }) =>
    (fhir.validate(resource, { errorOnUnexpected: true }).messages ?? [])
      .filter((m) => m.severity === 'error')
      .map((m) => `${where} ${m.location}: ${m.message}`),
  );
  expect(errors).toEqual([]);
});

test('the validator does catch what it is used for here (a broken copy of an emitted resource fails)', () => {
  // A JSON copy, not structuredClone: FHIR.js checks arrays with instanceof, which a copy from another realm fails.
  const original = emitted.find((e) => e.where.includes('systemActions'))!.resource;
  const sample = JSON.parse(JSON.stringify(original)) as Record<string, unknown>;
  sample.status = 'signed';
  sample.coverageInfo = true;
  const messages = fhir.validate(sample, { errorOnUnexpected: true }).messages ?? [];
  expect(messages.filter((m) => m.severity === 'error').map((m) => m.location)).toEqual([
    'ServiceRequest.status',
    'ServiceRequest.coverageInfo',
  ]);
});

test('delete suggestions name each resource as Type/id', () => {
  for (const reference of deleted) expect(reference).toMatch(/^ServiceRequest\/[A-Za-z0-9\-.]{1,64}$/);
});
