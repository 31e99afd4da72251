/**
 * The contract checks, applied to every scenario's response. Each check states one sentence of the issue;
 * failures print the scenario's expected vs actual determination so a reviewer sees what the policy said.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import { MRI_CPT_BY_REGION, SITE, type SiteName } from './fixtures/codes.js';
import {
  codesOf,
  coverageInformationOf,
  deletedRefs,
  determinationOf,
  subExtensions,
  type WireCard,
  type WireResponse,
  type WireSuggestion,
} from './response.js';
import type { ExpectedDetermination, Hook, Scenario, SuggestionKind } from './scenario.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ContractSettings {
  insurerName: string;
  policyUrl: string;
}

/** Coverage-assertion ids seen so far in this test file: each must be unique. */
const assertionIdsSeen = new Set<string>();

const ref = (id: string) => `ServiceRequest/${id}`;

function cardsFor(response: WireResponse, order: string): WireCard[] {
  return response.cards.filter((card) => determinationOf(card)?.order === ref(order));
}

/** What the cards say about each order, normalised for comparison with the scenario. */
function actualDeterminations(response: WireResponse) {
  const orders = [...new Set(response.cards.map((c) => determinationOf(c)?.order))].sort();
  return orders.map((order) => {
    const dets = response.cards.map(determinationOf).filter((d) => d?.order === order);
    return {
      order,
      outcomes: [...new Set(dets.map((d) => d?.outcome))],
      criteriaMet: dets[0]?.criteriaMet,
      findings: [...new Set(dets.flatMap((d) => (d?.findings ?? []).map((f) => f.code)))].sort(),
    };
  });
}

function expectedView(expected: ExpectedDetermination[]) {
  return [...expected]
    .sort((a, b) => ref(a.order).localeCompare(ref(b.order)))
    .map((e) => ({
      order: ref(e.order),
      outcomes: [e.outcome],
      criteriaMet: e.criteriaMet,
      findings: [...e.findings].sort(),
    }));
}

/** Card shape every card must have (CDS Hooks 2.0 + the card rules). */
export function expectWellFormedCards(response: WireResponse, settings: ContractSettings): void {
  const uuids: string[] = [];
  for (const card of response.cards) {
    expect(typeof card.summary).toBe('string');
    expect(card.summary?.length).toBeGreaterThan(0);
    expect(card.summary?.length).toBeLessThan(140);
    expect(['info', 'warning']).toContain(card.indicator);
    expect(card.source?.label).toBe(settings.insurerName);
    expect(card.source?.url).toBe(settings.policyUrl);
    expect(card.source?.topic).toEqual(expect.objectContaining({ code: expect.any(String) }));
    expect(card.uuid).toMatch(UUID);
    uuids.push(card.uuid ?? '');
    expect(card.links?.length).toBeGreaterThan(0);
    for (const link of card.links ?? []) {
      expect(link).toEqual(
        expect.objectContaining({ label: expect.any(String), url: expect.any(String), type: 'absolute' }),
      );
    }
    const det = determinationOf(card);
    expect(det).toEqual(
      expect.objectContaining({ policy: '6.01.VT204', order: expect.stringMatching(/^ServiceRequest\/.+/) }),
    );
    if (card.suggestions?.length) expect(['at-most-one', 'any']).toContain(card.selectionBehavior);
    for (const suggestion of card.suggestions ?? []) {
      expect(suggestion.uuid).toMatch(UUID);
      uuids.push(suggestion.uuid ?? '');
      expect(typeof suggestion.label).toBe('string');
      expect(suggestion.actions?.length).toBeGreaterThan(0);
    }
  }
  expect(new Set(uuids).size).toBe(uuids.length);
}

function siteOf(draft: ServiceRequest | undefined): SiteName | undefined {
  const code = draft?.bodySite?.[0]?.coding?.[0]?.code;
  return (Object.keys(SITE) as SiteName[]).find((name) => SITE[name].code === code);
}

function suggestionKind(s: WireSuggestion, order: string, other: string | undefined, site?: SiteName) {
  const actions = s.actions ?? [];
  const deletes = actions.flatMap(deletedRefs);
  const creates = actions.filter((a) => a.type === 'create').map((a) => a.resource);
  const deletesOrder = deletes.includes(ref(order));
  const createsMri = creates.some(
    (r) =>
      r?.resourceType === 'ServiceRequest' &&
      (r.code?.coding ?? []).some(
        (c) => site !== undefined && MRI_CPT_BY_REGION[site].includes(c.code ?? ''),
      ),
  );
  const kinds: SuggestionKind[] = [];
  if (deletesOrder && createsMri) kinds.push('replace-with-mri');
  if (deletesOrder && creates.length === 0) kinds.push('remove-spect');
  if (other && deletes.includes(ref(other))) kinds.push('remove-other-order');
  return kinds;
}

/** The suggestions the issue asks for, derived from the expected outcome and findings. */
export function expectedSuggestionKinds(e: ExpectedDetermination): SuggestionKind[] {
  const kinds: SuggestionKind[] = [];
  if (e.findings.includes('missing-prior-mri')) kinds.push('replace-with-mri');
  if (e.findings.includes('simultaneous-advanced-imaging')) kinds.push('remove-other-order');
  if (e.outcome === 'investigational' || e.outcome === 'not-medically-necessary') kinds.push('remove-spect');
  return kinds;
}

