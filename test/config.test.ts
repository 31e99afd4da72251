import { configSchema } from '../src/config.js';

describe('config schema', () => {
  it('fills defaults and strips a trailing slash from baseUrl', () => {
    const config = configSchema.parse({ baseUrl: 'https://cds.example.org/' });
    expect(config.baseUrl).toBe('https://cds.example.org');
    expect(config.fhirTimeoutMs).toBe(4000);
    // Accepted and ignored: the window is policy data (policy.json `windows`).
    expect(config.simultaneousWindowDays).toBeUndefined();
    expect(config.insurerName).toBe('Blue Cross VT');
    expect(config.clients).toEqual([]);
  });

  it('tolerates keys it does not use', () => {
    const config = configSchema.parse({ baseUrl: 'https://cds.example.org', futureOption: true });
    expect(config.baseUrl).toBe('https://cds.example.org');
  });

  it('names the field that is wrong', () => {
    const result = configSchema.safeParse({ baseUrl: 'not a url', clients: [{ jwksUri: 'https://x' }] });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['baseUrl', 'clients.0.iss']));
  });
});
