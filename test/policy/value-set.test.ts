import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicyDir } from '../../src/app/load-policy.js';
import {
  canonicalSystem,
  compileValueSets,
  inferSystem,
  valueSetFileSchema,
} from '../../src/policy/value-set.js';
import { CPT, ICD, SCT } from './builders.js';

const file = (valueSets: unknown[]) => valueSetFileSchema.parse({ valueSets });
const entry = (system: string, code: string, match: 'exact' | 'prefix' = 'exact', extra = {}) => ({
  system,
  code,
  match,
  display: code,
  source: 'TEST',
  ...extra,
});
const vs = (id: string, codes: unknown[], includes?: string[]) => ({
  id,
  description: id,
  policyCriterion: 'test',
  codes,
  ...(includes ? { includes } : {}),
});

describe('compileValueSets', () => {
  const sets = compileValueSets(
    file([
      vs('infection', [
        entry(ICD, 'M46.2', 'prefix'),
        entry(ICD, 'G06.2', 'exact', { spineSiteRequired: true }),
      ]),
      vs('order', [entry(CPT, '78830'), entry(SCT, '105371005')]),
      vs('union', [entry(SCT, '1')], ['infection', 'order']),
    ]),
  );
  const infection = sets.get('infection')!;

  it('matches ICD-10-CM prefixes ignoring dots and case', () => {
    expect(infection.match({ system: ICD, code: 'M46.26' })?.entry.code).toBe('M46.2');
    expect(infection.match({ system: ICD, code: 'm4626' })).toBeDefined();
    expect(infection.match({ system: ICD, code: 'M46.3' })).toBeUndefined();
    expect(infection.match({ system: ICD, code: 'M4' })).toBeUndefined();
  });
  it('matches exact codes by system and code, and carries the spine-site flag', () => {
    const m = infection.match({ system: ICD, code: 'G062' });
    expect(m).toMatchObject({ valueSet: 'infection', spineSiteRequired: true });
    expect(infection.match({ system: ICD, code: 'G06.21' })).toBeUndefined();
    expect(sets.get('order')!.match({ system: SCT, code: '78830' })).toBeUndefined();
  });
  it('tolerates a missing system only for CPT-shaped and ICD-shaped codes, and OID aliases', () => {
    const order = sets.get('order')!;
    expect(order.match({ code: '78830' })).toBeDefined();
    expect(order.match({ code: '105371005' })).toBeUndefined();
    expect(infection.match({ code: 'M46.26' })).toBeDefined();
    expect(order.match({ system: 'urn:oid:2.16.840.1.113883.6.12', code: '78830' })).toBeDefined();
  });
  it('flattens includes', () => {
    const union = sets.get('union')!;
    expect(union.match({ system: CPT, code: '78830' })?.valueSet).toBe('union');
    expect(union.match({ system: ICD, code: 'M46.21' })).toBeDefined();
    expect(union.entries).toHaveLength(5);
  });
  it('rejects unknown includes, cycles, duplicates and non-ICD prefixes', () => {
    expect(() => compileValueSets(file([vs('a', [], ['b'])]))).toThrow(/unknown value set "b"/);
    expect(() => compileValueSets(file([vs('a', [], ['b']), vs('b', [], ['a'])]))).toThrow(/cycle/);
    expect(() => compileValueSets(file([vs('a', []), vs('a', [])]))).toThrow(/defined twice/);
    expect(() => compileValueSets(file([vs('a', [entry(SCT, '12', 'prefix')])]))).toThrow(
      /only for ICD-10-CM and ICD-10/,
    );
  });
});

describe('WHO ICD-10 beside ICD-10-CM', () => {
  const WHO = 'http://hl7.org/fhir/sid/icd-10';
  const sets = compileValueSets(
    file([
      vs('who-only', [entry(WHO, 'M49.1', 'prefix'), entry(WHO, 'M46.26', 'exact', { regions: ['lumbar'] })]),
      vs('cm-only', [entry(ICD, 'A18.01'), entry(ICD, 'M48.4', 'prefix', { regions: ['spine'] })]),
    ]),
  );
  it('matches a WHO prefix only for WHO codes, and an ICD-10-CM prefix only for ICD-10-CM codes', () => {
    expect(sets.get('who-only')!.match({ system: WHO, code: 'M49.16' })?.entry.code).toBe('M49.1');
    expect(sets.get('who-only')!.match({ system: ICD, code: 'M49.16' })).toBeUndefined();
    expect(sets.get('cm-only')!.match({ system: ICD, code: 'M48.46XA' })).toBeDefined();
    expect(sets.get('cm-only')!.match({ system: WHO, code: 'M48.46' })).toBeUndefined();
    expect(sets.get('cm-only')!.match({ system: WHO, code: 'A18.01' })).toBeUndefined();
  });
  it('reads the WHO OID spelling and carries the regions of the deciding entry', () => {
    const m = sets.get('who-only')!.match({ system: 'urn:oid:2.16.840.1.113883.6.3', code: 'm4626' });
    expect(m?.entry.regions).toEqual(['lumbar']);
    expect(canonicalSystem('urn:oid:2.16.840.1.113883.6.3')).toBe(WHO);
  });
  it('never infers WHO for a code sent without a system (it is read as ICD-10-CM)', () => {
    expect(inferSystem('M49.1')).toBe(ICD);
    expect(sets.get('who-only')!.match({ code: 'M49.1' })).toBeUndefined();
  });
});

