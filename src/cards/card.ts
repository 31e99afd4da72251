/**
 * One card: about a Determination as a whole (its outcome), or about one of its findings. Indicator `info` when the
 * criteria are met (prior approval is still required), `warning` otherwise; never `critical`, which CRD keeps for
 * clinical danger (resp-1/2).
 */
import type { Determination, Finding } from '../policy/determination.js';
import type { RenderContext } from './context.js';
import { renderDetail } from './detail.js';
import { DETERMINATION_EXTENSION_KEY, determinationExtension } from './determination-extension.js';
import { linksOf } from './links.js';
import { mriLabel } from './mri-alternative.js';
import type { OrderNames } from './order-names.js';
import type { Card, Coding } from './schema.js';
import { buildSuggestions, otherOrdersOf } from './suggestions.js';
import { clampSummary, fillTemplate } from './template.js';
import type { CardTextEntry, CardTexts } from './texts.js';

export interface CardSubject {
  determination: Determination;
  /** The finding this card is about; undefined for the outcome card. */
  finding?: Finding;
  /** Findings shown as notes on an outcome card (criteria met, nothing to act on). */
  notes: Finding[];
  names: OrderNames;
  /** The call carries several orders, so the card names its order and carries associated-resource. */
  severalOrders: boolean;
}

const DEFAULT_TOPIC_SYSTEM = 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type';
const MAX_CRITERIA_IN_SUMMARY = 2;

/** Short names of the criteria met, for summaries: "infection, osseous tumor +1 more". */
function criteriaSummary(determination: Determination, texts: CardTexts): string {
  const names = determination.criteriaMet.map((id) => texts.indications[id]?.short ?? id);
  if (names.length === 0) return 'none';
  const shown = names.slice(0, MAX_CRITERIA_IN_SUMMARY).join(', ');
  return names.length > MAX_CRITERIA_IN_SUMMARY
    ? `${shown} +${names.length - MAX_CRITERIA_IN_SUMMARY} more`
    : shown;
}

/** Values every template of this card may use. */
function templateValues(subject: CardSubject, ctx: RenderContext, texts: CardTexts): Record<string, string> {
  const { determination, finding, names } = subject;
  const values: Record<string, string> = {
    ...names,
    region: texts.regions[determination.region],
    criteria: criteriaSummary(determination, texts),
    insurer: ctx.insurerName,
    policyId: texts.policy,
    policyUrl: ctx.policyUrl,
    mri: mriLabel(determination.region, texts),
  };
  if (finding) {
    values.bullet = finding.bullet;
    values.message = finding.message;
    values.criterion = (finding.criterion && texts.indications[finding.criterion]?.short) || 'the indication';
    const others = otherOrdersOf(finding, determination, ctx).map((other) => other.name);
    values.otherOrders = others.length > 0 ? others.join(' and ') : 'other advanced imaging';
  }
  return values;
}

function overrideReasons(entry: CardTextEntry, texts: CardTexts): Required<Coding>[] {
  return entry.overrideReasons.map((code) => ({
    system: texts.overrideReasonSystem,
    code,
    display: texts.overrideReasons[code]!,
  }));
}

export function buildCard(subject: CardSubject, ctx: RenderContext, texts: CardTexts): Card {
  const { determination, finding } = subject;
  const entry: CardTextEntry =
    (finding ? texts.findings[finding.code] : undefined) ?? texts.outcomes[determination.outcome];
  const values = templateValues(subject, ctx, texts);
  const detail = renderDetail(
    {
      determination,
      lead: fillTemplate(entry.detail, values),
      finding,
      notes: subject.notes,
      orderLine: subject.severalOrders ? fillTemplate(texts.sections.orderNamed, values) : undefined,
      values,
    },
    texts,
  );
  const suggestions = buildSuggestions(determination, finding, values, ctx, texts);
  const reasons = overrideReasons(entry, texts);
  const links = linksOf(detail);

  const card: Card = {
    uuid: ctx.newId(),
    summary: clampSummary(fillTemplate(entry.summary, values)),
    detail,
    indicator: determination.outcome === 'meets-criteria' ? 'info' : 'warning',
    source: {
      label: ctx.insurerName,
      url: ctx.policyUrl,
      topic: { system: ctx.crdTopicSystem ?? DEFAULT_TOPIC_SYSTEM, code: entry.topic },
    },
  };
  if (suggestions.length > 0) {
    card.suggestions = suggestions;
    card.selectionBehavior = 'at-most-one';
  }
  if (reasons.length > 0) card.overrideReasons = reasons;
  if (links.length > 0) card.links = links;
  card.extension = {
    [DETERMINATION_EXTENSION_KEY]: determinationExtension(determination),
    ...(subject.severalOrders
      ? { 'davinci-crd.associated-resource': [{ reference: determination.order }] }
      : {}),
  };
  return card;
}
