import { allowedBase, followableLink, normalizeBaseUrl } from '../../src/data/fhir-server-guard.js';

describe('normalizeBaseUrl', () => {
  test('strips trailing slashes and lower-cases the host', () => {
    expect(normalizeBaseUrl('https://EHR.example/fhir/R4///')).toBe('https://ehr.example/fhir/R4');
  });

  test.each([
    'ftp://ehr/fhir',
    'https://user:pw@ehr/fhir',
    'https://ehr/fhir?x=1',
    'https://ehr/fhir#f',
    'not a url',
  ])('rejects %s', (url) => {
    expect(normalizeBaseUrl(url)).toBeUndefined();
  });
});

describe('allowedBase', () => {
  const allowed = ['https://ehr.example/fhir/', 'http://127.0.0.1:8103/fhir/R4'];

  test('matches exactly, modulo trailing slash', () => {
    expect(allowedBase('https://ehr.example/fhir', allowed)).toBe('https://ehr.example/fhir');
    expect(allowedBase('http://127.0.0.1:8103/fhir/R4/', allowed)).toBe('http://127.0.0.1:8103/fhir/R4');
  });

  test.each([
    'https://ehr.example/fhir/other',
    'https://ehr.example',
    'https://ehr.example.evil.com/fhir',
    'http://ehr.example/fhir',
    'https://ehr.example:8443/fhir',
    'http://169.254.169.254/latest',
  ])('refuses %s', (server) => {
    expect(allowedBase(server, allowed)).toBeUndefined();
  });

  test('an empty allowlist allows nothing', () => {
    expect(allowedBase('https://ehr.example/fhir', [])).toBeUndefined();
  });
});

describe('followableLink', () => {
  const base = 'https://ehr.example/fhir';

  test('follows links under the base, absolute or relative', () => {
    expect(followableLink('https://ehr.example/fhir/Condition?page=2', base)).toBe(
      'https://ehr.example/fhir/Condition?page=2',
    );
    expect(followableLink('https://ehr.example/fhir?_getpages=abc', base)).toBe(
      'https://ehr.example/fhir?_getpages=abc',
    );
    expect(followableLink('Condition?page=2', base)).toBe('https://ehr.example/fhir/Condition?page=2');
  });

  test.each([
    'https://evil.example/fhir/Condition?page=2',
    'http://ehr.example/fhir/Condition?page=2',
    'https://ehr.example/admin/secrets',
    'https://ehr.example/fhirx/Condition',
    'https://user:pw@ehr.example/fhir/Condition',
    '//evil.example/fhir/Condition',
    'https://ehr.example/fhir/../admin',
  ])('refuses %s', (link) => {
    expect(followableLink(link, base)).toBeUndefined();
  });
});
