/**
 * The policy as a reviewer reads it: every bullet of 6.01.VT204 with its sentence, the rules that implement it, the
 * value sets those rules use (with their codes) and the card texts shown when it applies; plus, from the feedback
 * store, how clinicians answered each kind of card. Built from the same files the service runs on
 * (policy/<id>/policy.json, value-sets.json, cards/<id>/cards.json), so the page cannot drift from the service.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardKind } from '../cards/card-kind.js';
import type { FeedbackStore } from '../protocol/feedback/store.js';

interface Bullet {
  id: string;
  section: string;
  text: string;
}
interface ValueSetFile {
  valueSets: Array<{
    id: string;
    description?: string;
    includes?: string[];
    codes?: Array<{ system: string; code: string; display?: string; match?: string }>;
  }>;
}
interface CardEntry {
  implements?: string[];
  topic: string;
  summary: string;
  detail: string;
  suggestionLabel?: string;
  overrideReasons: string[];
  /** The wording for one indication, where the policy words a prerequisite its own way. */
  byCriterion?: Record<string, { implements: string[]; summary: string; detail: string }>;
}
interface CardsFile {
  overrideReasons: Record<string, string>;
  outcomes: Record<string, CardEntry>;
  findings: Record<string, CardEntry>;
}
interface PolicyFile {
  id: string;
  version: string;
  title: string;
  effectiveDate: string;
  url: string;
  bullets: Bullet[];
  indications: Array<{ id: string; bullet: string; quote: string } & Record<string, unknown>>;
  [rule: string]: unknown;
}

export interface ValueSetView {
  id: string;
  description?: string;
  includes?: string[];
  codes: Array<{ system: string; code: string; display?: string; match?: string }>;
}

export interface CardTextView {
  kind: CardKind;
  /** The indication this wording is for (a finding's byCriterion wording); absent for the general wording. */
  criterion?: string;
  topic: string;
  summary: string;
  detail: string;
  suggestionLabel?: string;
  overrideReasons: string[];
}

export interface CriterionView {
  bullet: string;
  section: string;
  /** The policy's own sentence. */
  sentence: string;
  /** The rules of policy.json that implement this bullet ("indication infection", "simultaneous", ...). */
  rules: string[];
  valueSets: ValueSetView[];
  cards: CardTextView[];
}

export interface PolicyView {
  policy: { id: string; version: string; title: string; effectiveDate: string; url: string };
  criteria: CriterionView[];
}

export interface CardStats {
  kind: CardKind;
  summary: string;
  accepted: number;
  overridden: number;
  /** Override reason display -> count. */
  overrideReasons: Record<string, number>;
}

