import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicyDir } from '../../src/app/load-policy.js';
import { compilePolicy } from '../../src/policy/index.js';
import { CONTRACT_INDICATION_IDS } from './builders.js';

const read = (name: string) => JSON.parse(readFileSync(join(defaultPolicyDir(), name), 'utf8'));
const definition = () => read('policy.json');
const valueSets = read('value-sets.json');
const lexicons = read('lexicons.json');

describe('compilePolicy', () => {
  it('compiles the shipped policy with every indication in the contract order', () => {
    const p = compilePolicy(definition(), valueSets, lexicons);
    expect(p).toMatchObject({ id: '6.01.VT204', version: '2026-03', effectiveDate: '2026-08-01' });
    expect(p.url).toMatch(/^https:\/\/www\.bluecrossvt\.org\//);
    expect(p.indications.map((i) => i.id)).toEqual([...CONTRACT_INDICATION_IDS]);
    expect(p.indications.map((i) => i.bullet)).toEqual(CONTRACT_INDICATION_IDS.map((_, i) => `MN-${i + 1}`));
    expect(p.bulletText('NMN-2')).toBe(
      'For all other indications that are not listed as medically necessary',
    );
  });

  it('rejects a definition that fails the schema, naming the path', () => {
    const def = definition();
    def.effectiveDate = '08/01/2026';
    expect(() => compilePolicy(def, valueSets, lexicons)).toThrow(
      /Invalid policy definition[\s\S]*effectiveDate/,
    );
    expect(() => compilePolicy({}, valueSets, lexicons)).toThrow(/Invalid policy definition/);
    expect(() => compilePolicy(definition(), { valueSets: [] }, lexicons)).toThrow(/Invalid value sets/);
  });

  it('rejects unknown requirement keys (strict rule language)', () => {
    const def = definition();
    def.indications[0].requires = { conditionsIn: ['indication-spine-infection'] };
    expect(() => compilePolicy(def, valueSets, lexicons)).toThrow(/indications\.0\.requires/);
  });

  it('rejects a quote that is not in its bullet', () => {
    const def = definition();
    def.indications[1].prerequisites[0].quote = 'prior ultrasound is nondiagnostic';
    expect(() => compilePolicy(def, valueSets, lexicons)).toThrow(/quote is not in bullet MN-2/);
  });

  it('rejects unknown value sets, vocabularies and bullets, listing every problem', () => {
    const def = definition();
    def.indications[0].requires = { conditionIn: ['nope'] };
    def.investigational.requires = { textMentions: { concept: 'missing-words' } };
    def.guideline.bullet = 'MN-99';
    let message = '';
    try {
      compilePolicy(def, valueSets, lexicons);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/unknown value set "nope"/);
    expect(message).toMatch(/unknown lexicon concept "missing-words"/);
    expect(message).toMatch(/unknown bullet "MN-99"/);
  });

  it('rejects a duplicated indication and an indication citing a non-MN bullet', () => {
    const dup = definition();
    dup.indications.push(dup.indications[0]);
    expect(() => compilePolicy(dup, valueSets, lexicons)).toThrow(/indication infection is defined twice/);
    const wrong = definition();
    wrong.indications[0].bullet = 'NMN-2';
    wrong.indications[0].quote = 'For all other indications';
    expect(() => compilePolicy(wrong, valueSets, lexicons)).toThrow(/must cite an MN bullet/);
  });

  it('a new policy version is a data change: a changed rule changes the evaluation', () => {
    const def = definition();
    def.version = '2027-03';
    def.indications[0].requires = { conditionIn: ['axial-neck-back-pain'] };
    const p = compilePolicy(def, valueSets, lexicons);
    expect(p.version).toBe('2027-03');
    expect(p.indications[0]!.requires).toEqual({ conditionIn: ['axial-neck-back-pain'] });
    expect(p.indicationIds[0]).toBe('infection');
  });
});
