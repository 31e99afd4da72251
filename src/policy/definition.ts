/**
 * The shape of policy/<id>/policy.json: the policy's bullets and its rules, as data a policy analyst can review.
 *
 * Rules are written in a small declarative language: each requirement kind is one module under requirements/,
 * registered in requirements/registry.ts, which also gives the schema below. Indication ids, finding codes, region
 * ids, windows and bullet ids are declared here once and cross-checked by compile.ts, so a new indication, region
 * or window is a change to the JSON file, validated when the service starts.
 */
import { z } from 'zod';
import { requirementSchema } from './requirements/registry.js';

export type { Requirement } from './requirements/kind.js';
export { requirementSchema };

const id = z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by hyphens');

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
  id,
  quote: z.string().min(1),
  /** A declared finding code, raised when the prerequisite is not met. */
  finding: id,
  message: z.string().min(1),
  requires: requirementSchema,
});

const indicationSchema = z.strictObject({
  id,
  ...citation,
  requires: requirementSchema,
  prerequisites: z.array(prerequisiteSchema),
});

/** A finding code, declared once with the bullets it may cite. */
const findingSchema = z.strictObject({
  code: id,
  bullets: z.array(bulletId).min(1),
  description: z.string().min(1),
});

/** A time window, versioned with the policy: one policy version gives one answer on every deployment. */
const windowSchema = z.strictObject({
  id,
  ...citation,
  days: z.number().int().nonnegative().max(3650),
  why: z.string().min(1),
});

const regionSchema = z.strictObject({
  id,
  bodySiteCodes: z.array(z.string().min(1)),
  words: z.array(z.string().min(1)),
  /** Regions this one includes (whole-spine covers every spine level; pelvis the sacrum and SI joints). */
  covers: z.array(id).optional(),
  /** The one region that means "the spine, level not stated". */
  levelNotStated: z.literal(true).optional(),
});

const anatomySchema = z.strictObject({
  ...citation,
  regions: z.array(regionSchema).min(1),
  icd10cm: z.strictObject({
    /** The ICD-10-CM dorsopathy site character (M40-M54): "6" lumbar, "7" lumbosacral, ... */
    siteCharacters: z.record(z.string().length(1), z.array(id).min(1)),
    rules: z.array(
      z.union([
        z.strictObject({ prefix: z.string().min(1), regions: z.array(id).min(1) }),
        z.strictObject({ prefix: z.string().min(1), siteCharacter: z.number().int().min(4).max(7) }),
      ]),
    ),
  }),
  /** Raised when a prerequisite is met only by facts whose region cannot be compared with the suspicious area. */
  unplaced: z.strictObject({ finding: id, message: z.string().min(1) }),
});

const modalitySchema = z.strictObject({
  modality: z.string().min(1),
  valueSets: z.array(z.string().min(1)),
  words: z.array(z.string().min(1)).min(1),
});

/** How the ordered study is named to clinicians: SPECT alone (78803, 78831) or SPECT/CT (78830, 78832). */
const orderModalitySchema = z.strictObject({
  modality: z.string().min(1),
  codes: z.array(z.string().min(1)),
  words: z.array(z.string().min(1)),
});

const valueSetIds = z.array(z.string().min(1)).min(1);

export const policyDefinitionSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
  title: z.string().min(1),
  effectiveDate: z.iso.date(),
  url: z.url(),
  bullets: z.array(bulletSchema).min(1),
  findings: z.array(findingSchema).min(1),
  windows: z.array(windowSchema),
  anatomy: anatomySchema,
  /** Named phrase lists for plain keyword matching (scope words, modality words; see text.ts). */
  vocabulary: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  conditionRules: z.strictObject({
    countedClinicalStatuses: z.array(z.string().min(1)).min(1),
    countMissingClinicalStatus: z.boolean(),
    /** Statuses that make a Condition history: counted only by criteria that accept history. */
    historicalClinicalStatuses: z.array(z.string().min(1)),
    /** Statuses saying the condition came back after it abated (recurrence, relapse). */
    returnedClinicalStatuses: z.array(z.string().min(1)),
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
    orderModalities: z.array(orderModalitySchema).min(1),
  }),
  indications: z.array(indicationSchema).min(1),
  simultaneous: z.strictObject({
    ...citation,
    finding: id,
    message: z.string().min(1),
    window: id,
    openStatuses: z.array(z.string().min(1)).min(1),
    countMissingAuthoredOn: z.boolean(),
    excludedValueSets: z.array(z.string().min(1)),
    excludedWords: z.string().min(1),
    /** Asked in this order; codes first, then words, so "PET/CT" is PET before its "CT" is read. */
    modalities: z.array(modalitySchema).min(1),
    rationaleWords: z.string().min(1),
  }),
  investigational: z.strictObject({
    ...citation,
    finding: id,
    message: z.string().min(1),
    requires: requirementSchema,
  }),
  otherIndications: z.strictObject({
    ...citation,
    finding: id,
    message: z.string().min(1),
  }),
  guideline: z.strictObject({ ...citation }),
});

export type PolicyDefinition = z.infer<typeof policyDefinitionSchema>;
export type IndicationDefinition = PolicyDefinition['indications'][number];
export type PrerequisiteDefinition = IndicationDefinition['prerequisites'][number];
export type AnatomyDefinition = PolicyDefinition['anatomy'];
