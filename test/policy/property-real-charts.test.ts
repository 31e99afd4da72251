/**
 * fast-check properties of issue 11 (anatomy, time, text):
 * - a prior study of a region that does not overlap the suspicious area never satisfies a "suspicious area"
 *   requirement;
 * - a negated mention never adds an indication;
 * - an abated Condition never counts (outside the one criterion that reads history, MN-4's tumour part);
 * - adding text that affirms an MN indication never makes the outcome worse.
 */
import fc from 'fast-check';
import type { ConditionFact, PatientFacts } from '../../src/data/facts.js';
import { chartFor } from '../../src/policy/chart.js';
import { evaluateOrder } from '../../src/policy/index.js';
import { compileRequirementFor } from '../../src/policy/requirements/registry.js';
import { conditionFact, MN_INDICATION_CODES, patientFacts } from './arbitraries.js';
import { cpt, facts, OUTCOME_RANK, order, policy, SITE, study } from './builders.js';

const evaluate = (f: PatientFacts) => evaluateOrder(f, f.draftOrders[0]!, policy());
const RANK = OUTCOME_RANK;

/** Spine regions with a body-site code, and studies of each by modality and by code. */
const REGION_SITES = {
  cervical: SITE.cervical,
  thoracic: SITE.thoracic,
  lumbar: SITE.lumbar,
  sacrum: SITE.sacrum,
  sacroiliac: SITE.sacroiliac,
} as const;
type RegionName = keyof typeof REGION_SITES;
const REGIONS = Object.keys(REGION_SITES) as RegionName[];
const XRAY_BY_REGION: Record<RegionName, string> = {
  cervical: '72040',
  thoracic: '72070',
  lumbar: '72110',
  sacrum: '72220',
  sacroiliac: '72200',
};

describe('anatomy: a prior study of another region never satisfies "of the suspicious area"', () => {
  const rule = compileRequirementFor(
    {
      priorImagingIn: {
        valueSets: ['prior-imaging-plain-film-spine', 'prior-imaging-ct-spine', 'prior-imaging-mri-spine'],
        modalities: ['CR', 'DX', 'CT', 'MR', 'NM', 'PT'],
        region: 'focus',
        window: 'prior-imaging-mn3',
      },
    },
    policy(),
  );
  it('holds for every pair of regions that do not overlap, by body site or by code', () => {
    const p = policy();
    // The model really separates spine levels (and 72110, lumbosacral, images the sacrum too).
    expect(p.regions.overlap(p.regions.maskOf('cervical'), p.regions.maskOf('lumbar'))).toBe('no');
    expect(p.regions.overlap(p.regions.maskOf('sacrum'), p.regions.regionsOf([], [cpt('72110')], []))).toBe(
      'yes',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...REGIONS),
        fc.constantFrom(...REGIONS),
        fc.boolean(),
        fc.constantFrom('DX', 'CT', 'MR'),
        (area, imaged, byCode, modality) => {
          const s = byCode
            ? study({ codes: [cpt(XRAY_BY_REGION[imaged])], modalities: ['DX'] })
            : study({ modalities: [modality], bodySites: [REGION_SITES[imaged]] });
          const spect = order({ bodySites: [REGION_SITES[area]] });
          const f = facts(spect, { imagingStudies: [s] });
          const areaMask = p.regions.maskOf(area);
          const result = rule.evaluate(chartFor(f, spect, p), p, { regions: areaMask });
          const studyMask = p.regions.regionsOf(s.bodySites, s.codes, [s.description, ...s.texts]);
          if (p.regions.overlap(areaMask, studyMask) === 'no') expect(result.met).toBe(false);
          else expect(result.met).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

const negations = ['no evidence of', 'negative for', 'denies', 'without', 'no', 'ruled out'];
const terms = [
  'discitis',
  'osteomyelitis',
  'avascular necrosis',
  'osteoid osteoma',
  'stress fracture',
  'spondylolisthesis',
  'ankylosing spondylitis',
  'bone metastases',
  'epidural abscess',
];

describe('text: a negated mention never adds an indication', () => {
  it('for any chart, a negated term in a note or reason text leaves criteria and outcome unchanged', () => {
    fc.assert(
      fc.property(
        patientFacts,
        fc.constantFrom(...negations),
        fc.constantFrom(...terms),
        fc.boolean(),
        (f, negation, term, asReason) => {
          const before = evaluate(f);
          const spect = f.draftOrders[0]!;
          const text = negation === 'ruled out' ? `${term} ruled out.` : `${negation} ${term}.`;
          const changed = asReason
            ? { ...spect, reasonText: [...spect.reasonText, text] }
            : { ...spect, notes: [...spect.notes, text] };
          const after = evaluate({ ...f, draftOrders: [changed, ...f.draftOrders.slice(1)] });
          expect(after.criteriaMet).toEqual(before.criteriaMet);
          expect(after.outcome).toBe(before.outcome);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('time: an abated Condition never counts', () => {
  it('adding an abated copy of an indication Condition changes nothing (whatever its clinicalStatus)', () => {
    fc.assert(
      fc.property(
        patientFacts,
        conditionFact(fc.constantFrom(...MN_INDICATION_CODES)),
        fc.constantFrom(undefined, '2026-01-15', '2026-08-31T23:00:00Z'),
        fc.constantFrom(undefined, 'active', 'resolved', 'inactive', 'remission'),
        (f, c, abatementDate, clinicalStatus) => {
          const abated: ConditionFact = {
            ...c,
            abated: true,
            ...(abatementDate ? { abatementDate } : {}),
            clinicalStatus,
            bodySites: [SITE.lumbar],
          };
          const before = evaluate(f);
          const after = evaluate({ ...f, conditions: [...f.conditions, abated] });
          // MN-4's tumour part reads history (A-CA-1): an abated cancer may complete it, nothing else.
          const gained = after.criteriaMet.filter((id) => !before.criteriaMet.includes(id));
          expect(gained.filter((id) => id !== 'bone-tumor-symptoms')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const affirmations: Array<[string, string]> = [
  ['infection', 'Concern for L4-5 discitis'],
  ['osteoid-osteoma', 'r/o osteoid osteoma'],
  ['osseous-tumor', 'known vertebral metastasis'],
  ['avascular-necrosis', 'suspected avascular necrosis'],
  ['spondylolysis-spondylolisthesis', 'spondylolisthesis'],
];

describe('text: adding text that affirms an MN indication never makes the outcome worse', () => {
  it('for any chart', () => {
    fc.assert(
      fc.property(patientFacts, fc.constantFrom(...affirmations), (f, [, text]) => {
        const before = evaluate(f);
        const spect = f.draftOrders[0]!;
        const changed = { ...spect, notes: [...spect.notes, text] };
        const after = evaluate({ ...f, draftOrders: [changed, ...f.draftOrders.slice(1)] });
        expect(RANK[after.outcome]).toBeLessThanOrEqual(RANK[before.outcome]);
        for (const id of before.criteriaMet) expect(after.criteriaMet).toContain(id);
      }),
      { numRuns: 300 },
    );
  });
  it('an indication without prerequisites written as a possibility is met', () => {
    const f = facts(order({ notes: ['Fever and back pain, concern for spondylodiscitis.'] }));
    const d = evaluate(f);
    expect(d.criteriaMet).toEqual(['infection']);
    expect(d.criteria[0]!.evidence[0]).toMatchObject({ kind: 'text', quote: 'concern for spondylodiscitis' });
  });
});
