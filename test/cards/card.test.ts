import { buildCard, type CardSubject } from '../../src/cards/card.js';
import { AnswerBlocks } from '../../src/cards/detail.js';
import { nameOrder } from '../../src/cards/order-names.js';
import { cardSchema } from '../../src/cards/schema.js';
import { context, determination, finding, shippedTexts } from './support/builders.js';

const texts = shippedTexts();
const names = nameOrder(determination(), texts);
const card = (subject: Partial<CardSubject> & Pick<CardSubject, 'determination'>) =>
  buildCard(
    { notes: [], names, severalOrders: false, priorApproval: false, ...subject },
    context(),
    texts,
    new AnswerBlocks(),
  );

describe('buildCard', () => {
  it('outcome card for criteria met: info, coverage-info topic, action first, the policy link once in links', () => {
    const built = cardSchema.parse(card({ determination: determination() }));
    expect(built.indicator).toBe('info');
    expect(built.summary).toBe('Request prior approval: criteria met for spinal infection');
    expect(built.source.topic?.code).toBe('coverage-info');
    expect(built.suggestions).toBeUndefined();
    expect(built.selectionBehavior).toBeUndefined();
    expect(built.links).toEqual([
      {
        label: 'Blue Cross VT medical policy: SPECT/CT of the spine',
        url: context().policyUrl,
        type: 'absolute',
      },
    ]);
    expect(built.detail).not.toContain('http');
  });

  it('finding card: warning, at-most-one suggestions, override reasons as Codings with display', () => {
    const d = determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] });
    const built = cardSchema.parse(card({ determination: d, finding: d.findings[0] }));
    expect(built.indicator).toBe('warning');
    expect(built.selectionBehavior).toBe('at-most-one');
    expect(built.summary).toBe('Order an MRI of the lumbar spine first, or document why MRI is not possible');
    expect(built.overrideReasons?.map((r) => r.code)).toEqual([
      'mri-contraindicated-not-coded',
      'prior-mri-nondiagnostic',
      'prior-imaging-on-file-elsewhere',
    ]);
    expect(built.overrideReasons?.every((r) => r.system.startsWith('https://') && r.display)).toBe(true);
    expect(built.detail).toContain('For avascular necrosis the policy covers SPECT/CT only when MRI');
  });

  it("uses the wording of the finding's criterion where cards.json gives one", () => {
    const f = (criterion: 'avascular-necrosis' | 'spondylolysis-spondylolisthesis') =>
      finding('missing-prior-imaging', { criterion });
    const d = determination({ outcome: 'needs-documentation', criteriaMet: [], criteria: [] });
    expect(card({ determination: d, finding: f('avascular-necrosis') }).summary).toBe(
      'Add the prior x-ray or CT of the lumbar spine and state it was nondiagnostic',
    );
    expect(card({ determination: d, finding: f('spondylolysis-spondylolisthesis') }).detail).toContain(
      'prior imaging provides insufficient information to direct management',
    );
  });

  it('names the order in words in the summary and the detail (CRD dev-24) only when the call holds several orders', () => {
    const d = determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] });
    expect(card({ determination: d, finding: d.findings[0] }).detail).toMatch(/^For avascular necrosis/);
    expect(card({ determination: d, finding: d.findings[0], severalOrders: true }).detail).toMatch(
      /^\*\*SPECT\/CT lumbar spine\*\* — For avascular necrosis/,
    );
    expect(card({ determination: d, finding: d.findings[0], severalOrders: true }).summary).toBe(
      'SPECT/CT lumbar spine — Order an MRI of the lumbar spine first, or document why MRI is not possible',
    );
  });

  it('summarises many criteria briefly', () => {
    const d = determination({
      criteriaMet: ['infection', 'osseous-tumor', 'osteoid-osteoma', 'post-surgical'],
    });
    const built = card({ determination: d });
    expect(built.summary).toContain('spinal infection and an osseous tumor +2 more');
    expect(built.summary.length).toBeLessThan(100);
  });

  it('never uses the critical indicator', () => {
    for (const outcome of [
      'meets-criteria',
      'needs-documentation',
      'investigational',
      'not-medically-necessary',
    ] as const) {
      expect(card({ determination: determination({ outcome }) }).indicator).not.toBe('critical');
    }
  });

  it('fails clearly for a finding code cards.json has no text for', () => {
    const d = determination({
      outcome: 'needs-documentation',
      findings: [{ ...finding('missing-prior-mri'), code: 'brand-new-finding' as 'missing-prior-mri' }],
    });
    expect(() => card({ determination: d, finding: d.findings[0] })).toThrow(
      /no text for finding "brand-new-finding"/,
    );
  });
});
