/**
 * The reason written on an order (reasonCode) as a ConditionFact, so the policy can look for indications in one
 * list. Ordering clinicians often code the indication only on the order, never on the problem list.
 */
import type { ConditionFact, OrderFact } from '../facts.js';

/** One fact per order that carries reason codes or text; cited as "ServiceRequest/<id>#reasonCode". */
export function orderReasonCondition(order: OrderFact): ConditionFact | undefined {
  if (order.reasonCodes.length === 0 && order.reasonText.length === 0) return undefined;
  const fact: ConditionFact = {
    reference: `${order.reference}#reasonCode`,
    codes: order.reasonCodes,
    // The order's bodySite is where to image, not where the condition is; do not guess.
    bodySites: [],
    fromOrderReason: true,
    source: order.source,
  };
  if (order.reasonText.length > 0) fact.text = order.reasonText.join('; ');
  return fact;
}
