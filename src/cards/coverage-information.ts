/**
 * The Da Vinci CRD coverage-information system action: an `update` of the draft ServiceRequest with the
 * ext-coverage-information extension added. Written to the intersection of CRD 2.0.1 and 2.2 where they agree:
 *
 * - covered / pa-needed / doc-needed / doc-purpose / info-needed are `valueCode` in both versions (the extension
 *   definition says `value[x] only code`); their code systems differ (2.0.1: CodeSystem/temp, 2.2:
 *   CodeSystem/coverage-information-codes), which a code does not need to name.
 * - `detail` uses the 2.2 nested structure (category, code, value); `code` is the policy-link concept of the temp
 *   code system, which 2.2 still binds for backward compatibility.
 * - 2.2 requires a `reason` whenever doc-purpose is present (crd-ci-q8) or info-needed is OTH (crd-ci-q6), so every
 *   assertion carries a reason text from cards.json.
 * - order-select is a supporting hook: no request for clinical documentation there (CRD hook-19).
 */
import type { Extension, ServiceRequest } from 'fhir/r4.js';
import type { Determination } from '../policy/determination.js';
import type { RenderContext } from './context.js';
import type { Action } from './schema.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

export const COVERAGE_INFORMATION_URL =
  'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';
/** CRD temporary code system: coverage detail codes such as policy-link (2.0.1, still bound in 2.2). */
export const CRD_TEMP_SYSTEM = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';

interface Assertion {
  covered: 'covered' | 'not-covered' | 'conditional' | 'indeterminate';
  paNeeded?: 'auth-needed';
  docNeeded?: 'clinical';
  docPurpose?: 'withpa';
  infoNeeded?: 'OTH';
  policyLink: boolean;
}

/** What each outcome asserts, before the hook decides whether documentation may be asked for. */
const ASSERTIONS: Record<Determination['outcome'], Assertion> = {
  'meets-criteria': {
    covered: 'covered',
    paNeeded: 'auth-needed',
    docNeeded: 'clinical',
    docPurpose: 'withpa',
    policyLink: false,
  },
  'needs-documentation': {
    covered: 'covered',
    paNeeded: 'auth-needed',
    docNeeded: 'clinical',
    docPurpose: 'withpa',
    policyLink: false,
  },
  'not-medically-necessary': {
    covered: 'conditional',
    paNeeded: 'auth-needed',
    infoNeeded: 'OTH',
    policyLink: false,
  },
  // crd-ci-q2: not-covered carries no pa-needed.
  investigational: { covered: 'not-covered', policyLink: true },
};

/**
 * A determination that is not "criteria met" and was made without part of the chart (the EHR's FHIR server failed
 * or timed out) may only be negative because data was missing. CRD (resp-43) asks for `indeterminate` with the
 * reason `technical` then, rather than a coverage answer built on data the service could not read.
 */
export function isTechnicallyIndeterminate(determination: Determination): boolean {
  return determination.limitations.length > 0 && determination.outcome !== 'meets-criteria';
}

export function coverageInformationExtension(
  determination: Determination,
  ctx: RenderContext,
  texts: CardTexts,
  assertionId: string,
): Extension {
  const coverage = ctx.coverage;
  if (!coverage) throw new Error('coverage-information needs the member Coverage');
  const indeterminate = isTechnicallyIndeterminate(determination);
  const assertion: Assertion = indeterminate
    ? { ...ASSERTIONS[determination.outcome], covered: 'indeterminate', paNeeded: 'auth-needed' }
    : ASSERTIONS[determination.outcome];
  const askForDocumentation = ctx.hook === 'order-sign';
  const sub: Extension[] = [
    { url: 'coverage', valueReference: { reference: coverage.reference } },
    { url: 'covered', valueCode: assertion.covered },
  ];
  if (assertion.paNeeded) sub.push({ url: 'pa-needed', valueCode: assertion.paNeeded });
  if (askForDocumentation && assertion.docNeeded)
    sub.push({ url: 'doc-needed', valueCode: assertion.docNeeded });
  if (askForDocumentation && assertion.docPurpose)
    sub.push({ url: 'doc-purpose', valueCode: assertion.docPurpose });
  if (assertion.infoNeeded) sub.push({ url: 'info-needed', valueCode: assertion.infoNeeded });
  if (determination.billingCode) {
    const { system, code, display } = determination.billingCode;
    sub.push({ url: 'billingCode', valueCoding: display ? { system, code, display } : { system, code } });
  }
  sub.push({
    url: 'reason',
    valueCodeableConcept: indeterminate
      ? { coding: [{ system: CRD_TEMP_SYSTEM, code: 'technical' }], text: texts.actions.technicalReason }
      : { text: texts.outcomes[determination.outcome].coverageReason },
  });
  if (assertion.policyLink) {
    sub.push({
      url: 'detail',
      extension: [
        { url: 'category', valueCode: 'cat-other' },
        { url: 'code', valueCodeableConcept: { coding: [{ system: CRD_TEMP_SYSTEM, code: 'policy-link' }] } },
        { url: 'value', valueUrl: ctx.policyUrl },
        { url: 'qualification', valueString: `${ctx.insurerName} medical policy ${texts.policy}` },
      ],
    });
  }
  sub.push({ url: 'date', valueDate: ctx.date }, { url: 'coverage-assertion-id', valueString: assertionId });
  return { url: COVERAGE_INFORMATION_URL, extension: sub };
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

/** The update action for one evaluated order, or undefined when the Coverage or the draft itself is unknown. */
export function coverageInformationAction(
  determination: Determination,
  orderName: string,
  ctx: RenderContext,
  texts: CardTexts,
): Action | undefined {
  const draft = ctx.draftResources.get(determination.order);
  if (!ctx.coverage || !draft) return undefined;
  const assertionId = `${determination.policy}:${ctx.newId()}`;
  const resource: ServiceRequest = structuredClone(draft);
  const kept = (resource.extension ?? []).filter(
    (extension) => !isStale(extension, ctx.coverage!.reference, determination.policy),
  );
  resource.extension = [...kept, coverageInformationExtension(determination, ctx, texts, assertionId)];
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
