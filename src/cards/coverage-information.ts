/**
 * The Da Vinci CRD coverage-information system action: an `update` of the draft ServiceRequest with the
 * ext-coverage-information extension added, in the shape of the CRD version the call asked for (RenderContext
 * crdVersion; docs/integration.md has the table). Where CRD 2.0.1 and 2.2 differ:
 *
 * - `covered: indeterminate` exists in 2.2 only (resp-43: a technical failure). In 2.0 the same answer is
 *   `conditional` with `info-needed: OTH` and a detail saying what could not be read.
 * - `detail` has a `category` and may carry a `valueUrl` in 2.2; 2.0.1 knows only code, value (boolean, string,
 *   Quantity, Period) and qualification. Detail codes: 2.2 binds THO crd-coverage-detail (policy-link,
 *   instructions); 2.0.1's extensible value set has neither, so the 2.0 answer names the detail in text.
 * - covered / pa-needed / doc-needed / doc-purpose / info-needed are `valueCode` in both versions.
 *
 * What every version gets: `info-needed` always carries a detail saying what is needed (2.2 FSH comment on
 * info-needed OTH); `doc-needed` carries a detail naming the documentation the prior approval request must hold;
 * every assertion carries a reason (2.2 crd-ci-q6/q8/q9). order-select is a supporting hook: no request for
 * clinical documentation there (CRD hook-19).
 */
import type { CodeableConcept, Extension, ServiceRequest } from 'fhir/r4.js';
import type { Determination } from '../policy/determination.js';
import type { CrdVersion, RenderContext } from './context.js';
import type { Action } from './schema.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

export const COVERAGE_INFORMATION_URL =
  'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
/** CRD temporary code system: coverage assertion reasons such as `technical` (still bound in 2.2). */
export const CRD_TEMP_SYSTEM = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';
/** CRD 2.2 coverage detail codes (policy-link, instructions), now in THO. */
export const CRD_COVERAGE_DETAIL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/crd-coverage-detail';
/** The version a call is answered in when the cards layer is not told: the newest. */
export const DEFAULT_CRD_VERSION: CrdVersion = '2.2';

/** Card `source.topic` code system per CRD version: 2.2 uses THO cdshooks-card-type, 2.0.1 its temp code system. */
export function cardTopicSystem(version: CrdVersion): string {
  return version === '2.0' ? CRD_TEMP_SYSTEM : 'http://terminology.hl7.org/CodeSystem/cdshooks-card-type';
}

interface Assertion {
  covered: 'covered' | 'not-covered' | 'conditional' | 'indeterminate';
  paNeeded?: 'auth-needed';
  /** Clinical documentation with the prior approval request (order-sign only, hook-19). */
  documentation: boolean;
  infoNeeded?: 'OTH';
  policyLink: boolean;
}

/** What each outcome asserts, before the hook decides whether documentation may be asked for. */
const ASSERTIONS: Record<Determination['outcome'], Assertion> = {
  'meets-criteria': { covered: 'covered', paNeeded: 'auth-needed', documentation: true, policyLink: false },
  'needs-documentation': {
    covered: 'covered',
    paNeeded: 'auth-needed',
    documentation: true,
    policyLink: false,
  },
  // Coverage turns on an indication the chart does not show: what is needed is named, and the prior approval
  // request is where it goes (the 2.2 comment on info-needed OTH: there SHOULD also be a doc-needed).
  'not-medically-necessary': {
    covered: 'conditional',
    paNeeded: 'auth-needed',
    documentation: true,
    infoNeeded: 'OTH',
    policyLink: true,
  },
  // crd-ci-q2: not-covered carries no pa-needed.
  investigational: { covered: 'not-covered', documentation: false, policyLink: true },
};

/**
 * A determination that is not "criteria met" and was made without part of the chart (the EHR's FHIR server failed
 * or timed out) may only be negative because data was missing. CRD (resp-43) asks for `indeterminate` with the
 * reason `technical` then, rather than a coverage answer built on data the service could not read.
 */
export function isTechnicallyIndeterminate(determination: Determination): boolean {
  return determination.limitations.length > 0 && determination.outcome !== 'meets-criteria';
}

