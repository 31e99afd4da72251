/**
 * Scenario tests against the shipped policy files; ids (A1, B3, ...) follow the research's acceptance scenarios.
 */

import type { PatientFacts } from '../../src/data/facts.js';
import { evaluateOrder } from '../../src/policy/index.js';
import {
  condition,
  cpt,
  ctLumbar,
  facts,
  icd,
  mriLumbar,
  order,
  otherOrder,
  policy,
  procedure,
  SITE,
  sct,
  study,
  xrayLumbar,
} from './builders.js';

const evaluate = (f: PatientFacts) => evaluateOrder(f, f.draftOrders[0]!, policy());
const codesOf = (f: PatientFacts) => evaluate(f).findings.map((x) => x.code);

describe('evaluateOrder: determination shape', () => {
  it('A1 cites the policy, order, CPT billing code, region and the evidence of the met criterion', () => {
    const spect = order();
    const c = condition(icd('M46.26', 'Osteomyelitis of vertebra, lumbar region'));
    const d = evaluate(facts(spect, { conditions: [c] }));
    expect(d).toMatchObject({
      policy: '6.01.VT204',
      policyVersion: '2026-03',
      order: spect.reference,
      billingCode: { system: 'http://www.ama-assn.org/go/cpt', code: '78830' },
      region: 'lumbar',
      outcome: 'meets-criteria',
      criteriaMet: ['infection'],
      findings: [],
      limitations: [],
    });
    expect(d.criteria[0]).toMatchObject({ criterion: 'infection', bullet: 'MN-1' });
    expect(d.criteria[0]!.policyText).toMatch(/^Diagnosis of infection/);
    expect(d.criteria[0]!.evidence).toEqual([
      {
        reference: c.reference,
        description: 'M46.26 Osteomyelitis of vertebra, lumbar region',
        valueSet: 'indication-spine-infection',
      },
    ]);
  });

  it('turns data gaps into limitations', () => {
    const d = evaluate(
      facts(order(), {
        gaps: [{ topic: 'imagingStudies', reason: 'timeout', message: 'ImagingStudy query timed out' }],
      }),
    );
    expect(d.limitations).toEqual([{ topic: 'imagingStudies', message: 'ImagingStudy query timed out' }]);
  });

  it('lists met criteria in the policy order, whatever the chart order', () => {
    const d = evaluate(
      facts(order(), {
        conditions: [condition(icd('D16.6')), condition(icd('C79.51')), condition(icd('M46.46'))],
      }),
    );
    expect(d.criteriaMet).toEqual(['infection', 'osseous-tumor', 'osteoid-osteoma']);
    expect(d.criteria.map((c) => c.criterion)).toEqual(d.criteriaMet);
  });
});

describe('MN-1 infection', () => {
  it('B2 a provisional intraspinal abscess counts (diagnosis of suspected infection)', () => {
    const d = evaluate(
      facts(order(), { conditions: [condition(icd('G06.1'), { verificationStatus: 'provisional' })] }),
    );
    expect(d.outcome).toBe('meets-criteria');
  });
  it('B4 SNOMED infective discitis with an earlier completed MRI: MN, the MRI is prior imaging', () => {
    const d = evaluate(
      facts(order(), { conditions: [condition(sct('302935008'))], imagingStudies: [mriLumbar()] }),
    );
    expect(d.outcome).toBe('meets-criteria');
  });
  it('B5 G06.2 with no site on the problem list does not count; with a spine site it does', () => {
    const bare = evaluate(facts(order(), { conditions: [condition(icd('G06.2'))] }));
    expect(bare.outcome).toBe('not-medically-necessary');
    expect(bare.findings[0]!.evidence[0]!.description).toMatch(/G06.2.*not shown to be in the spine/);
    const sited = evaluate(
      // Was a thoracic site: a thoracic diagnosis no longer supports the lumbar order (region model).
      facts(order(), { conditions: [condition(icd('G06.2'), { bodySites: [SITE.lumbar] })] }),
    );
    expect(sited.outcome).toBe('meets-criteria');
  });
  it('generic osteomyelitis (60168000) counts with spine words in the Condition text', () => {
    const f = facts(order(), {
      conditions: [condition(sct('60168000'), { text: 'Osteomyelitis L3 vertebral body' })],
    });
    expect(evaluate(f).criteriaMet).toEqual(['infection']);
    const foot = facts(order(), {
      conditions: [condition(sct('60168000'), { text: 'Osteomyelitis of left foot' })],
    });
    expect(evaluate(foot).outcome).toBe('not-medically-necessary');
  });
  it('a non-spine-specific code written as a reason on the spine order counts', () => {
    const spect = order({ reasonCodes: [sct('60168000', 'Osteomyelitis')] });
    expect(evaluate(facts(spect)).criteriaMet).toEqual(['infection']);
  });
});

