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

/** Every placeholder a template may use; the renderer fills the ones that make sense where the template is used. */
export const PLACEHOLDERS = [
  'order',
  'orderRef',
  'orderText',
  'region',
  'criteria',
  'criterion',
  'bullet',
  'message',
  'mri',
  'otherOrders',
  'otherRef',
  'insurer',
  'policyId',
  'policyUrl',
  'topic',
  'evidence',
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

const textEntry = z.object({
  /** Policy bullets this text implements, so a reviewer can trace it to the policy. */
  implements: z.array(bulletId).min(1),
  topic: z.enum(CARD_TOPICS),
  summary: template,
  detail: template,
  suggestionLabel: template.optional(),
  overrideReasons: z.array(z.string()),
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
    // Keyed by the policy's indication ids and finding codes, declared in policy.json: the start-up check
    // (missingCardTexts in src/policy/compile.ts) proves every one has its text.
    indications: z.record(
      z.string().regex(/^[a-z0-9-]+$/),
      z.object({ bullet: bulletId, short: z.string().min(1), label: z.string().min(1) }),
    ),
    mriAlternatives: z.record(z.enum(REGIONS), coding.extend({ text: z.string().min(1) })),
    overrideReasons: z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().min(1)),
    outcomes: z.record(z.enum(OUTCOMES), outcomeEntry),
    findings: z.record(z.string().regex(/^[a-z0-9-]+$/), textEntry),
    limitationTopics: z.record(z.string(), z.string().min(1)),
    sections: z.object({
      orderNamed: template,
      criteriaMetHeading: template,
      criterionLine: template,
      evidenceLine: template,
      noCriteriaMet: template,
      findingEvidenceHeading: template,
      otherFindingsHeading: template,
      otherFindingLine: template,
      limitationsHeading: template,
      limitationLine: template,
      priorApprovalHeading: template,
      priorApproval: template,
      policyLink: template,
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
      ...Object.entries(texts.outcomes).map(([k, v]) => [`outcomes.${k}`, v] as const),
      ...Object.entries(texts.findings).map(([k, v]) => [`findings.${k}`, v] as const),
    ];
    for (const [path, entry] of entries) {
      for (const reason of entry.overrideReasons) {
        if (!(reason in texts.overrideReasons)) {
          ctx.addIssue({
            code: 'custom',
            path: [path],
            message: `override reason "${reason}" is not in overrideReasons`,
          });
        }
      }
    }
    // The findings that lead to a suggestion must have a label for it.
    for (const code of ['missing-prior-mri', 'simultaneous-advanced-imaging'] as const) {
      if (!texts.findings[code]?.suggestionLabel) {
        ctx.addIssue({ code: 'custom', path: ['findings', code], message: 'suggestionLabel is required' });
      }
    }
  });

export type CardTexts = z.infer<typeof cardTextsSchema>;
export type CardTextEntry = z.infer<typeof textEntry>;