/** The assertion for this determination in this version: a technical failure is indeterminate (2.2) or conditional (2.0). */
function assertionFor(determination: Determination, version: CrdVersion): Assertion {
  const base = ASSERTIONS[determination.outcome];
  if (!isTechnicallyIndeterminate(determination)) return base;
  return version === '2.0'
    ? { ...base, covered: 'conditional', paNeeded: 'auth-needed', infoNeeded: 'OTH' }
    : { ...base, covered: 'indeterminate', paNeeded: 'auth-needed', infoNeeded: undefined };
}

type DetailValue = { valueString: string } | { valueUrl: string };

/** One `detail` in the version's shape: 2.2 with a category and THO code, 2.0 with the code named in text. */
function detail(
  version: CrdVersion,
  code: 'policy-link' | 'instructions',
  value: DetailValue,
  qualification?: string,
): Extension {
  const parts: Extension[] = [];
  if (version === '2.2') {
    parts.push(
      { url: 'category', valueCode: 'cat-other' },
      { url: 'code', valueCodeableConcept: { coding: [{ system: CRD_COVERAGE_DETAIL_SYSTEM, code }] } },
      { url: 'value', ...value },
    );
  } else {
    const text = code === 'policy-link' ? 'Policy link' : 'Instructions';
    const asString = 'valueUrl' in value ? { valueString: value.valueUrl } : value;
    parts.push({ url: 'code', valueCodeableConcept: { text } }, { url: 'value', ...asString });
  }
  if (qualification) parts.push({ url: 'qualification', valueString: qualification });
  return { url: 'detail', extension: parts };
}

/** The indications the documentation is about: those met, else those a finding is about. */
function criteriaOf(determination: Determination, texts: CardTexts): string {
  const ids = new Set([
    ...determination.criteriaMet,
    ...determination.findings.flatMap((finding) => (finding.criterion ? [finding.criterion] : [])),
  ]);
  // Every indication has its text (checked against the policy at start-up).
  const names = [...ids].flatMap((id) => texts.indications[id]?.short ?? []);
  return names.length > 0 ? names.join(', ') : texts.actions.anyIndication;
}

/** The details of one assertion: what documentation, what information, which policy. */
function detailsFor(
  determination: Determination,
  assertion: Assertion,
  askForDocumentation: boolean,
  ctx: RenderContext,
  texts: CardTexts,
  version: CrdVersion,
): Extension[] {
  const details: Extension[] = [];
  const values = {
    insurer: ctx.insurerName,
    policyId: texts.policy,
    criteria: criteriaOf(determination, texts),
  };
  if (assertion.infoNeeded) {
    const what = isTechnicallyIndeterminate(determination)
      ? texts.actions.technicalReason
      : fillTemplate(texts.actions.informationNeeded, values);
    details.push(detail(version, 'instructions', { valueString: what }));
  }
  if (askForDocumentation) {
    const documentation = fillTemplate(texts.actions.documentationNeeded, values);
    details.push(detail(version, 'instructions', { valueString: documentation }));
    // What the chart lacks, in the policy's words: each finding's one-sentence message.
    for (const finding of determination.findings) {
      details.push(detail(version, 'instructions', { valueString: finding.message }));
    }
  }
  if (assertion.policyLink) {
    const qualification = `${ctx.insurerName} medical policy ${texts.policy}`;
    details.push(detail(version, 'policy-link', { valueUrl: ctx.policyUrl }, qualification));
  }
  return details;
}

