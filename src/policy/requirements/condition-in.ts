/**
 * conditionIn: a counted diagnosis (a problem-list Condition, a Condition the order cites, or a reason on the
 * order) has a code in one of the value sets.
 *
 * Short form: `{"conditionIn": ["set", ...]}`. Long form options:
 * - `region: "order"`: the diagnosis must concern the region the order images; one stated in another region does
 *   not count (a lumbar diagnosis does not support a cervical SPECT). One whose level is not stated counts: the
 *   order names the area, and nothing contradicts it.
 * - `history: true`: a resolved, inactive, in-remission or abated Condition counts too (MN-4's "patients with ...
 *   tumors": a personal history of the cancer is what the bullet describes). Otherwise history never counts.
 * - `suspected`: the diagnosis counts only when it is suspected (its verificationStatus is one of those listed) or
 *   its code or text is described by the named lexicon concept (MN-7: "suspected stress or occult fracture, not
 *   visible ..."); otherwise it is reported as not counted, with `otherwise` saying why.
 */
import { z } from 'zod';
import type { Chart, ConditionHit } from '../chart.js';
import type { CompiledPolicy } from '../compile.js';
import type { Evidence } from '../determination.js';
import { conditionRegions } from '../fact-regions.js';
import { isSpineSiteOf } from '../site.js';
import { type CodeMatch, describeMatch } from '../value-set.js';
import { dateMs, earlier, leafResult, NOT_MET, type RequirementKind } from './kind.js';

const valueSetIds = z.array(z.string().min(1)).min(1);

const longForm = z.strictObject({
  valueSets: valueSetIds,
  region: z.literal('order').optional(),
  history: z.boolean().optional(),
  suspected: z
    .strictObject({
      verificationStatuses: z.array(z.string().min(1)).min(1),
      describedAs: z.string().min(1),
      otherwise: z.string().min(1),
    })
    .optional(),
});

export type ConditionInSpec = z.infer<typeof valueSetIds> | z.infer<typeof longForm>;

const NO_HITS: readonly ConditionHit[] = [];
/** How many counted diagnoses' regions make up the suspicious area (see the evaluation below). */
const FOCUS_FACTS = 4;

/**
 * The counted conditions' codes in any of the sets, in chart order; a code listed by several of the sets counts
 * once, for the first set named (as asking the sets in turn would).
 */
export function hitsIn(valueSets: readonly string[], chart: Chart): readonly ConditionHit[] {
  if (valueSets.length === 1) return chart.conditionHits.get(valueSets[0]!) ?? NO_HITS;
  const byPosition = new Map<number, ConditionHit>();
  for (const id of valueSets) {
    for (const hit of chart.conditionHits.get(id) ?? NO_HITS) {
      if (!byPosition.has(hit.position)) byPosition.set(hit.position, hit);
    }
  }
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
}

function evidenceOf(reference: string, match: CodeMatch, date: string | undefined, note = ''): Evidence {
  return {
    reference,
    description: `${describeMatch(match)}${note}`,
    valueSet: match.valueSet,
    ...(date ? { date } : {}),
  };
}

export const conditionIn: RequirementKind<ConditionInSpec> = {
  key: 'conditionIn',
  schema: () => z.union([valueSetIds, longForm]),
  compile(spec, ctx) {
    const options = Array.isArray(spec) ? { valueSets: spec } : spec;
    for (const id of options.valueSets) ctx.needValueSet(id);
    if (options.suspected) ctx.needConcept(options.suspected.describedAs);
    const suspectedStatuses = new Set(options.suspected?.verificationStatuses ?? []);
    const regional = options.region === 'order';
    const history = options.history === true;

    const isSuspected = (hit: ConditionHit, policy: CompiledPolicy): boolean => {
      const { condition: c, match: m } = hit;
      const status = c.fact?.verificationStatus;
      if (status && suspectedStatuses.has(status)) return true;
      const concept = options.suspected!.describedAs;
      const words = [m.code.display, m.entry.display, ...c.texts];
      return words.some(
        (w) => w !== undefined && policy.matcher.mentions(w).some((x) => x.concept === concept && !x.negated),
      );
    };

    return {
      evaluate(chart, policy) {
        const hits = hitsIn(options.valueSets, chart);
        if (hits.length === 0) return NOT_MET;
        const counted: Evidence[] = [];
        const unsited: Evidence[] = [];
        let regions = 0;
        let onset: number | undefined;
        for (const hit of hits) {
          const { condition: c, match: m } = hit;
          if (c.historical && !history) continue;
          const sited =
            !m.spineSiteRequired ||
            c.onOrder ||
            isSpineSiteOf(c.fact ?? c, policy, () => ({
              bodySites: c.bodySites,
              texts: [...c.texts, ...c.codes.map((x) => x.display)],
            }));
          if (!sited) {
            unsited.push(evidenceOf(c.reference, m, c.date, ' (not shown to be in the spine)'));
            continue;
          }
          // Regions are read where the rule compares them, and for the first few diagnoses counted (the
          // suspicious area of the prerequisites): a huge chart lists hundreds of the same back-pain code.
          const where =
            regional || counted.length < FOCUS_FACTS ? conditionRegions(c, chart.orderRegions, policy) : 0;
          if (regional && policy.regions.overlap(where, chart.orderRegions) === 'no') {
            unsited.push(evidenceOf(c.reference, m, c.date, ' (in another region than the one ordered)'));
            continue;
          }
          if (options.suspected && !isSuspected(hit, policy)) {
            unsited.push(evidenceOf(c.reference, m, c.date, ` (${options.suspected.otherwise})`));
            continue;
          }
          counted.push(evidenceOf(c.reference, m, c.date, c.historical ? ' (history)' : ''));
          if (policy.regions.isStated(where)) regions |= where;
          onset = earlier(onset, dateMs(c.onset));
        }
        return leafResult(counted, 0, unsited, regions, onset);
      },
    };
  },
};
