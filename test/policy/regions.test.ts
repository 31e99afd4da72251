import { cpt, icd, policy, SITE, sct } from './builders.js';

const ids = (mask: number) => policy().regions.idsOf(mask);
const of = (...args: Parameters<ReturnType<typeof policy>['regions']['regionsOf']>) =>
  policy().regions.regionsOf(...args);

describe('the region model', () => {
  it('reads the coded body site', () => {
    expect(ids(of([SITE.cervical], [], []))).toEqual(['cervical']);
    expect(ids(of([SITE.pelvis], [], []))).toEqual(['sacrum', 'sacroiliac', 'pelvis']);
  });

  it('reads the ICD-10-CM site character and site categories', () => {
    expect(ids(of([], [icd('M46.26')], []))).toEqual(['lumbar']);
    expect(ids(of([], [icd('M43.17')], []))).toEqual(['lumbar', 'sacrum']);
    expect(ids(of([], [icd('M47.816')], []))).toEqual(['lumbar']);
    expect(ids(of([], [icd('M45.8')], []))).toEqual(['sacrum']);
    expect(ids(of([], [icd('S32.1')], []))).toEqual(['sacrum']);
    expect(ids(of([], [icd('M46.1')], []))).toEqual(['sacroiliac']);
    expect(ids(of([], [icd('M46.20')], []))).toEqual(['spine']);
  });

  it("reads a value-set entry's regions (CPT imaging codes by region)", () => {
    expect(ids(of([], [cpt('72040')], []))).toEqual(['cervical']);
    expect(ids(of([], [cpt('72148')], []))).toEqual(['lumbar']);
    expect(ids(of([], [cpt('78813')], []))).toContain('whole-body');
  });

  it('reads words: body-site text, code text, descriptions', () => {
    expect(ids(of([], [], ['SAG T2 L-SPINE']))).toContain('lumbar');
    expect(ids(of([], [], ['MRI C-spine']))).toContain('cervical');
    expect(ids(of([], [], ['Whole body bone scan']))).toContain('whole-body');
  });

  it('overlap: whole-spine and whole-body cover every spine level; unknown never overlaps silently', () => {
    const r = policy().regions;
    expect(r.overlap(r.maskOf('whole-spine'), r.maskOf('thoracic'))).toBe('yes');
    expect(r.overlap(r.maskOf('whole-body'), r.maskOf('sacroiliac'))).toBe('yes');
    expect(r.overlap(r.maskOf('cervical'), r.maskOf('lumbar'))).toBe('no');
    expect(r.overlap(r.maskOf('spine'), r.maskOf('lumbar'))).toBe('unknown');
    expect(r.overlap(0, r.maskOf('lumbar'))).toBe('unknown');
    expect(r.overlap(of([SITE.knee], [], []), r.maskOf('lumbar'))).toBe('no');
    expect(r.overlap(of([sct('421060004')], [], []), r.maskOf('lumbar'))).toBe('unknown');
  });
});
