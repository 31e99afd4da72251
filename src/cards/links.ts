/**
 * A card's links: only the service's own, from its configuration and cards.json, never from request or chart text
 * (a code.text holding "[Coverage re-check](https://evil.example)" must not become a link under the payer's name).
 * The policy link is given once per card, in `links` (CRD resp-6..10 ask that links be in `links`; the detail
 * carries none, so nothing is printed twice), labelled for a clinician.
 */
import type { Link } from './schema.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

export function policyLinks(policyUrl: string, insurerName: string, texts: CardTexts): Link[] {
  return [
    {
      label: fillTemplate(texts.sections.policyLinkLabel, { insurer: insurerName }),
      url: policyUrl,
      type: 'absolute',
    },
  ];
}
