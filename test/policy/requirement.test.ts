/**
 * The requirement kinds (src/policy/requirements/), each compiled from its JSON form and evaluated on a chart.
 * Changed from the interpreter's tests: priorImagingIn now takes a region ("focus") and a window instead of a site
 * scope, and orderTextMatches became textMentions (the phrase matcher).
 */
import type { PatientFacts } from '../../src/data/facts.js';
import { chartFor } from '../../src/policy/chart.js';
import type { Requirement } from '../../src/policy/index.js';
import type { Focus } from '../../src/policy/requirements/kind.js';
import { compileRequirementFor } from '../../src/policy/requirements/registry.js';
import { condition, facts, icd, mriLumbar, order, policy, procedure, SITE, sct, study } from './builders.js';

const check = (req: Requirement, f: PatientFacts, focus?: Focus) =>
  compileRequirementFor(req, policy()).evaluate(chartFor(f, f.draftOrders[0]!, policy()), policy(), focus);

describe('requirement kinds', () => {
  const infection: Requirement = { conditionIn: ['indication-spine-infection'] };
  const pain: Requirement = { conditionIn: ['spine-pain-or-symptom'] };

  it('conditionIn: met with evidence, or not met', () => {
    const c = condition(icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'));
    expect(check(infection, facts(order(), { conditions: [c] }))).toMatchObject({
      met: true,
      placed: true,
      evidence: [
        {
          reference: c.reference,
          description: 'M46.26 Osteomyelitis of vertebra, lumbar region',
          valueSet: 'indication-spine-infection',
        },
      ],
      unsited: [],
    });
    expect(check(infection, facts(order())).met).toBe(false);
  });

  it('conditionIn: a flagged code without a spine site is reported as unsited', () => {
    const c = condition(icd('G06.2'));
    const r = check(infection, facts(order(), { conditions: [c] }));
    expect(r.met).toBe(false);
    expect(r.unsited).toEqual([expect.objectContaining({ reference: c.reference })]);
  });

  it('conditionIn region "order": a diagnosis stated in another region does not count; level not stated does', () => {
    const regional: Requirement = {
      conditionIn: { valueSets: ['indication-spine-infection'], region: 'order' },
    };
    const cervical = condition(icd('M46.22', 'Osteomyelitis of vertebra, cervical region'));
    const r = check(regional, facts(order(), { conditions: [cervical] }));
    expect(r.met).toBe(false);
    expect(r.unsited[0]!.description).toMatch(/another region than the one ordered/);
    const unstated = condition(sct('302935008', 'Infective discitis'));
    expect(check(regional, facts(order(), { conditions: [unstated] })).met).toBe(true);
  });

  it('conditionIn: history counts only where the requirement accepts it', () => {
    const resolved = condition(icd('C50.911', 'Malignant neoplasm of right female breast'), {
      clinicalStatus: 'resolved',
    });
    const sets = ['indication-tumor-metastasizing-to-bone'];
    expect(check({ conditionIn: sets }, facts(order(), { conditions: [resolved] })).met).toBe(false);
    expect(
      check({ conditionIn: { valueSets: sets, history: true } }, facts(order(), { conditions: [resolved] }))
        .met,
    ).toBe(true);
  });

  it('allOf needs every part; anyOf one; evidence only when met', () => {
    const f = facts(order(), { conditions: [condition(icd('M46.26'))] });
    expect(check({ allOf: [infection, pain] }, f)).toMatchObject({ met: false, evidence: [] });
    expect(check({ anyOf: [pain, infection] }, f)).toMatchObject({
      met: true,
      evidence: [expect.anything()],
    });
    const both = facts(order(), { conditions: [condition(icd('M46.26')), condition(icd('M54.50'))] });
    expect(check({ allOf: [infection, pain] }, both).evidence).toHaveLength(2);
  });

  it('procedureIn honours the spine-site flag', () => {
    const sited = procedure(sct('55705006', 'Spinal arthrodesis'));
    expect(
      check({ procedureIn: ['spine-prior-surgery-status'] }, facts(order(), { procedures: [sited] })).met,
    ).toBe(true);
    expect(
      check({ procedureIn: ['indication-spine-infection'] }, facts(order(), { procedures: [sited] })).met,
    ).toBe(false);
  });

  it('priorImagingIn: by code or modality, of the suspicious area, within the window', () => {
    const rule: Requirement = {
      priorImagingIn: {
        valueSets: ['prior-imaging-mri-spine'],
        modalities: ['MR'],
        region: 'focus',
        window: 'prior-mri-mn2',
      },
    };
    expect(check(rule, facts(order(), { imagingStudies: [mriLumbar()] })).evidence[0]!.description).toMatch(
      /^72148 .*\(2026-08-01\)$/,
    );
    // Another region than the lumbar order (and no focus): does not count.
    const thoracic = study({ modalities: ['MR'], bodySites: [SITE.thoracic] });
    expect(check(rule, facts(order(), { imagingStudies: [thoracic] })).met).toBe(false);
    // The focus (the diagnosis's region) decides over the order's.
    expect(
      check(rule, facts(order(), { imagingStudies: [thoracic] }), {
        regions: policy().regions.maskOf('thoracic'),
      }).met,
    ).toBe(true);
    expect(
      check(rule, facts(order(), { imagingStudies: [study({ modalities: ['MR'], bodySites: [SITE.knee] })] }))
        .met,
    ).toBe(false);
    expect(
      check(
        rule,
        facts(order(), { imagingStudies: [study({ modalities: ['CT'], bodySites: [SITE.lumbar] })] }),
      ).met,
    ).toBe(false);
    // A generic "MRI" code with no region: counts only unplaced (the request must show the region).
    const generic = study({ codes: [sct('113091000', 'Magnetic resonance imaging')], modalities: ['MR'] });
    expect(check(rule, facts(order(), { imagingStudies: [generic] }))).toMatchObject({
      met: true,
      placed: false,
    });
    expect(
      check(rule, facts(order(), { imagingStudies: [{ ...generic, description: 'MRI L-spine' }] })),
    ).toMatchObject({ met: true, placed: true });
    // Older than the window (365 days before asOf 2026-09-01), or before the stated onset: does not count.
    expect(check(rule, facts(order(), { imagingStudies: [mriLumbar({ started: '2025-06-01' })] })).met).toBe(
      false,
    );
    const onset = Date.parse('2026-08-15');
    expect(check(rule, facts(order(), { imagingStudies: [mriLumbar()] }), { regions: 0, onset }).met).toBe(
      false,
    );
  });

  it('orderReasonIn reads only the order; textMentions reads its notes, negation-aware', () => {
    const planning: Requirement = { orderReasonIn: ['surgical-planning-intent'] };
    expect(check(planning, facts(order({ reasonCodes: [icd('Z01.818')] }))).met).toBe(true);
    expect(check(planning, facts(order(), { conditions: [condition(icd('Z01.818'))] })).met).toBe(false);
    const words: Requirement = { textMentions: { concept: 'surgical-planning' } };
    const r = check(words, facts(order({ notes: ['Preoperative level selection'] })));
    expect(r.evidence[0]).toMatchObject({ kind: 'text', quote: 'Preoperative' });
    expect(check(words, facts(order({ notes: ['post-operative pain'] }))).met).toBe(false);
    expect(check(words, facts(order({ notes: ['Not a surgical candidate.'] }))).met).toBe(false);
  });
});
