/** Builders for audit records and feedback items, so each store test states only what it is about. */
import type { HookCallRecord } from '../../src/protocol/audit/hook-call-record.js';
import type { FeedbackItem } from '../../src/protocol/schemas/feedback.js';

let sequence = 0;

export function hookCall(overrides: Partial<HookCallRecord> = {}): HookCallRecord {
  sequence += 1;
  return {
    receivedAt: '2026-09-01T10:00:00.000Z',
    requestId: `req-${sequence}`,
    serviceId: 'spect-spine-order-sign',
    hook: 'order-sign',
    hookInstance: `hook-instance-${sequence}`,
    iss: 'https://ehr.example.org',
    patientId: 'pat-1',
    orderIds: ['ServiceRequest/spect-1', 'ServiceRequest/xr-knee-1'],
    determinations: [
      {
        order: 'ServiceRequest/spect-1',
        policyVersion: '2025-01',
        outcome: 'needs-documentation',
        criteriaMet: ['infection'],
        findings: ['missing-prior-mri'],
      },
    ],
    cardUuids: ['0d2f3a8e-5b61-4c1e-9d0b-2e8f3c7a1b11', '6a0c2f7b-1d3e-4f5a-8b9c-0d1e2f3a4b5c'],
    cardKinds: ['missing-prior-mri', 'unattributed'],
    status: 200,
    totalMs: 12.5,
    gatherMs: 3.25,
    ...overrides,
  };
}

/** A record with every optional field absent (a call rejected before its body was read). */
export function bareHookCall(overrides: Partial<HookCallRecord> = {}): HookCallRecord {
  return {
    receivedAt: '2026-09-01T10:00:00.000Z',
    serviceId: 'spect-spine-order-select',
    hook: 'order-select',
    iss: 'https://ehr.example.org',
    orderIds: [],
    determinations: [],
    cardUuids: [],
    cardKinds: [],
    status: 400,
    totalMs: 0.75,
    ...overrides,
  };
}

export const ACCEPTED: FeedbackItem = {
  card: '0d2f3a8e-5b61-4c1e-9d0b-2e8f3c7a1b11',
  outcome: 'accepted',
  acceptedSuggestions: [{ id: '4b7e9c1a-2d3f-4e5a-9b8c-7d6e5f4a3b2c' }],
  outcomeTimestamp: '2026-09-01T10:15:00Z',
};

export const OVERRIDDEN: FeedbackItem = {
  card: '6a0c2f7b-1d3e-4f5a-8b9c-0d1e2f3a4b5c',
  outcome: 'overridden',
  overrideReason: {
    reason: { system: 'https://example.org/override-reasons', code: 'documented', display: 'Documented' },
    userComment: 'MRI contraindicated (pacemaker)',
  },
  outcomeTimestamp: '2026-09-01T10:16:00+02:00',
};

export const EHR = { serviceId: 'spect-spine-order-sign', iss: 'https://ehr.example.org' };