describe('system helpers', () => {
  it('infers CPT and ICD-10-CM from shape only', () => {
    expect(inferSystem('72148')).toBe(CPT);
    expect(inferSystem('M54.50')).toBe(ICD);
    expect(inferSystem('C61')).toBe(ICD);
    expect(inferSystem('RPID5249')).toBeUndefined();
    expect(inferSystem('39879-2')).toBeUndefined();
    expect(inferSystem('MR')).toBeUndefined();
    expect(inferSystem('12345678')).toBeUndefined();
  });
  it('canonicalizes aliases and trailing slashes', () => {
    expect(canonicalSystem('http://www.radlex.org/')).toBe('http://radlex.org');
    expect(canonicalSystem(undefined)).toBeUndefined();
  });
});

describe('the shipped value-sets.json', () => {
  const shipped = JSON.parse(readFileSync(join(defaultPolicyDir(), 'value-sets.json'), 'utf8'));
  const sets = compileValueSets(valueSetFileSchema.parse(shipped));
  it('keeps every research set and the Attachment I codes', () => {
    for (const code of ['78803', '78830', '78831', '78832']) {
      expect(sets.get('spect-order')!.match({ system: CPT, code })).toBeDefined();
    }
    expect(sets.size).toBeGreaterThanOrEqual(38);
  });
  it.each([
    ['indication-spine-infection', ICD, 'G06.2'],
    ['indication-spine-infection', SCT, '60168000'],
    ['indication-avascular-necrosis', ICD, 'M87.08'],
    ['spine-prior-surgery-status', ICD, 'Z98.1'],
    ['spine-prior-surgery-status', ICD, 'Z96.7'],
    ['spine-hardware-complication', ICD, 'T84.7XXA'],
    ['spine-hardware-complication', SCT, '19220005'],
    ['indication-stress-occult-fracture', SCT, '240197007'],
  ])('%s flags %s %s as needing a spine site', (id, system, code) => {
    expect(sets.get(id)!.match({ system, code })?.spineSiteRequired).toBe(true);
  });
  it('keeps spine-specific codes unflagged and T84.84 out of the suspected complications', () => {
    expect(
      sets.get('indication-spine-infection')!.match({ system: ICD, code: 'M46.26' })?.spineSiteRequired,
    ).toBe(false);
    expect(sets.get('spine-hardware-complication')!.match({ system: ICD, code: 'T84.84XA' })).toBeUndefined();
    expect(sets.get('spine-hardware-complication')!.match({ system: ICD, code: 'T84.296A' })).toBeDefined();
  });
  it('names only regions of the anatomy model, and the region each imaging or site code names', () => {
    const known = [
      'cervical',
      'thoracic',
      'lumbar',
      'sacrum',
      'sacroiliac',
      'pelvis',
      'whole-spine',
      'whole-body',
    ];
    const used = new Set<string>();
    for (const vs of shipped.valueSets as { codes: { regions?: string[] }[] }[])
      for (const c of vs.codes) for (const r of c.regions ?? []) used.add(r);
    expect([...used].filter((r) => !known.includes(r))).toEqual([]);
    const regions = (id: string, system: string, code: string) =>
      sets.get(id)!.match({ system, code })?.entry.regions;
    expect(regions('prior-imaging-plain-film-spine', CPT, '72040')).toEqual(['cervical']);
    expect(regions('prior-imaging-plain-film-spine', CPT, '72100')).toEqual(['lumbar', 'sacrum']);
    expect(regions('prior-imaging-plain-film-spine', CPT, '72081')).toEqual(['thoracic', 'lumbar']);
    expect(regions('prior-imaging-plain-film-spine', CPT, '72020')).toBeUndefined();
    expect(regions('advanced-imaging-mri-spine', CPT, '72148')).toEqual(['lumbar']);
    expect(regions('advanced-imaging-mri-pelvis-si', CPT, '72195')).toEqual(['pelvis']);
    expect(regions('advanced-imaging-pet', CPT, '78813')).toEqual(['whole-body']);
    expect(regions('nm-bone-planar', CPT, '78306')).toEqual(['whole-body']);
    expect(regions('spine-body-site', SCT, '122496007')).toEqual(['lumbar']);
    expect(regions('sacroiliac-joint-body-site', SCT, '39723000')).toEqual(['sacroiliac']);
    expect(regions('indication-spine-infection', SCT, '203157008')).toEqual(['cervical']);
    // The SPECT order codes name no region: the order's region is its body site.
    expect(regions('spect-order', CPT, '78830')).toBeUndefined();
  });
  it('resolves the union sets by reference', () => {
    expect(sets.get('prior-imaging-mri-spine')!.match({ system: CPT, code: '72197' })).toBeDefined();
    expect(sets.get('indication-osseous-tumor')!.match({ system: ICD, code: 'C79.51' })).toBeDefined();
  });
});
