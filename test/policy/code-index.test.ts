import fc from 'fast-check';
import type { Code } from '../../src/data/facts.js';
import { buildCodeIndex } from '../../src/policy/code-index.js';
import { compileValueSets, valueSetFileSchema } from '../../src/policy/value-set.js';
import { codesOf } from './arbitraries.js';
import { CPT, ICD, policy, SCT } from './builders.js';

/** What asking every compiled set in turn answers: the reference the index must agree with. */
function setBySet(code: Code): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const vs of policy().valueSets.values()) {
    const m = vs.match(code);
    if (m) found.set(vs.id, { valueSet: m.valueSet, entry: m.entry, spineSiteRequired: m.spineSiteRequired });
  }
  return found;
}

function indexed(code: Code): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [id, m] of policy().codes.matchesOf(code) ?? []) {
    found.set(id, { valueSet: m.valueSet, entry: m.entry, spineSiteRequired: m.spineSiteRequired });
  }
  return found;
}

describe('the code index', () => {
  it('answers as the value sets do, set by set, for every code the policy lists', () => {
    const codes = codesOf(/./);
    expect(codes.length).toBeGreaterThan(500);
    for (const code of codes) {
      // Also the spellings EHRs send: ICD-10-CM without dots or in lower case, a longer code under a prefix.
      const variants: Code[] = [code, { ...code, code: `${code.code}9` }];
      if (code.system === ICD) variants.push({ ...code, code: code.code.replace('.', '').toLowerCase() });
      for (const variant of variants) expect(indexed(variant)).toEqual(setBySet(variant));
    }
  });

  it('answers as the value sets do for arbitrary codes, with or without a system', () => {
    const system = fc.option(fc.constantFrom(ICD, SCT, CPT, 'urn:oid:2.16.840.1.113883.6.90', 'http://x'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(system, fc.stringMatching(/^[A-Za-z0-9.]{0,8}$/), (sys, c) => {
        const code: Code = sys ? { system: sys, code: c } : { code: c };
        expect(indexed(code)).toEqual(setBySet(code));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the most specific entry of each set: exact before prefix, longer prefix before shorter', () => {
    const sets = compileValueSets(
      valueSetFileSchema.parse({
        valueSets: [
          {
            id: 'a',
            description: 'a',
            policyCriterion: 't',
            codes: [
              { system: ICD, code: 'M46', match: 'prefix', display: 'short', source: 'T' },
              {
                system: ICD,
                code: 'M46.2',
                match: 'prefix',
                display: 'long',
                source: 'T',
                spineSiteRequired: true,
              },
              { system: ICD, code: 'M46.26', match: 'exact', display: 'exact', source: 'T' },
            ],
          },
          {
            id: 'b',
            description: 'b',
            policyCriterion: 't',
            codes: [{ system: ICD, code: 'M46', match: 'prefix', display: 'b', source: 'T' }],
          },
        ],
      }),
    );
    const index = buildCodeIndex(sets);
    const pick = (code: string) =>
      [...(index.matchesOf({ system: ICD, code }) ?? new Map()).values()].map((m) => [
        m.valueSet,
        m.entry.display,
        m.spineSiteRequired,
      ]);
    expect(pick('M46.26')).toEqual([
      ['a', 'exact', false],
      ['b', 'b', false],
    ]);
    expect(pick('M46.21')).toEqual([
      ['a', 'long', true],
      ['b', 'b', false],
    ]);
    expect(pick('M46.1')).toEqual([
      ['a', 'short', false],
      ['b', 'b', false],
    ]);
    expect(index.matchesOf({ system: ICD, code: 'M4' })).toBeUndefined();
    expect(index.firstMatch({ system: ICD, code: 'M46.21' }, ['b', 'a'])?.valueSet).toBe('b');
    expect(index.firstMatch({ system: ICD, code: 'M46.21' }, ['c'])).toBeUndefined();
    expect(
      index.anyInPolicy([
        { system: SCT, code: '1' },
        { system: ICD, code: 'M461' },
      ]),
    ).toBe(true);
    expect(index.anyInPolicy([{ system: SCT, code: '1' }])).toBe(false);
  });

  it('quotes the patient code as it appeared, display included, for every repeat of the code', () => {
    const index = policy().codes;
    const plain = index.firstMatch({ system: ICD, code: 'M46.26' }, ['indication-spine-infection']);
    const shown = index.firstMatch({ system: ICD, code: 'M46.26', display: 'Vertebral osteomyelitis, L' }, [
      'indication-spine-infection',
    ]);
    expect(plain?.code).toEqual({ system: ICD, code: 'M46.26' });
    expect(shown?.code).toEqual({ system: ICD, code: 'M46.26', display: 'Vertebral osteomyelitis, L' });
    // The memo answers a repeat with its own copy, not the first caller's object.
    const again = index.firstMatch({ system: ICD, code: 'M46.26' }, ['indication-spine-infection']);
    expect(again).toEqual(plain);
  });

  it('answers nothing for a code without a code value', () => {
    expect(policy().codes.matchesOf({ system: ICD, code: '' })).toBeUndefined();
  });
});
