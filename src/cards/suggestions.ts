/**
 * Suggestions a clinician can accept with one click, per finding (or per outcome when there is no finding):
 * replace the SPECT with an MRI of the same region, remove the other advanced imaging order (staged imaging), or
 * remove the SPECT order. Only offered when the drafts needed to build them are at hand.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { Determination, Finding } from '../policy/determination.js';
import type { RenderContext } from './context.js';
import { buildMriDraft } from './mri-alternative.js';
import { describeRequest } from './order-names.js';
import type { Action, Suggestion } from './schema.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

/** An order a finding points at, other than the order the Determination is about. */
export interface OtherOrder {
  reference: string;
  name: string;
}

/** The ServiceRequests cited as evidence of simultaneous imaging, named as the EHR named them. */
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
      name: describeRequest(ctx.draftResources.get(reference)) ?? evidence.description,
    });
  }
  return others;
}

export function buildSuggestions(
  determination: Determination,
  finding: Finding | undefined,
  values: Readonly<Record<string, string>>,
  ctx: RenderContext,
  texts: CardTexts,
): Suggestion[] {
  const fill = (template: string, extra: Record<string, string> = {}) =>
    fillTemplate(template, { ...values, ...extra });
  const spect = ctx.draftResources.get(determination.order);
  const deleteSpect = (): Action => ({
    type: 'delete',
    description: fill(texts.actions.deleteSpect),
    resourceId: determination.order,
  });
  const removeSpect = (label: string | undefined): Suggestion[] =>
    label ? [{ label: fill(label), uuid: ctx.newId(), actions: [deleteSpect()] }] : [];

  if (!finding) {
    if (determination.outcome === 'investigational' || determination.outcome === 'not-medically-necessary') {
      return removeSpect(texts.outcomes[determination.outcome].suggestionLabel);
    }
    return [];
  }
  const entry = texts.findings[finding.code];
  if (!entry) return [];
  switch (finding.code) {
    case 'missing-prior-mri':
      return spect
        ? [replaceWithMri(spect, entry.suggestionLabel!, deleteSpect(), fill, determination, ctx, texts)]
        : [];
    case 'simultaneous-advanced-imaging':
      return otherOrdersOf(finding, determination, ctx).map((other) => ({
        label: fill(entry.suggestionLabel!, { otherOrders: other.name }),
        uuid: ctx.newId(),
        actions: [
          {
            type: 'delete',
            description: fill(texts.actions.deleteOther, {
              otherOrders: other.name,
              otherRef: other.reference,
            }),
            resourceId: other.reference,
          },
        ],
      }));
    case 'investigational-surgical-planning':
    case 'no-qualifying-indication':
      return removeSpect(entry.suggestionLabel);
    default:
      return [];
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
