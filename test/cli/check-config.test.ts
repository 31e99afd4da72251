import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runCli } from '../../src/cli/main.js';
import { cliEnv } from './cli-env.js';

/** A freshly made key pair's two halves as JWKs. */
function keyPair(type: 'ec' | 'rsa' | 'ed25519', options: object = {}) {
  const { publicKey, privateKey } = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
  return { pub: publicKey.export({ format: 'jwk' }), priv: privateKey.export({ format: 'jwk' }) };
}

function withInlineKey(key: object) {
  return {
    ...good,
    clients: [
      {
        iss: 'https://ehr.example.org',
        jwks: { keys: [key] },
        fhirServers: ['https://ehr.example.org/fhir'],
      },
    ],
  };
}

async function check(config: object) {
  return runCli(['check-config', 'c.json'], cliEnv({ 'c.json': JSON.stringify(config) }));
}

const good = {
  baseUrl: 'https://cds.bcvt.example/',
  payer: { identifiers: [{ system: 'urn:oid:2.16.840.1.113883.6.300', value: '12345' }] },
  clients: [
    {
      iss: 'https://ehr.example.org',
      jwksUri: 'https://ehr.example.org/.well-known/jwks.json',
      fhirServers: ['https://ehr.example.org/fhir'],
    },
  ],
};

describe('spect-cds check-config', () => {
  test('a good file: valid, summarised, no warnings', async () => {
    const result = await runCli(['check-config', 'c.json'], cliEnv({ 'c.json': JSON.stringify(good) }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('c.json: valid');
    expect(result.stdout).toContain('baseUrl: https://cds.bcvt.example\n');
    expect(result.stdout).toContain('clients: https://ehr.example.org');
    expect(result.stdout).not.toContain('warning');
  });

  test('valid but unworkable settings are warned about', async () => {
    const config = {
      baseUrl: 'http://cds.bcvt.example',
      allowUnsignedLoopback: true,
      payer: { withoutCoverage: 'cards' },
      clients: [
        { iss: 'ehr-a', fhirServers: ['http://ehr.example.org/fhir'] },
        { iss: 'ehr-b', jwks: { keys: [] } },
        // An allow-list of jkus is a way to get keys (Oracle Health registers so): no warning for it.
        {
          iss: 'ehr-c',
          jku: ['https://keys.example.org/a'],
          fhirServers: ['https://ehr-c.example.org/fhir'],
        },
      ],
    };
    const result = await runCli(['check-config', 'c.json'], cliEnv({ 'c.json': JSON.stringify(config) }));
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      'warning: clients[0] (ehr-a): neither jwks, jwksUri nor jku is set, so no token of this client can be verified',
      'warning: clients[0] (ehr-a): FHIR server http://ehr.example.org/fhir is plain http; access tokens would travel unencrypted',
      'warning: clients[1] (ehr-b): no fhirServers, so the service can never query this EHR; every call must bring full prefetch',
      'warning: payer.identifiers is empty: no Coverage can name this payer, so every hook call with a spine SPECT in scope gets 400 (CRD hook-13)',
      'warning: payer.withoutCoverage is "cards": a call without Coverage gets cards instead of the 400 CRD hook-13 asks for',
      'warning: baseUrl http://cds.bcvt.example is plain http; EHRs must call the service over https',
      'warning: allowUnsignedLoopback is on: unsigned hook calls from this machine are accepted (development only)',
    ]);
  });

  test('an invalid file: exit 1, every bad field named as the server names it', async () => {
    const bad = { baseUrl: 'not a url', fhirTimeoutMs: 99999, clients: [{}] };
    const result = await runCli(['check-config', 'c.json'], cliEnv({ 'c.json': JSON.stringify(bad) }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('invalid configuration in c.json');
    expect(result.stderr).toContain('- baseUrl:');
    expect(result.stderr).toContain('- clients[0].iss:');
    expect(result.stderr).toContain('- fhirTimeoutMs:');
  });

  test('not JSON, or missing', async () => {
    expect((await runCli(['check-config', 'c.json'], cliEnv({ 'c.json': '{,' }))).stderr).toContain(
      'c.json is not valid JSON',
    );
    expect((await runCli(['check-config', 'gone.json'], cliEnv({}))).stderr).toContain(
      'cannot read gone.json',
    );
  });

  test('the shipped example configuration is valid (its inline key is a real public key); its placeholders are flagged', async () => {
    const example = readFileSync(new URL('../../config/cds-config.example.json', import.meta.url), 'utf8');
    const result = await runCli(['check-config', 'example.json'], cliEnv({ 'example.json': example }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'warning: payer.identifiers[0].value: "REPLACE_WITH_THE_NAIC_COMPANY_CODE" is a placeholder; fill it in',
    );
  });

  test('inline keys must be public keys an accepted algorithm verifies with', async () => {
    const ec = keyPair('ec', { namedCurve: 'P-384' });
    expect((await check(withInlineKey({ ...ec.pub, alg: 'ES384', kid: 'k1' }))).code).toBe(0);
    const refused: Array<[object, RegExp]> = [
      [{ kty: 'EC', crv: 'P-384', x: 'REPLACE_WITH_THE_X', y: 'REPLACE_WITH_THE_Y' }, /x: is a placeholder/],
      [{ ...ec.priv, alg: 'ES384' }, /is a private key/],
      [{ ...ec.pub, alg: 'HS256' }, /alg: must be one of ES384, RS384/],
      [{ ...ec.pub, alg: 'RS384' }, /alg: RS384 does not fit an EC key/],
      [{ kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'AAAA' }, /does not parse as a public key/],
      [keyPair('rsa', { modulusLength: 1024 }).pub, /1024-bit RSA key; at least 2048/],
      [keyPair('ed25519').pub, /is an ed25519 key/],
    ];
    for (const [key, message] of refused) {
      const result = await check(withInlineKey(key));
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 1,
        stderr: expect.stringMatching(message),
      });
      expect(result.stderr).toContain('clients[0].jwks.keys[0]');
    }
  });

  test('every URL setting must be http(s)', async () => {
    for (const [field, config] of [
      ['baseUrl', { ...good, baseUrl: 'ftp://cds.bcvt.example' }],
      ['policyUrl', { ...good, policyUrl: 'javascript:alert(1)' }],
      [
        'clients[0].jwksUri',
        { ...good, clients: [{ ...good.clients[0], jwksUri: 'file:///etc/jwks.json' }] },
      ],
      [
        'clients[0].fhirServers[0]',
        { ...good, clients: [{ ...good.clients[0], fhirServers: ['gopher://x'] }] },
      ],
    ] as const) {
      const result = await check(config);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`- ${field}: must be an http(s) URL`);
    }
  });
});
