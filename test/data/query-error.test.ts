import { classifyQueryError } from '../../src/data/query-error.js';

const httpError = (status: number) =>
  Object.assign(new Error(`HTTP ${status}: GET x`), { response: { status } });

describe('classifyQueryError', () => {
  test.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [410, 'not-found'],
    [429, 'rate-limited'],
    [500, 'server-error'],
    [503, 'server-error'],
    [400, 'invalid-response'],
    [200, 'invalid-response'],
  ])('HTTP %i -> %s', (status, reason) => {
    expect(classifyQueryError(httpError(status), false).reason).toBe(reason);
  });

  test('an aborted or timed-out fetch is a timeout', () => {
    expect(classifyQueryError(new DOMException('aborted', 'AbortError'), false).reason).toBe('timeout');
    expect(classifyQueryError(new DOMException('t', 'TimeoutError'), false).reason).toBe('timeout');
  });

  test('any failure after the budget expired is a timeout', () => {
    expect(classifyQueryError(httpError(500), true).reason).toBe('timeout');
  });

  test('network failures are unreachable', () => {
    expect(classifyQueryError(new TypeError('fetch failed'), false).reason).toBe('unreachable');
    expect(classifyQueryError(undefined, false).reason).toBe('unreachable');
  });

  test('the detail never repeats the error message (which carries the URL)', () => {
    const { detail } = classifyQueryError(
      Object.assign(new Error('HTTP 401: GET https://ehr/fhir/Condition?patient=p1'), {
        response: { status: 401 },
      }),
      false,
    );
    expect(detail).toBe('HTTP 401 from the FHIR server');
  });

  test('a connection error whose message carries the token is reported without it', () => {
    const { reason, detail } = classifyQueryError(new Error('connect failed Bearer tok-SECRET-1'), false);
    expect(reason).toBe('unreachable');
    expect(detail).not.toContain('tok-SECRET-1');
  });
});
