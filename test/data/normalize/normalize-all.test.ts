import { normalizeAll } from '../../../src/data/normalize/normalize-all.js';

describe('normalizeAll', () => {
  test('keeps defined results and counts the rest', () => {
    expect(normalizeAll([1, 'a', 2, null], (v) => (typeof v === 'number' ? v * 10 : undefined))).toEqual({
      facts: [10, 20],
      skipped: 2,
    });
  });
});
