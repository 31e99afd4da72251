import { runCli } from '../../src/cli/main.js';
import { cliEnv } from './cli-env.js';

const good = {
  baseUrl: 'https://cds.bcvt.example/',
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
      clients: [
        { iss: 'ehr-a', fhirServers: ['http://ehr.example.org/fhir'] },
        { iss: 'ehr-b', jwks: { keys: [] } },
      ],
    };
    const result = await runCli(['check-config', 'c.json'], cliEnv({ 'c.json': JSON.stringify(config) }));
    expect(result.code).toBe(0);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('warning:'));
    expect(warnings).toEqual([
      'warning: clients[0] (ehr-a): neither jwks nor jwksUri is set, so no token of this client can be verified',
      'warning: clients[0] (ehr-a): FHIR server http://ehr.example.org/fhir is plain http; access tokens would travel unencrypted',
      'warning: clients[1] (ehr-b): no fhirServers, so the service can never query this EHR; every call must bring full prefetch',
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
});
