import { evidenceText, renderDetail } from '../../src/cards/detail.js';
import { determination, finding, shippedTexts } from './support/builders.js';

const texts = shippedTexts();
const values = { insurer: 'Blue Cross VT', policyId: '6.01.VT204', policyUrl: 'https://example.org/policy' };

describe('renderDetail', () => {
  it('puts the lead first and the policy link last, with criteria, evidence and the PA documentation between', () => {
    const md = renderDetail({ determination: determination(), lead: 'LEAD', notes: [], values }, texts);
    expect(md.startsWith('LEAD')).toBe(true);
    expect(md).toContain('(MN-1)');
    expect(md).toContain('M46.26 Osteomyelitis of vertebra, lumbar region (Condition/c9)');
    expect(md).toMatch(/history and physical/);
    expect(md).toMatch(/condition being evaluated or ruled out/);
    expect(md.endsWith('See [Blue Cross VT medical policy 6.01.VT204](https://example.org/policy).')).toBe(
      true,
    );
  });

  it('says when no criterion was met', () => {
    const md = renderDetail(
      { determination: determination({ criteriaMet: [], criteria: [] }), lead: 'L', notes: [], values },
      texts,
    );
    expect(md).toContain('none found in the chart');
  });

  it("lists the finding's evidence and the notes", () => {
    const f = finding('simultaneous-advanced-imaging');
    const md = renderDetail(
      {
        determination: determination(),
        lead: 'L',
        finding: f,
        notes: [finding('missing-prior-imaging', { message: 'No prior CT.' })],
        values,
      },
      texts,
    );
    expect(md).toContain(
      '**What the service found**\n- 72148 MRI lumbar spine w/o contrast (ServiceRequest/mri-1)',
    );
    expect(md).toContain('- No prior CT. (MN-3)');
  });

  it('reports each limitation with a readable topic', () => {
    const md = renderDetail(
      {
        determination: determination({
          limitations: [
            { topic: 'imagingStudies', message: "the EHR's FHIR server did not answer in time" },
            { topic: 'something-new', message: 'unknown reason' },
          ],
        }),
        lead: 'L',
        notes: [],
        values,
      },
      texts,
    );
    expect(md).toContain("- Could not check prior imaging: the EHR's FHIR server did not answer in time");
    expect(md).toContain('- Could not check something-new: unknown reason');
  });

  it('names the order when asked to', () => {
    const md = renderDetail(
      { determination: determination(), lead: 'L', notes: [], values, orderLine: 'ORDER LINE' },
      texts,
    );
    expect(md.split('\n\n')[1]).toBe('ORDER LINE');
  });
});

describe('evidenceText', () => {
  it('escapes chart text', () => {
    expect(evidenceText({ reference: 'Condition/1', description: '*bold* [x](y)' })).toBe(
      '\\*bold\\* \\[x\\](y) (Condition/1)',
    );
  });
});
