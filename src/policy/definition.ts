/**
 * The shape of policy/<id>/policy.json: the policy's bullets and its rules, as data a policy analyst can review.
 *
 * Rules are written in a small declarative language (Requirement below). The TypeScript in requirement.ts interprets
 * it, so a new policy version is a change to the JSON file, validated here when the service starts.
 */
import { z } from 'zod';
import { type FINDING_CODES, INDICATION_IDS } from './determination.js';

/** Where a prior study must have been taken, for studies recognised by modality or by a generic code. */
export const IMAGING_SITES = ['spine', 'spine-or-pelvis'] as const;
export type ImagingSites = (typeof IMAGING_SITES)[number];

export interface PriorImagingRule {
  /** Value sets of study codes (procedureCode) that count. */
  valueSets: string[];
  /** DICOM modalities that count when the study's body site or description is in `sites`. */
  modalities: string[];
  sites: ImagingSites;
}

/**
 * One requirement of a rule. Exactly one key per object:
 * - conditionIn: a counted Condition (problem list or the order's own reasons) with a code in one of the sets;
 * - procedureIn: a performed Procedure with a code in one of the sets;
 * - priorImagingIn: a completed imaging study, before the order, of the spine (or pelvis);
 * - orderReasonIn: a reason code on the order itself in one of the sets;
 * - orderTextMatches: the order's reason text or notes use a phrase of the named vocabulary;
 * - allOf / anyOf: combine requirements.
 */
export type Requirement =
  | { conditionIn: string[] }
  | { procedureIn: string[] }
  | { priorImagingIn: PriorImagingRule }
  | { orderReasonIn: string[] }
  | { orderTextMatches: string }
  | { allOf: Requirement[] }
  | { anyOf: Requirement[] };

const valueSetIds = z.array(z.string().min(1)).min(1);

const priorImagingSchema = z.strictObject({
  valueSets: z.array(z.string().min(1)),
  modalities: z.array(z.string().min(1)),
  sites: z.enum(IMAGING_SITES),
});

export const requirementSchema: z.ZodType<Requirement> = z.lazy(() =>
  z.union([
    z.strictObject({ conditionIn: valueSetIds }),
    z.strictObject({ procedureIn: valueSetIds }),
    z.strictObject({ priorImagingIn: priorImagingSchema }),
    z.strictObject({ orderReasonIn: valueSetIds }),
    z.strictObject({ orderTextMatches: z.string().min(1) }),
    z.strictObject({ allOf: z.array(requirementSchema).min(1) }),
    z.strictObject({ anyOf: z.array(requirementSchema).min(1) }),
  ]),
);

const bulletId = z
  .string()
  .regex(/^(MN-\d+|NMN-\d+|INV-\d+|GUIDELINE|ATTACHMENT-I)$/, 'unknown bullet id form');

const bulletSchema = z.strictObject({
  id: bulletId,
  section: z.enum([
    'coding',
    'medically-necessary',
    'not-medically-necessary',
    'investigational',
    'policy-guidelines',
  ]),
  text: z.string().min(1),
});

/** Every rule names the bullet it implements and quotes (a part of) its sentence; compile checks the quote. */
const citation = { bullet: bulletId, quote: z.string().min(1) };

/** A prerequisite quotes the part of its indication's bullet it implements (the bullet is the indication's). */
const prerequisiteSchema = z.strictObject({
  id: z.string().min(1),
  quote: z.string().min(1),
  finding: z.enum(['missing-prior-mri', 'missing-prior-imaging'] satisfies (typeof FINDING_CODES)[number][]),
  message: z.string().min(1),
  requires: requirementSchema,
});

const indicationSchema = z.strictObject({
  id: z.enum(INDICATION_IDS),
  ...citation,
  requires: requirementSchema,
  prerequisites: z.array(prerequisiteSchema),
});

const regionSchema = z.strictObject({
  region: z.enum(['cervical', 'thoracic', 'lumbar', 'sacrum', 'sacroiliac']),
  bodySiteCodes: z.array(z.string().min(1)),
  words: z.array(z.string().min(1)),
});

const modalitySchema = z.strictObject({
  modality: z.string().min(1),
  valueSets: z.array(z.string().min(1)),
  words: z.array(z.string().min(1)).min(1),
});

export const policyDefinitionSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  title: z.string().min(1),
  effectiveDate: z.iso.date(),
  url: z.url(),
  bullets: z.array(bulletSchema).min(1),
  /** Named phrase lists for free-text matching (see text.ts for how text is normalized). */
  vocabulary: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  conditionRules: z.strictObject({
    countedClinicalStatuses: z.array(z.string().min(1)).min(1),
    countMissingClinicalStatus: z.boolean(),
    excludedVerificationStatuses: z.array(z.string().min(1)),
  }),
  procedureRules: z.strictObject({ excludedStatuses: z.array(z.string().min(1)) }),
  imagingRules: z.strictObject({
    countedStatuses: z.array(z.string().min(1)).min(1),
    countMissingStatus: z.boolean(),
    countMissingStartDate: z.boolean(),
  }),
  scope: z.strictObject({
    ...citation,
    orderCodes: valueSetIds,
    bodySites: valueSetIds,
    words: z.string().min(1),
    spineDiagnosisValueSets: z.array(z.string().min(1)),
    billingSystems: z.array(z.string().min(1)),
    regions: z.array(regionSchema),
  }),
  indications: z.array(indicationSchema).min(1),
  simultaneous: z.strictObject({
    ...citation,
    finding: z.literal('simultaneous-advanced-imaging'),
    message: z.string().min(1),
    openStatuses: z.array(z.string().min(1)).min(1),
    countMissingAuthoredOn: z.boolean(),
    excludedValueSets: z.array(z.string().min(1)),
    excludedWords: z.string().min(1),
    modalities: z.array(modalitySchema).min(1),
    rationaleWords: z.string().min(1),
  }),
  investigational: z.strictObject({
    ...citation,
    finding: z.literal('investigational-surgical-planning'),
    message: z.string().min(1),
    requires: requirementSchema,
  }),
  otherIndications: z.strictObject({
    ...citation,
    finding: z.literal('no-qualifying-indication'),
    message: z.string().min(1),
  }),
  guideline: z.strictObject({ ...citation }),
});

export type PolicyDefinition = z.infer<typeof policyDefinitionSchema>;
export type IndicationDefinition = PolicyDefinition['indications'][number];
export type PrerequisiteDefinition = IndicationDefinition['prerequisites'][number];
