/**
 * From answers to a decision (issue 14 item 6): the determination a prior-approval reviewer reaches from the order
 * and the completed QuestionnaireResponse alone, by the same policy engine. A request the chart left at
 * needs-documentation becomes meets-criteria once the answers supply what was missing, and only then.
 */
import type { QuestionnaireResponse, QuestionnaireResponseItem } from 'fhir/r4.js';
import request from 'supertest';
import { normalizeServiceRequest } from '../../src/data/normalize/service-request.js';
import { determinationFromAnswers } from '../../src/dtr/answers.js';
import { spectServiceRequest } from '../support/hook-request.js';
import { createTestClient, signHookJwt, TEST_BASE_URL, testConfig } from '../support/jwt.js';
import { buildTestApp } from '../support/test-app.js';
import { NOW, plan, policy, SLOW, useDemoChart } from './support/demo-chart.js';

const chart = useDemoChart();

function spectOrder(patientId: string) {
  const order = normalizeServiceRequest(
    spectServiceRequest({ subject: { reference: `Patient/${patientId}` } }),
    'draft',
  );
  if (!order) throw new Error('the test order did not normalize');
  return order;
}

const prefilled = async (patientId: string) => (await chart().prefilled(patientId)).response;

/** The response with an answer added to the group `parent` (created at the top level when absent). */
function withAnswer(
  response: QuestionnaireResponse,
  parent: string,
  item: QuestionnaireResponseItem,
): QuestionnaireResponse {
  const copy = structuredClone(response);
  const find = (items: QuestionnaireResponseItem[] | undefined): QuestionnaireResponseItem | undefined => {
    for (const i of items ?? []) {
      if (i.linkId === parent) return i;
      const inner = find(i.item);
      if (inner) return inner;
    }
    return undefined;
  };
  const group = find(copy.item);
  if (group) group.item = [...(group.item ?? []), item];
  else copy.item = [...(copy.item ?? []), { linkId: parent, item: [item] }];
  return copy;
}

const decide = (patientId: string, response: QuestionnaireResponse) =>
  determinationFromAnswers({
    order: spectOrder(patientId),
    response,
    plan,
    policy,
    asOf: NOW.toISOString(),
    patientId,
  });

test(
  'criteria met on the chart: the prefilled answers alone meet them too',
  async () => {
    const d = decide('demo-infection', await prefilled('demo-infection'));
    expect(d.outcome).toBe('meets-criteria');
    expect(d.criteriaMet).toEqual(['infection']);
  },
  SLOW,
);

test(
  'no prior MRI: needs documentation, until the answers give the reason MRI cannot be performed',
  async () => {
    const response = await prefilled('demo-missing-mri');
    const before = decide('demo-missing-mri', response);
    expect(before.outcome).toBe('needs-documentation');
    expect(before.findings.map((f) => f.code)).toEqual(['missing-prior-mri']);

    const answered = withAnswer(
      response,
      'avascular-necrosis.mri-nondiagnostic-or-contraindicated.evidence-2',
      {
        linkId: 'avascular-necrosis.mri-nondiagnostic-or-contraindicated.evidence-2.code',
        answer: [{ valueCoding: { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z95.810' } }],
      },
    );
    const after = decide('demo-missing-mri', answered);
    expect(after.outcome).toBe('meets-criteria');
    expect(after.criteriaMet).toEqual(['avascular-necrosis']);
    expect(after.criteria[0]!.evidence.map((e) => e.reference)).toContain(
      'QuestionnaireResponse/answers#avascular-necrosis.mri-nondiagnostic-or-contraindicated.evidence-2',
    );
  },
  SLOW,
);

test(
  'no prior imaging: needs documentation, until the answers name the prior study with its modality and region',
  async () => {
    const response = await prefilled('demo-missing-imaging');
    expect(decide('demo-missing-imaging', response).findings.map((f) => f.code)).toEqual([
      'missing-prior-imaging',
    ]);
    const group = 'spondylolysis-spondylolisthesis.prior-imaging.evidence-1';
    const dateOnly = withAnswer(response, group, {
      linkId: `${group}.date`,
      answer: [{ valueDate: '2026-10-01' }],
    });
    // A date alone is not a study the policy can count (no modality, no region).
    expect(decide('demo-missing-imaging', dateOnly).outcome).toBe('needs-documentation');
    let full = withAnswer(dateOnly, group, {
      linkId: `${group}.modality`,
      answer: [{ valueCoding: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'DX' } }],
    });
    full = withAnswer(full, group, {
      linkId: `${group}.region`,
      answer: [{ valueCoding: { system: 'http://snomed.info/sct', code: '122496007', display: 'Lumbar' } }],
    });
    const after = decide('demo-missing-imaging', full);
    expect(after.outcome).toBe('meets-criteria');
    expect(after.criteriaMet).toEqual(['spondylolysis-spondylolisthesis']);
  },
  SLOW,
);

test(
  'answers with no indication documented: not medically necessary, as on the chart',
  async () => {
    expect(decide('demo-not-necessary', await prefilled('demo-not-necessary')).outcome).toBe(
      'not-medically-necessary',
    );
  },
  SLOW,
);

describe('over HTTP: POST /fhir/QuestionnaireResponse/$prior-approval-determination', () => {
  it(
    'answers the determination from the response and the order; 400 without a response',
    async () => {
      const client = await createTestClient();
      const { app } = buildTestApp(testConfig([client]));
      const order = spectServiceRequest({ subject: { reference: 'Patient/demo-missing-mri' } });
      const response = await prefilled('demo-missing-mri');
      const call = async (parameter: object[]) =>
        request(app)
          .post('/fhir/QuestionnaireResponse/$prior-approval-determination')
          .set('authorization', `Bearer ${await signHookJwt(client, `${TEST_BASE_URL}/fhir`)}`)
          .send({ resourceType: 'Parameters', parameter });
      const res = await call([
        { name: 'questionnaireResponse', resource: response },
        { name: 'order', resource: order },
      ]);
      expect(res.status).toBe(200);
      const byName = (name: string) => res.body.parameter.filter((p: { name: string }) => p.name === name);
      expect(byName('outcome')[0].valueCode).toBe('needs-documentation');
      expect(byName('finding')[0].part[0]).toEqual({ name: 'code', valueCode: 'missing-prior-mri' });
      const bad = await call([{ name: 'order', resource: order }]);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toMatch(/questionnaireResponse/);
    },
    SLOW,
  );
});
