/**
 * One card: about a Determination as a whole (its outcome), or about one of its findings. Indicator `info` when the
 * criteria are met (prior approval is still required), `warning` otherwise; never `critical`, which CRD keeps for
 * clinical danger (resp-1/2).
 *
 * Values from the request or the chart are filled in twice over: as plain text for the summary, suggestion labels
 * and action descriptions (plain-text fields in CDS Hooks), and Markdown-escaped for the detail.
 */
import type { Determination, Finding } from '../policy/determination.js';
import type { RenderContext } from './context.js';
import { type AnswerBlocks, renderDetail } from './detail.js';
import { DETERMINATION_EXTENSION_KEY, determinationExtension } from './determination-extension.js';
import { policyLinks } from './links.js';
import type { OrderNames } from './order-names.js';
import { escapeMarkdown, plainText } from './request-text.js';
import type { Card, Coding } from './schema.js';
import { buildSuggestions, otherOrdersOf } from './suggestions.js';
import { clampSummary, fillTemplate } from './template.js';
import type { CardTextEntry, CardTexts, CardWording } from './texts.js';

export interface CardSubject {
  determination: Determination;
  /** The finding this card is about; undefined for the outcome card. */
  finding?: Finding;
  /** Findings shown as notes on an outcome card (criteria met, nothing to act on). */
  notes: Finding[];
  names: OrderNames;
  /** The call carries several orders, so the summary names the order and the card carries associated-resource. */
  severalOrders: boolean;
  /** This answer still has to list what the prior approval request needs (see render.ts). */
  priorApproval: boolean;
}

const DEFAULT_TOPIC_SYSTEM = 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type';
const MAX_CRITERIA_IN_SUMMARY = 2;

/** Short names of the criteria met, for summaries: "spinal infection and osteoid osteoma +1 more". */
function criteriaSummary(determination: Determination, texts: CardTexts): string {
  const names = determination.criteriaMet.map((id) => texts.indications[id]?.short ?? id);
  if (names.length === 0) return 'none';
  const shown = names.slice(0, MAX_CRITERIA_IN_SUMMARY).join(' and ');
  return names.length > MAX_CRITERIA_IN_SUMMARY
    ? `${shown} +${names.length - MAX_CRITERIA_IN_SUMMARY} more`
    : shown;
}

/** Values every template of this card may use, as plain text; `escaped` is the same with request text escaped. */
function templateValues(
  subject: CardSubject,
  ctx: RenderContext,
  texts: CardTexts,
): { plain: Record<string, string>; escaped: Record<string, string> } {
  const { determination, finding, names } = subject;
  const mri = texts.mriAlternatives[determination.region];
  const values: Record<string, string> = {
    order: names.order,
    orderKind: names.orderKind,
    region: texts.regions[determination.region],
    criteria: criteriaSummary(determination, texts),
    insurer: ctx.insurerName,
    policyId: texts.policy,
    mri: mri.text,
  };
  if (!finding) return { plain: values, escaped: values };
  values.criterion = finding.criterion
    ? (texts.indications[finding.criterion]?.short ?? 'the indication')
    : 'the indication';
  // From the request or the chart: plain text here, escaped again for the detail below.
  const others = otherOrdersOf(finding, determination, ctx).map((other) => other.name);
  const request = {
    message: plainText(finding.message, 400),
    otherOrders: others.length > 0 ? others.join(' and ') : 'the other advanced imaging',
  };
  return {
    plain: { ...values, ...request },
    escaped: {
      ...values,
      message: escapeMarkdown(request.message),
      otherOrders: escapeMarkdown(request.otherOrders),
    },
  };
}

function overrideReasons(entry: CardTextEntry, texts: CardTexts): Required<Coding>[] {
  return entry.overrideReasons.map((code) => ({
    system: texts.overrideReasonSystem,
    code,
    display: texts.overrideReasons[code]!,
  }));
}

/** The card's text entry, and the wording for its finding's criterion where the texts give one. */
export function entryFor(
  determination: Determination,
  finding: Finding | undefined,
  texts: CardTexts,
): { entry: CardTextEntry; wording: CardWording } {
  if (!finding) {
    const entry = texts.outcomes[determination.outcome];
    return { entry, wording: entry };
  }
  const entry = texts.findings[finding.code];
  // The start-up check (missingCardTexts, src/policy) makes this unreachable for a loaded policy; say what is wrong if not.
  if (!entry) throw new Error(`cards.json has no text for finding "${finding.code}"`);
  const byCriterion = finding.criterion ? entry.byCriterion?.[finding.criterion] : undefined;
  return { entry, wording: byCriterion ?? entry };
}

function nameInDetail(detail: string | undefined, order: string, texts: CardTexts): string {
  const [first = '', ...rest] = (detail ?? '').split('\n\n');
  const opensWithProse = first !== '' && !/^(\*\*|- )/.test(first);
  if (opensWithProse)
    return [fillTemplate(texts.sections.namedOrderDetail, { order, text: first }), ...rest].join('\n\n');
  return [fillTemplate(texts.sections.namedOrderLine, { order }), ...[first, ...rest].filter(Boolean)].join(
    '\n\n',
  );
}

export function buildCard(
  subject: CardSubject,
  ctx: RenderContext,
  texts: CardTexts,
  shown: AnswerBlocks,
): Card {
  const { determination, finding } = subject;
  const { entry, wording } = entryFor(determination, finding, texts);
  const { plain, escaped } = templateValues(subject, ctx, texts);
  const others = new Map(
    (finding ? otherOrdersOf(finding, determination, ctx) : []).map((other) => [
      other.reference,
      { name: other.name, drafted: ctx.draftResources.has(other.reference) },
    ]),
  );
  const detail = renderDetail(
    {
      determination,
      lead: fillTemplate(wording.detail, escaped),
      finding,
      notes: subject.notes,
      priorApproval: subject.priorApproval,
      orderName: (reference) => others.get(reference),
    },
    texts,
    shown,
  );
  const summary = fillTemplate(wording.summary, plain);
  // CRD dev-24: a card about some of the call's orders says which in its detail, in words: the name opens the
  // first paragraph (or stands alone when the card's own paragraphs were already said by an earlier card).
  const named = subject.severalOrders ? nameInDetail(detail, plain.order!, texts) : detail;
  const suggestions = buildSuggestions(determination, finding, entry, plain, ctx, texts);
  const reasons = overrideReasons(entry, texts);

  const card: Card = {
    uuid: ctx.newId(),
    summary: clampSummary(
      subject.severalOrders
        ? fillTemplate(texts.sections.namedOrder, { order: plain.order!, summary })
        : summary,
    ),
    ...(named ? { detail: named } : {}),
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
  card.links = policyLinks(ctx.policyUrl, ctx.insurerName, texts);
  card.extension = {
    [DETERMINATION_EXTENSION_KEY]: determinationExtension(determination),
    ...(subject.severalOrders
      ? { 'davinci-crd.associated-resource': [{ reference: determination.order }] }
      : {}),
  };
  return card;
}
