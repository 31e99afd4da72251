import {
  normalizeServiceRequest,
  resolveReasonReference,
} from '../../../src/data/normalize/service-request.js';
import { CPT, serviceRequest } from '../fhir-fixtures.js';

describe('normalizeServiceRequest', () => {
  test('maps every field the policy reads', () => {
    const fact = normalizeServiceRequest(
      serviceRequest('sr1', {
        bodySite: [{ coding: [{ code: '122496007', display: 'Lumbar spine' }], text: 'L-spine' }],
        reasonCode: [{ coding: [{ code: 'M46.26' }], text: 'osteomyelitis' }, { text: 'fever' }],
        reasonReference: [{ reference: 'Condition/c1' }, { reference: '#c2' }, { display: 'no reference' }],
        note: [{ text: 'MRI contraindicated: pacemaker' }, { authorString: 'x' } as never],
        patientInstruction: 'For surgical planning',
        authoredOn: '2026-08-02T10:00:00Z',
      }),
      'draft',
    );
    expect(fact).toEqual({
      reference: 'ServiceRequest/sr1',
      id: 'sr1',
      resourceType: 'ServiceRequest',
      status: 'draft',
      intent: 'order',
      codes: [{ system: CPT, code: '78803', display: 'SPECT single area' }],
      codeText: 'SPECT lumbar spine',
      bodySites: [{ code: '122496007', display: 'Lumbar spine' }],
      bodySiteText: 'L-spine',
      reasonCodes: [{ code: 'M46.26' }],
      reasonText: ['osteomyelitis', 'fever'],
      reasonReferences: ['Condition/c1', 'ServiceRequest/sr1#c2'],
      notes: ['MRI contraindicated: pacemaker', 'For surgical planning'],
      supportingReferences: [],
      supportingTexts: [],
      authoredOn: '2026-08-02T10:00:00Z',
      draft: true,
      source: 'draft',
    });
  });

  test('an order from the EHR is not a draft', () => {
    expect(normalizeServiceRequest(serviceRequest('sr2', { status: 'active' }), 'fhir')).toMatchObject({
      draft: false,
      source: 'fhir',
      status: 'active',
    });
  });

  test('skips other request types and id-less requests; tolerates junk', () => {
    expect(normalizeServiceRequest({ resourceType: 'MedicationRequest', id: 'm1' }, 'draft')).toBeUndefined();
    expect(normalizeServiceRequest({ resourceType: 'ServiceRequest' }, 'draft')).toBeUndefined();
    expect(
      normalizeServiceRequest(
        {
          resourceType: 'ServiceRequest',
          id: 'j',
          code: 'x',
          reasonCode: 'y',
          note: 'z',
          reasonReference: [7],
        },
        'fhir',
      ),
    ).toMatchObject({ codes: [], reasonCodes: [], reasonText: [], notes: [], reasonReferences: [] });
  });

  test('resolveReasonReference: contained and absolute references', () => {
    expect(resolveReasonReference('#c9', 'sr1')).toBe('ServiceRequest/sr1#c9');
    expect(resolveReasonReference('https://ehr/fhir/Condition/c1', 'sr1')).toBe('Condition/c1');
  });
});

describe('normalizeServiceRequest: supportingInfo', () => {
  it('keeps the references and the words: displays and contained resources', () => {
    const fact = normalizeServiceRequest(
      {
        resourceType: 'ServiceRequest',
        id: 'sr9',
        supportingInfo: [
          { reference: 'Condition/c1', display: 'Suspected discitis' },
          { reference: '#doc1' },
          { reference: '#obs1' },
        ],
        contained: [
          {
            resourceType: 'DocumentReference',
            id: 'doc1',
            description: 'MRI L-spine: indeterminate lesion L3',
          },
          { resourceType: 'Observation', id: 'obs1', code: { text: 'ESR' }, valueString: 'elevated' },
        ],
      },
      'draft',
    );
    expect(fact?.supportingReferences).toEqual([
      'Condition/c1',
      'ServiceRequest/sr9#doc1',
      'ServiceRequest/sr9#obs1',
    ]);
    expect(fact?.supportingTexts).toEqual([
      'Suspected discitis',
      'MRI L-spine: indeterminate lesion L3',
      'ESR; elevated',
    ]);
  });
});
