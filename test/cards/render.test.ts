import { loadPolicy } from '../../src/app/load-policy.js';
import { renderResponse } from '../../src/cards/render.js';
import type { Card } from '../../src/cards/schema.js';
import { cardSchema, responseSchema } from '../../src/cards/schema.js';
import {
  type Finding,
  type FindingCode,
  type IndicationId,
  OUTCOMES,
  type SpineRegion,
} from '../../src/policy/determination.js';
import { context, determination, finding, mriDraft, shippedTexts, spectDraft } from './support/builders.js';
import { fhirR4Problems } from './support/fhir-r4.js';

const texts = shippedTexts();
/** The finding codes and indication ids the policy data declares (policy.json). */
const { findingCodes: FINDING_CODES, indicationIds: INDICATION_IDS } = loadPolicy();
const REGIONS: SpineRegion[] = ['cervical', 'thoracic', 'lumbar', 'sacrum', 'sacroiliac', 'spine'];

/** Every finding code the policy declares (each has its card text: checked at start-up). */
const CODES = [...FINDING_CODES] as FindingCode[];

/** The criteria each prerequisite finding can be about (the bullets that name the prerequisite). */
const CRITERIA_OF: Partial<Record<string, IndicationId[]>> = {
  'prior-imaging-region-not-shown': [
    'avascular-necrosis',
    'indeterminate-bone-lesion',
    'stress-or-occult-fracture',
    'spondyloarthropathy',
    'spondylolysis-spondylolisthesis',
  ],
  'missing-pain-or-symptoms': ['post-surgical'],
  'missing-prior-mri': ['avascular-necrosis', 'spondyloarthropathy'],
  'missing-prior-imaging': [
    'avascular-necrosis',
    'indeterminate-bone-lesion',
    'stress-or-occult-fracture',
    'spondylolysis-spondylolisthesis',
  ],
};

/** One finding per code (one per criterion for the prerequisite findings). */
function findingsOf(code: FindingCode): Finding[] {
  const criteria = CRITERIA_OF[code];
  return criteria ? criteria.map((criterion) => finding(code, { criterion })) : [finding(code)];
}

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
      for (const code of CODES) {
        for (const f of findingsOf(code)) {
          combos.push({
            label: `${outcome}/${code}${f.criterion ? `(${f.criterion})` : ''}/${region}`,
            outcome,
            region,
            findings: [f],
          });
        }
      }
      combos.push({
        label: `${outcome}/all/${region}`,
        outcome,
        region,
        findings: CODES.flatMap(findingsOf),
      });
    }
  }
  return combos;
}

/** The limits cards.json promises (its _readme) and docs/integration.md states. */
const LIMITS = {
  summaryChars: 100,
  namedSummaryChars: 139,
  leadParagraphs: 3,
  leadWords: 60,
  detailWords: 150,
  /** A card carrying every finding kind at once as notes (criteria met and all five findings: no chart does this). */
  allFindingsDetailWords: 200,
};

const words = (text: string) => text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;

/** The text above the first list or heading of a detail. */
function leadOf(detail: string): string[] {
  const paragraphs = detail.split(/\n\s*\n/);
  const firstList = paragraphs.findIndex((p) => /^(\*\*|- )/.test(p));
  return firstList === -1 ? paragraphs : paragraphs.slice(0, firstList);
}

/** Paragraphs and list items of a detail, normalised (headings are framing, not content, and may repeat). */
function blocksOf(detail: string): string[] {
  return detail
    .split(/\n\s*\n|\n(?=\s*- )/)
    .map((block) => block.trim().replace(/^- /, '').replace(/\s+/g, ' '))
    .filter((block) => block !== '' && !/^\*\*[^*]+\*\*( \(.*\))?$/.test(block));
}

/** Ids that must never reach text a clinician reads. */
const IDS = [
  /\b(ServiceRequest|Condition|Procedure|ImagingStudy|Patient|Coverage|Observation|DocumentReference|Encounter|Practitioner)\//,
  /\b(N?MN|INV)-\d+\b/,
  /\bATTACHMENT-I\b|\bGUIDELINE\b/,
  /\{\{|\}\}/,
  // Hyphenated codes only: "infection" is a word as well as an id; "post-surgical" is a word.
  new RegExp(
    `\\b(${[...CODES, ...OUTCOMES, ...INDICATION_IDS].filter((id) => id.includes('-') && id !== 'post-surgical').join('|')})\\b`,
  ),
  /\b(coverage-info|therapy-alternatives-req|duplicate-therapy|off-guideline)\b/,
];

function clinicianTexts(card: Card): string[] {
  return [
    card.summary,
    card.detail ?? '',
    ...(card.links ?? []).map((link) => link.label),
    ...(card.overrideReasons ?? []).map((reason) => reason.display),
    ...(card.suggestions ?? []).flatMap((s) => [s.label, ...(s.actions ?? []).map((a) => a.description)]),
  ];
}

