/**
 * The audit of $questionnaire-package requests in the durable store, on every backend (SQLite always, PostgreSQL
 * when DATABASE_URL is set): each record reads back exactly, with or without the optional ids, and survives a reopen.
 */
import type { PackageRequestRecord } from '../../src/dtr/package-audit.js';
import { describeBackends, type StoreLocation } from '../store/backends.js';

const full: PackageRequestRecord = {
  receivedAt: new Date('2026-12-04T10:00:00.000Z'),
  clientIss: 'https://ehr.example',
  coverageAssertionId: '6.01.VT204:0f7c1f0e-6b43-4c4a-9d0e-3f1c2b1a0d9e',
  patientId: 'p-1',
  coverage: 'Coverage/cov-1',
  orders: ['ServiceRequest/sr-1', 'ServiceRequest/sr-2'],
  requested: ['https://payer.example/fhir/Questionnaire/prior-approval-6.01.VT204|2026-03'],
  returned: ['https://payer.example/fhir/Questionnaire/prior-approval-6.01.VT204|2026-03'],
  httpStatus: 200,
};
const bare: PackageRequestRecord = {
  receivedAt: new Date('2026-12-04T10:00:01.000Z'),
  clientIss: 'https://ehr.example',
  orders: [],
  requested: [],
  returned: [],
  httpStatus: 400,
};

describeBackends('questionnaire package audit', (backend) => {
  let location: StoreLocation;
  beforeEach(() => {
    location = backend.location();
  });
  afterEach(async () => {
    await location.cleanup();
  });

  it('reads back what was written, in order, and after a reopen', async () => {
    const store = location.open();
    await store.ready();
    await store.recordPackageRequest(full);
    await store.recordPackageRequest(bare);
    expect(await store.listPackageRequests()).toEqual([full, bare]);
    await store.close();
    const again = location.open();
    await again.ready();
    expect(await again.listPackageRequests()).toEqual([full, bare]);
  });
});
