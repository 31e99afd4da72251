/**
 * textMentions: the free text on or attached to the order, or a Condition or Procedure known only by its words,
 * mentions a lexicon concept (text-matcher.ts), not negated.
 *
 * - A mention written as a possibility ("r/o discitis", "suspected stress fracture") counts: evaluating or ruling
 *   out a condition is what the Policy Guidelines ask the documentation to name.
 * - `history: true` accepts historical mentions ("history of breast cancer") and history-only Conditions; without
 *   it they never count.
 * - `possibleOnly: true` counts only mentions written as a possibility (MN-7: a "suspected" fracture, not a
 *   fracture seen).
 * - `region: "order"`: a Condition's or Procedure's text that names another region than the order's does not count;
 *   words on the order are about the region it images.
 *
 * Evidence found in text has kind "text" and quotes the words as written.
 */
import { z } from 'zod';
import type { Evidence } from '../determination.js';
import { leafResult, NOT_MET, type RequirementKind } from './kind.js';

const specSchema = z.strictObject({
  concept: z.string().min(1),
  history: z.boolean().optional(),
  possibleOnly: z.boolean().optional(),
  region: z.literal('order').optional(),
});

export type TextMentionsSpec = z.infer<typeof specSchema>;

export const textMentions: RequirementKind<TextMentionsSpec> = {
  key: 'textMentions',
  schema: () => specSchema,
  compile(spec, ctx) {
    ctx.needConcept(spec.concept);
    const history = spec.history === true;
    return {
      evaluate(chart, policy) {
        if (chart.texts.length === 0) return NOT_MET;
        const counted: Evidence[] = [];
        let regions = 0;
        for (const source of chart.texts) {
          if (source.historical && !history) continue;
          for (const m of policy.matcher.mentions(source.text)) {
            if (m.concept !== spec.concept || m.negated) continue;
            if (m.historical && !history) continue;
            if (spec.possibleOnly && !m.possible) continue;
            const where = source.onOrder ? chart.orderRegions : policy.regions.regionsOfText([source.text]);
            if (spec.region === 'order' && policy.regions.overlap(where, chart.orderRegions) === 'no')
              continue;
            counted.push({
              reference: source.reference,
              description: `${source.where}: "${m.quote}"`,
              kind: 'text',
              quote: m.quote,
              ...(source.date ? { date: source.date } : {}),
            });
            if (policy.regions.isStated(where)) regions |= where;
          }
        }
        return leafResult(counted, 0, [], regions, undefined);
      },
    };
  },
};
