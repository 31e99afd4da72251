import { normalizeDraftConditions, normalizeDraftOrders } from '../../../src/data/normalize/draft-orders.js';
import { condition, serviceRequest } from '../fhir-fixtures.js';

const medicationRequest = { resourceType: 'MedicationRequest', id: 'm1', status: 'draft', intent: 'order' };

describe('normalizeDraftOrders', () => {
  test('every ServiceRequest becomes a draft order; other request types are ignored', () => {
    const orders = normalizeDraftOrders({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: serviceRequest('sr1') },
        { resource: medicationRequest },
        { resource: serviceRequest('sr2') },
      ],
    });
    expect(orders.map((o) => [o.reference, o.draft, o.source])).toEqual([
      ['ServiceRequest/sr1', true, 'draft'],
      ['ServiceRequest/sr2', true, 'draft'],
    ]);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['an array', [serviceRequest('sr1')]],
    ['a non-Bundle', serviceRequest('sr1')],
    ['a Bundle with junk entries', { resourceType: 'Bundle', entry: [null, 1, { resource: 'x' }, {}] }],
    [
      'a Bundle whose entry is not an array',
      { resourceType: 'Bundle', entry: { resource: serviceRequest('sr1') } },
    ],
  ])('%s yields no orders and does not throw', (_label, value) => {
    expect(normalizeDraftOrders(value)).toEqual([]);
  });
});

describe('normalizeDraftConditions', () => {
  test('Condition entries and contained Conditions become draft facts; cited ones are order reasons', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: serviceRequest('sr1', {
            reasonReference: [
              { reference: 'Condition/c1' },
              { reference: '#k1' },
              { reference: 'urn:uuid:u1' },
            ],
            contained: [condition('k1', 'M86.18') as never],
          }),
        },
        { resource: condition('c1') },
        { resource: condition('c2', 'M54.5') },
        { fullUrl: 'urn:uuid:u1', resource: { ...condition('x'), id: undefined } },
        { resource: medicationRequest },
      ],
    };
    const facts = normalizeDraftConditions(bundle);
    expect(facts.map((f) => [f.reference, f.fromOrderReason, f.source])).toEqual([
      ['ServiceRequest/sr1#k1', true, 'draft'],
      ['Condition/c1', true, 'draft'],
      ['Condition/c2', false, 'draft'],
      ['urn:uuid:u1', true, 'draft'],
    ]);
    expect(facts[0]?.codes[0]?.code).toBe('M86.18');
  });

  test('junk yields nothing', () => {
    expect(normalizeDraftConditions({ resourceType: 'OperationOutcome' })).toEqual([]);
  });
});

describe('normalizeDraftOrders: supportingInfo sent in the bundle', () => {
  it('adds the description of a DocumentReference entry the order cites, by id or fullUrl', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'ServiceRequest',
            id: 'sr1',
            supportingInfo: [{ reference: 'DocumentReference/d1' }, { reference: 'urn:uuid:abc' }],
          },
        },
        {
          resource: {
            resourceType: 'DocumentReference',
            id: 'd1',
            description: 'Concern for osteoid osteoma',
          },
        },
        {
          fullUrl: 'urn:uuid:abc',
          resource: { resourceType: 'DocumentReference', description: 'CT: nondiagnostic' },
        },
      ],
    };
    expect(normalizeDraftOrders(bundle)[0]?.supportingTexts).toEqual([
      'Concern for osteoid osteoma',
      'CT: nondiagnostic',
    ]);
  });
});
