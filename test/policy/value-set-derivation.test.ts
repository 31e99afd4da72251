/**
 * The ICD-10-CM value sets are derived from the categories the bullets name (policy/6.01.VT204/derive/): these tests
 * prove the written value-sets.json is what the rules derive, and that no billable code under a named category is
 * missing from its value set or carries another region than its site character names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyDerivation,
  decodeCodes,
  deriveEntries,
  parseCodeList,
  type RulesFile,
  rulesFileSchema,
} from '../../scripts/value-sets/derive.js';
import { defaultPolicyDir } from '../../src/app/load-policy.js';
import { compileValueSets, type ValueSetFile, valueSetFileSchema } from '../../src/policy/value-set.js';
import { ICD } from './builders.js';

const dir = defaultPolicyDir();
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(dir, ...path), 'utf8'));
const rules = rulesFileSchema.parse(readJson('derive', 'icd10cm-rules.json'));
const codeList = parseCodeList(readFileSync(join(dir, 'derive', rules.codeList.file), 'utf8'));
const written = readJson('value-sets.json') as ValueSetFile;
const sets = compileValueSets(valueSetFileSchema.parse(written));
const policy = readJson('policy.json') as { bullets: { id: string }[] };
const WHO = 'http://hl7.org/fhir/sid/icd-10';
const dotted = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

describe('value-set derivation (policy/6.01.VT204/derive)', () => {
  it('value-sets.json is exactly what the rules derive from the code list (run npm run derive:value-sets)', () => {
    expect(applyDerivation(rules, codeList, written)).toEqual(written);
  });

  it('every rule names a policy bullet, a value set the policy uses, and a category the code list holds', () => {
    const bullets = new Set(policy.bullets.map((b) => b.id));
    const policyText = readFileSync(join(dir, 'policy.json'), 'utf8');
    for (const rule of [...rules.rules, ...rules.who.rules]) {
      expect({ rule: rule.valueSet, bullet: bullets.has(rule.bullet) }).toEqual({
        rule: rule.valueSet,
        bullet: true,
      });
      expect(policyText).toContain(`"${rule.valueSet}"`);
    }
    const decoded = decodeCodes(rules, codeList);
    for (const rule of rules.rules.filter((r) => r.site)) {
      expect({ category: rule.category, codes: decoded.some((d) => d.rule === rule) }).toEqual({
        category: rule.category,
        codes: true,
      });
    }
  });

  describe('no billable code under a named category is missing', () => {
    const decoded = decodeCodes(rules, codeList);
    const included = decoded.filter((d) => !d.site.exclude);
    const excluded = decoded.filter((d) => d.site.exclude);

    it('decodes every billable code under the categories: 402 included, 1,200 limb codes left out (a changed code list shows here)', () => {
      expect(included.length).toBe(402);
      expect(excluded.length).toBe(1200);
    });

    it.each(rules.rules.filter((r) => r.site).map((r) => [r.bullet, r.category, r.valueSet] as const))(
      '%s %s: every included code matches %s with the regions and spine flag its site character gives',
      (_bullet, category, valueSet) => {
        const set = sets.get(valueSet)!;
        const rule = rules.rules.find((r) => r.category === category && r.valueSet === valueSet)!;
        const mine = included.filter((d) => d.rule === rule);
        const wrong = mine.flatMap((d) => {
          const match = set.match({ system: ICD, code: dotted(d.code) });
          const want = {
            regions: d.site.regions ?? [],
            siteRequired: !(d.site.spine ?? rule.spine ?? true),
          };
          const got = match && { regions: match.entry.regions ?? [], siteRequired: match.spineSiteRequired };
          return JSON.stringify(got) === JSON.stringify(want) ? [] : [{ code: dotted(d.code), want, got }];
        });
        expect(wrong).toEqual([]);
      },
    );

    it('leaves out exactly the sites the rules exclude (limb bones and joints), which no entry takes in', () => {
      const taken = excluded.filter((d) =>
        sets.get(d.rule.valueSet)!.match({ system: ICD, code: dotted(d.code) }),
      );
      expect(taken.map((d) => dotted(d.code))).toEqual([]);
      // Spot checks that the exclusions are the limbs: femoral head necrosis and a tibial stress fracture.
      expect(excluded.map((d) => d.code)).toEqual(expect.arrayContaining(['M87051', 'M84361A', 'M86171']));
    });
  });

  it('decodes site characters into regions (examples from each axis)', () => {
    const at = (set: string, code: string, system = ICD) => {
      const m = sets.get(set)!.match({ system, code });
      return m && { regions: m.entry.regions ?? [], siteRequired: m.spineSiteRequired };
    };
    expect(at('indication-spine-infection', 'M46.25')).toEqual({
      regions: ['thoracic', 'lumbar'],
      siteRequired: false,
    });
    expect(at('indication-spine-infection', 'M46.47')).toEqual({
      regions: ['lumbar', 'sacrum'],
      siteRequired: false,
    });
    expect(at('indication-spine-infection', 'M46.49')).toEqual({ regions: [], siteRequired: false });
    const fixation = 'spine-fixation-device-complication';
    expect(at(fixation, 'T84.63XA')).toEqual({ regions: [], siteRequired: false });
    expect(at(fixation, 'T84.69XA')).toEqual({ regions: [], siteRequired: true });
    expect(at(fixation, 'T84.610A')).toBeUndefined();
    // An infected implant is MN-8's periprosthetic infection, not MN-1 (docs/policy.md R-INF-HARDWARE).
    expect(at('indication-spine-infection', 'T84.63XA')).toBeUndefined();
    expect(at('indication-stress-occult-fracture', 'M84.350A')).toEqual({
      regions: ['pelvis'],
      siteRequired: true,
    });
    expect(at('indication-stress-occult-fracture', 'M84.38XA')).toEqual({ regions: [], siteRequired: true });
    expect(at('indication-stress-occult-fracture', 'M84.359A')).toBeUndefined();
    expect(at('indication-stress-occult-fracture', 'M48.43XA')).toEqual({
      regions: ['cervical', 'thoracic'],
      siteRequired: false,
    });
    expect(at('indication-stress-occult-fracture', 'S32.10XA')).toEqual({
      regions: ['sacrum'],
      siteRequired: false,
    });
    expect(at('indication-avascular-necrosis', 'M87.188')).toEqual({ regions: [], siteRequired: true });
    expect(at('indication-avascular-necrosis', 'M87.180')).toBeUndefined();
    expect(at('indication-rheumatologic-spondyloarthropathy', 'M45.A8')).toEqual({
      regions: ['sacrum'],
      siteRequired: false,
    });
    expect(at('indication-rheumatologic-spondyloarthropathy', 'M46.1')).toEqual({
      regions: ['sacroiliac'],
      siteRequired: false,
    });
    expect(at('indication-rheumatologic-spondyloarthropathy', 'L40.51')).toBeUndefined();
    expect(at('investigational-disc-degeneration-spondylosis', 'M50.322')).toEqual({
      regions: ['cervical'],
      siteRequired: false,
    });
    // WHO fifth characters of the dorsopathies read as ICD-10-CM's (1-8); WHO 0 (multiple sites) names none.
    expect(at('indication-spine-infection', 'M46.26', WHO)).toEqual({
      regions: ['lumbar'],
      siteRequired: false,
    });
    expect(at('indication-spine-infection', 'M46.20', WHO)).toEqual({ regions: [], siteRequired: false });
    expect(at('indication-avascular-necrosis', 'M87.05', WHO)).toBeUndefined();
  });

  it('keeps headers and later codes of a wholly included category (prefix), and only the header otherwise', () => {
    expect(sets.get('indication-spine-infection')!.match({ system: ICD, code: 'M46.2' })?.entry.match).toBe(
      'prefix',
    );
    const avn = sets.get('indication-avascular-necrosis')!;
    expect(avn.match({ system: ICD, code: 'M87.0' })).toMatchObject({ spineSiteRequired: true });
    expect(avn.match({ system: ICD, code: 'M87.05' })).toBeUndefined();
  });

  it('stops on a site character the axis does not name, instead of dropping the code', () => {
    const list = parseCodeList('M462\nM4626\nM462Z\n');
    expect(() => decodeCodes(rules, list)).toThrow(/M46\.2Z has a site "Z"/);
  });

  it('replaces only the entries the rules own, in place, and is idempotent', () => {
    const tiny: RulesFile = {
      ...rules,
      who: { ...rules.who, rules: [] },
      rules: rules.rules.filter((r) => r.category === 'M46.2'),
    };
    const hand = {
      system: ICD,
      code: 'G06.1',
      match: 'exact' as const,
      display: 'Intraspinal abscess and granuloma',
      source: 'ICD21',
    };
    const before: ValueSetFile = {
      valueSets: [
        {
          id: 'indication-spine-infection',
          description: 'd',
          policyCriterion: 'MN-1',
          codes: [hand, { ...hand, code: 'M46.2', match: 'prefix', display: 'old' }],
        },
      ],
    };
    const once = applyDerivation(tiny, codeList, before);
    const codes = once.valueSets[0]!.codes.map((c) => c.code);
    expect(codes[0]).toBe('G06.1');
    expect(codes.slice(1)).toEqual(['M46.2', ...'012345678'.split('').map((c) => `M46.2${c}`)]);
    expect(applyDerivation(tiny, codeList, once)).toEqual(once);
    // A rule taken out takes its entries with it; the hand entries stay.
    const without = applyDerivation({ ...tiny, rules: [] }, codeList, once);
    expect(without.valueSets[0]!.codes.map((c) => c.code)).toEqual(['G06.1']);
    expect(deriveEntries(tiny, codeList).get('indication-spine-infection')).toHaveLength(10);
  });
});
