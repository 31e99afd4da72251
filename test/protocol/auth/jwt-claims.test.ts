import { type ClaimExpectations, claimProblem } from '../../../src/protocol/auth/jwt-claims.js';

const URL_CALLED = 'https://cds.example.org/cds-services/spect-spine-order-sign';
const NOW = new Date('2026-11-27T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const expected: ClaimExpectations = {
  iss: 'ehr',
  audiences: [URL_CALLED],
  now: NOW,
  clockSkewSeconds: 60,
  maxLifetimeSeconds: 900,
};
const valid = { iss: 'ehr', aud: URL_CALLED, exp: nowSeconds + 300, iat: nowSeconds, jti: 'j-1' };

describe('claimProblem', () => {
  it('accepts the claims CDS Hooks requires, with aud as a string or in an array', () => {
    expect(claimProblem(valid, expected)).toBeUndefined();
    expect(claimProblem({ ...valid, aud: ['https://other.example', URL_CALLED] }, expected)).toBeUndefined();
  });

  it.each([
    ['another issuer', { iss: 'other' }, /iss/],
    ['no aud', { aud: undefined }, /aud is missing/],
    ['another URL', { aud: 'https://cds.example.org/cds-services' }, /aud is not/],
    ['aud array without the URL', { aud: ['https://x.example'] }, /aud is not/],
    ['no exp', { exp: undefined }, /exp/],
    ['exp as a string', { exp: String(nowSeconds + 300) }, /exp/],
    ['expired beyond the skew', { exp: nowSeconds - 61 }, /expired/],
    ['no iat', { iat: undefined }, /iat/],
    ['iat beyond the skew ahead', { iat: nowSeconds + 61 }, /iat is in the future/],
    ['nbf beyond the skew ahead', { nbf: nowSeconds + 61 }, /nbf/],
    ['nbf not a number', { nbf: 'soon' }, /nbf/],
    ['no jti', { jti: undefined }, /jti/],
    ['an empty jti', { jti: '' }, /jti/],
  ])('refuses %s', (_what, change, reason) => {
    expect(claimProblem({ ...valid, ...change } as never, expected)).toMatch(reason);
  });

  it('allows the clock skew both ways', () => {
    expect(claimProblem({ ...valid, exp: nowSeconds - 59 }, expected)).toBeUndefined();
    expect(claimProblem({ ...valid, iat: nowSeconds + 59, nbf: nowSeconds + 59 }, expected)).toBeUndefined();
  });
});
