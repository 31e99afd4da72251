import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_ID, defaultPolicyDir, loadPolicy, repoRoot } from '../../src/app/load-policy.js';
import { CONTRACT_INDICATION_IDS } from './builders.js';

describe('loadPolicy', () => {
  it('finds the repository root and loads the shipped policy', () => {
    expect(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).toContain('"name"');
    expect(defaultPolicyDir().endsWith(join('policy', DEFAULT_POLICY_ID))).toBe(true);
    const policy = loadPolicy();
    expect(policy.id).toBe('6.01.VT204');
    expect(policy.version).toBe('2026-03');
    expect(policy.effectiveDate).toBe('2026-08-01');
    expect(policy.indications.map((i) => i.id)).toEqual([...CONTRACT_INDICATION_IDS]);
  });

  it('names the folder when a file is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    expect(() => loadPolicy(dir)).toThrow(/Cannot read policy file .*policy\.json/);
    writeFileSync(join(dir, 'policy.json'), '{ not json');
    writeFileSync(join(dir, 'value-sets.json'), '{}');
    expect(() => loadPolicy(dir)).toThrow(/not valid JSON/);
  });

  it('reports compile errors with the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    const real = defaultPolicyDir();
    const def = JSON.parse(readFileSync(join(real, 'policy.json'), 'utf8'));
    def.indications[0].requires = { conditionIn: ['no-such-set'] };
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(def));
    writeFileSync(join(dir, 'value-sets.json'), readFileSync(join(real, 'value-sets.json')));
    writeFileSync(join(dir, 'lexicons.json'), readFileSync(join(real, 'lexicons.json')));
    expect(() => loadPolicy(dir)).toThrow(/unknown value set "no-such-set"[\s\S]*policy folder/);
  });
});
