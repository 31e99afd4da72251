import { clinicalDate, evidenceSource, evidenceText } from '../../src/cards/evidence.js';
import { shippedTexts } from './support/builders.js';

const texts = shippedTexts();

describe('clinicalDate', () => {
  it('shows ISO dates and dateTimes as calendar dates, as written', () => {
    expect(clinicalDate('2026-08-14')).toBe('Aug 14, 2026');
    expect(clinicalDate('2026-08-14T23:30:00-05:00')).toBe('Aug 14, 2026');
    expect(clinicalDate('2026-08')).toBe('Aug 2026');
    expect(clinicalDate('2026')).toBe('2026');
    expect(clinicalDate('2026-13-01')).toBeUndefined();
    expect(clinicalDate('yesterday')).toBeUndefined();
    expect(clinicalDate(undefined)).toBeUndefined();
  });
});

describe('evidenceSource', () => {
  it('says where text was written, by element, then by resource type', () => {
    expect(evidenceSource('ServiceRequest/1#note', texts)).toBe('Order note');
    expect(evidenceSource('ServiceRequest/1#reasonCode', texts)).toBe('Order reason');
    expect(evidenceSource('Condition/c1', texts)).toBe('Problem list');
    expect(evidenceSource('Basic/9', texts)).toBe('Chart');
  });
});

describe('evidenceText', () => {
  it('shows coded evidence by its code and display, with its date, never its reference', () => {
    expect(
      evidenceText(
        {
          reference: 'Condition/c9',
          description: 'M46.26 Osteomyelitis of vertebra, lumbar region',
          date: '2026-08-28',
        },
        texts,
      ),
    ).toBe('M46.26 Osteomyelitis of vertebra, lumbar region, Aug 28, 2026');
  });

  it('quotes text evidence and says where it was written, as the policy layer described it', () => {
    expect(
      evidenceText(
        {
          reference: 'ServiceRequest/s1',
          description: 'order note: "r/o discitis"',
          kind: 'text',
          quote: 'r/o discitis',
          date: '2026-08-30',
        },
        texts,
      ),
    ).toBe('Order note: "r/o discitis", Aug 30, 2026');
  });

  it('names the source from the reference when the description does not quote the phrase', () => {
    expect(
      evidenceText(
        { reference: 'ServiceRequest/s1#note', description: 'discitis', kind: 'text', quote: 'r/o discitis' },
        texts,
      ),
    ).toBe('Order note: “r/o discitis”');
  });

  it('escapes chart text', () => {
    expect(evidenceText({ reference: 'Condition/1', description: '*bold* [x](y) <b>z</b>' }, texts)).toBe(
      '\\*bold\\* \\[x\\] (y) z',
    );
    expect(
      evidenceText(
        {
          reference: 'ServiceRequest/1#note',
          description: 'd',
          kind: 'text',
          quote: '[re-auth](https://e.vil)',
        },
        texts,
      ),
    ).toBe('Order note: “\\[re-auth\\] (link removed)”');
  });
});
