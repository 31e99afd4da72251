// Tests src/app/load-cards.ts (kept with the cards tests: test/app/ belongs to the protocol engineer).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCardTexts, findingCodesIn, findRepoRoot, loadCardTexts } from '../../src/app/load-cards.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import type { CompiledPolicy } from '../../src/policy/index.js';

describe('loadCardTexts', () => {
  it('loads the shipped texts from the repo root by default', () => {
    const texts = loadCardTexts();
    expect(texts.policy).toBe('6.01.VT204');
    expect(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')).toContain('"name"');
  });

  it('names the file and the field when the texts are invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cards-'));
    const texts = JSON.parse(readFileSync(join(findRepoRoot(), 'cards', '6.01.VT204', 'cards.json'), 'utf8'));
    delete texts.outcomes.investigational;
    writeFileSync(join(dir, 'cards.json'), JSON.stringify(texts));
    expect(() => loadCardTexts(dir)).toThrow(
      new RegExp(`invalid card texts ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*[\\s\\S]*outcomes`),
    );
  });

  it('reports unreadable JSON with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cards-'));
    writeFileSync(join(dir, 'cards.json'), '{ not json');
    expect(() => loadCardTexts(dir)).toThrow(/cannot read card texts .*cards\.json/);
  });

  it('finds the repo root from a nested folder and fails clearly above it', () => {
    const root = findRepoRoot();
    expect(findRepoRoot(join(root, 'src', 'cards'))).toBe(root);
    expect(() => findRepoRoot('/')).toThrow(/no package.json/);
  });
});

describe('checkCardTexts', () => {
  const policy = loadPolicy();
  const texts = loadCardTexts();

  it('finds every finding code the policy data declares, and the shipped texts cover them all', () => {
    expect(findingCodesIn(policy.definition)).toEqual([
      'investigational-surgical-planning',
      'missing-prior-imaging',
      'missing-prior-mri',
      'no-qualifying-indication',
      'simultaneous-advanced-imaging',
    ]);
    expect(() => checkCardTexts(texts, policy)).not.toThrow();
  });

  it('stops start-up when the policy gains an indication or a finding that cards.json has no text for', () => {
    const withIndication = {
      indications: [...policy.indications, { ...policy.indications[0]!, id: 'mn-11-new' }],
      definition: policy.definition,
    } as unknown as CompiledPolicy;
    expect(() => checkCardTexts(texts, withIndication)).toThrow(/no entry for: indications\.mn-11-new/);
    const definition = structuredClone(policy.definition);
    (definition.indications[2]!.prerequisites[0] as { finding: string }).finding =
      'prior-study-region-unknown';
    const withFinding = { indications: policy.indications, definition } as CompiledPolicy;
    expect(() => checkCardTexts(texts, withFinding)).toThrow(/findings\.prior-study-region-unknown/);
  });
});
