/**
 * The shape of cards/<policy>/cards.json: every word a clinician reads lives in that file so a policy analyst can
 * review and change it without TypeScript. This schema checks it at start-up, including the cross-references a
 * typo would silently break (unknown placeholders, override reasons that are not in the catalogue, a missing outcome).
 */
import { z } from 'zod';
import { OUTCOMES } from '../policy/determination.js';
import { templatePlaceholders } from './template.js';

/** CRD card types (THO cdshooks-card-type; CRD 2.0.1 had the same codes in its temp code system). */
export const CARD_TOPICS = [
  'coverage-info',
  'unsolicited-determ',
  'claim',
  'insurance',
  'limits',
  'network',
  'appropriate-use',
  'cost',
  'therapy-alternatives-opt',
  'therapy-alternatives-req',
  'clinical-reminder',
  'duplicate-therapy',
  'contraindication',
  'guideline',
  'off-guideline',
] as const;

export const REGIONS = ['cervical', 'thoracic', 'lumbar', 'sacrum', 'sacroiliac', 'spine'] as const;

/**
 * Every placeholder a template may use; the renderer fills the ones that make sense where the template is used.
 * None of them carries an id: resource references, rule and bullet ids stay in the Determination extension.
 *
 * Filled from the service's own data: order (the order's kind and region, "SPECT/CT lumbar spine"), orderKind,
 * region, criteria, criterion, mri, insurer, policyId, topic, summary and text (namedOrder, namedOrderDetail). Filled from the request or
 * the chart, always stripped of HTML and Markdown-escaped first (src/cards/request-text.ts): otherOrders, message,
 * evidence, description, source, quote, date.
 */
export const PLACEHOLDERS = [
  'order',
  'orderKind',
  'region',
  'criteria',
  'criterion',
  'message',
  'mri',
  'otherOrders',
  'insurer',
  'policyId',
  'topic',
  'summary',
  'text',
  'evidence',
  'description',
  'source',
  'quote',
  'date',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const known = new Set<string>(PLACEHOLDERS);

/** A template string: non-empty, and every {{name}} in it is a known placeholder. */
const template = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    for (const name of templatePlaceholders(text)) {
      if (!known.has(name)) ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}` });
    }
  });

const bulletId = z
  .string()
  .regex(/^(MN-(10|[1-9])|NMN-[12]|INV-1|GUIDELINE|ATTACHMENT-I)$/, 'not a policy bullet id');

/** Finding and indication codes are declared by the policy data; cards.json keys its entries by them. */
const codeKey = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lower-case, hyphenated code');

/**
 * What a card's one-click suggestion does. Each remedy is built in src/cards/suggestions.ts; a finding picks one by
 * name, so a new finding code needs no TypeScript unless it needs a new kind of remedy.
 */
export const REMEDIES = ['replace-with-mri', 'remove-other-orders', 'remove-order'] as const;

/** The words of one card: a summary, and a detail of at most a few short paragraphs (why, what is missing, what to do). */
const wording = z.object({
  /** Policy bullets this text implements, so a reviewer can trace it to the policy. */
  implements: z.array(bulletId).min(1),
  summary: template,
  detail: template,
});

const textEntry = wording.extend({
  topic: z.enum(CARD_TOPICS),
  suggestion: z.enum(REMEDIES).optional(),
  suggestionLabel: template.optional(),
  overrideReasons: z.array(z.string()),
  /** Wording for one criterion (indication id), where the policy words its prerequisite differently. */
  byCriterion: z.record(codeKey, wording).optional(),
});

const outcomeEntry = textEntry.extend({
  /** Text of the coverage-information `reason` sub-extension for this outcome. */
  coverageReason: z.string().min(1),
});

const coding = z.object({ system: z.url(), code: z.string().min(1), display: z.string().min(1) });

export const cardTextsSchema = z
  .object({
    policy: z.string().min(1),
    policyTitle: z.string().min(1),
    topicSystem: z.url(),
    overrideReasonSystem: z.url(),
    regions: z.record(z.enum(REGIONS), z.string().min(1)),
    /** The order's name when the Determination carries no modality (policy.json scope.orderModalities names it). */
    orderKinds: z.object({ implements: z.array(bulletId).min(1), default: z.string().min(1) }),
    indications: z.record(
      codeKey,
      z.object({ bullet: bulletId, short: z.string().min(1), label: z.string().min(1) }),
    ),
    mriAlternatives: z.record(z.enum(REGIONS), coding.extend({ text: z.string().min(1) })),
    overrideReasons: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().min(1)),
    outcomes: z.record(z.enum(OUTCOMES), outcomeEntry),
    findings: z.record(codeKey, textEntry),
    limitationTopics: z.record(z.string(), z.string().min(1)),
    /** Where a piece of evidence came from, by "Type#element" of its reference, then by "Type". */
    evidenceSources: z.object({
      default: z.string().min(1),
      byReference: z.record(z.string(), z.string().min(1)),
    }),
    sections: z.object({
      namedOrder: template,
      /** The detail's first paragraph when the call holds several orders (CRD dev-24: name the order in the detail). */
      namedOrderDetail: template,
      /** The same, alone, when the card has no paragraph of its own left to open. */
      namedOrderLine: template,
      criteriaMetHeading: template,
      criterionLine: template,
      criterionEvidenceLine: template,
      findingEvidenceHeading: template,
      evidenceLine: template,
      codedEvidence: template,
      draftOrderEvidence: template,
      textEvidence: template,
      datedEvidence: template,
      otherFindingsHeading: template,
      otherFindingLine: template,
      limitationsHeading: template,
      limitationLine: template,
      policyLinkLabel: template,
    }),
    /** The Policy Guidelines' documentation list: shown once per answer, where no system action asks for it. */
    priorApproval: z.object({
      implements: z.array(bulletId).min(1),
      /** The outcomes whose next step is a prior approval request. */
      outcomes: z.array(z.enum(OUTCOMES)).min(1),
      heading: template,
      items: z.array(template).min(1),
    }),
    actions: z.object({
      deleteSpect: template,
      createMri: template,
      deleteOther: template,
      coverageInformation: template,
      technicalReason: z.string().min(1),
      /** Coverage information doc-needed detail: the documentation the prior approval request must hold. */
      documentationNeeded: template,
      /** Coverage information info-needed detail: what is needed before coverage can be told. */
      informationNeeded: template,
      /** Stands for {{criteria}} when the determination names no indication. */
      anyIndication: z.string().min(1),
    }),
  })
  .superRefine((texts, ctx) => {
    const entries = [
      ...Object.entries(texts.outcomes).map(([k, v]) => [['outcomes', k], v] as const),
      ...Object.entries(texts.findings).map(([k, v]) => [['findings', k], v] as const),
    ];
    for (const [path, entry] of entries) {
      for (const reason of entry.overrideReasons) {
        if (!(reason in texts.overrideReasons)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path],
            message: `override reason "${reason}" is not in overrideReasons`,
          });
        }
      }
      // A suggestion needs its label.
      if (entry.suggestion && !entry.suggestionLabel) {
        ctx.addIssue({
          code: 'custom',
          path: [...path],
          message: 'suggestionLabel is required with suggestion',
        });
      }
      for (const criterion of Object.keys(entry.byCriterion ?? {})) {
        if (!(criterion in texts.indications)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'byCriterion', criterion],
            message: `"${criterion}" is not an indication of indications`,
          });
        }
      }
    }
  });

export type CardTexts = z.infer<typeof cardTextsSchema>;
export type CardTextEntry = z.infer<typeof textEntry>;
export type CardWording = z.infer<typeof wording>;