describe('Condition status', () => {
  const m4626 = icd('M46.26');
  it.each([
    ['active', 'meets-criteria'],
    ['recurrence', 'meets-criteria'],
    ['relapse', 'meets-criteria'],
    ['resolved', 'not-medically-necessary'],
    ['inactive', 'not-medically-necessary'],
    ['remission', 'not-medically-necessary'],
  ])('clinicalStatus %s -> %s', (status, outcome) => {
    expect(
      evaluate(facts(order(), { conditions: [condition(m4626, { clinicalStatus: status })] })).outcome,
    ).toBe(outcome);
  });
  it('absent clinicalStatus counts', () => {
    expect(
      evaluate(facts(order(), { conditions: [condition(m4626, { clinicalStatus: undefined })] })).outcome,
    ).toBe('meets-criteria');
  });
  it.each(['refuted', 'entered-in-error'])(
    'verificationStatus %s never counts, even as the order reason',
    (v) => {
      const c = condition(m4626, { verificationStatus: v });
      const spect = order({ reasonReferences: [c.reference] });
      expect(evaluate(facts(spect, { conditions: [c] })).outcome).toBe('not-medically-necessary');
    },
  );
  it('a resolved Condition named by the order reasonReference does not count', () => {
    const c = condition(m4626, { clinicalStatus: 'resolved', verificationStatus: 'provisional' });
    // Changed reading (issue 11): inactive, remission and resolved never count, even when the order names them.
    const d = evaluate(facts(order({ reasonReferences: [c.reference] }), { conditions: [c] }));
    expect(d.outcome).toBe('not-medically-necessary');
  });
  it("a reason carried by the order is cited as the order; a sibling order's reason does not count", () => {
    const spect = order({ reasonCodes: [m4626] });
    expect(evaluate(facts(spect)).criteria[0]!.evidence[0]!.reference).toBe(spect.reference);

    const plain = order();
    const ownReason = condition(m4626, { reference: `${plain.reference}#reasonCode`, fromOrderReason: true });
    const siblingReason = condition(m4626, {
      reference: 'ServiceRequest/other#reasonCode',
      fromOrderReason: true,
    });
    expect(evaluate(facts(plain, { conditions: [siblingReason] })).outcome).toBe('not-medically-necessary');
    const d = evaluate(facts(plain, { conditions: [ownReason] }));
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteria[0]!.evidence[0]!.reference).toBe(plain.reference);
  });
});

