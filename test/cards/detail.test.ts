import { AnswerBlocks, type DetailParts, renderDetail } from '../../src/cards/detail.js';
import { determination, finding, shippedTexts } from './support/builders.js';

const texts = shippedTexts();
const parts = (overrides: Partial<DetailParts> = {}): DetailParts => ({
  determination: determination(),
  lead: 'Why.\n\nWhat to do.',
  notes: [],
  priorApproval: false,
  ...overrides,
});
const render = (p: DetailParts, shown = new AnswerBlocks()) => renderDetail(p, texts, shown) ?? '';

describe('renderDetail', () => {
  it('puts the lead first, then the criteria met with their evidence, without resource ids or links', () => {
    const md = render(parts());
    expect(md.startsWith('Why.\n\nWhat to do.\n\n**Criteria met**\n- Diagnosis of spinal infection')).toBe(
      true,
    );
    expect(md).toContain('  - M46.26 Osteomyelitis of vertebra, lumbar region');
    expect(md).not.toMatch(/Condition\/|MN-1|\]\(/);
  });

  it("lists the finding's evidence and the notes", () => {
    const md = render(
      parts({
        finding: finding('simultaneous-advanced-imaging'),
        notes: [finding('missing-prior-imaging', { message: 'No prior CT.' })],
      }),
    );
    expect(md).toContain('**Found in the chart**\n- 72148 MRI lumbar spine w/o contrast');
    expect(md).toContain('**Also noted**\n- No prior CT.');
  });

  it('names an order drafted in the same call as the EHR named it', () => {
    const md = render(
      parts({
        finding: finding('simultaneous-advanced-imaging', {
          evidence: [
            {
              reference: 'ServiceRequest/pet-1',
              description: 'CT: PET/CT skull base to mid-thigh (ordered now)',
            },
          ],
        }),
        orderName: (reference) =>
          reference === 'ServiceRequest/pet-1'
            ? { name: 'PET/CT skull base to mid-thigh', drafted: true }
            : undefined,
      }),
    );
    expect(md).toContain('- PET/CT skull base to mid-thigh, drafted with this order');
    expect(md).not.toContain('CT: PET/CT');
  });

  it('reports each limitation with a readable topic, and the prior approval list when asked to', () => {
    const md = render(
      parts({
        determination: determination({
          limitations: [
            { topic: 'imagingStudies', message: "the EHR's FHIR server did not answer in time" },
            { topic: 'something-new', message: 'unknown reason' },
          ],
        }),
        priorApproval: true,
      }),
    );
    expect(md).toContain('**Not checked**');
    expect(md).toContain("- prior imaging: the EHR's FHIR server did not answer in time");
    expect(md).toContain('- something-new: unknown reason');
    expect(md).toContain('**The prior approval request needs**\n- history and exam notes');
  });

  it('shows a block once per answer: the second card of the same answer leaves out what the first showed', () => {
    const shown = new AnswerBlocks();
    const d = determination({ limitations: [{ topic: 'procedures', message: 'timed out' }] });
    const first = render(parts({ determination: d, priorApproval: true }), shown);
    const second = render(
      parts({ determination: d, priorApproval: true, lead: 'Why.\n\nSomething else.' }),
      shown,
    );
    expect(first).toContain('Not checked');
    expect(first).toContain('prior approval request needs');
    expect(second).toBe('Something else.');
  });

  it('says nothing (no detail) when everything was already shown', () => {
    const shown = new AnswerBlocks();
    render(parts(), shown);
    expect(renderDetail(parts(), texts, shown)).toBeUndefined();
  });
});