export function coverageInformationExtension(
  determination: Determination,
  ctx: RenderContext,
  texts: CardTexts,
  assertionId: string,
): Extension {
  const coverage = ctx.coverage;
  if (!coverage) throw new Error('coverage-information needs the member Coverage');
  const version = ctx.crdVersion ?? DEFAULT_CRD_VERSION;
  const assertion = assertionFor(determination, version);
  const askForDocumentation = ctx.hook === 'order-sign' && assertion.documentation;
  const sub: Extension[] = [
    { url: 'coverage', valueReference: { reference: coverage.reference } },
    { url: 'covered', valueCode: assertion.covered },
  ];
  if (assertion.paNeeded) sub.push({ url: 'pa-needed', valueCode: assertion.paNeeded });
  if (askForDocumentation) {
    sub.push({ url: 'doc-needed', valueCode: 'clinical' }, { url: 'doc-purpose', valueCode: 'withpa' });
    // resp-38: the questionnaire DTR is to complete; its package request echoes the coverage-assertion-id below.
    if (ctx.questionnaire) sub.push({ url: 'questionnaire', valueCanonical: ctx.questionnaire });
  }
  if (assertion.infoNeeded) sub.push({ url: 'info-needed', valueCode: assertion.infoNeeded });
  if (determination.billingCode) {
    const { system, code, display } = determination.billingCode;
    sub.push({ url: 'billingCode', valueCoding: display ? { system, code, display } : { system, code } });
  }
  sub.push({ url: 'reason', valueCodeableConcept: reasonFor(determination, texts, version) });
  sub.push(...detailsFor(determination, assertion, askForDocumentation, ctx, texts, version));
  sub.push({ url: 'date', valueDate: ctx.date }, { url: 'coverage-assertion-id', valueString: assertionId });
  return { url: COVERAGE_INFORMATION_URL, extension: sub };
}

/** 2.2 codes a technical failure (temp#technical); 2.0.1's temp code system has no such code, so text only. */
function reasonFor(determination: Determination, texts: CardTexts, version: CrdVersion): CodeableConcept {
  if (!isTechnicallyIndeterminate(determination)) {
    return { text: texts.outcomes[determination.outcome].coverageReason };
  }
  const text = texts.actions.technicalReason;
  return version === '2.0' ? { text } : { coding: [{ system: CRD_TEMP_SYSTEM, code: 'technical' }], text };
}

/**
 * An earlier coverage-information extension is stale when it is about the same Coverage (CRD keeps one assertion
 * per coverage on a request) or was written by this service for this policy (its assertion id carries the policy).
 */
function isStale(extension: Extension, coverageReference: string, policy: string): boolean {
  if (extension.url !== COVERAGE_INFORMATION_URL) return false;
  const parts = extension.extension ?? [];
  const coverage = parts.find((part) => part.url === 'coverage')?.valueReference?.reference;
  const assertionId = parts.find((part) => part.url === 'coverage-assertion-id')?.valueString;
  return coverage === coverageReference || (assertionId?.startsWith(`${policy}:`) ?? false);
}

/** What an assertion says, without when it was said or its trace id: equal for an unchanged answer. */
function assertionContent(extension: Extension): string {
  const parts = (extension.extension ?? []).filter(
    (part) => part.url !== 'date' && part.url !== 'coverage-assertion-id',
  );
  return JSON.stringify(parts.map((part) => JSON.stringify(part)).sort());
}

/**
 * CRD resp-29/resp-35: no update unless something is new or changed. A draft that already carries this service's
 * assertion for the same Coverage with the same content (an order-sign after an order-select whose action the EHR
 * applied, when the order-select answer already held all of it) gets no second update.
 */
function alreadyAsserted(
  draft: ServiceRequest,
  fresh: Extension,
  coverageReference: string,
  policy: string,
): boolean {
  const content = assertionContent(fresh);
  return (draft.extension ?? []).some(
    (extension) => isStale(extension, coverageReference, policy) && assertionContent(extension) === content,
  );
}

/**
 * The update action for one evaluated order; undefined when the Coverage or the draft itself is unknown, or when
 * the draft already carries the same assertion (resp-35).
 */
export function coverageInformationAction(
  determination: Determination,
  orderName: string,
  ctx: RenderContext,
  texts: CardTexts,
): Action | undefined {
  const draft = ctx.draftResources.get(determination.order);
  if (!ctx.coverage || !draft) return undefined;
  const assertionId = `${determination.policy}:${ctx.newId()}`;
  const assertion = coverageInformationExtension(determination, ctx, texts, assertionId);
  if (alreadyAsserted(draft, assertion, ctx.coverage.reference, determination.policy)) return undefined;
  const resource: ServiceRequest = structuredClone(draft);
  const kept = (resource.extension ?? []).filter(
    (extension) => !isStale(extension, ctx.coverage!.reference, determination.policy),
  );
  resource.extension = [...kept, assertion];
  return {
    type: 'update',
    description: fillTemplate(texts.actions.coverageInformation, {
      insurer: ctx.insurerName,
      policyId: texts.policy,
      order: orderName,
    }),
    resource,
  };
}
