/**
 * Outside-in probes: the service as an EHR integrator and a payer's policy analyst would probe it, written from the
 * contracts of issues 2 and 3 and the policy text (not from the acceptance cases). Each probe is one signed hook
 * call over HTTP against the real app; the assertions are the contract: outcome, criteriaMet, finding codes, card
 * shape, suggestions, the CRD coverage-information values, status codes and OperationOutcome bodies.
 */
import { randomUUID } from 'node:crypto';
import type {
  Condition,
  Coverage,
  Extension,
  FhirResource,
  ImagingStudy,
  Procedure,
  ServiceRequest,
} from 'fhir/r4.js';
import nock from 'nock';
import request from 'supertest';
import { DETERMINATION_EXTENSION_KEY } from '../../src/cards/determination-extension.js';
import {
  ORDER_SELECT_SERVICE,
  ORDER_SIGN_SERVICE,
  orderSelectBody,
  orderSignBody,
  searchset,
  spectServiceRequest,
  TEST_FHIR_SERVER,
  TEST_PATIENT_ID,
  testPatient,
} from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, type TestClient, testConfig } from '../support/jwt.js';
import { testPayor } from '../support/payer.js';
import { buildTestApp, type TestApp } from '../support/test-app.js';

const CPT = 'http://www.ama-assn.org/go/cpt';
const SNOMED = 'http://snomed.info/sct';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const ICD_OID = 'urn:oid:2.16.840.1.113883.6.90';
const LOINC = 'http://loinc.org';
const RADLEX = 'http://radlex.org';
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const COVERAGE_INFO = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
const DAY = 24 * 60 * 60 * 1000;

const daysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString();

type Code = [system: string, code: string, display?: string];
const concept = (codes: Code[], text?: string) => ({
  coding: codes.map(([system, code, display]) => ({ system, code, ...(display ? { display } : {}) })),
  ...(text ? { text } : {}),
});

interface ConditionOptions {
  clinical?: string;
  verification?: string;
  bodySite?: Code[];
  text?: string;
}
let conditionSeq = 0;
function condition(codes: Code[], options: ConditionOptions = {}): Condition {
  conditionSeq += 1;
  return {
    resourceType: 'Condition',
    id: `cond-${conditionSeq}`,
    clinicalStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
          code: options.clinical ?? 'active',
        },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: options.verification ?? 'confirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: concept(codes, options.text),
    ...(options.bodySite ? { bodySite: [concept(options.bodySite)] } : {}),
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    recordedDate: daysAgo(30),
  };
}

let procedureSeq = 0;
function procedure(codes: Code[], text?: string): Procedure {
  procedureSeq += 1;
  return {
    resourceType: 'Procedure',
    id: `proc-${procedureSeq}`,
    status: 'completed',
    code: concept(codes, text),
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    performedDateTime: daysAgo(400),
  };
}

let studySeq = 0;
function study(
  modality: 'MR' | 'CT' | 'DX' | 'CR',
  procedureCode: Code,
  bodySite: Code,
  description: string,
) {
  studySeq += 1;
  const resource: ImagingStudy = {
    resourceType: 'ImagingStudy',
    id: `study-${studySeq}`,
    status: 'available',
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    started: daysAgo(60),
    modality: [{ system: DCM, code: modality }],
    procedureCode: [concept([procedureCode])],
    description,
    series: [
      {
        uid: `1.2.3.${studySeq}`,
        modality: { system: DCM, code: modality },
        bodySite: { system: SNOMED, code: bodySite[1], display: bodySite[2] },
      },
    ],
  };
  return resource;
}

const LUMBAR: Code = [SNOMED, '122496007', 'Lumbar spine structure'];
const KNEE: Code = [SNOMED, '72696002', 'Knee region structure'];
const PELVIS: Code = [SNOMED, '12921003', 'Pelvis structure'];
const mriLumbar = () => study('MR', [CPT, '72148', 'MRI lumbar spine w/o contrast'], LUMBAR, 'MRI L-spine');
const mriKnee = () => study('MR', [CPT, '73721', 'MRI knee w/o contrast'], KNEE, 'MRI right knee');
const mriPelvis = () => study('MR', [CPT, '72195', 'MRI pelvis w/o contrast'], PELVIS, 'MRI pelvis');
const xrLumbar = () => study('DX', [CPT, '72100', 'X-ray lumbosacral spine 2-3 views'], LUMBAR, 'XR L-spine');
const ctLumbar = () => study('CT', [CPT, '72131', 'CT lumbar spine w/o contrast'], LUMBAR, 'CT L-spine');

function coverage(status: Coverage['status'] = 'active'): Coverage {
  return {
    resourceType: 'Coverage',
    id: 'cov-1',
    status,
    beneficiary: { reference: `Patient/${TEST_PATIENT_ID}` },
    payor: [testPayor()],
  };
}

interface Chart {
  conditions?: Condition[];
  procedures?: Procedure[];
  imagingStudies?: ImagingStudy[];
  serviceRequests?: ServiceRequest[];
  coverage?: Coverage[] | null;
}
function prefetch(chart: Chart = {}): Record<string, unknown> {
  return {
    patient: testPatient(),
    coverage: searchset(chart.coverage === null ? [] : (chart.coverage ?? [coverage()])),
    conditions: searchset(chart.conditions ?? []),
    procedures: searchset(chart.procedures ?? []),
    imagingStudies: searchset(chart.imagingStudies ?? []),
    serviceRequests: searchset(chart.serviceRequests ?? []),
  };
}

