import { PrefetchUnavailableError } from '../../src/data/prefetch-unavailable-error.js';

describe('PrefetchUnavailableError', () => {
  test('carries the missing keys, the 412 status and a reason', () => {
    const error = new PrefetchUnavailableError(['conditions', 'procedures'], 'fhir-server-not-allowed');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(412);
    expect(error.missing).toEqual(['conditions', 'procedures']);
    expect(error.message).toBe(
      "Prefetch conditions, procedures missing and cannot be queried: the fhirServer is not one of this client's configured FHIR servers",
    );
  });
});
