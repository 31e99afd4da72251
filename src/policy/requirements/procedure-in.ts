/**
 * procedureIn: a performed Procedure (statuses per policy.json) has a code in one of the value sets. Codes that are
 * not spine-specific need a spine site. With `region: "order"` (long form), a procedure stated in another region
 * than the one the order images does not count (the surgical bed of MN-8 is the area imaged).
 */
import { z } from 'zod';
import type { Evidence } from '../determination.js';
import { procedureRegions } from '../fact-regions.js';
import { isSpineSiteOf } from '../site.js';
import { describeMatch } from '../value-set.js';
import { leafResult, NOT_MET, type RequirementKind } from './kind.js';

const valueSetIds = z.array(z.string().min(1)).min(1);
const longForm = z.strictObject({ valueSets: valueSetIds, region: z.literal('order').optional() });

export type ProcedureInSpec = z.infer<typeof valueSetIds> | z.infer<typeof longForm>;

export const procedureIn: RequirementKind<ProcedureInSpec> = {
  key: 'procedureIn',
  schema: () => z.union([valueSetIds, longForm]),
  compile(spec, ctx) {
    const options = Array.isArray(spec) ? { valueSets: spec } : spec;
    for (const id of options.valueSets) ctx.needValueSet(id);
    const regional = options.region === 'order';
    return {
      evaluate(chart, policy) {
        if (chart.codedProcedures.length === 0) return NOT_MET;
        const counted: Evidence[] = [];
        const unsited: Evidence[] = [];
        let regions = 0;
        for (const p of chart.codedProcedures) {
          for (const code of p.codes) {
            const m = policy.codes.firstMatch(code, options.valueSets);
            if (!m) continue;
            const date = p.performedDate ? { date: p.performedDate } : {};
            const evidence = {
              reference: p.reference,
              description: describeMatch(m),
              valueSet: m.valueSet,
              ...date,
            };
            const sited =
              !m.spineSiteRequired ||
              isSpineSiteOf(p, policy, () => ({
                bodySites: p.bodySites,
                texts: [p.text, p.bodySiteText, ...p.codes.map((x) => x.display)],
              }));
            if (!sited) {
              unsited.push({
                ...evidence,
                description: `${evidence.description} (not shown to be in the spine)`,
              });
              continue;
            }
            const where = procedureRegions(p, policy);
            if (regional && policy.regions.overlap(where, chart.orderRegions) === 'no') {
              unsited.push({
                ...evidence,
                description: `${evidence.description} (in another region than the one ordered)`,
              });
              continue;
            }
            counted.push(evidence);
            if (policy.regions.isStated(where)) regions |= where;
          }
        }
        return leafResult(counted, 0, unsited, regions, undefined);
      },
    };
  },
};
