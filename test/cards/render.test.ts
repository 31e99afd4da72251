import { loadPolicy } from '../../src/app/load-policy.js';
import { renderResponse } from '../../src/cards/render.js';
import { cardSchema, responseSchema } from '../../src/cards/schema.js';
import { type Finding, OUTCOMES, type SpineRegion } from '../../src/policy/determination.js';
import { context, determination, finding, mriDraft, shippedTexts, spectDraft } from './support/builders.js';
import { fhirR4Problems } from './support/fhir-r4.js';

/** The finding codes the policy data declares (policy.json `findings`). */
const FINDING_CODES = loadPolicy().findingCodes;

const texts = shippedTexts();
const REGIONS: SpineRegion[] = ['cervical', 'thoracic', 'lumbar', 'sacrum', 'sacroiliac', 'spine'];

/** Every outcome with no finding, with each finding, and with all findings at once, in every region. */
function allCombinations() {
  const combos: {
    label: string;
    findings: Finding[];
    outcome: (typeof OUTCOMES)[number];
    region: SpineRegion;
  }[] = [];
  for (const outcome of OUTCOMES) {
    for (const region of REGIONS) {
      combos.push({ label: `${outcome}/none/${region}`, outcome, region, findings: [] });
      for (const code of FINDING_CODES)
        combos.push({ label: `${outcome}/${code}/${region}`, outcome, region, findings: [finding(code)] });
      combos.push({
        label: `${outcome}/all/${region}`,
        outcome,
        region,
        findings: FINDING_CODES.map((c) => finding(c)),
      });
    }
  }
  return combos;
}

