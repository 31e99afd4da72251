import { ConfigError, loadConfig } from '../../src/app/load-config.js';

const files = (content: Record<string, string>) => (path: string) => {
  const text = content[path];
  if (text === undefined) throw new Error(`ENOENT: no such file ${path}`);
  return text;
};

describe('loadConfig', () => {
  it('without CDS_CONFIG runs in demo mode: baseUrl on 127.0.0.1:PORT, no configured clients', () => {
    const loaded = loadConfig({ PORT: '8123' }, files({}));
    expect(loaded.demo).toBe(true);
    expect(loaded.port).toBe(8123);
    expect(loaded.config.baseUrl).toBe('http://127.0.0.1:8123');
    // The demo client is added at start-up with a key made then (src/demo/start-demo.ts), never from config.
    expect(loaded.config.clients).toEqual([]);
    expect(loaded.config.allowUnsignedLoopback).toBe(false);
  });

  it('a config file turns demo mode off', () => {
    const loaded = loadConfig(
      { CDS_CONFIG: '/etc/cds.json' },
      files({ '/etc/cds.json': JSON.stringify({ baseUrl: 'https://cds.example.org' }) }),
    );
    expect(loaded.demo).toBe(false);
  });

  it('reads and validates the CDS_CONFIG file', () => {
    const config = {
      baseUrl: 'https://cds.example.org/',
      clients: [{ iss: 'https://ehr.example', jwksUri: 'https://ehr.example/jwks' }],
    };
    const loaded = loadConfig(
      { CDS_CONFIG: '/etc/cds.json' },
      files({ '/etc/cds.json': JSON.stringify(config) }),
    );
    expect(loaded.port).toBe(3000);
    expect(loaded.file).toBe('/etc/cds.json');
    expect(loaded.config.baseUrl).toBe('https://cds.example.org');
    expect(loaded.config.clients[0]?.iss).toBe('https://ehr.example');
  });

  it('names the file and every bad field', () => {
    const bad = { baseUrl: 'nope', clients: [{ jwksUri: 'https://x.example/jwks' }], fhirTimeoutMs: -5 };
    expect(() => loadConfig({ CDS_CONFIG: 'cds.json' }, files({ 'cds.json': JSON.stringify(bad) }))).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ CDS_CONFIG: 'cds.json' }, files({ 'cds.json': JSON.stringify(bad) }));
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/cds\.json/);
      expect(message).toMatch(/- baseUrl: /);
      expect(message).toMatch(/- clients\[0\]\.iss: /);
      expect(message).toMatch(/- fhirTimeoutMs: /);
    }
  });

  it('reports unreadable files, invalid JSON and a bad PORT', () => {
    expect(() => loadConfig({ CDS_CONFIG: 'missing.json' }, files({}))).toThrow(
      /cannot read CDS_CONFIG file missing\.json/,
    );
    expect(() => loadConfig({ CDS_CONFIG: 'x.json' }, files({ 'x.json': '{ nope' }))).toThrow(
      /x\.json is not valid JSON/,
    );
    expect(() => loadConfig({ PORT: 'eighty' }, files({}))).toThrow(/PORT must be an integer/);
  });

  it('CDS_ALLOW_UNSIGNED_LOOPBACK=1 turns the development switch on', () => {
    expect(loadConfig({ CDS_ALLOW_UNSIGNED_LOOPBACK: '1' }, files({})).config.allowUnsignedLoopback).toBe(
      true,
    );
    expect(loadConfig({ CDS_ALLOW_UNSIGNED_LOOPBACK: '0' }, files({})).config.allowUnsignedLoopback).toBe(
      false,
    );
  });
});
