/**
 * Prefill per demo patient: the generated Questionnaire's own population logic (x-fhir-query + FHIRPath), run by
 * the demo EHR's DTR client against the demo FHIR server over real HTTP, gives the answers the chart supports, read
 * from the policy: the indication the chart documents (first in the policy's order), its diagnosis and date, the
 * prior study with date, modality and region, the MRI contraindication, and whether other advanced imaging is
 * ordered. Nothing is prefilled that the chart cannot say (whether a study was nondiagnostic, the history).
 */
import { Fhir } from 'fhir';
import type { Bundle, Patient, QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import { INFORMATION_ORIGIN, prefill } from '../../src/demo/dtr/prefill.js';
import { questionnairePackage, readPackageRequest } from '../../src/dtr/package.js';
import { spectServiceRequest } from '../support/hook-request.js';
import { generated, NOW, policy, questionnaire, SLOW, useDemoChart } from './support/demo-chart.js';

const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString().slice(0, 10);
const chart = useDemoChart();

/** linkId -> the answer's value (code for codings), over the whole response tree. */
function answers(response: QuestionnaireResponse): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (items: QuestionnaireResponseItem[] | undefined) => {
    for (const item of items ?? []) {
      const a = item.answer?.[0];
      if (a) out[item.linkId] = a.valueCoding?.code ?? a.valueDate ?? a.valueBoolean ?? a.valueString;
      walk(item.item);
    }
  };
  walk(response.item);
  return out;
}

const prefilled = (patientId: string) => chart().prefilled(patientId);

const cases: Array<[string, Record<string, unknown>]> = [
  [
    'demo-infection',
    {
      indication: 'infection',
      'infection.evidence-1.code': 'M46.26',
      'infection.evidence-1.date': daysAgo(30),
      'simultaneous.ordered': false,
    },
  ],
  [
    'demo-necrosis',
    {
      indication: 'avascular-necrosis',
      'avascular-necrosis.evidence-1.code': 'M87.38',
      'avascular-necrosis.evidence-1.date': daysAgo(30),
      'avascular-necrosis.prior-xray-or-ct.evidence-1.date': daysAgo(20),
      'avascular-necrosis.prior-xray-or-ct.evidence-1.modality': 'DX',
      'avascular-necrosis.prior-xray-or-ct.evidence-1.region': '122495006',
      'avascular-necrosis.mri-nondiagnostic-or-contraindicated.evidence-2.code': 'Z95.810',
      'avascular-necrosis.mri-nondiagnostic-or-contraindicated.evidence-2.date': daysAgo(30),
      'simultaneous.ordered': false,
    },
  ],
  [
    'demo-spondylolysis',
    {
      indication: 'spondylolysis-spondylolisthesis',
      'spondylolysis-spondylolisthesis.evidence-1.code': 'M43.06',
      'spondylolysis-spondylolisthesis.evidence-1.date': daysAgo(30),
      'spondylolysis-spondylolisthesis.prior-imaging.evidence-1.date': daysAgo(10),
      'spondylolysis-spondylolisthesis.prior-imaging.evidence-1.modality': 'DX',
      'spondylolysis-spondylolisthesis.prior-imaging.evidence-1.region': '122496007',
      'simultaneous.ordered': false,
    },
  ],
  [
    'demo-missing-mri',
    {
      indication: 'avascular-necrosis',
      'avascular-necrosis.evidence-1.code': '397758007',
      'avascular-necrosis.evidence-1.date': daysAgo(30),
      'avascular-necrosis.prior-xray-or-ct.evidence-1.date': daysAgo(45),
      'avascular-necrosis.prior-xray-or-ct.evidence-1.modality': 'DX',
      'avascular-necrosis.prior-xray-or-ct.evidence-1.region': '122496007',
      'simultaneous.ordered': false,
    },
  ],
  [
    'demo-missing-imaging',
    {
      indication: 'spondylolysis-spondylolisthesis',
      'spondylolysis-spondylolisthesis.evidence-1.code': 'M43.16',
      'spondylolysis-spondylolisthesis.evidence-1.date': daysAgo(30),
      'simultaneous.ordered': false,
    },
  ],
  [
    'demo-simultaneous',
    {
      indication: 'infection',
      'infection.evidence-1.code': 'M46.26',
      'infection.evidence-1.date': daysAgo(30),
      'simultaneous.ordered': true,
    },
  ],
  // No medically necessary indication on these charts: nothing to choose for the clinician.
  ['demo-investigational', { 'simultaneous.ordered': false }],
  ['demo-not-necessary', { 'simultaneous.ordered': false }],
  ['demo-knee', { 'simultaneous.ordered': false }],
];

