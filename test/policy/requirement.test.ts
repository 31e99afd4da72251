import type { PatientFacts } from '../../src/data/facts.js';
import { chartFor } from '../../src/policy/chart.js';
import type { Requirement } from '../../src/policy/index.js';
import { checkRequirement } from '../../src/policy/requirement.js';
import { condition, facts, icd, mriLumbar, order, policy, procedure, SITE, sct, study } from './builders.js';

const check = (req: Requirement, f: PatientFacts) =>
  checkRequirement(req, chartFor(f, f.draftOrders[0]!, policy()), policy());

describe('checkRequirement', () => {
  const infection: Requirement = { conditionIn: ['indication-spine-infection'] };
  const pain: Requirement = { conditionIn: ['spine-pain-or-symptom'] };

  it('conditionIn: met with evidence, or not met', () => {
    const c = condition(icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'));
    expect(check(infection, facts(order(), { conditions: [c] }))).toEqual({
      met: true,
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

  it('priorImagingIn: by code, or by modality with a site in scope', () => {
    const rule: Requirement = {
      priorImagingIn: { valueSets: ['prior-imaging-mri-spine'], modalities: ['MR'], sites: 'spine' },
    };
    expect(check(rule, facts(order(), { imagingStudies: [mriLumbar()] })).evidence[0]!.description).toMatch(
      /^72148 .*\(2026-08-01\)$/,
    );
    expect(
      check(
        rule,
        facts(order(), { imagingStudies: [study({ modalities: ['MR'], bodySites: [SITE.thoracic] })] }),
      ).met,
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
    // A generic "MRI" procedure code is flagged: it needs a spine site.
    const generic = study({ codes: [sct('113091000', 'Magnetic resonance imaging')] });
    expect(check(rule, facts(order(), { imagingStudies: [generic] })).met).toBe(false);
    expect(
      check(rule, facts(order(), { imagingStudies: [{ ...generic, description: 'MRI C-spine' }] })).met,
    ).toBe(true);
  });

  it('orderReasonIn reads only the order, orderTextMatches reads its notes and reason text', () => {
    const planning: Requirement = { orderReasonIn: ['surgical-planning-intent'] };
    expect(check(planning, facts(order({ reasonCodes: [icd('Z01.818')] }))).met).toBe(true);
    expect(check(planning, facts(order(), { conditions: [condition(icd('Z01.818'))] })).met).toBe(false);
    const words: Requirement = { orderTextMatches: 'surgical-planning' };
    expect(
      check(words, facts(order({ notes: ['Preoperative level selection'] }))).evidence[0]!.description,
    ).toBe('Order text mentions "preoperative", "level selection"');
    expect(check(words, facts(order({ notes: ['post-operative pain'] }))).met).toBe(false);
  });
});
