import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../src/app/load-cards.js';
import { loadPolicy } from '../../src/app/load-policy.js';
import { cardTextsSchema } from '../../src/cards/texts.js';
import { OUTCOMES } from '../../src/policy/determination.js';

/** The raw JSON, loosely typed: these tests break it at arbitrary paths. */
// biome-ignore lint/suspicious/noExplicitAny: deliberately untyped so tests can corrupt any field
type RawTexts = Record<string, any>;
const shipped = (): RawTexts =>
  JSON.parse(readFileSync(join(findRepoRoot(), 'cards', '6.01.VT204', 'cards.json'), 'utf8'));

describe('cardTextsSchema', () => {
  it('accepts the shipped cards.json, with a text for every outcome and finding code', () => {
    const texts = cardTextsSchema.parse(shipped());
    expect(Object.keys(texts.outcomes).sort()).toEqual([...OUTCOMES].sort());
    expect(Object.keys(texts.findings).sort()).toEqual([...loadPolicy().findingCodes].sort());
  });

  it('makes every text name the policy bullets it implements', () => {
    const texts = cardTextsSchema.parse(shipped());
    for (const entry of [...Object.values(texts.outcomes), ...Object.values(texts.findings)]) {
      expect(entry.implements.length).toBeGreaterThan(0);
    }
    expect(texts.findings['simultaneous-advanced-imaging']!.implements).toContain('NMN-1');
    expect(texts.outcomes.investigational.implements).toContain('INV-1');
    expect(texts.priorApproval.implements).toEqual(['GUIDELINE']);
    expect(texts.orderKinds.implements).toEqual(['ATTACHMENT-I']);
    for (const [criterion, wording] of Object.entries(
      texts.findings['missing-prior-imaging']!.byCriterion ?? {},
    )) {
      expect(wording.implements).toEqual([texts.indications[criterion]!.bullet]);
    }
  });

  it('rejects an unknown placeholder', () => {
    const bad = shipped();
    bad.findings['missing-prior-mri'].summary = 'Order {{ordr}}';
    expect(() => cardTextsSchema.parse(bad)).toThrow(/unknown placeholder \{\{ordr\}\}/);
  });

  it('rejects an override reason missing from the catalogue', () => {
    const bad = shipped();
    bad.outcomes.investigational.overrideReasons = ['no-such-reason'];
    expect(() => cardTextsSchema.parse(bad)).toThrow(/no-such-reason/);
  });

  it('rejects a missing outcome text, an unknown topic and a bad bullet id', () => {
    const noOutcome = shipped();
    delete noOutcome.outcomes['not-medically-necessary'];
    expect(cardTextsSchema.safeParse(noOutcome).success).toBe(false);
    const badTopic = shipped();
    badTopic.outcomes['meets-criteria'].topic = 'advice';
    expect(cardTextsSchema.safeParse(badTopic).success).toBe(false);
    const badBullet = shipped();
    badBullet.findings['missing-prior-mri'].implements = ['MN-11'];
    expect(cardTextsSchema.safeParse(badBullet).success).toBe(false);
  });

  it('requires a suggestion label where a finding leads to a suggestion', () => {
    const bad = shipped();
    delete bad.findings['missing-prior-mri'].suggestionLabel;
    expect(() => cardTextsSchema.parse(bad)).toThrow(/suggestionLabel/);
  });

  it('rejects an unknown remedy and wording for a criterion that is not an indication', () => {
    const badRemedy = shipped();
    badRemedy.findings['missing-prior-mri'].suggestion = 'call-the-payer';
    expect(cardTextsSchema.safeParse(badRemedy).success).toBe(false);
    const badCriterion = shipped();
    badCriterion.findings['missing-prior-imaging'].byCriterion['no-such-indication'] = {
      implements: ['MN-3'],
      summary: 's',
      detail: 'd',
    };
    expect(() => cardTextsSchema.parse(badCriterion)).toThrow(/no-such-indication/);
  });

  it('accepts a new finding code as data: an entry keyed by its code', () => {
    const more = shipped();
    more.findings['prior-study-region-unknown'] = {
      ...more.findings['missing-prior-imaging'],
      byCriterion: undefined,
    };
    delete more.findings['prior-study-region-unknown'].byCriterion;
    expect(Object.keys(cardTextsSchema.parse(more).findings)).toContain('prior-study-region-unknown');
  });
});