describe('MN-2 avascular necrosis', () => {
  const avn = (o = {}) => condition(icd('M87.08'), { bodySites: [SITE.lumbar], ...o });
  it('C1 XR + defibrillator: MN', () => {
    const d = evaluate(
      facts(order(), { conditions: [avn(), condition(icd('Z95.810'))], imagingStudies: [xrayLumbar()] }),
    );
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toEqual(['avascular-necrosis']);
  });
  it('C2 CT + prior MRI: MN', () => {
    expect(
      evaluate(facts(order(), { conditions: [avn()], imagingStudies: [ctLumbar(), mriLumbar()] })).outcome,
    ).toBe('meets-criteria');
  });
  it('C3 XR but no MRI and no contraindication: needs-documentation, missing-prior-mri', () => {
    const d = evaluate(facts(order(), { conditions: [avn()], imagingStudies: [xrayLumbar()] }));
    expect(d.outcome).toBe('needs-documentation');
    expect(d.criteriaMet).toEqual([]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({
      code: 'missing-prior-mri',
      criterion: 'avascular-necrosis',
      bullet: 'MN-2',
    });
  });
  it('C4 cochlear implant but no XR/CT: missing-prior-imaging', () => {
    const d = evaluate(facts(order(), { conditions: [avn(), condition(icd('Z96.21'))] }));
    expect(d.findings.map((f) => f.code)).toEqual(['missing-prior-imaging']);
  });
  it('neither prerequisite: both findings', () => {
    expect(codesOf(facts(order(), { conditions: [avn()] }))).toEqual([
      'missing-prior-imaging',
      'missing-prior-mri',
    ]);
  });
  it('C5 claustrophobia (patient factor) satisfies "MRI cannot be performed"', () => {
    const f = facts(order(), {
      conditions: [avn(), condition(icd('F40.240'))],
      imagingStudies: [xrayLumbar()],
    });
    expect(evaluate(f).outcome).toBe('meets-criteria');
  });
  it('contrast allergy or pregnancy is not an MRI contraindication', () => {
    const f = facts(order(), {
      conditions: [avn(), condition(icd('Z91.041')), condition(icd('Z33.1'))],
      imagingStudies: [xrayLumbar()],
    });
    expect(codesOf(f)).toEqual(['missing-prior-mri']);
  });
  it('C6 M87.9 without a spine site on the problem list is not counted', () => {
    const f = facts(order(), {
      conditions: [condition(icd('M87.9')), condition(icd('Z95.0'))],
      imagingStudies: [xrayLumbar()],
    });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('an MRI of the knee does not satisfy the prior MRI; an MRI of the area by modality and site does', () => {
    const knee = study({ codes: [cpt('73721', 'MRI knee')], modalities: ['MR'], bodySites: [SITE.knee] });
    expect(codesOf(facts(order(), { conditions: [avn()], imagingStudies: [xrayLumbar(), knee] }))).toEqual([
      'missing-prior-mri',
    ]);
    // Changed reading (R-PRIOR-MRI): a pelvis MRI is not of the lumbar suspicious area; it is of a sacral one.
    const pelvis = study({ modalities: ['MR'], bodySites: [SITE.pelvis], description: 'MRI pelvis' });
    expect(codesOf(facts(order(), { conditions: [avn()], imagingStudies: [xrayLumbar(), pelvis] }))).toEqual([
      'missing-prior-mri',
    ]);
    const sacral = {
      conditions: [avn({ bodySites: [SITE.sacrum] })],
      imagingStudies: [xrayLumbar(), pelvis],
    };
    expect(evaluate(facts(order({ bodySites: [SITE.sacrum] }), sacral)).outcome).toBe('meets-criteria');
  });
});

describe('prior imaging counting', () => {
  const spondy = () => condition(icd('M43.16'));
  it.each([
    ['cancelled', 'needs-documentation'],
    ['entered-in-error', 'needs-documentation'],
    ['registered', 'needs-documentation'],
    ['available', 'meets-criteria'],
    [undefined, 'meets-criteria'],
  ])('status %s -> %s', (status, outcome) => {
    const f = facts(order(), { conditions: [spondy()], imagingStudies: [xrayLumbar({ status })] });
    expect(evaluate(f).outcome).toBe(outcome);
  });
  it('a study started after asOf is not prior imaging; one with no start date counts', () => {
    expect(
      evaluate(
        facts(order(), { conditions: [spondy()], imagingStudies: [xrayLumbar({ started: '2026-09-02' })] }),
      ).outcome,
    ).toBe('needs-documentation');
    expect(
      evaluate(
        facts(order(), { conditions: [spondy()], imagingStudies: [xrayLumbar({ started: undefined })] }),
      ).outcome,
    ).toBe('meets-criteria');
  });
  it('an uncoded study counts by modality with spine words in its description', () => {
    const s = study({ modalities: ['CR'], description: 'XR L-spine 2 views' });
    expect(evaluate(facts(order(), { conditions: [spondy()], imagingStudies: [s] })).outcome).toBe(
      'meets-criteria',
    );
    const chest = study({ modalities: ['CR'], description: 'XR chest 2 views' });
    expect(evaluate(facts(order(), { conditions: [spondy()], imagingStudies: [chest] })).outcome).toBe(
      'needs-documentation',
    );
  });
});

describe('MN-3 bony lesion, MN-7 fracture, MN-10 spondylolysis need prior imaging', () => {
  it.each([
    ['D1', icd('R93.7'), 'indeterminate-bone-lesion', 'confirmed'],
    ['H1', icd('M48.46XA'), 'stress-or-occult-fracture', 'confirmed'],
    // H3 was M48.56XA (collapsed vertebra, confirmed): a visible fracture is no longer MN-7 (A-FX-1); see below.
    ['H3', icd('M48.56XA', 'Collapsed vertebra, lumbar'), 'stress-or-occult-fracture', 'provisional'],
    ['K1', icd('M43.06'), 'spondylolysis-spondylolisthesis', 'confirmed'],
    ['K2', icd('Q76.2'), 'spondylolysis-spondylolisthesis', 'confirmed'],
  ])('%s with prior imaging: MN; without: missing-prior-imaging', (_id, code, criterion, verification) => {
    const c = () => condition(code, { verificationStatus: verification });
    const met = evaluate(facts(order(), { conditions: [c()], imagingStudies: [ctLumbar()] }));
    expect(met.criteriaMet).toEqual([criterion]);
    const missing = evaluate(facts(order(), { conditions: [c()] }));
    expect(missing.outcome).toBe('needs-documentation');
    expect(missing.findings).toEqual([expect.objectContaining({ code: 'missing-prior-imaging', criterion })]);
  });
  it('A-FX-1 a confirmed collapsed vertebra is a visible fracture: not MN-7, and the finding says why', () => {
    const d = evaluate(
      facts(order(), { conditions: [condition(icd('M48.56XA'))], imagingStudies: [ctLumbar()] }),
    );
    expect(d.outcome).toBe('not-medically-necessary');
    expect(d.findings[0]!.evidence[0]!.description).toMatch(/confirmed fracture, seen on imaging/);
  });
  it('H2 pathological fracture "other site" with a sacrum body site and an XR sacrum: MN', () => {
    const spect = order({ bodySites: [SITE.sacrum] });
    const xr = study({
      codes: [cpt('72220', 'X-ray sacrum and coccyx')],
      modalities: ['DX'],
      bodySites: [SITE.sacrum],
    });
    const f = facts(spect, {
      // provisional: since A-FX-1 a confirmed (visible) pathological fracture is not MN-7.
      conditions: [
        condition(icd('M84.48XA'), { bodySites: [SITE.sacrum], verificationStatus: 'provisional' }),
      ],
      imagingStudies: [xr],
    });
    const d = evaluate(f);
    expect(d.outcome).toBe('meets-criteria');
    expect(d.region).toBe('sacrum');
  });
});

describe('MN-4 bone tumour with symptoms, MN-5 osseous tumour, MN-6 osteoid osteoma', () => {
  it('E1 prostate cancer + low back pain: MN (bone-tumor-symptoms)', () => {
    const d = evaluate(facts(order(), { conditions: [condition(icd('C61')), condition(icd('M54.50'))] }));
    expect(d.criteriaMet).toEqual(['bone-tumor-symptoms']);
  });
  it('E2 breast cancer + R93.7 radiographic sign: MN', () => {
    const d = evaluate(facts(order(), { conditions: [condition(icd('C50.912')), condition(icd('R93.7'))] }));
    expect(d.criteriaMet).toContain('bone-tumor-symptoms');
  });
  it('E4 cancer alone without symptoms: not this indication', () => {
    expect(evaluate(facts(order(), { conditions: [condition(icd('C61'))] })).outcome).toBe(
      'not-medically-necessary',
    );
  });
  it('E5 history of breast cancer with thoracic pain: not counted (history is not a current tumour)', () => {
    const f = facts(order(), { conditions: [condition(icd('Z85.3')), condition(icd('M54.6'))] });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('E6 colon cancer is not on the list of tumours that metastasize frequently to bone', () => {
    const f = facts(order(), { conditions: [condition(icd('C18.9')), condition(icd('M54.50'))] });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('F1/F2 primary bone tumour and bone metastasis meet osseous-tumor alone', () => {
    expect(evaluate(facts(order(), { conditions: [condition(icd('C41.2'))] })).criteriaMet).toEqual([
      'osseous-tumor',
    ]);
    expect(evaluate(facts(order(), { conditions: [condition(icd('C79.51'))] })).criteriaMet).toEqual([
      'osseous-tumor',
    ]);
  });
  it('F4 vertebral haemangioma (D18.09) is not an osseous tumour', () => {
    expect(evaluate(facts(order(), { conditions: [condition(icd('D18.09'))] })).outcome).toBe(
      'not-medically-necessary',
    );
  });
  it('G1 SNOMED osteoid osteoma: MN; G3 "rule out osteoid osteoma" on the order: MN', () => {
    expect(evaluate(facts(order(), { conditions: [condition(sct('302859004'))] })).criteriaMet).toEqual([
      'osseous-tumor',
      'osteoid-osteoma',
    ]);
    const spect = order({ reasonText: ['Rule out osteoid osteoma, night pain relieved by NSAIDs'] });
    expect(evaluate(facts(spect)).criteriaMet).toEqual(['osteoid-osteoma']);
  });
});

describe('MN-8 post-surgical', () => {
  const fusion = () => condition(icd('Z98.1'), { text: 'Status post L4-L5 fusion' });
  it('I1 fusion + suspected hardware failure: MN', () => {
    const d = evaluate(
      facts(order(), { conditions: [fusion(), condition(icd('M54.50')), condition(icd('T84.296A'))] }),
    );
    expect(d.criteriaMet).toEqual(['post-surgical']);
  });
  // Changed reading (R-SURG-PAIN): MN-8 is "in patients with residual pain and/or associated symptoms"; without
  // them documented the indication needs documentation (finding missing-pain-or-symptoms).
  const backPain = () => condition(icd('M54.50', 'Low back pain, unspecified'));
  it('a vertebral fixation complication alone documents both the fixation and the complication', () => {
    const alone = evaluate(facts(order(), { conditions: [condition(icd('T84.216A'))] }));
    expect(alone.outcome).toBe('needs-documentation');
    expect(alone.findings.map((x) => x.code)).toEqual(['missing-pain-or-symptoms']);
    expect(
      evaluate(facts(order(), { conditions: [condition(icd('T84.216A')), backPain()] })).criteriaMet,
    ).toEqual(['post-surgical']);
  });
  it('a spinal fusion Procedure + T84.7 with spine text: MN', () => {
    const f = facts(order(), {
      procedures: [procedure(sct('50172003', 'Lumbar spinal fusion'))],
      conditions: [
        condition(icd('T84.7XXA'), { text: 'Suspected infection of lumbar fusion hardware' }),
        backPain(),
      ],
    });
    expect(evaluate(f).criteriaMet).toEqual(['post-surgical']);
  });
  it('a not-done procedure does not count', () => {
    const f = facts(order(), {
      procedures: [procedure(sct('50172003'), { status: 'not-done' })],
      conditions: [condition(icd('T84.7XXA'), { text: 'spinal hardware infection' })],
    });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('I3 pain after fusion alone (M96.1, T84.84) is not enough', () => {
    const f = facts(order(), { conditions: [fusion(), condition(icd('M96.1')), condition(icd('T84.84XA'))] });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('Z98.1 without a spine site does not document a spinal fusion', () => {
    const f = facts(order(), {
      conditions: [condition(icd('Z98.1')), condition(icd('T84.7XXA'), { bodySites: [SITE.lumbar] })],
    });
    expect(evaluate(f).outcome).toBe('not-medically-necessary');
  });
  it('I5 pseudarthrosis after fusion counts as a delayed hardware failure', () => {
    expect(
      evaluate(facts(order(), { conditions: [condition(icd('M96.0')), backPain()] })).criteriaMet,
    ).toEqual(['post-surgical']);
  });
});

describe('MN-9 spondyloarthropathy', () => {
  const si = () => order({ codes: [cpt('78803')], bodySites: [SITE.sacroiliac] });
  it('J1 ankylosing spondylitis + pacemaker: MN', () => {
    const d = evaluate(facts(si(), { conditions: [condition(icd('M45.6')), condition(icd('Z95.0'))] }));
    expect(d.criteriaMet).toEqual(['spondyloarthropathy']);
    expect(d.region).toBe('sacroiliac');
  });
  it('J2 sacroiliitis + prior pelvis MRI: MN', () => {
    const mri = study({ codes: [cpt('72197', 'MRI pelvis')], modalities: ['MR'] });
    expect(
      evaluate(facts(si(), { conditions: [condition(icd('M46.1'))], imagingStudies: [mri] })).outcome,
    ).toBe('meets-criteria');
  });
  it('J3 sacroiliitis with no MRI: missing-prior-mri', () => {
    expect(codesOf(facts(si(), { conditions: [condition(icd('M46.1'))] }))).toEqual(['missing-prior-mri']);
  });
  it('J4 MRI ordered in the same session: missing-prior-mri and simultaneous-advanced-imaging', () => {
    const spect = si();
    const f = facts(spect, {
      conditions: [condition(icd('M45.A6'))],
      draftOrders: [spect, otherOrder({ codes: [cpt('72197', 'MRI pelvis')] })],
    });
    const d = evaluate(f);
    expect(d.outcome).toBe('needs-documentation');
    expect(d.findings.map((x) => x.code)).toEqual(['missing-prior-mri', 'simultaneous-advanced-imaging']);
  });
});

describe('NMN-1 simultaneous advanced imaging', () => {
  const infection = () => condition(icd('M46.26'));
  it('M1 MRI in the same drafts without rationale: needs-documentation, criterion still met', () => {
    const spect = order();
    const mri = otherOrder();
    const d = evaluate(facts(spect, { conditions: [infection()], draftOrders: [spect, mri] }));
    expect(d.outcome).toBe('needs-documentation');
    expect(d.criteriaMet).toEqual(['infection']);
    expect(d.findings).toEqual([
      expect.objectContaining({
        code: 'simultaneous-advanced-imaging',
        bullet: 'NMN-1',
        evidence: [expect.objectContaining({ reference: mri.reference })],
      }),
    ]);
  });
  it('M2 a note naming the MRI and saying why suppresses the finding', () => {
    const spect = order({
      notes: [
        'MRI for epidural extent; SPECT/CT to distinguish bone from soft tissue, surgeon needs both today',
      ],
    });
    const d = evaluate(facts(spect, { conditions: [infection()], draftOrders: [spect, otherOrder()] }));
    expect(d.outcome).toBe('meets-criteria');
  });
  it('M5 PET/CT the same day without rationale: finding; no indication: NMN with both findings', () => {
    const spect = order();
    const pet = otherOrder({ codes: [cpt('78815', 'PET/CT skull base to mid-thigh')] });
    expect(codesOf(facts(spect, { draftOrders: [spect, pet] }))).toEqual([
      'no-qualifying-indication',
      'simultaneous-advanced-imaging',
    ]);
  });
  it('M4 a planar bone scan is not other advanced imaging', () => {
    const spect = order();
    const planar = otherOrder({ codes: [cpt('78306', 'Bone imaging whole body')] });
    expect(evaluate(facts(spect, { conditions: [infection()], draftOrders: [spect, planar] })).outcome).toBe(
      'meets-criteria',
    );
  });
  it('M6 a completed MRI 3 weeks earlier is prior imaging, not simultaneous', () => {
    const old = otherOrder({ status: 'completed', draft: false, authoredOn: '2026-08-10' });
    expect(evaluate(facts(order(), { conditions: [infection()], existingOrders: [old] })).outcome).toBe(
      'meets-criteria',
    );
  });
});

describe('INV-1 and NMN-2', () => {
  it('L1 disc degeneration + "surgical planning" text: investigational', () => {
    const spect = order({ reasonText: ['Surgical planning - level selection for fusion'] });
    const d = evaluate(facts(spect, { conditions: [condition(icd('M51.362')), condition(icd('M54.50'))] }));
    expect(d.outcome).toBe('investigational');
    expect(d.findings).toEqual([
      expect.objectContaining({ code: 'investigational-surgical-planning', bullet: 'INV-1' }),
    ]);
  });
  it('L2 cervical spondylosis + Z01.818 reason: investigational', () => {
    const spect = order({ bodySites: [SITE.cervical], reasonCodes: [icd('Z01.818')] });
    const d = evaluate(facts(spect, { conditions: [condition(icd('M47.812'))] }));
    expect(d.outcome).toBe('investigational');
    expect(d.region).toBe('cervical');
  });
  it('L3/N3 degeneration without surgical planning: not-medically-necessary', () => {
    const spect = order({ notes: ['identify facet generator before medial branch block'] });
    expect(codesOf(facts(spect, { conditions: [condition(icd('M47.816'))] }))).toEqual([
      'no-qualifying-indication',
    ]);
  });
  it('L4 a met MN indication overrides the investigational use', () => {
    const spect = order({ notes: ['surgical planning'] });
    const f = facts(spect, {
      conditions: [condition(icd('M51.362')), condition(icd('M43.17'))],
      imagingStudies: [xrayLumbar()],
    });
    expect(evaluate(f).outcome).toBe('meets-criteria');
  });
  // Changed reading (R-INV-2): INV-1 covers uses "not otherwise meeting medical necessity criteria"; an incomplete
  // MN indication does not meet them, so the outcome is investigational, listing what the MN indication lacks.
  it('an incomplete MN indication with surgical planning: investigational, with the missing prerequisite', () => {
    const spect = order({ notes: ['pre-op planning'] });
    const f = facts(spect, { conditions: [condition(icd('M51.362')), condition(icd('M43.17'))] });
    const d = evaluate(f);
    expect(d.outcome).toBe('investigational');
    expect(d.findings.map((x) => x.code)).toEqual([
      'investigational-surgical-planning',
      'missing-prior-imaging',
    ]);
  });
  it('N1/N2 low back pain or stenosis only: not-medically-necessary', () => {
    for (const code of ['M54.50', 'M48.062']) {
      const d = evaluate(
        facts(order(), { conditions: [condition(icd(code))], imagingStudies: [mriLumbar()] }),
      );
      expect(d.outcome).toBe('not-medically-necessary');
      expect(d.findings[0]).toMatchObject({
        code: 'no-qualifying-indication',
        bullet: 'NMN-2',
        evidence: [],
      });
    }
  });
  it('one indication met and another incomplete: meets-criteria, no findings', () => {
    const d = evaluate(facts(order(), { conditions: [condition(icd('M46.26')), condition(icd('M43.16'))] }));
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toEqual(['infection']);
    expect(d.findings).toEqual([]);
  });
});

describe('issue 11: the suspicious area', () => {
  it('MN-9: a lumbar spondylitis on an SI SPECT is assessed with an SI (or lumbar) MRI, not a cervical one', () => {
    const si = order({ bodySites: [SITE.sacroiliac] });
    const as = condition(icd('M45.6', 'Ankylosing spondylitis of lumbar region'));
    const mriSi = study({ modalities: ['MR'], bodySites: [SITE.sacroiliac], description: 'MRI SI joints' });
    expect(evaluate(facts(si, { conditions: [as], imagingStudies: [mriSi] })).criteriaMet).toEqual([
      'spondyloarthropathy',
    ]);
    const mriC = study({ modalities: ['MR'], bodySites: [SITE.cervical], description: 'MRI C-spine' });
    expect(codesOf(facts(si, { conditions: [as], imagingStudies: [mriC] }))).toEqual(['missing-prior-mri']);
  });
  it('MN-5 from text: "bone metastases from breast cancer" on the problem list, level not stated, counts', () => {
    const c = condition({ code: 'x' }, { codes: [], text: 'Bone metastases from breast cancer' });
    const d = evaluate(facts(order(), { conditions: [c] }));
    expect(d.criteriaMet).toContain('osseous-tumor');
    expect(d.criteria.find((x) => x.criterion === 'osseous-tumor')!.evidence[0]).toMatchObject({
      kind: 'text',
      reference: c.reference,
      quote: 'Bone metastases',
    });
  });
  it('a study with no region stated counts only with the finding asking the request to show it', () => {
    const avn = condition(icd('M87.08'), { bodySites: [SITE.lumbar] });
    const xr = study({ modalities: ['DX'], description: 'Radiographs' });
    const d = evaluate(facts(order(), { conditions: [avn, condition(icd('Z95.0'))], imagingStudies: [xr] }));
    expect(d.outcome).toBe('needs-documentation');
    expect(d.findings.map((f) => f.code)).toEqual(['prior-imaging-region-not-shown']);
    expect(d.findings[0]!.evidence.map((e) => e.reference)).toContain(xr.reference);
  });
});
