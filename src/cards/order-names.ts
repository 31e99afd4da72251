/**
 * How cards name an order. The SPECT order is named from the Determination, by what it is (its modality, from the
 * policy data: 78803 and 78831 are SPECT, 78830 and 78832 SPECT/CT) and the region it images, so summaries stay short,
 * predictable and free of request text. Other orders are named as the EHR named them, as plain text (callers
 * Markdown-escape it for the detail).
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { Determination } from '../policy/determination.js';
import { plainText } from './request-text.js';
import type { CardTexts } from './texts.js';

export interface OrderNames {
  /** "SPECT/CT lumbar spine": the order in words, for summaries and labels. */
  order: string;
  /** "SPECT" or "SPECT/CT". */
  orderKind: string;
}

const MAX_ORDER_TEXT = 100;

/** What the order is, as the policy data names it (Determination.modality), else the cards' default ("SPECT"). */
export function orderKindOf(determination: Determination, texts: CardTexts): string {
  return determination.modality ?? texts.orderKinds.default;
}

export function nameOrder(determination: Determination, texts: CardTexts): OrderNames {
  const orderKind = orderKindOf(determination, texts);
  return { order: `${orderKind} ${texts.regions[determination.region]}`, orderKind };
}

/** Code text, else the first coding display, else the first code, as plain text of a readable length. */
export function describeRequest(request: ServiceRequest | undefined): string | undefined {
  const concept = request?.code;
  const text =
    concept?.text ?? concept?.coding?.find((c) => c.display)?.display ?? concept?.coding?.[0]?.code;
  if (typeof text !== 'string') return undefined;
  return plainText(text, MAX_ORDER_TEXT) || undefined;
}
