/** orderReasonIn: a reasonCode written on the order itself is in one of the value sets (cited as the order). */
import { z } from 'zod';
import type { Evidence } from '../determination.js';
import { describeMatch } from '../value-set.js';
import { leafResult, NOT_MET, type RequirementKind } from './kind.js';

export const orderReasonIn: RequirementKind<string[]> = {
  key: 'orderReasonIn',
  schema: () => z.array(z.string().min(1)).min(1),
  compile(valueSets, ctx) {
    for (const id of valueSets) ctx.needValueSet(id);
    return {
      evaluate(chart, policy) {
        if (chart.order.reasonCodes.length === 0) return NOT_MET;
        const evidence: Evidence[] = [];
        for (const code of chart.order.reasonCodes) {
          const m = policy.codes.firstMatch(code, valueSets);
          if (m)
            evidence.push({
              reference: chart.order.reference,
              description: describeMatch(m),
              valueSet: m.valueSet,
            });
        }
        return leafResult(evidence, 0, [], chart.orderRegions, undefined);
      },
    };
  },
};