function expectWithinLimits(cards: Card[], named: boolean, detailWords: number = LIMITS.detailWords) {
  const seen = new Map<string, number>();
  cards.forEach((card, index) => {
    expect(card.summary.length).toBeLessThanOrEqual(named ? LIMITS.namedSummaryChars : LIMITS.summaryChars);
    expect(card.summary).not.toMatch(/…/);
    const detail = card.detail ?? '';
    const lead = leadOf(detail);
    expect(lead.length).toBeLessThanOrEqual(LIMITS.leadParagraphs);
    expect(words(lead.join(' '))).toBeLessThanOrEqual(LIMITS.leadWords);
    expect(words(detail)).toBeLessThanOrEqual(detailWords);
    for (const text of clinicianTexts(card)) for (const id of IDS) expect(text).not.toMatch(id);
    // Each link once, in links; none in the detail.
    const urls = (card.links ?? []).map((link) => link.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(detail).not.toMatch(/https?:|\]\(/);
    for (const block of blocksOf(detail)) {
      expect({ block, firstShownOnCard: seen.get(block) ?? index }).toEqual({
        block,
        firstShownOnCard: index,
      });
      seen.set(block, index);
    }
  });
}

describe('renderResponse: every outcome x finding x region, within the limits', () => {
  const oneDraft = () => context();
  const twoDrafts = () =>
    context({
      draftResources: new Map([
        ['ServiceRequest/spect-1', spectDraft()],
        ['ServiceRequest/mri-1', mriDraft()],
      ]),
    });

  it.each(allCombinations().map((c) => [c.label, c] as const))(
    '%s renders valid cards and actions within the limits',
    (_label, combo) => {
      const limitations = [{ topic: 'procedures', message: "the EHR's FHIR server did not answer in time" }];
      // order-sign with one order, with two orders (the order is named), and order-select (the PA list is given).
      for (const [ctx, named] of [
        [oneDraft(), false],
        [twoDrafts(), true],
        [context({ hook: 'order-select' }), false],
      ] as const) {
        const response = renderResponse(
          [
            determination({
              outcome: combo.outcome,
              findings: combo.findings,
              region: combo.region,
              limitations,
            }),
          ],
          ctx,
          texts,
        );
        expect(responseSchema.safeParse(response).success).toBe(true);
        for (const card of response.cards) {
          expect(cardSchema.parse(card)).toBeTruthy();
          expect(card.indicator).toBe(combo.outcome === 'meets-criteria' ? 'info' : 'warning');
          for (const suggestion of card.suggestions ?? []) {
            for (const action of suggestion.actions ?? []) {
              if (action.resource) expect(fhirR4Problems(action.resource)).toEqual([]);
            }
          }
        }
        expectWithinLimits(
          response.cards,
          named,
          combo.findings.length > 1 ? LIMITS.allFindingsDetailWords : LIMITS.detailWords,
        );
        for (const action of response.systemActions) expect(fhirR4Problems(action.resource)).toEqual([]);
      }
    },
  );

  it.each(OUTCOMES.map((o) => [o]))(
    '%s: two SPECT orders with the same findings still repeat no block',
    (outcome) => {
      const both = (order: string) =>
        determination({
          order,
          outcome,
          findings: CODES.flatMap(findingsOf),
          limitations: [{ topic: 'imagingStudies', message: 'timed out' }],
        });
      const response = renderResponse(
        [both('ServiceRequest/spect-1'), both('ServiceRequest/spect-2')],
        context({
          hook: 'order-select',
          draftResources: new Map([
            ['ServiceRequest/spect-1', spectDraft()],
            ['ServiceRequest/spect-2', spectDraft('spect-2')],
          ]),
        }),
        texts,
      );
      expectWithinLimits(response.cards, true, LIMITS.allFindingsDetailWords);
    },
  );
});

describe('renderResponse: the prior approval documentation list', () => {
  const needs = () =>
    determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] });
  const listed = (cards: Card[]) =>
    cards.filter((card) => card.detail?.includes('prior approval request needs'));

  it('is left out on order-sign, where the coverage-information action asks for the documentation', () => {
    expect(listed(renderResponse([needs()], context(), texts).cards)).toEqual([]);
  });

  it('is given once per answer where no system action asks for it (order-select, or no Coverage)', () => {
    const two = [needs(), { ...needs(), order: 'ServiceRequest/spect-2' }];
    const drafts = new Map([
      ['ServiceRequest/spect-1', spectDraft()],
      ['ServiceRequest/spect-2', spectDraft('spect-2')],
    ]);
    expect(
      listed(renderResponse(two, context({ hook: 'order-select', draftResources: drafts }), texts).cards),
    ).toHaveLength(1);
    expect(
      listed(renderResponse(two, context({ coverage: undefined, draftResources: drafts }), texts).cards),
    ).toHaveLength(1);
  });

  it('is not given for an investigational order, which no prior approval request can cover', () => {
    const d = determination({
      outcome: 'investigational',
      criteriaMet: [],
      criteria: [],
      findings: [finding('investigational-surgical-planning')],
    });
    expect(listed(renderResponse([d], context({ hook: 'order-select' }), texts).cards)).toEqual([]);
  });
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
