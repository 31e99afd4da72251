/**
 * The one adapter between the compiled policy and the DTR questionnaire: it reads the CompiledPolicy's public shape
 * (indications with their bullet and sentence, prerequisites with their finding and message, the rule leaves that
 * say which evidence counts) and hands the questionnaire builder a plain plan of what to ask. When the policy
 * engine's data model changes, this file is the only one in src/dtr that has to follow.
 *
 * Each rule leaf becomes one kind of evidence question: a diagnosis (a Condition in value sets), a prior procedure,
 * a prior imaging study, or wording on the order. Leaves the chart cannot hold (order text) become a free-text
 * question so the clinician can state it.
 */
import type { CompiledPolicy, Requirement } from '../policy/index.js';

export type EvidenceQuestion =
  | { kind: 'condition'; valueSets: string[] }
  | { kind: 'procedure'; valueSets: string[] }
  | { kind: 'prior-imaging'; valueSets: string[]; modalities: string[] }
  | { kind: 'order-text'; vocabulary: string };

/** How the evidence questions combine in the policy's rule (indexes into `evidence`). */
export type EvidenceRule =
  | { allOf: EvidenceRule[] }
  | { anyOf: EvidenceRule[] }
  | { evidence: number }
  | 'unknown';

export interface PrerequisitePlan {
  id: string;
  /** The part of the indication's sentence the prerequisite implements (shown as the group's question). */
  quote: string;
  finding: string;
  message: string;
  evidence: EvidenceQuestion[];
}

export interface IndicationPlan {
  id: string;
  bullet: string;
  sentence: string;
  evidence: EvidenceQuestion[];
  /** When the chart documents the indication's diagnosis, by the policy's rule. */
  rule: EvidenceRule;
  prerequisites: PrerequisitePlan[];
}

export interface ValueSetPlan {
  id: string;
  description: string;
  entries: ReadonlyArray<{ system: string; code: string; display: string; match: 'exact' | 'prefix' }>;
}

export interface QuestionPlan {
  policy: { id: string; version: string; title: string; url: string; effectiveDate: string };
  indications: IndicationPlan[];
  simultaneous: { bullet: string; sentence: string; valueSets: string[]; openStatuses: readonly string[] };
  guideline: { bullet: string; sentence: string };
  regions: ReadonlyArray<{ region: string; bodySiteCodes: readonly string[] }>;
  /** Clinical statuses of a Condition that count, and whether a Condition without one counts. */
  countedClinicalStatuses: readonly string[];
  countMissingClinicalStatus: boolean;
  excludedVerificationStatuses: readonly string[];
  countedImagingStatuses: readonly string[];
  /** Body-site codes and words that place a study in the spine. */
  spineBodySites: readonly string[];
  spineWords: readonly string[];
  valueSet(id: string): ValueSetPlan;
}

/** The value sets a leaf names: a list, or `{ valueSets }` with its options. */
function valueSetsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  const sets = (value as { valueSets?: unknown } | undefined)?.valueSets;
  return Array.isArray(sets) ? sets.map(String) : [];
}

/**
 * The evidence question of each kind of rule leaf, by its key in policy.json. A kind not listed here (a reason code
 * on the order, which the package request carries) asks nothing.
 */
const LEAF_QUESTIONS: Record<string, (value: unknown) => EvidenceQuestion> = {
  conditionIn: (value) => ({ kind: 'condition', valueSets: valueSetsOf(value) }),
  procedureIn: (value) => ({ kind: 'procedure', valueSets: valueSetsOf(value) }),
  priorImagingIn: (value) => ({
    kind: 'prior-imaging',
    valueSets: valueSetsOf(value),
    modalities: ((value as { modalities?: unknown[] }).modalities ?? []).map(String),
  }),
  orderTextMatches: (value) => ({ kind: 'order-text', vocabulary: String(value) }),
  // Text evidence (a phrase of a lexicon concept in the order's or the chart's words): asked for as wording.
  textMentions: (value) => ({
    kind: 'order-text',
    vocabulary: String((value as { concept?: unknown }).concept),
  }),
};

/** The rule's leaves, each an evidence question, appended to `out`; returns the rule over their indexes. */
function leaves(req: Requirement, out: EvidenceQuestion[]): EvidenceRule {
  const [key, value] = Object.entries(req as Record<string, unknown>)[0] ?? [];
  if ((key === 'allOf' || key === 'anyOf') && Array.isArray(value)) {
    const parts = value.map((r: Requirement) => leaves(r, out));
    return key === 'allOf' ? { allOf: parts } : { anyOf: parts };
  }
  const question = key ? LEAF_QUESTIONS[key] : undefined;
  if (!question) return 'unknown';
  out.push(question(value));
  return { evidence: out.length - 1 };
}

function evidenceOf(req: Requirement): { evidence: EvidenceQuestion[]; rule: EvidenceRule } {
  const evidence: EvidenceQuestion[] = [];
  const rule = leaves(req, evidence);
  return { evidence, rule };
}

export function questionPlanOf(policy: CompiledPolicy): QuestionPlan {
  const def = policy.definition;
  const spineSets = ['spine-body-site', 'sacroiliac-joint-body-site'];
  return {
    policy: {
      id: policy.id,
      version: policy.version,
      title: policy.title,
      url: policy.url,
      effectiveDate: policy.effectiveDate,
    },
    indications: policy.indications.map((ind) => ({
      id: ind.id,
      bullet: ind.bullet,
      sentence: ind.policyText,
      ...evidenceOf(ind.requires),
      prerequisites: ind.prerequisites.map((pre) => ({
        id: pre.id,
        quote: pre.quote,
        finding: pre.finding,
        message: pre.message,
        evidence: evidenceOf(pre.requires).evidence,
      })),
    })),
    simultaneous: {
      bullet: def.simultaneous.bullet,
      sentence: policy.bulletText(def.simultaneous.bullet),
      valueSets: def.simultaneous.modalities.flatMap((m) => m.valueSets),
      openStatuses: def.simultaneous.openStatuses,
    },
    guideline: { bullet: def.guideline.bullet, sentence: policy.bulletText(def.guideline.bullet) },
    regions: def.anatomy.regions.map((r) => ({ region: r.id, bodySiteCodes: r.bodySiteCodes })),
    countedClinicalStatuses: def.conditionRules.countedClinicalStatuses,
    countMissingClinicalStatus: def.conditionRules.countMissingClinicalStatus,
    excludedVerificationStatuses: def.conditionRules.excludedVerificationStatuses,
    countedImagingStatuses: def.imagingRules.countedStatuses,
    spineBodySites: spineSets.flatMap((id) => policy.valueSet(id).entries.map((e) => e.code)),
    spineWords: def.vocabulary.spine ?? [],
    valueSet: (id) => {
      const vs = policy.valueSet(id);
      return { id: vs.id, description: vs.description, entries: vs.entries };
    },
  };
}
