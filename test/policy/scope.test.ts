import {
  billingCodeOf,
  isSpineSpectOrder,
  modalityOf,
  orderRegionsOf,
  regionOf,
  selectOrdersInScope,
} from '../../src/policy/index.js';
import { CPT, cpt, icd, LOINC, order, policy, SITE, sct } from './builders.js';

describe('isSpineSpectOrder', () => {
  const p = () => policy();
  it.each([
    ['A1 CPT 78830 with a lumbar body site', order()],
    [
      'A2 CPT 78803 with a sacroiliac body site',
      order({ codes: [cpt('78803')], bodySites: [SITE.sacroiliac] }),
    ],
    [
      'A4 LOINC SPECT Bone with vertebral column site',
      order({ codes: [{ system: LOINC, code: '39879-2' }], bodySites: [sct('421060004')] }),
    ],
    ['spine words in the code text', order({ bodySites: [], codeText: 'SPECT/CT L-spine' })],
    ['spine words in the body-site text', order({ bodySites: [], bodySiteText: 'Lumbosacral' })],
    ['A6 no body site, spine-specific reason', order({ bodySites: [], reasonCodes: [icd('M46.26')] })],
    ['a CPT code without a system', order({ codes: [{ code: '78831' }] })],
  ])('in scope: %s', (_name, o) => {
    expect(isSpineSpectOrder(o, p())).toBe(true);
  });

  it.each([
    ['A3 knee SPECT', order({ bodySites: [SITE.knee] })],
    ['A3 knee SPECT with a spine reason', order({ bodySites: [SITE.knee], reasonCodes: [icd('M46.26')] })],
    ['A5 planar bone scan of the spine', order({ codes: [cpt('78306')] })],
    ['an MRI of the lumbar spine', order({ codes: [cpt('72148')] })],
    ['a pelvis SPECT', order({ bodySites: [SITE.pelvis] })],
    ['no site and no reason', order({ bodySites: [] })],
    [
      'no site, a reason that is not spine-specific',
      order({ bodySites: [], reasonCodes: [sct('60168000')] }),
    ],
    ['no site, a cancer reason', order({ bodySites: [], reasonCodes: [icd('C61')] })],
    ['"thoracic" alone (could be the chest)', order({ bodySites: [], codeText: 'SPECT thoracic' })],
    ['not a ServiceRequest', order({ resourceType: 'MedicationRequest' })],
  ])('not in scope: %s', (_name, o) => {
    expect(isSpineSpectOrder(o, p())).toBe(false);
  });
});

describe('selectOrdersInScope', () => {
  const spine1 = order({ id: 's1' });
  const knee = order({ id: 'k1', bodySites: [SITE.knee] });
  const spine2 = order({ id: 's2' });
  it('order-sign: every draft in scope, in draft order', () => {
    expect(selectOrdersInScope([spine1, knee, spine2], undefined, policy())).toEqual([spine1, spine2]);
  });
  it('order-select: only the selected drafts', () => {
    expect(
      selectOrdersInScope([spine1, knee, spine2], ['ServiceRequest/s2', 'ServiceRequest/k1'], policy()),
    ).toEqual([spine2]);
    expect(selectOrdersInScope([spine1, spine2], ['s1'], policy())).toEqual([spine1]);
    expect(selectOrdersInScope([spine1, spine2], [], policy())).toEqual([]);
  });
});

describe('regionOf', () => {
  it.each([
    [order(), 'lumbar'],
    [order({ bodySites: [SITE.cervical] }), 'cervical'],
    [order({ bodySites: [SITE.thoracic] }), 'thoracic'],
    [order({ bodySites: [SITE.sacrum] }), 'sacrum'],
    [order({ bodySites: [SITE.sacroiliac] }), 'sacroiliac'],
    [order({ bodySites: [sct('421060004')] }), 'spine'],
    [order({ bodySites: [SITE.lumbar, SITE.thoracic] }), 'spine'],
    [order({ bodySites: [], codeText: 'SPECT/CT lumbosacral spine' }), 'lumbar'],
    [order({ bodySites: [], bodySiteText: 'SI joints' }), 'sacroiliac'],
  ])('%# -> %s', (o, region) => {
    expect(regionOf(o, policy())).toBe(region);
  });
});

describe('billingCodeOf', () => {
  it('prefers the CPT code, falls back to another recognised code, infers the CPT system', () => {
    const both = order({
      codes: [{ system: LOINC, code: '39879-2', display: 'SPECT Bone' }, cpt('78830', 'SPECT/CT')],
    });
    expect(billingCodeOf(both, policy())).toEqual({ system: CPT, code: '78830', display: 'SPECT/CT' });
    expect(billingCodeOf(order({ codes: [{ system: LOINC, code: '39879-2' }] }), policy())).toEqual({
      system: LOINC,
      code: '39879-2',
    });
    expect(billingCodeOf(order({ codes: [{ code: '78832' }] }), policy())).toEqual({
      system: CPT,
      code: '78832',
    });
  });
});

describe('modalityOf: what the cards call the order', () => {
  it.each([
    [order({ codes: [cpt('78803')] }), 'SPECT'],
    [order({ codes: [cpt('78831')] }), 'SPECT'],
    [order({ codes: [cpt('78830')] }), 'SPECT/CT'],
    [order({ codes: [cpt('78832')] }), 'SPECT/CT'],
    [order({ codes: [{ code: 'local-1' }], codeText: 'NM SPECT/CT lumbar spine' }), 'SPECT/CT'],
    [order({ codes: [{ code: 'local-2' }], codeText: 'Bone SPECT lumbar spine' }), 'SPECT'],
  ])('%# -> %s', (o, modality) => {
    expect(modalityOf(o, policy())).toBe(modality);
  });
});

describe('orderRegionsOf', () => {
  it('reads the order, else its own reasons; never guesses', () => {
    const ids = (o: ReturnType<typeof order>) => policy().regions.idsOf(orderRegionsOf(o, policy()));
    expect(ids(order({ bodySites: [SITE.cervical] }))).toEqual(['cervical']);
    expect(ids(order({ bodySites: [], reasonCodes: [icd('M46.24')] }))).toEqual(['thoracic']);
    expect(ids(order({ bodySites: [], codeText: 'SPECT whole spine' }))).toEqual(
      expect.arrayContaining(['cervical', 'thoracic', 'lumbar', 'sacrum', 'whole-spine']),
    );
    expect(ids(order({ bodySites: [] }))).toEqual([]);
    const described = cpt(
      '78830',
      'SPECT with concurrently acquired CT, single area (eg, head, neck, chest, pelvis)',
    );
    expect(ids(order({ codes: [described] }))).toEqual(['lumbar']);
  });
});
