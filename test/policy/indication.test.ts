import { chartFor } from '../../src/policy/chart.js';
import {
  assessIndication,
  assessIndications,
  missingPrerequisiteFindings,
} from '../../src/policy/indication.js';
import { condition, facts, icd, order, policy, SITE, xrayLumbar } from './builders.js';

const avnIndication = () => policy().indications.find((i) => i.id === 'avascular-necrosis')!;

describe('assessIndication', () => {
  it('not documented: no evidence, no missing prerequisites', () => {
    const f = facts(order());
    const a = assessIndication(avnIndication(), chartFor(f, f.draftOrders[0]!, policy()), policy());
    expect(a).toMatchObject({ documented: false, met: false, evidence: [], missing: [] });
  });

  it('documented with one prerequisite missing: the finding cites the bullet and the diagnosis', () => {
    // Was a thoracic site with a lumbar x-ray: since the region model, a thoracic diagnosis does not document a
    // lumbar SPECT's indication at all, so the diagnosis is placed in the lumbar spine the order images.
    const c = condition(icd('M87.38'), { bodySites: [SITE.lumbar] });
    const f = facts(order(), { conditions: [c], imagingStudies: [xrayLumbar()] });
    const a = assessIndication(avnIndication(), chartFor(f, f.draftOrders[0]!, policy()), policy());
    expect(a).toMatchObject({ documented: true, met: false });
    expect(a.missing.map((m) => m.id)).toEqual(['mri-nondiagnostic-or-contraindicated']);
    const [finding] = missingPrerequisiteFindings(a, policy());
    expect(finding).toMatchObject({
      code: 'missing-prior-mri',
      criterion: 'avascular-necrosis',
      bullet: 'MN-2',
    });
    expect(finding!.policyText).toMatch(/MRI cannot be performed or is nondiagnostic/);
    expect(finding!.evidence.map((e) => e.reference)).toContain(c.reference);
  });

  it('assesses every indication in the policy order', () => {
    const f = facts(order());
    const all = assessIndications(chartFor(f, f.draftOrders[0]!, policy()), policy());
    expect(all.map((a) => a.indication.bullet)).toEqual(policy().indications.map((i) => i.bullet));
  });
});
