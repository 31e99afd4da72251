/**
 * The payer identity the test configuration registers (config `payer.identifiers`) and the Coverage.payor that
 * names it, so test Coverages are this payer's members (CRD hook-13) unless a test says otherwise.
 */
export const TEST_PAYER_IDENTIFIER = { system: 'urn:oid:2.16.840.1.113883.6.300', value: '99902' } as const;

/** A Coverage.payor naming the test payer by identifier, as a logical reference. */
export function testPayor() {
  return { identifier: { ...TEST_PAYER_IDENTIFIER }, display: 'Blue Cross VT' };
}