test.each(cases)(
  '%s: the prefilled answers',
  async (patientId, expected) => {
    const { response, skipped } = await prefilled(patientId);
    expect(skipped).toEqual([]);
    expect(answers(response)).toEqual(expected);
  },
  SLOW,
);

test(
  'every prefilled answer says it came from the EHR (information-origin auto-client) and no clinician is named',
  async () => {
    const { response } = await prefilled('demo-necrosis');
    const all: QuestionnaireResponseItem[] = [];
    const walk = (items?: QuestionnaireResponseItem[]) => {
      for (const i of items ?? []) {
        all.push(i);
        walk(i.item);
      }
    };
    walk(response.item);
    const answered = all.filter((i) => i.answer);
    expect(answered.length).toBeGreaterThan(5);
    for (const item of answered) {
      expect(item.answer![0]!.extension).toEqual([
        { url: INFORMATION_ORIGIN, extension: [{ url: 'source', valueCode: 'auto-client' }] },
      ]);
    }
    expect(response.questionnaire).toBe(`${questionnaire.url}|${questionnaire.version}`);
    expect(response.subject).toEqual({ reference: 'Patient/demo-necrosis' });
  },
  SLOW,
);

test(
  'a chart whose only diagnosis was refuted documents no indication (the policy counts the same statuses)',
  async () => {
    const patient: Patient = { resourceType: 'Patient', id: 'refuted' };
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/refuted' },
      verificationStatus: { coding: [{ code: 'refuted' }] },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M46.26' }] },
    };
    const search = async (query: string) => ({
      resourceType: 'Bundle' as const,
      type: 'searchset' as const,
      entry: query.startsWith('Condition?') ? [{ resource: condition as never }] : [],
    });
    const { response } = await prefill({ questionnaire, patient, search, now: NOW });
    expect(answers(response).indication).toBeUndefined();
    const confirmed = { ...condition, verificationStatus: { coding: [{ code: 'confirmed' }] } };
    const again = await prefill({
      questionnaire,
      patient,
      search: async (query) => ({
        resourceType: 'Bundle',
        type: 'searchset',
        entry: query.startsWith('Condition?') ? [{ resource: confirmed as never }] : [],
      }),
      now: NOW,
    });
    expect(answers(again.response).indication).toBe('infection');
  },
  SLOW,
);

test(
  'the package draft, prefilled, is a valid R4 response with what the DTR 2.1 response profile requires',
  async () => {
    const request = readPackageRequest({
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'coverage',
          resource: {
            resourceType: 'Coverage',
            id: 'demo-necrosis-coverage',
            status: 'active',
            beneficiary: { reference: 'Patient/demo-necrosis' },
          },
        },
        {
          name: 'order',
          resource: spectServiceRequest({
            subject: { reference: 'Patient/demo-necrosis' },
            bodySite: [{ coding: [{ system: 'http://snomed.info/sct', code: '122495006' }] }],
          }),
        },
        { name: 'context', valueString: '6.01.VT204:x' },
      ],
    });
    const { parameters } = questionnairePackage(request, {
      policy,
      generated,
      fhirBase: 'https://payer.example/fhir',
      publisher: 'Blue Cross VT',
      changedAt: new Date('2026-08-01T00:00:00Z'),
      now: NOW,
      newId: () => 'draft-1',
    });
    const bundle = parameters.parameter![0]!.resource as Bundle;
    const draft = bundle.entry![1]!.resource as QuestionnaireResponse;
    const { response } = await chart().prefilled('demo-necrosis', draft);
    const errors = (
      new Fhir().validate(JSON.parse(JSON.stringify(response)), { errorOnUnexpected: true }).messages ?? []
    ).filter((m) => m.severity === 'error');
    expect(errors).toEqual([]);
    // dtr-questionnaireresponse 2.1.0: questionnaire, subject, context (a Coverage and a request), intendedUse, items.
    expect(response.questionnaire).toBe(`${questionnaire.url}|${questionnaire.version}`);
    expect(response.subject).toEqual({ reference: 'Patient/demo-necrosis' });
    const contexts = response
      .extension!.filter((e) => e.url.endsWith('/qr-context'))
      .map((e) => e.valueReference!.reference);
    expect(contexts).toEqual(['Coverage/demo-necrosis-coverage', 'ServiceRequest/spect-1']);
    expect(response.extension!.filter((e) => e.url.endsWith('/intendedUse'))).toHaveLength(1);
    expect(response.item!.length).toBeGreaterThan(0);
    expect(response.authored).toBe(NOW.toISOString());
  },
  SLOW,
);
