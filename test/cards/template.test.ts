import { clampSummary, fillTemplate, SUMMARY_MAX, templatePlaceholders } from '../../src/cards/template.js';

describe('templates', () => {
  it('lists placeholders once, in order', () => {
    expect(templatePlaceholders('{{order}} and {{ region }} and {{order}}')).toEqual(['order', 'region']);
  });

  it('fills every placeholder', () => {
    expect(
      fillTemplate('Remove {{order}} ({{ orderRef }})', { order: 'SPECT', orderRef: 'ServiceRequest/1' }),
    ).toBe('Remove SPECT (ServiceRequest/1)');
  });

  it('refuses a placeholder without a value instead of leaving a hole', () => {
    expect(() => fillTemplate('with {{otherOrders}}.', {})).toThrow(/otherOrders/);
  });

  it('does not re-expand placeholders that appear inside values', () => {
    expect(fillTemplate('{{a}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}');
  });
});

describe('clampSummary', () => {
  it('leaves short summaries alone (collapsing whitespace)', () => {
    expect(clampSummary('  Prior approval\n required ')).toBe('Prior approval required');
  });

  it('cuts long summaries under 140 characters at a word boundary', () => {
    const long = `${'word '.repeat(40)}end`;
    const clamped = clampSummary(long);
    expect(clamped.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(clamped.endsWith('word…')).toBe(true);
  });

  it('cuts a single very long token too', () => {
    expect(clampSummary('x'.repeat(300)).length).toBeLessThanOrEqual(SUMMARY_MAX);
  });
});
