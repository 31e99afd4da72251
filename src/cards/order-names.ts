/**
 * How cards name an order. The short name ("SPECT/CT lumbar spine (78830)") is built from the Determination so that
 * summaries stay short and predictable; the EHR's own wording is quoted in the detail, where length does not matter.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { Determination } from '../policy/determination.js';
import type { CardTexts } from './texts.js';

export interface OrderNames {
  /** Short name for summaries and labels. */
  order: string;
  /** "ServiceRequest/<id>". */
  orderRef: string;
  /** The order as the EHR described it (code text or display), for the detail. */
  orderText: string;
}

const MAX_ORDER_TEXT = 100;

export function nameOrder(
  determination: Determination,
  draft: ServiceRequest | undefined,
  texts: CardTexts,
): OrderNames {
  const region = texts.regions[determination.region];
  const code = determination.billingCode?.code;
  const order = `SPECT/CT ${region}${code ? ` (${code})` : ''}`;
  return { order, orderRef: determination.order, orderText: describeRequest(draft) ?? order };
}

/** Code text, else the first coding display, else the first code; trimmed to a readable length. */
export function describeRequest(request: ServiceRequest | undefined): string | undefined {
  const concept = request?.code;
  const text =
    concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code;
  if (!text) return undefined;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_ORDER_TEXT ? `${oneLine.slice(0, MAX_ORDER_TEXT - 1)}…` : oneLine;
}