export interface FeedbackView {
  total: number;
  /** Feedback about cards this process did not answer (e.g. before a restart): counted, not classified. */
  unclassified: number;
  cards: CardStats[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every value-set id mentioned anywhere in a rule (requires, prerequisites, excluded sets...). */
function valueSetIdsIn(rule: unknown, known: ReadonlySet<string>, found = new Set<string>()): Set<string> {
  if (typeof rule === 'string') {
    if (known.has(rule)) found.add(rule);
  } else if (Array.isArray(rule)) {
    for (const item of rule) valueSetIdsIn(item, known, found);
  } else if (rule && typeof rule === 'object') {
    for (const value of Object.values(rule)) valueSetIdsIn(value, known, found);
  }
  return found;
}

/** The rules of policy.json, each with the bullet it names. */
function rulesOf(policy: PolicyFile): Array<{ name: string; bullet: string; rule: unknown }> {
  const rules: Array<{ name: string; bullet: string; rule: unknown }> = policy.indications.map(
    (indication) => ({
      name: `indication "${indication.id}"`,
      bullet: indication.bullet,
      rule: indication,
    }),
  );
  for (const [name, rule] of Object.entries(policy)) {
    const bullet = (rule as { bullet?: unknown } | null)?.bullet;
    if (name !== 'indications' && typeof bullet === 'string') rules.push({ name, bullet, rule });
  }
  return rules;
}

export function buildPolicyView(policyDir: string, cardsDir: string): PolicyView {
  const policy = readJson<PolicyFile>(join(policyDir, 'policy.json'));
  const valueSets = readJson<ValueSetFile>(join(policyDir, 'value-sets.json')).valueSets;
  const cards = readJson<CardsFile>(join(cardsDir, 'cards.json'));
  const byId = new Map(valueSets.map((set) => [set.id, set]));
  const known = new Set(byId.keys());
  const rules = rulesOf(policy);
  // Each text with the bullets it implements; a finding's per-indication wording takes those bullets over from
  // its general wording, so each bullet shows the words its cards use.
  const texts: Array<{ view: CardTextView; implements: string[] }> = [
    ...Object.entries(cards.outcomes).map(([code, entry]) => ({
      view: cardText({ type: 'outcome', code }, entry, cards),
      implements: entry.implements ?? [],
    })),
    ...Object.entries(cards.findings).flatMap(([code, entry]) => {
      const kind: CardKind = { type: 'finding', code };
      const variants = Object.entries(entry.byCriterion ?? {}).map(([criterion, wording]) => ({
        view: { ...cardText(kind, { ...entry, ...wording }, cards), criterion },
        implements: wording.implements,
      }));
      const taken = new Set(variants.flatMap((variant) => variant.implements));
      return [
        {
          view: cardText(kind, entry, cards),
          implements: (entry.implements ?? []).filter((b) => !taken.has(b)),
        },
        ...variants,
      ];
    }),
  ];
  return {
    policy: {
      id: policy.id,
      version: policy.version,
      title: policy.title,
      effectiveDate: policy.effectiveDate,
      url: policy.url,
    },
    criteria: policy.bullets.map((bullet) => {
      const own = rules.filter((rule) => rule.bullet === bullet.id);
      const ids = new Set<string>();
      for (const rule of own) valueSetIdsIn(rule.rule, known, ids);
      return {
        bullet: bullet.id,
        section: bullet.section,
        sentence: bullet.text,
        rules: own.map((rule) => rule.name),
        valueSets: [...ids].map((id) => {
          const set = byId.get(id)!;
          return { id, description: set.description, includes: set.includes, codes: set.codes ?? [] };
        }),
        cards: texts.filter((text) => text.implements.includes(bullet.id)).map((text) => text.view),
      };
    }),
  };
}

function cardText(kind: CardKind, entry: CardEntry, cards: CardsFile): CardTextView {
  return {
    kind,
    topic: entry.topic,
    summary: entry.summary,
    detail: entry.detail,
    ...(entry.suggestionLabel ? { suggestionLabel: entry.suggestionLabel } : {}),
    overrideReasons: entry.overrideReasons.map((code) => cards.overrideReasons[code] ?? code),
  };
}

/**
 * Accepted / overridden counts per kind of card, from whatever FeedbackStore is wired. `kindOf` says what a card
 * uuid was (see card-ledger.ts); every kind the card texts define is listed, even at zero, so the chart shows them all.
 */
export async function feedbackView(
  store: FeedbackStore,
  kindOf: (uuid: string) => CardKind | undefined,
  view: PolicyView,
): Promise<FeedbackView> {
  const stats = new Map<string, CardStats>();
  const key = (kind: CardKind) => `${kind.type}:${kind.code}`;
  for (const criterion of view.criteria) {
    for (const card of criterion.cards) {
      if (!stats.has(key(card.kind))) {
        stats.set(key(card.kind), {
          kind: card.kind,
          summary: card.summary,
          accepted: 0,
          overridden: 0,
          overrideReasons: {},
        });
      }
    }
  }
  const records = await store.list();
  let unclassified = 0;
  for (const { item } of records) {
    const kind = kindOf(item.card);
    const entry = kind && stats.get(key(kind));
    if (!entry) {
      unclassified++;
      continue;
    }
    if (item.outcome === 'accepted') entry.accepted++;
    else {
      entry.overridden++;
      const reason =
        item.overrideReason?.reason?.display ?? item.overrideReason?.reason?.code ?? 'no reason given';
      entry.overrideReasons[reason] = (entry.overrideReasons[reason] ?? 0) + 1;
    }
  }
  return { total: records.length, unclassified, cards: [...stats.values()] };
}