describe('renderResponse: every outcome x finding x region', () => {
  const ctx = () =>
    context({
      draftResources: new Map([
        ['ServiceRequest/spect-1', spectDraft()],
        ['ServiceRequest/mri-1', mriDraft()],
      ]),
    });

  it.each(allCombinations().map((c) => [c.label, c] as const))(
    '%s renders valid cards and actions',
    (_label, combo) => {
      const response = renderResponse(
        [determination({ outcome: combo.outcome, findings: combo.findings, region: combo.region })],
        ctx(),
        texts,
      );
      expect(responseSchema.safeParse(response).success).toBe(true);
      for (const card of response.cards) {
        expect(cardSchema.parse(card)).toBeTruthy();
        expect(card.summary.length).toBeLessThan(140);
        // The summary is filled, not truncated, and names the order.
        expect(card.summary).not.toMatch(/\{\{|…/);
        expect(card.detail).not.toMatch(/\{\{/);
        expect(card.indicator).toBe(combo.outcome === 'meets-criteria' ? 'info' : 'warning');
        for (const suggestion of card.suggestions ?? []) {
          for (const action of suggestion.actions ?? []) {
            if (action.resource) expect(fhirR4Problems(action.resource)).toEqual([]);
          }
        }
      }
      for (const action of response.systemActions) expect(fhirR4Problems(action.resource)).toEqual([]);
    },
  );
});

describe('renderResponse: cards per order and per finding', () => {
  it('gives one info card when criteria are met, listing other findings without suggestions', () => {
    const { cards } = renderResponse(
      [determination({ findings: [finding('missing-prior-mri', { message: 'No MRI for the AVN part.' })] })],
      context(),
      texts,
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]!.indicator).toBe('info');
    expect(cards[0]!.suggestions).toBeUndefined();
    expect(cards[0]!.detail).toContain('No MRI for the AVN part.');
  });

  it('gives one warning card per finding otherwise', () => {
    const { cards } = renderResponse(
      [
        determination({
          outcome: 'needs-documentation',
          findings: [finding('missing-prior-mri'), finding('simultaneous-advanced-imaging')],
        }),
      ],
      context({
        draftResources: new Map([
          ['ServiceRequest/spect-1', spectDraft()],
          ['ServiceRequest/mri-1', mriDraft()],
        ]),
      }),
      texts,
    );
    expect(cards.map((c) => c.source.topic?.code)).toEqual(['therapy-alternatives-req', 'duplicate-therapy']);
    expect(cards.every((c) => c.indicator === 'warning')).toBe(true);
  });

  it('gives every card and suggestion a distinct uuid', () => {
    const { cards } = renderResponse(
      [
        determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] }),
        determination({
          order: 'ServiceRequest/spect-2',
          outcome: 'not-medically-necessary',
          findings: [finding('no-qualifying-indication')],
        }),
      ],
      context({
        draftResources: new Map([
          ['ServiceRequest/spect-1', spectDraft()],
          ['ServiceRequest/spect-2', spectDraft('spect-2')],
        ]),
      }),
      texts,
    );
    const ids = cards.flatMap((c) => [c.uuid, ...(c.suggestions ?? []).map((s) => s.uuid)]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the order and adds associated-resource only when the call has several orders', () => {
    const single = renderResponse([determination()], context(), texts).cards[0]!;
    expect(single.extension?.['davinci-crd.associated-resource']).toBeUndefined();
    const several = renderResponse(
      [determination()],
      context({
        draftResources: new Map([
          ['ServiceRequest/spect-1', spectDraft()],
          ['ServiceRequest/mri-1', mriDraft()],
        ]),
      }),
      texts,
    ).cards[0]!;
    expect(several.extension?.['davinci-crd.associated-resource']).toEqual([
      { reference: 'ServiceRequest/spect-1' },
    ]);
    expect(several.summary).toBe(
      'SPECT/CT lumbar spine — Request prior approval: criteria met for spinal infection',
    );
    expect(single.summary).toBe('Request prior approval: criteria met for spinal infection');
  });

  it('uses the configured insurer and policy url as source, and the CRD topic system (overridable)', () => {
    const card = renderResponse([determination()], context({ insurerName: 'Example Health' }), texts)
      .cards[0]!;
    expect(card.source.label).toBe('Example Health');
    expect(card.source.url).toMatch(/^https:\/\/www\.bluecrossvt\.org\//);
    expect(card.source.topic).toEqual({
      system: 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type',
      code: 'coverage-info',
    });
    const old = renderResponse(
      [determination()],
      context({ crdTopicSystem: 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp' }),
      texts,
    ).cards[0]!;
    expect(old.source.topic?.system).toBe('http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp');
  });

  it('returns cards but no system action when the Coverage is unknown', () => {
    const response = renderResponse([determination()], context({ coverage: undefined }), texts);
    expect(response.cards).toHaveLength(1);
    expect(response.systemActions).toEqual([]);
  });

  it('returns one coverage-information update per evaluated order', () => {
    const response = renderResponse(
      [
        determination(),
        determination({
          order: 'ServiceRequest/spect-2',
          outcome: 'investigational',
          criteriaMet: [],
          criteria: [],
        }),
      ],
      context({
        draftResources: new Map([
          ['ServiceRequest/spect-1', spectDraft()],
          ['ServiceRequest/spect-2', spectDraft('spect-2')],
        ]),
      }),
      texts,
    );
    expect(response.systemActions.map((a) => [a.type, a.resource?.id])).toEqual([
      ['update', 'spect-1'],
      ['update', 'spect-2'],
    ]);
  });

  it('answers no determinations with no cards', () => {
    expect(renderResponse([], context(), texts)).toEqual({ cards: [], systemActions: [] });
  });

  it('says honestly what could not be checked', () => {
    const card = renderResponse(
      [
        determination({
          outcome: 'not-medically-necessary',
          criteriaMet: [],
          criteria: [],
          findings: [finding('no-qualifying-indication')],
          limitations: [{ topic: 'imagingStudies', message: "the EHR's FHIR server did not answer in time" }],
        }),
      ],
      context(),
      texts,
    ).cards[0]!;
    expect(card.detail).toContain(
      "**Not checked** (the answer may change once this is available)\n- prior imaging: the EHR's FHIR server did not answer in time",
    );
  });
});
