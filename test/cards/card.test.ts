import { buildCard } from '../../src/cards/card.js';
import { nameOrder } from '../../src/cards/order-names.js';
import { cardSchema } from '../../src/cards/schema.js';
import { context, determination, finding, shippedTexts, spectDraft } from './support/builders.js';

const texts = shippedTexts();
const names = nameOrder(determination(), spectDraft(), texts);

describe('buildCard', () => {
  it('outcome card for criteria met: info, coverage-info topic, no suggestions, policy link repeated in links', () => {
    const card = cardSchema.parse(
      buildCard({ determination: determination(), notes: [], names, severalOrders: false }, context(), texts),
    );
    expect(card.indicator).toBe('info');
    expect(card.summary).toContain('SPECT/CT lumbar spine (78830)');
    expect(card.summary).toContain('infection');
    expect(card.source.topic?.code).toBe('coverage-info');
    expect(card.suggestions).toBeUndefined();
    expect(card.selectionBehavior).toBeUndefined();
    expect(card.links).toEqual([
      { label: 'Blue Cross VT medical policy 6.01.VT204', url: context().policyUrl, type: 'absolute' },
    ]);
  });

  it('finding card: warning, at-most-one suggestions, override reasons as Codings with display', () => {
    const d = determination({ outcome: 'needs-documentation', findings: [finding('missing-prior-mri')] });
    const card = cardSchema.parse(
      buildCard(
        { determination: d, finding: d.findings[0], notes: [], names, severalOrders: false },
        context(),
        texts,
      ),
    );
    expect(card.indicator).toBe('warning');
    expect(card.selectionBehavior).toBe('at-most-one');
    expect(card.overrideReasons?.map((r) => r.code)).toEqual([
      'mri-contraindicated-not-coded',
      'prior-mri-nondiagnostic',
      'prior-imaging-on-file-elsewhere',
    ]);
    expect(card.overrideReasons?.every((r) => r.system.startsWith('https://') && r.display)).toBe(true);
    expect(card.detail).toContain('For avascular necrosis');
  });

  it('summarises many criteria briefly', () => {
    const d = determination({
      criteriaMet: ['infection', 'osseous-tumor', 'osteoid-osteoma', 'post-surgical'],
    });
    const card = buildCard({ determination: d, notes: [], names, severalOrders: false }, context(), texts);
    expect(card.summary).toContain('infection, osseous tumor +2 more');
    expect(card.summary.length).toBeLessThan(140);
  });

  it('never uses the critical indicator', () => {
    for (const outcome of [
      'meets-criteria',
      'needs-documentation',
      'investigational',
      'not-medically-necessary',
    ] as const) {
      const card = buildCard(
        { determination: determination({ outcome }), notes: [], names, severalOrders: false },
        context(),
        texts,
      );
      expect(card.indicator).not.toBe('critical');
    }
  });
});