function expectCardsForOrder(scenario: Scenario, response: WireResponse, e: ExpectedDetermination): void {
  const cards = cardsFor(response, e.order);
  expect(cards.length).toBeGreaterThan(0);
  // Indicator: info when criteria are met (prior approval still applies), warning otherwise, never critical.
  const indicators = [...new Set(cards.map((c) => c.indicator))];
  expect(indicators).toEqual([e.outcome === 'meets-criteria' ? 'info' : 'warning']);

  const draft = scenario.drafts.find((d) => d.id === e.order);
  const offered = new Set(
    cards
      .flatMap((c) => c.suggestions ?? [])
      .flatMap((s) => suggestionKind(s, e.order, e.otherOrder, siteOf(draft))),
  );
  // Every suggestion the issue asks for must be offered (extra suggestions are allowed).
  expect([...offered].sort()).toEqual(expect.arrayContaining(expectedSuggestionKinds(e)));
  if (e.outcome === 'meets-criteria') {
    // Nothing to fix: no suggestion may remove the order that meets the policy.
    const removesOrder = cards
      .flatMap((c) => c.suggestions ?? [])
      .some((s) => (s.actions ?? []).flatMap(deletedRefs).includes(ref(e.order)));
    expect(removesOrder).toBe(false);
  }
}

/** CRD coverage information: one update per evaluated order, values by outcome and hook. */
function expectCoverageInformation(
  scenario: Scenario,
  response: WireResponse,
  expected: ExpectedDetermination[],
  coverageRef: string | undefined,
): void {
  const actions = response.systemActions ?? [];
  if (!coverageRef) {
    expect(actions).toEqual([]);
    return;
  }
  const hook: Hook = scenario.hook ?? 'order-sign';
  const updated = actions.map((a) => `${a.type} ${a.resource?.resourceType}/${a.resource?.id}`).sort();
  expect(updated).toEqual(expected.map((e) => `update ${ref(e.order)}`).sort());

  for (const e of expected) {
    const action = actions.find((a) => a.resource?.id === e.order);
    const infos = coverageInformationOf(action?.resource);
    expect(infos).toHaveLength(1);
    const info = infos[0]!;
    const codes = (url: string) => subExtensions(info, url).flatMap(codesOf);
    const one = (url: string) => {
      const found = subExtensions(info, url);
      expect({ url, count: found.length }).toEqual({ url, count: 1 });
      return found[0]!;
    };

    expect(one('coverage').valueReference?.reference).toBe(coverageRef);
    expect(one('date').valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const today = [new Date().toISOString().slice(0, 10), new Date().toLocaleDateString('sv-SE')];
    expect(today).toContain(one('date').valueDate);
    const assertionId = one('coverage-assertion-id').valueString ?? '';
    expect(assertionId.length).toBeGreaterThan(0);
    expect(assertionIdsSeen.has(assertionId)).toBe(false);
    assertionIdsSeen.add(assertionId);
    const spectCode = scenario.drafts.find((d) => d.id === e.order)?.code?.coding?.[0]?.code;
    expect(codes('billingCode')).toEqual([spectCode]);

    const view = {
      covered: codes('covered'),
      paNeeded: codes('pa-needed'),
      docNeeded: codes('doc-needed'),
      docPurpose: hook === 'order-sign' ? codes('doc-purpose') : '(not checked on order-select)',
      infoNeeded: codes('info-needed'),
    };
    const select = hook === 'order-select';
    switch (e.outcome) {
      case 'meets-criteria':
      case 'needs-documentation':
        expect(view).toEqual({
          covered: ['covered'],
          paNeeded: ['auth-needed'],
          docNeeded: select ? [] : ['clinical'],
          docPurpose: select ? '(not checked on order-select)' : ['withpa'],
          infoNeeded: [],
        });
        break;
      case 'not-medically-necessary':
        expect(view).toEqual(
          expect.objectContaining({
            covered: ['conditional'],
            paNeeded: ['auth-needed'],
            infoNeeded: ['OTH'],
          }),
        );
        expect(subExtensions(info, 'reason').length).toBeGreaterThan(0);
        if (select) expect(view.docNeeded).toEqual([]);
        break;
      case 'investigational': {
        expect(view).toEqual(expect.objectContaining({ covered: ['not-covered'], paNeeded: [] }));
        expect(subExtensions(info, 'reason').length).toBeGreaterThan(0);
        // A detail links the policy: code policy-link (CRD 2.2) or named so in text (2.0.1 has no such code).
        expect(detailValues(info).some((value) => value.startsWith('https://'))).toBe(true);
        if (select) expect(view.docNeeded).toEqual([]);
        break;
      }
    }
    // CRD: info-needed carries a detail saying what is needed; doc-needed names the documentation.
    if (view.infoNeeded.length > 0 || view.docNeeded.length > 0) {
      expect(detailValues(info).filter((value) => !value.startsWith('https://')).length).toBeGreaterThan(0);
    }
  }
}

/** The value of every `detail` of a coverage-information extension, as text. */
function detailValues(info: Parameters<typeof subExtensions>[0]): string[] {
  return subExtensions(info, 'detail').flatMap((detail) =>
    (detail.extension ?? [])
      .filter((part) => part.url === 'value')
      .map((part) => part.valueUrl ?? part.valueString ?? ''),
  );
}

/** The whole contract for one scenario's 200 response. */
export function expectScenarioAnswer(
  scenario: Scenario,
  response: WireResponse,
  settings: ContractSettings,
  coverageRef: string | undefined,
): void {
  if (scenario.expect === 'none') {
    expect(response.cards).toEqual([]);
    expect(response.systemActions ?? []).toEqual([]);
    return;
  }
  expectWellFormedCards(response, settings);
  // Determinations: exactly one per evaluated order, with the expected outcome, criteria and findings.
  expect(actualDeterminations(response)).toEqual(expectedView(scenario.expect));
  for (const e of scenario.expect) expectCardsForOrder(scenario, response, e);
  expectCoverageInformation(scenario, response, scenario.expect, coverageRef);
}
