/**
 * fast-check generators of PatientFacts around one draft spine SPECT order, drawn from the policy's own value sets
 * (policy/6.01.VT204/value-sets.json), so generated charts hit every rule: indications with and without their
 * prerequisites, prior imaging, prior surgery, degenerative findings, simultaneous orders, MRI contraindications.
 * fast-check shrinks a failing chart to a minimal one and prints its seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../../src/app/load-policy.js';
import type {
  Code,
  ConditionFact,
  ImagingStudyFact,
  OrderFact,
  PatientFacts,
  ProcedureFact,
} from '../../src/data/facts.js';
import { AS_OF, order, policy, SITE } from './builders.js';

interface ValueSetFile {
  valueSets: Array<{ id: string; codes?: Array<{ system: string; code: string; match: string }> }>;
}

const file = JSON.parse(
  readFileSync(join(repoRoot(), 'policy', '6.01.VT204', 'value-sets.json'), 'utf8'),
) as ValueSetFile;

/** The exact codes of value sets whose id matches `pattern`. */
export function codesOf(pattern: RegExp): Code[] {
  return file.valueSets
    .filter((vs) => pattern.test(vs.id))
    .flatMap((vs) => (vs.codes ?? []).map(({ system, code }) => ({ system, code })));
}

const ALL_CODES = codesOf(/./);
const CONDITION_CODES = codesOf(
  /^(indication|history|spine|investigational|axial|surgical|mri|not-mri|tumor|imaging-result)-/,
);
const IMAGING_CODES = codesOf(/^(prior-imaging|advanced-imaging|nm-bone)/);
export const MN_INDICATION_CODES = codesOf(/^indication-/);
/** The first indication: no prerequisite, so one such Condition meets it on its own. */
export const INFECTION_CODES = codesOf(/^indication-spine-infection$/);

const SYSTEMS = [
  'http://hl7.org/fhir/sid/icd-10-cm',
  'http://snomed.info/sct',
  'http://www.ama-assn.org/go/cpt',
  'http://loinc.org',
];

/**
 * A code in no value set of the policy: a random code under a known system (or none), kept only if no value set
 * matches it. Letters and digits only, like real codes.
 */
export const unrelatedCode: fc.Arbitrary<Code> = fc
  .record({
    system: fc.option(fc.constantFrom(...SYSTEMS), { nil: undefined }),
    code: fc.stringMatching(/^[A-Z0-9][A-Z0-9.]{1,7}$/),
  })
  .map(({ system, code }) => (system ? { system, code } : { code }))
  .filter((code) => [...policy().valueSets.values()].every((vs) => vs.match(code) === undefined));

const site = fc.constantFrom(
  SITE.lumbar,
  SITE.thoracic,
  SITE.cervical,
  SITE.sacrum,
  SITE.sacroiliac,
  SITE.pelvis,
  SITE.knee,
);
const date = fc
  .integer({ min: -3 * 365, max: 10 })
  .map((days) => new Date(Date.parse(AS_OF) + days * 86_400_000).toISOString());
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

let seq = 0;
const id = (prefix: string) => `${prefix}-g${++seq}`;

export const conditionFact = (codes: fc.Arbitrary<Code> = fc.constantFrom(...CONDITION_CODES)) =>
  fc
    .record({
      code: codes,
      clinicalStatus: maybe(
        fc.constantFrom('active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'),
      ),
      verificationStatus: maybe(
        fc.constantFrom('confirmed', 'provisional', 'differential', 'unconfirmed', 'refuted'),
      ),
      bodySites: fc.array(site, { maxLength: 2 }),
      recordedDate: maybe(date),
    })
    .map(
      (c): ConditionFact => ({
        reference: `Condition/${id('c')}`,
        codes: [c.code],
        clinicalStatus: c.clinicalStatus,
        verificationStatus: c.verificationStatus,
        bodySites: c.bodySites,
        recordedDate: c.recordedDate,
        fromOrderReason: false,
        source: 'prefetch',
      }),
    );

const imagingStudyFact = fc
  .record({
    code: fc.constantFrom(...IMAGING_CODES),
    modality: fc.constantFrom('MR', 'CT', 'NM', 'PT', 'DX', 'CR'),
    status: maybe(fc.constantFrom('available', 'cancelled', 'registered', 'entered-in-error')),
    bodySites: fc.array(site, { maxLength: 1 }),
    started: maybe(date),
  })
  .map(
    (s): ImagingStudyFact => ({
      reference: `ImagingStudy/${id('is')}`,
      codes: [s.code],
      modalities: [s.modality],
      bodySites: s.bodySites,
      texts: [],
      status: s.status,
      started: s.started,
      source: 'prefetch',
    }),
  );

const procedureFact = fc
  .record({
    code: fc.constantFrom(...ALL_CODES),
    status: maybe(fc.constantFrom('completed', 'not-done')),
    date: maybe(date),
  })
  .map(
    (p): ProcedureFact => ({
      reference: `Procedure/${id('p')}`,
      codes: [p.code],
      status: p.status,
      bodySites: [SITE.lumbar],
      performedDate: p.date,
      source: 'prefetch',
    }),
  );

const NOTES = [
  'surgical planning',
  'pre-operative planning for fusion',
  'rule out osteoid osteoma',
  'MRI not possible',
  'follow-up',
];

const otherImagingOrder = fc
  .record({ code: fc.constantFrom(...IMAGING_CODES), draft: fc.boolean(), authoredOn: maybe(date) })
  .map(
    ({ code, draft, authoredOn }): OrderFact =>
      order({
        id: id('sr'),
        codes: [code],
        draft,
        source: draft ? 'draft' : 'prefetch',
        status: draft ? 'draft' : 'active',
        authoredOn,
      }),
  );

/** A chart around one draft spine SPECT order (the first draft order). */
export const patientFacts: fc.Arbitrary<PatientFacts> = fc
  .record({
    site: fc.constantFrom(SITE.lumbar, SITE.thoracic, SITE.cervical, SITE.sacrum, SITE.sacroiliac),
    cpt: fc.constantFrom('78803', '78830', '78831', '78832'),
    reasons: fc.array(fc.constantFrom(...CONDITION_CODES), { maxLength: 2 }),
    notes: fc.array(fc.constantFrom(...NOTES), { maxLength: 2 }),
    conditions: fc.array(conditionFact(), { maxLength: 6 }),
    imagingStudies: fc.array(imagingStudyFact, { maxLength: 3 }),
    procedures: fc.array(procedureFact, { maxLength: 2 }),
    others: fc.array(otherImagingOrder, { maxLength: 2 }),
  })
  .map((g): PatientFacts => {
    const spect = order({
      id: id('spect'),
      codes: [{ system: 'http://www.ama-assn.org/go/cpt', code: g.cpt }],
      bodySites: [g.site],
      reasonCodes: g.reasons,
      notes: g.notes,
    });
    return {
      patientId: 'p1',
      asOf: AS_OF,
      conditions: g.conditions,
      procedures: g.procedures,
      imagingStudies: g.imagingStudies,
      existingOrders: g.others.filter((o) => !o.draft),
      draftOrders: [spect, ...g.others.filter((o) => o.draft)],
      gaps: [],
    };
  });