function otherOrder(
  id: string,
  code: Code,
  text: string,
  extra: Partial<ServiceRequest> = {},
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'order',
    code: concept([code], text),
    bodySite: [concept([LUMBAR])],
    subject: { reference: `Patient/${TEST_PATIENT_ID}` },
    authoredOn: daysAgo(0),
    ...extra,
  };
}
const mriOrder = (extra: Partial<ServiceRequest> = {}) =>
  otherOrder('mri-1', [CPT, '72148', 'MRI lumbar spine w/o contrast'], 'MRI L-spine', extra);

// ---- harness --------------------------------------------------------------------------------------------------

let client: TestClient;
let testApp: TestApp;

beforeAll(async () => {
  client = await createTestClient();
  testApp = buildTestApp(testConfig([client]));
});
afterEach(() => nock.cleanAll());
// nock patches node:http for the whole jest worker; without this, each test file's copy stacks on the last.
afterAll(() => nock.restore());

async function post(service: string, body: unknown, raw?: string) {
  const token = await signHookJwt(client, `${TEST_BASE_URL}/cds-services/${service}`);
  return request(testApp.app)
    .post(`/cds-services/${service}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/json')
    .send(raw ?? JSON.stringify(body));
}

interface Summary {
  order: string;
  outcome: string;
  criteriaMet: string[];
  findings: string[];
}
interface Answer {
  status: number;
  body: {
    cards?: Array<Record<string, unknown>>;
    systemActions?: Array<{ type: string; resource?: ServiceRequest }>;
    [key: string]: unknown;
  };
  determinations: Summary[];
  coverageInfo: Array<{ order: string; values: Record<string, string[]> }>;
}

async function sign(draftOrders: FhirResource[], chart: Chart = {}, extra: Record<string, unknown> = {}) {
  return answer(
    await post(ORDER_SIGN_SERVICE, {
      ...orderSignBody({ draftOrders, prefetch: prefetch(chart) }),
      ...extra,
    }),
  );
}

function answer(res: request.Response): Answer {
  const body = res.body as Answer['body'];
  const byOrder = new Map<string, Summary>();
  for (const card of body.cards ?? []) {
    const ext = (card.extension as Record<string, unknown> | undefined)?.[DETERMINATION_EXTENSION_KEY] as
      | { order: string; outcome: string; criteriaMet: string[]; findings: Array<{ code: string }> }
      | undefined;
    if (ext) {
      byOrder.set(ext.order, {
        order: ext.order,
        outcome: ext.outcome,
        criteriaMet: ext.criteriaMet,
        findings: [...new Set(ext.findings.map((f) => f.code))].sort(),
      });
    }
  }
  const coverageInfo = (body.systemActions ?? []).map((action) => {
    const ext = (action.resource?.extension ?? []).find((e) => e.url === COVERAGE_INFO);
    const values: Record<string, string[]> = {};
    for (const part of ext?.extension ?? ([] as Extension[])) {
      const value =
        part.valueCode ??
        part.valueString ??
        part.valueUrl ??
        part.valueDate ??
        part.valueReference?.reference;
      if (value !== undefined) values[part.url] = [...(values[part.url] ?? []), String(value)];
      if (part.valueCoding) values[part.url] = [...(values[part.url] ?? []), String(part.valueCoding.code)];
      if (part.valueCodeableConcept) {
        const text = part.valueCodeableConcept.text ?? part.valueCodeableConcept.coding?.[0]?.code;
        values[part.url] = [...(values[part.url] ?? []), String(text)];
      }
      // A CRD detail names its kind in `code` (e.g. policy-link; CRD 2.0.1 answers name it in text, "Policy
      // link"); key it by that code.
      const detailConcept = part.extension?.find((e) => e.url === 'code')?.valueCodeableConcept;
      const detailCode =
        detailConcept?.coding?.[0]?.code ?? detailConcept?.text?.toLowerCase().replace(/\s+/g, '-');
      const detailPart = part.extension?.find((e) => e.url === 'value');
      const detailValue = detailPart?.valueUrl ?? detailPart?.valueString;
      if (detailCode && detailValue) values[detailCode] = [...(values[detailCode] ?? []), detailValue];
    }
    return { order: `ServiceRequest/${action.resource?.id}`, values };
  });
  return { status: res.status, body, determinations: [...byOrder.values()], coverageInfo };
}

function only(result: Answer): Summary {
  expect(result.status).toBe(200);
  expect(result.determinations).toHaveLength(1);
  return result.determinations[0] as Summary;
}

function expectDetermination(
  result: Answer,
  outcome: string,
  criteriaMet: string[],
  findings: string[] = [],
) {
  const d = only(result);
  expect({ outcome: d.outcome, criteriaMet: d.criteriaMet, findings: d.findings }).toEqual({
    outcome,
    criteriaMet,
    findings: [...findings].sort(),
  });
  for (const card of result.body.cards ?? []) {
    expect((card.summary as string).length).toBeLessThan(140);
    expect(card.indicator).toBe(outcome === 'meets-criteria' ? 'info' : 'warning');
  }
}

const spect = spectServiceRequest;
const icd = (code: string, display?: string): Code => [ICD, code, display];
const sct = (code: string, display?: string): Code => [SNOMED, code, display];
const BACK_PAIN = icd('M54.50', 'Low back pain, unspecified');

// ---- indications and condition status -----------------------------------------------------------------------

describe('indications, statuses and code spellings', () => {
  const osteo = (options: ConditionOptions = {}, codes: Code[] = [icd('M46.26')]) => ({
    conditions: [condition(codes, options)],
  });

  it('P01 vertebral osteomyelitis M46.26 meets criteria', async () => {
    expectDetermination(await sign([spect()], osteo()), 'meets-criteria', ['infection']);
  });
  it('P02 code without the dot (M4626) still counts', async () => {
    expectDetermination(await sign([spect()], osteo({}, [icd('M4626')])), 'meets-criteria', ['infection']);
  });
  it('P03 lower-case code (m46.26) still counts', async () => {
    expectDetermination(await sign([spect()], osteo({}, [icd('m46.26')])), 'meets-criteria', ['infection']);
  });
  it('P04 ICD-10-CM by its OID system URI still counts', async () => {
    expectDetermination(await sign([spect()], osteo({}, [[ICD_OID, 'M46.26']])), 'meets-criteria', [
      'infection',
    ]);
  });
  it('P05 spinal epidural abscess G06.1 meets criteria', async () => {
    expectDetermination(await sign([spect()], osteo({}, [icd('G06.1')])), 'meets-criteria', ['infection']);
  });
  it('P06 discitis by SNOMED (302935008) meets criteria', async () => {
    expectDetermination(await sign([spect()], osteo({}, [sct('302935008')])), 'meets-criteria', [
      'infection',
    ]);
  });
  for (const clinical of ['resolved', 'inactive', 'remission']) {
    it(`P07 ${clinical} osteomyelitis does not count`, async () => {
      expectDetermination(
        await sign([spect()], osteo({ clinical })),
        'not-medically-necessary',
        [],
        ['no-qualifying-indication'],
      );
    });
  }
  for (const clinical of ['recurrence', 'relapse']) {
    it(`P08 ${clinical} osteomyelitis counts`, async () => {
      expectDetermination(await sign([spect()], osteo({ clinical })), 'meets-criteria', ['infection']);
    });
  }
  for (const verification of ['refuted', 'entered-in-error']) {
    it(`P09 ${verification} osteomyelitis does not count`, async () => {
      expectDetermination(
        await sign([spect()], osteo({ verification })),
        'not-medically-necessary',
        [],
        ['no-qualifying-indication'],
      );
    });
  }
  for (const verification of ['provisional', 'differential', 'unconfirmed']) {
    it(`P10 ${verification} (suspected) osteomyelitis counts`, async () => {
      expectDetermination(await sign([spect()], osteo({ verification })), 'meets-criteria', ['infection']);
    });
  }
  it('P11 reason only on the order (reasonCode)', async () => {
    const order = spect({ reasonCode: [concept([icd('M46.26')])] });
    expectDetermination(await sign([order]), 'meets-criteria', ['infection']);
  });
  it('P12 reason only in reasonReference to a Condition in prefetch', async () => {
    const cond = condition([icd('M46.46', 'Discitis, unspecified, lumbar region')], {});
    // The chart copy of the Condition carries no clinicalStatus problem: the order points at it directly.
    const order = spect({ reasonReference: [{ reference: `Condition/${cond.id}` }] });
    expectDetermination(await sign([order], { conditions: [cond] }), 'meets-criteria', ['infection']);
  });
  it('P13 tuberculosis of spine A18.01', async () => {
    expectDetermination(await sign([spect()], osteo({}, [icd('A18.01')])), 'meets-criteria', ['infection']);
  });
});

describe('avascular necrosis: prior x-ray/CT and MRI cannot be performed or nondiagnostic', () => {
  const avn = () =>
    condition([icd('M87.08', 'Idiopathic aseptic necrosis of bone, other site')], { bodySite: [LUMBAR] });
  it('P14 AVN alone: prior imaging and MRI missing', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [avn()] }),
      'needs-documentation',
      [],
      ['missing-prior-imaging', 'missing-prior-mri'],
    );
  });
  it('P15 AVN + lumbar x-ray + pacemaker Z95.0 meets criteria', async () => {
    const chart = {
      conditions: [avn(), condition([icd('Z95.0', 'Presence of cardiac pacemaker')])],
      imagingStudies: [xrLumbar()],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['avascular-necrosis']);
  });
  it('P16 AVN + lumbar CT + lumbar MRI meets criteria', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [avn()], imagingStudies: [ctLumbar(), mriLumbar()] }),
      'meets-criteria',
      ['avascular-necrosis'],
    );
  });
  it('P17 AVN + x-ray + MRI of the knee: MRI still missing', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [avn()], imagingStudies: [xrLumbar(), mriKnee()] }),
      'needs-documentation',
      [],
      ['missing-prior-mri'],
    );
  });
  // Changed reading (issue 11, R-PRIOR-MRI): a pelvis MRI is not of a lumbar suspicious area.
  it('P18 AVN + x-ray + MRI of the pelvis does not show the lumbar area', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [avn()], imagingStudies: [xrLumbar(), mriPelvis()] }),
      'needs-documentation',
      [],
      ['missing-prior-mri'],
    );
  });
  it('P19 AVN + x-ray + cochlear implant Z96.21', async () => {
    const chart = {
      conditions: [avn(), condition([icd('Z96.21', 'Cochlear implant status')])],
      imagingStudies: [xrLumbar()],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['avascular-necrosis']);
  });
  it('P20 AVN + x-ray + claustrophobia F40.240', async () => {
    const chart = {
      conditions: [avn(), condition([icd('F40.240', 'Claustrophobia')])],
      imagingStudies: [xrLumbar()],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['avascular-necrosis']);
  });
  it('P21 AVN + x-ray + implanted defibrillator Z95.810', async () => {
    const chart = {
      conditions: [
        avn(),
        condition([icd('Z95.810', 'Presence of automatic (implantable) cardiac defibrillator')]),
      ],
      imagingStudies: [xrLumbar()],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['avascular-necrosis']);
  });
});

describe('other indications', () => {
  it('P22 indeterminate lesion R93.7 with a prior CT', async () => {
    const chart = { conditions: [condition([icd('R93.7')])], imagingStudies: [ctLumbar()] };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['indeterminate-bone-lesion']);
  });
  it('P23 indeterminate lesion R93.7 without prior imaging', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [condition([icd('R93.7')])] }),
      'needs-documentation',
      [],
      ['missing-prior-imaging'],
    );
  });
  it('P24 breast cancer with low back pain: bone-tumor-symptoms', async () => {
    const chart = {
      conditions: [
        condition([icd('C50.911', 'Malignant neoplasm of right female breast')]),
        condition([BACK_PAIN]),
      ],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['bone-tumor-symptoms']);
  });
  it('P25 prostate cancer without spine symptoms: not medically necessary', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [condition([icd('C61', 'Malignant neoplasm of prostate')])] }),
      'not-medically-necessary',
      [],
      ['no-qualifying-indication'],
    );
  });
  it('P26 vertebral metastasis C79.51 is an osseous tumor', async () => {
    const d = only(
      await sign([spect()], {
        conditions: [condition([icd('C79.51', 'Secondary malignant neoplasm of bone')])],
      }),
    );
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toContain('osseous-tumor');
  });
  it('P27 malignant neoplasm of vertebral column C41.2', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [condition([icd('C41.2')])] }),
      'meets-criteria',
      ['osseous-tumor'],
    );
  });
  it('P28 osteoid osteoma by SNOMED 302859004', async () => {
    const chart = { conditions: [condition([sct('302859004', 'Osteoid osteoma')], { bodySite: [LUMBAR] })] };
    const d = only(await sign([spect()], chart));
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toContain('osteoid-osteoma');
  });
  // Changed reading (issue 11, A-FX-1): a confirmed collapsed vertebra is a visible fracture, not MN-7's
  // "suspected ... not visible or indeterminate on prior imaging".
  it('P29 collapsed vertebra M48.56XA, confirmed, with an x-ray: a visible fracture is not MN-7', async () => {
    const chart = { conditions: [condition([icd('M48.56XA')])], imagingStudies: [xrLumbar()] };
    expectDetermination(
      await sign([spect()], chart),
      'not-medically-necessary',
      [],
      ['no-qualifying-indication'],
    );
  });
  it('P30 fatigue fracture of a lumbar vertebra M48.46XA without prior imaging', async () => {
    expectDetermination(
      await sign([spect()], {
        conditions: [condition([icd('M48.46XA', 'Fatigue fracture of vertebra, lumbar region')])],
      }),
      'needs-documentation',
      [],
      ['missing-prior-imaging'],
    );
  });
  it('P31 pain after fusion alone (Z98.1 + M54.50 + M96.1): not medically necessary', async () => {
    const chart = {
      conditions: [
        condition([icd('Z98.1', 'Arthrodesis status')]),
        condition([BACK_PAIN]),
        condition([icd('M96.1', 'Postlaminectomy syndrome')]),
      ],
    };
    expectDetermination(
      await sign([spect()], chart),
      'not-medically-necessary',
      [],
      ['no-qualifying-indication'],
    );
  });
  it('P32 fusion + breakdown of vertebral fixation T84.226A', async () => {
    const chart = {
      conditions: [
        condition([icd('Z98.1')]),
        condition([icd('T84.226A', 'Displacement of internal fixation device of vertebrae')]),
        // R-SURG-PAIN (issue 11): MN-8 needs the residual pain or symptoms documented.
        condition([icd('M54.50', 'Low back pain, unspecified')]),
      ],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['post-surgical']);
  });
  it('P33 fusion Procedure (SNOMED 55705006 spinal fusion) + infection of device T84.63XA', async () => {
    const chart = {
      procedures: [procedure([sct('55705006', 'Spinal fusion')])],
      conditions: [
        condition([icd('T84.63XA', 'Infection due to internal fixation device of spine')]),
        condition([icd('M54.50', 'Low back pain, unspecified')]),
      ],
    };
    const d = only(await sign([spect()], chart));
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toContain('post-surgical');
  });
  it('P34 ankylosing spondylitis M45.7 without MRI: missing prior MRI, suggestion is an MRI', async () => {
    const result = await sign([spect()], { conditions: [condition([icd('M45.7')])] });
    expectDetermination(result, 'needs-documentation', [], ['missing-prior-mri']);
    const suggestion = JSON.stringify(result.body.cards);
    expect(suggestion).toContain('72148');
  });
  it('P35 sacroiliitis M46.1 with prior SI MRI (pelvis) meets criteria', async () => {
    const chart = {
      conditions: [condition([icd('M46.1', 'Sacroiliitis, not elsewhere classified')])],
      imagingStudies: [mriPelvis()],
    };
    const order = spect({ bodySite: [concept([sct('39723000', 'Sacroiliac joint structure')])] });
    expectDetermination(await sign([order], chart), 'meets-criteria', ['spondyloarthropathy']);
  });
  it('P36 spondylolysis M43.06 with prior x-ray', async () => {
    const chart = { conditions: [condition([icd('M43.06')])], imagingStudies: [xrLumbar()] };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['spondylolysis-spondylolisthesis']);
  });
  it('P37 spondylolisthesis M43.16 without prior imaging', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [condition([icd('M43.16')])] }),
      'needs-documentation',
      [],
      ['missing-prior-imaging'],
    );
  });
});

describe('investigational and not medically necessary', () => {
  it('P38 disc degeneration + "pre-op planning" reason text: investigational', async () => {
    const order = spect({ reasonCode: [concept([icd('M51.36')], 'pre-op planning for L4-5 fusion')] });
    const result = await sign([order], {
      conditions: [condition([icd('M51.36', 'Other intervertebral disc degeneration, lumbar region')])],
    });
    expectDetermination(result, 'investigational', [], ['investigational-surgical-planning']);
    const values = result.coverageInfo[0]?.values ?? {};
    expect(values.covered).toEqual(['not-covered']);
    expect(values['pa-needed']).toBeUndefined();
  });
  it('P39 spondylosis M47.816 alone: not medically necessary', async () => {
    const result = await sign([spect()], { conditions: [condition([icd('M47.816')])] });
    expectDetermination(result, 'not-medically-necessary', [], ['no-qualifying-indication']);
    const values = result.coverageInfo[0]?.values ?? {};
    expect(values.covered).toEqual(['conditional']);
    expect(values['pa-needed']).toEqual(['auth-needed']);
    expect(values['info-needed']).toEqual(['OTH']);
  });
  it('P40 degeneration + surgical planning + discitis: the infection wins', async () => {
    const order = spect({
      reasonCode: [concept([icd('M51.36')], 'surgical planning')],
    });
    const chart = { conditions: [condition([icd('M51.36')]), condition([icd('M46.46')])] };
    expectDetermination(await sign([order], chart), 'meets-criteria', ['infection']);
  });
});

describe('scope, order identification and body site', () => {
  const osteoChart = () => ({ conditions: [condition([icd('M46.26')])] });
  it('P41 SPECT identified by LOINC 39879-2 with a lumbar body site', async () => {
    const order = spect({ code: concept([[LOINC, '39879-2', 'SPECT Bone']]) });
    expectDetermination(await sign([order], osteoChart()), 'meets-criteria', ['infection']);
  });
  it('P42 SPECT by SNOMED 105371005 with body site only as text "L-spine"', async () => {
    const order = spect({ code: concept([sct('105371005')]), bodySite: [{ text: 'L-spine' }] });
    expectDetermination(await sign([order], osteoChart()), 'meets-criteria', ['infection']);
  });
  it('P43 SPECT by RadLex RPID5249 with body site only as text "lumbosacral"', async () => {
    const order = spect({
      code: concept([[RADLEX, 'RPID5249', 'NM Bone SPECT']]),
      bodySite: [{ text: 'lumbosacral' }],
    });
    expectDetermination(await sign([order], osteoChart()), 'meets-criteria', ['infection']);
  });
  it('P44 a knee SPECT: no cards', async () => {
    const order = spect({ code: concept([[CPT, '78830']], 'SPECT/CT knee'), bodySite: [concept([KNEE])] });
    const result = await sign([order], osteoChart());
    expect(result.status).toBe(200);
    expect(result.body.cards).toEqual([]);
  });
  for (const [region, site, mri] of [
    ['cervical', sct('122494005'), '72141'],
    ['thoracic', sct('122495006'), '72146'],
    ['lumbar', sct('122496007'), '72148'],
  ] as const) {
    it(`P45 ${region} SPECT missing an MRI suggests MRI ${mri}`, async () => {
      const order = spect({ code: concept([[CPT, '78830']], 'SPECT/CT spine'), bodySite: [concept([site])] });
      const result = await sign([order], { conditions: [condition([icd('M45.9')])] });
      expect(only(result).findings).toContain('missing-prior-mri');
      const actions = (result.body.cards ?? []).flatMap((c) =>
        (
          (c.suggestions as Array<{ actions?: Array<{ type: string; resource?: ServiceRequest }> }>) ?? []
        ).flatMap((s) => s.actions ?? []),
      );
      const created = actions
        .filter((a) => a.type === 'create')
        .map((a) => a.resource?.code?.coding?.[0]?.code);
      expect(created).toContain(mri);
      expect(actions.some((a) => a.type === 'delete')).toBe(true);
    });
  }
  it('P46 sacroiliac SPECT missing an MRI suggests a pelvis MRI (72195)', async () => {
    const order = spect({
      code: concept([[CPT, '78830']], 'SPECT/CT SI joints'),
      bodySite: [concept([sct('39723000')])],
    });
    const result = await sign([order], { conditions: [condition([icd('M45.8')])] });
    expect(only(result).findings).toContain('missing-prior-mri');
    expect(JSON.stringify(result.body.cards)).toContain('72195');
  });
  it('P47 two spine SPECT orders: two determinations and two system actions', async () => {
    const orders = [
      spect({ id: 'spect-1' }),
      spect({ id: 'spect-2', bodySite: [concept([sct('122494005')])] }),
    ];
    const result = await sign(orders, osteoChart());
    expect(result.determinations.map((d) => d.order).sort()).toEqual([
      'ServiceRequest/spect-1',
      'ServiceRequest/spect-2',
    ]);
    expect(result.coverageInfo.map((c) => c.order).sort()).toEqual([
      'ServiceRequest/spect-1',
      'ServiceRequest/spect-2',
    ]);
  });
});

describe('simultaneous advanced imaging', () => {
  const chartWith = (serviceRequests: ServiceRequest[] = []) => ({
    conditions: [condition([icd('M46.26')])],
    serviceRequests,
  });
  it('P48 MRI drafted beside the SPECT', async () => {
    expectDetermination(
      await sign([spect(), mriOrder()], chartWith()),
      'needs-documentation',
      ['infection'],
      ['simultaneous-advanced-imaging'],
    );
  });
  it('P49 CT drafted beside the SPECT', async () => {
    const ct = otherOrder('ct-1', [CPT, '72131', 'CT lumbar spine w/o contrast'], 'CT L-spine');
    expectDetermination(
      await sign([spect(), ct], chartWith()),
      'needs-documentation',
      ['infection'],
      ['simultaneous-advanced-imaging'],
    );
  });
  it('P50 PET/CT drafted beside the SPECT', async () => {
    const pet = otherOrder('pet-1', [CPT, '78815', 'PET/CT skull base to mid-thigh'], 'PET/CT');
    expectDetermination(
      await sign([spect(), pet], chartWith()),
      'needs-documentation',
      ['infection'],
      ['simultaneous-advanced-imaging'],
    );
  });
  it('P51 planar bone scan beside is not simultaneous advanced imaging', async () => {
    const planar = otherOrder('nm-1', [CPT, '78306', 'Bone imaging whole body'], 'NM bone scan whole body');
    expectDetermination(await sign([spect(), planar], chartWith()), 'meets-criteria', ['infection']);
  });
  it('P52 active MRI order authored 3 days ago is simultaneous', async () => {
    const existing = mriOrder({ id: 'mri-old', status: 'active', authoredOn: daysAgo(3) });
    expectDetermination(
      await sign([spect()], chartWith([existing])),
      'needs-documentation',
      ['infection'],
      ['simultaneous-advanced-imaging'],
    );
  });
  it('P53 active MRI order authored 10 days ago is not', async () => {
    const existing = mriOrder({ id: 'mri-old', status: 'active', authoredOn: daysAgo(10) });
    expectDetermination(await sign([spect()], chartWith([existing])), 'meets-criteria', ['infection']);
  });
  it('P54 completed MRI order 2 days ago is prior imaging, not simultaneous', async () => {
    const existing = mriOrder({ id: 'mri-old', status: 'completed', authoredOn: daysAgo(2) });
    expectDetermination(await sign([spect()], chartWith([existing])), 'meets-criteria', ['infection']);
  });
  it('P55 order-select: one selected among several drafts, MRI draft is context', async () => {
    const body = orderSelectBody({
      draftOrders: [spect({ id: 'spect-1' }), spect({ id: 'spect-2' }), mriOrder()],
      selections: ['ServiceRequest/spect-2'],
      prefetch: prefetch(chartWith()),
    });
    const result = answer(await post(ORDER_SELECT_SERVICE, body));
    expect(result.determinations.map((d) => d.order)).toEqual(['ServiceRequest/spect-2']);
    expect(result.determinations[0]?.findings).toEqual(['simultaneous-advanced-imaging']);
    expect(result.coverageInfo).toHaveLength(1);
    expect(result.coverageInfo[0]?.values['doc-needed']).toBeUndefined();
  });
});

describe('coverage information', () => {
  const osteoChart = (extra: Chart = {}) => ({ conditions: [condition([icd('M46.26')])], ...extra });
  it('P56 meets criteria on order-sign: covered, auth-needed, clinical, withpa, billing code', async () => {
    const result = await sign([spect()], osteoChart());
    const values = result.coverageInfo[0]?.values ?? {};
    expect(values.covered).toEqual(['covered']);
    expect(values['pa-needed']).toEqual(['auth-needed']);
    expect(values['doc-needed']).toEqual(['clinical']);
    expect(values['doc-purpose']).toEqual(['withpa']);
    expect(values['coverage-assertion-id']).toHaveLength(1);
  });
  it('P57 no Coverage in prefetch: 400 with an OperationOutcome (CRD hook-13)', async () => {
    const result = await sign([spect()], osteoChart({ coverage: null }));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  });
  it('P58 a cancelled Coverage is not the member coverage: no Coverage in force, 400', async () => {
    const result = await sign([spect()], osteoChart({ coverage: [coverage('cancelled')] }));
    expect(result.status).toBe(400);
  });
  it('P59 CRD 2.2-style request with the davinci-crd.configuration extension is accepted', async () => {
    const result = await sign([spect()], osteoChart(), {
      extension: { 'davinci-crd.configuration': { 'coverage-info': true, 'alt-orders': false } },
    });
    expectDetermination(result, 'meets-criteria', ['infection']);
  });
});

describe('data gaps', () => {
  it('P60 every prefetch key null and no FHIR server: 412', async () => {
    const body = orderSignBody({
      fhirServer: null,
      prefetch: {
        patient: null,
        coverage: null,
        conditions: null,
        procedures: null,
        imagingStudies: null,
        serviceRequests: null,
      },
    });
    const res = await post(ORDER_SIGN_SERVICE, body);
    expect(res.status).toBe(412);
  });
  it('P61 an OperationOutcome in a key with a FHIR server: the service queries it', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] };
    const pf = prefetch({ coverage: [coverage()] });
    pf.conditions = outcome;
    const scope = nock(TEST_FHIR_SERVER)
      .get('/Condition')
      .query(true)
      .reply(200, searchset([condition([icd('M46.26')])]));
    const result = answer(await post(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: pf })));
    expect(scope.isDone()).toBe(true);
    expectDetermination(result, 'meets-criteria', ['infection']);
  });
  it('P62 an OperationOutcome in a key and no FHIR server: 412', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'too-costly' }] };
    const pf = prefetch();
    pf.conditions = outcome;
    const res = await post(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: pf, fhirServer: null }));
    expect([200, 412]).toContain(res.status);
    if (res.status === 200)
      expect(JSON.stringify(res.body.cards)).toMatch(/could not|not checked|unavailable/i);
  });
});

describe('bad input', () => {
  const expectOutcome = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue?.[0]?.diagnostics ?? res.body.issue?.[0]?.details?.text).toBeTruthy();
  };
  it('P63 malformed JSON: 400 OperationOutcome', async () => {
    expectOutcome(await post(ORDER_SIGN_SERVICE, undefined, '{"hook": "order-sign",'), 400);
  });
  it('P64 wrong hook for the service: 400', async () => {
    expectOutcome(await post(ORDER_SIGN_SERVICE, { ...orderSignBody(), hook: 'order-select' }), 400);
  });
  it('P65 missing hookInstance: 400', async () => {
    const { hookInstance: _, ...body } = orderSignBody();
    expectOutcome(await post(ORDER_SIGN_SERVICE, body), 400);
  });
  it('P66 missing patientId: 400', async () => {
    const body = orderSignBody();
    delete (body.context as Record<string, unknown>).patientId;
    expectOutcome(await post(ORDER_SIGN_SERVICE, body), 400);
  });
  it('P67 draftOrders not a Bundle: 400', async () => {
    const body = orderSignBody();
    (body.context as Record<string, unknown>).draftOrders = spect();
    expectOutcome(await post(ORDER_SIGN_SERVICE, body), 400);
  });
  it('P68 missing draftOrders: 400', async () => {
    const body = orderSignBody();
    delete (body.context as Record<string, unknown>).draftOrders;
    expectOutcome(await post(ORDER_SIGN_SERVICE, body), 400);
  });
  it('P69 a 12 MB body: 413', async () => {
    const body = orderSignBody({ extra: { padding: 'x'.repeat(12 * 1024 * 1024) } });
    const res = await post(ORDER_SIGN_SERVICE, body);
    expect(res.status).toBe(413);
  });
  it('P70 unknown service id: 404', async () => {
    const res = await post('no-such-service', orderSignBody());
    expect(res.status).toBe(404);
  });
  it('P71 order-select without selections: 400', async () => {
    const body = orderSelectBody();
    delete (body.context as Record<string, unknown>).selections;
    expectOutcome(await post(ORDER_SELECT_SERVICE, body), 400);
  });
});

describe('second round: spellings, statuses and card shape', () => {
  const osteoChart = (extra: Chart = {}) => ({ conditions: [condition([icd('M46.26')])], ...extra });
  it('P72 CPT by its OID system on the order', async () => {
    const order = spect({
      code: concept([['urn:oid:2.16.840.1.113883.6.12', '78830']], 'SPECT/CT lumbar spine'),
    });
    expectDetermination(await sign([order], osteoChart()), 'meets-criteria', ['infection']);
  });
  it('P73 WHO ICD-10 (http://hl7.org/fhir/sid/icd-10) is read where the value sets list the WHO code (docs/policy.md R-ICD-WHO)', async () => {
    const who = 'http://hl7.org/fhir/sid/icd-10';
    // WHO M46.2 (and its fifth character 6, lumbar) means what ICD-10-CM M46.2- means: osteomyelitis of vertebra.
    expectDetermination(
      await sign([spect()], { conditions: [condition([[who, 'M46.26']])] }),
      'meets-criteria',
      ['infection'],
    );
    // WHO M49.1 Brucella spondylitis has no ICD-10-CM twin of that code and still counts.
    expectDetermination(
      await sign([spect()], { conditions: [condition([[who, 'M49.1']])] }),
      'meets-criteria',
      ['infection'],
    );
    // A WHO code is never read as the ICD-10-CM code it is spelled like: WHO A18.0 (tuberculosis of bones and
    // joints, any site) is not ICD-10-CM A18.01 (tuberculosis of spine) and needs a spine body site.
    expectDetermination(
      await sign([spect()], { conditions: [condition([[who, 'A18.01']])] }),
      'not-medically-necessary',
      [],
      ['no-qualifying-indication'],
    );
  });
  it('P74 the SPECT draft sent with status active (some EHRs) is still evaluated', async () => {
    expectDetermination(await sign([spect({ status: 'active' })], osteoChart()), 'meets-criteria', [
      'infection',
    ]);
  });
  it('P75 on-hold MRI order 3 days old is simultaneous; a revoked one is not', async () => {
    const onHold = mriOrder({ id: 'mri-h', status: 'on-hold', authoredOn: daysAgo(3) });
    expect(only(await sign([spect()], osteoChart({ serviceRequests: [onHold] }))).findings).toEqual([
      'simultaneous-advanced-imaging',
    ]);
    const revoked = mriOrder({ id: 'mri-r', status: 'revoked', authoredOn: daysAgo(3) });
    expect(only(await sign([spect()], osteoChart({ serviceRequests: [revoked] }))).findings).toEqual([]);
  });
  it('P76 a cancelled prior MRI study does not count for spondyloarthropathy', async () => {
    const cancelled = { ...mriLumbar(), status: 'cancelled' as const };
    expect(
      only(await sign([spect()], { conditions: [condition([icd('M45.6')])], imagingStudies: [cancelled] }))
        .findings,
    ).toEqual(['missing-prior-mri']);
  });
  it('P77 degeneration + Z01.818 pre-procedural exam reason: investigational; order-select too', async () => {
    const order = spect({
      reasonCode: [concept([icd('Z01.818', 'Encounter for other preprocedural examination')])],
    });
    const chart = { conditions: [condition([icd('M47.816')])] };
    const result = await sign([order], chart);
    expectDetermination(result, 'investigational', [], ['investigational-surgical-planning']);
    const values = result.coverageInfo[0]?.values ?? {};
    expect(values.covered).toEqual(['not-covered']);
    expect(values.reason?.length ?? 0).toBeGreaterThan(0);
    expect(values['policy-link']).toEqual([expect.stringMatching(/^https:/)]);
    const select = answer(
      await post(ORDER_SELECT_SERVICE, orderSelectBody({ draftOrders: [order], prefetch: prefetch(chart) })),
    );
    expect(select.determinations[0]?.outcome).toBe('investigational');
    expect(select.coverageInfo[0]?.values.covered).toEqual(['not-covered']);
    expect(select.coverageInfo[0]?.values['doc-needed']).toBeUndefined();
  });
  it('P78 lung cancer with thoracic spine pain M54.6: bone-tumor-symptoms', async () => {
    const chart = {
      conditions: [condition([icd('C34.90')]), condition([icd('M54.6', 'Pain in thoracic spine')])],
    };
    // The thoracic pain supports a thoracic SPECT (region model, issue 11), not a lumbar one.
    const thoracic = spect({
      bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '122495006' }] }],
      code: {
        coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '78830' }],
        text: 'SPECT/CT thoracic spine',
      },
    });
    expect(only(await sign([thoracic], chart)).criteriaMet).toContain('bone-tumor-symptoms');
  });
  it('P79 CPT fusion 22612 + pseudarthrosis M96.0: post-surgical', async () => {
    const chart = {
      procedures: [procedure([[CPT, '22612', 'Arthrodesis, posterior, lumbar']])],
      conditions: [
        condition([icd('M96.0', 'Pseudarthrosis after fusion or arthrodesis')]),
        condition([icd('M54.50', 'Low back pain, unspecified')]),
      ],
    };
    expect(only(await sign([spect()], chart)).criteriaMet).toContain('post-surgical');
  });
  it('P80 body site only as text "SI joints"', async () => {
    const order = spect({
      code: concept([[CPT, '78803']], 'NM SPECT'),
      bodySite: [{ text: 'bilateral SI joints' }],
    });
    expectDetermination(
      await sign([order], { conditions: [condition([icd('M46.1')])], imagingStudies: [mriPelvis()] }),
      'meets-criteria',
      ['spondyloarthropathy'],
    );
  });
  it('P81 every card and suggestion has a uuid; source label, url, topic; links repeat the policy', async () => {
    const result = await sign([spect(), mriOrder()], { conditions: [condition([icd('M45.6')])] });
    expect(result.body.cards?.length).toBeGreaterThan(0);
    for (const card of result.body.cards ?? []) {
      expect(card.uuid).toMatch(/[0-9a-f-]{36}/);
      const source = card.source as { label: string; url: string; topic: { code: string } };
      expect(source.label).toBe('Blue Cross VT');
      expect(source.url).toMatch(/^https:/);
      expect(source.topic.code).toBeTruthy();
      expect(JSON.stringify(card.links)).toContain(source.url);
      for (const suggestion of (card.suggestions as Array<{ uuid: string }>) ?? [])
        expect(suggestion.uuid).toBeTruthy();
    }
  });
  it('P82 simultaneous imaging suggestion removes the other order', async () => {
    const result = await sign([spect(), mriOrder()], osteoChart());
    const actions = (result.body.cards ?? []).flatMap((c) =>
      ((c.suggestions as Array<{ actions?: Array<{ type: string; resourceId?: string }> }>) ?? []).flatMap(
        (s) => s.actions ?? [],
      ),
    );
    expect(actions).toContainEqual(
      expect.objectContaining({ type: 'delete', resourceId: 'ServiceRequest/mri-1' }),
    );
  });
  it('P83 not medically necessary suggestion removes the SPECT order', async () => {
    const result = await sign([spect()], { conditions: [condition([BACK_PAIN])] });
    const actions = (result.body.cards ?? []).flatMap((c) =>
      ((c.suggestions as Array<{ actions?: Array<{ type: string; resourceId?: string }> }>) ?? []).flatMap(
        (s) => s.actions ?? [],
      ),
    );
    expect(actions).toContainEqual(
      expect.objectContaining({ type: 'delete', resourceId: 'ServiceRequest/spect-1' }),
    );
  });
  it('P84 a fhirServer outside the allowlist is never contacted', async () => {
    const pf = prefetch();
    delete pf.serviceRequests;
    const scope = nock('https://evil.example').get(/.*/).reply(200, searchset([]));
    const res = await post(
      ORDER_SIGN_SERVICE,
      orderSignBody({ prefetch: pf, fhirServer: 'https://evil.example/fhir' }),
    );
    expect([200, 412]).toContain(res.status);
    expect(scope.isDone()).toBe(false);
  });
  it('P85 FHIR server answering 500 for a missing key: 200 and the gap is said', async () => {
    const pf = prefetch({ conditions: [condition([icd('M46.26')])] });
    delete pf.imagingStudies;
    nock(TEST_FHIR_SERVER).get('/ImagingStudy').query(true).reply(500, 'oops');
    const res = await post(ORDER_SIGN_SERVICE, orderSignBody({ prefetch: pf }));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.cards)).toMatch(/ImagingStud|imaging/i);
  });
  it('P86 unknown context and extension keys are ignored', async () => {
    const body = orderSignBody({
      prefetch: prefetch(osteoChart()),
      context: { somethingNew: { a: 1 } },
      extra: { extension: { 'x.y': 1 } },
    });
    expectDetermination(answer(await post(ORDER_SIGN_SERVICE, body)), 'meets-criteria', ['infection']);
  });
  it('P87 a draft with no spine SPECT (MRI only): empty cards, no FHIR query', async () => {
    const res = await post(ORDER_SIGN_SERVICE, orderSignBody({ draftOrders: [mriOrder()] }));
    expect(res.status).toBe(200);
    expect(res.body.cards).toEqual([]);
  });
});

describe('third round: code-list gaps found by the probes', () => {
  it('P88 osteomyelitis coded by site (M86.18) on a lumbar Condition counts as infection', async () => {
    const chart = {
      conditions: [
        condition([icd('M86.18', 'Other acute osteomyelitis, other site')], { bodySite: [LUMBAR] }),
      ],
    };
    expectDetermination(await sign([spect()], chart), 'meets-criteria', ['infection']);
  });
  it('P89 unspecified osteomyelitis M86.9 with no site on the problem list does not place it in the spine', async () => {
    expectDetermination(
      await sign([spect()], { conditions: [condition([icd('M86.9')])] }),
      'not-medically-necessary',
      [],
      ['no-qualifying-indication'],
    );
  });
  it('P90 M86.9 as the reason on the spine SPECT order counts', async () => {
    const order = spect({ reasonCode: [concept([icd('M869')])] });
    expectDetermination(await sign([order]), 'meets-criteria', ['infection']);
  });
});

void randomUUID;
