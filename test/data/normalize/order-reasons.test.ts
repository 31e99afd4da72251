import { orderReasonCondition } from '../../../src/data/normalize/order-reasons.js';
import { normalizeServiceRequest } from '../../../src/data/normalize/service-request.js';
import { serviceRequest } from '../fhir-fixtures.js';

describe('orderReasonCondition', () => {
  test('turns the reason codes and texts of an order into one cited ConditionFact', () => {
    const order = normalizeServiceRequest(
      serviceRequest('sr1', {
        reasonCode: [{ coding: [{ code: 'M43.16' }], text: 'spondylolisthesis' }, { text: 'pain' }],
      }),
      'draft',
    )!;
    expect(orderReasonCondition(order)).toEqual({
      reference: 'ServiceRequest/sr1#reasonCode',
      codes: [{ code: 'M43.16' }],
      text: 'spondylolisthesis; pain',
      bodySites: [],
      fromOrderReason: true,
      source: 'draft',
    });
  });

  test('an order without reasons yields none', () => {
    expect(orderReasonCondition(normalizeServiceRequest(serviceRequest('sr2'), 'draft')!)).toBeUndefined();
  });
});
