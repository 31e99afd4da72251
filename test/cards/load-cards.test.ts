// Tests src/app/load-cards.ts (kept with the cards tests: test/app/ belongs to the protocol engineer).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, loadCardTexts } from '../../src/app/load-cards.js';

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
