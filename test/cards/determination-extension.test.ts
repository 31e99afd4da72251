import {
  DETERMINATION_EXTENSION_KEY,
  determinationExtension,
} from '../../src/cards/determination-extension.js';
import { determination, finding } from './support/builders.js';

describe('determinationExtension', () => {
  it('carries policy, order, outcome, criteria met and findings with evidence references', () => {
    const d = determination({
      outcome: 'needs-documentation',
      findings: [finding('missing-prior-mri'), finding('no-qualifying-indication')],
    });
    expect(DETERMINATION_EXTENSION_KEY).toBe('vt.bluecross.spect-spine/determination');
    expect(determinationExtension(d)).toEqual({
      policy: '6.01.VT204',
      policyVersion: '2026-03',
      order: 'ServiceRequest/spect-1',
      outcome: 'needs-documentation',
      criteriaMet: ['infection'],
      findings: [
        {
          code: 'missing-prior-mri',
          criterion: 'avascular-necrosis',
          bullet: 'MN-2',
          policyText: 'policy sentence',
          evidence: ['Condition/c1'],
        },
        {
          code: 'no-qualifying-indication',
          bullet: 'NMN-2',
          policyText: expect.any(String),
          evidence: ['Condition/c1'],
        },
      ],
    });
  });

  it('is plain JSON (no patient text beyond references)', () => {
    const ext = determinationExtension(determination({ findings: [finding('missing-prior-imaging')] }));
    expect(JSON.parse(JSON.stringify(ext))).toEqual(ext);
    expect(JSON.stringify(ext)).not.toContain('Osteomyelitis');
  });
});
