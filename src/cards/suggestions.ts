/**
 * Suggestions a clinician can accept with one click, per finding (or per outcome when there is no finding):
 * replace the SPECT with an MRI of the same region, remove the other advanced imaging order (staged imaging), or
 * remove the SPECT order. Only offered when the drafts needed to build them are at hand. Which one a card offers is
 * data (cards.json `suggestion`), so a new finding code can reuse a remedy without TypeScript.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { Determination, Finding } from '../policy/determination.js';
import type { RenderContext } from './context.js';
import { buildMriDraft } from './mri-alternative.js';
import { describeRequest } from './order-names.js';
import { plainText } from './request-text.js';
import type { Action, Suggestion } from './schema.js';
import { fillTemplate } from './template.js';
import type { CardTextEntry, CardTexts } from './texts.js';

/** An order a finding points at, other than the order the Determination is about. */
export interface OtherOrder {
  reference: string;
  name: string;
}

/**
 * An open order's own words from the policy layer's description of it ("MRI: MRI lumbar spine w/o contrast (ordered
 * now)" -> "MRI lumbar spine w/o contrast"): the modality label is the policy's classification, and a PET/CT is
 * named "PET/CT" by its own text, not "CT" or "PET". A description of another shape is kept whole.
 */
export function orderNameIn(description: string): string {
  const plain = plainText(description);
  const own = /^[A-Za-z][A-Za-z/ -]{0,15}: (.+?)(?: \(ordered now\))?$/.exec(plain)?.[1];
  return own ?? plain;
}

/** The ServiceRequests cited as evidence of simultaneous imaging, named (as plain text) as the EHR named them. */
export function otherOrdersOf(
  finding: Finding,
  determination: Determination,
  ctx: RenderContext,
): OtherOrder[] {
  const seen = new Set<string>();
  const others: OtherOrder[] = [];
  for (const evidence of finding.evidence) {
    const reference = evidence.reference.split('#')[0]!;
    if (!reference.startsWith('ServiceRequest/') || reference === determination.order || seen.has(reference))
      continue;
    seen.add(reference);
    others.push({
      reference,
      name: describeRequest(ctx.draftResources.get(reference)) ?? orderNameIn(evidence.description),
    });
  }
  return others;
}

/**
 * The suggestions of one card, by the remedy its text entry names (cards.json `suggestion`). `values` are the
 * card's plain-text template values: labels and action descriptions are plain text in CDS Hooks.
 */
export function buildSuggestions(
  determination: Determination,
  finding: Finding | undefined,
  entry: CardTextEntry,
  values: Readonly<Record<string, string>>,
  ctx: RenderContext,
  texts: CardTexts,
): Suggestion[] {
  const fill = (template: string, extra: Record<string, string> = {}) =>
    fillTemplate(template, { ...values, ...extra });
  const spect = ctx.draftResources.get(determination.order);
  const label = entry.suggestionLabel;
  if (!entry.suggestion || !label) return [];
  const deleteSpect = (): Action => ({
    type: 'delete',
    description: fill(texts.actions.deleteSpect),
    resourceId: determination.order,
  });

  switch (entry.suggestion) {
    case 'remove-order':
      return [{ label: fill(label), uuid: ctx.newId(), actions: [deleteSpect()] }];
    case 'replace-with-mri':
      return spect ? [replaceWithMri(spect, label, deleteSpect(), fill, determination, ctx, texts)] : [];
    case 'remove-other-orders':
      return finding
        ? otherOrdersOf(finding, determination, ctx).map((other) => ({
            label: fill(label, { otherOrders: other.name }),
            uuid: ctx.newId(),
            actions: [
              {
                type: 'delete',
                description: fill(texts.actions.deleteOther, { otherOrders: other.name }),
                resourceId: other.reference,
              },
            ],
          }))
        : [];
  }
}
function replaceWithMri(
  spect: ServiceRequest,
  label: string,
  deleteSpect: Action,
  fill: (template: string) => string,
  determination: Determination,
  ctx: RenderContext,
  texts: CardTexts,
): Suggestion {
  return {
    label: fill(label),
    uuid: ctx.newId(),
    // CDS clients apply deletes before creates (FHIR transaction order), so the pair reads as a replacement.
    actions: [
      deleteSpect,
      {
        type: 'create',
        description: fill(texts.actions.createMri),
        resource: buildMriDraft(spect, determination.region, ctx.date, texts),
      },
    ],
  };
}
