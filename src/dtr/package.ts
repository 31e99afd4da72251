/**
 * Questionnaire/$questionnaire-package (DTR 2.1, OperationDefinition questionnaire-package): Parameters in with one
 * Coverage, the order(s), questionnaire canonical(s), the CRD coverage-assertion-id as `context` and `changedsince`;
 * Parameters out with one package Bundle per questionnaire (the Questionnaire first, then a draft
 * QuestionnaireResponse naming the coverage and orders, then the expanded answer ValueSets; no Libraries, as the
 * population logic is FHIRPath, see docs/dtr.md) and an `outcome` with the warnings.
 *
 * Pure: the caller gives the clock and the generated questionnaire; the router authenticates and audits.
 */
import type {
  Bundle,
  Coverage,
  FhirResource,
  OperationOutcome,
  OperationOutcomeIssue,
  Parameters,
  QuestionnaireResponse,
  Reference,
} from 'fhir/r4.js';
import { z } from 'zod';
import { normalizeDraftOrders } from '../data/normalize/draft-orders.js';
import { type CompiledPolicy, selectOrdersInScope } from '../policy/index.js';
import type { GeneratedQuestionnaire } from './questionnaire.js';
import { valueSetResource } from './value-sets.js';

export const QUESTIONNAIRE_PACKAGE_OPERATION =
  'http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package';
const DTR = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition';
export const DTR_QR_PROFILE = `${DTR}/dtr-questionnaireresponse`;
/** CRD doc-purpose / DocReason code: documentation to go with the prior authorization request. */
const CRD_TEMP = 'http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp';

/** Order resource types the operation definition allows. */
const ORDER_TYPES = [
  'Appointment',
  'Encounter',
  'CommunicationRequest',
  'DeviceRequest',
  'MedicationRequest',
  'NutritionOrder',
  'ServiceRequest',
  'SupplyRequest',
  'VisionPrescription',
] as const;

const resourceSchema = z.looseObject({ resourceType: z.string(), id: z.string().optional() });

const parameterSchema = z.looseObject({
  name: z.string().min(1),
  resource: resourceSchema.optional(),
  valueCanonical: z.string().optional(),
  valueUri: z.string().optional(),
  valueString: z.string().optional(),
  valueInstant: z.string().optional(),
});

export const packageParametersSchema = z.looseObject({
  resourceType: z.literal('Parameters'),
  parameter: z.array(parameterSchema).min(1),
});

/** The inputs, validated: what the router audits and the package is built from. */
export interface PackageRequest {
  coverage: Coverage;
  orders: FhirResource[];
  questionnaires: string[];
  context?: string;
  changedSince?: Date;
}

export class PackageInputError extends Error {}

/** The `context` of a request body, read even from one that is invalid otherwise (for the audit record). */
export function contextOf(body: unknown): string | undefined {
  const parameter = (body as { parameter?: unknown } | undefined)?.parameter;
  if (!Array.isArray(parameter)) return undefined;
  const found = parameter.find(
    (p): p is { valueString: string } =>
      typeof p === 'object' && p !== null && p.name === 'context' && typeof p.valueString === 'string',
  );
  return found?.valueString;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads the Parameters per the input profile (dtr-qpackage-input-parameters); a PackageInputError says what is wrong. */
export function readPackageRequest(body: unknown): PackageRequest {
  const parsed = packageParametersSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PackageInputError(
      `the body must be a Parameters resource (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
    );
  }
  const byName = (name: string) => parsed.data.parameter.filter((p) => p.name === name);
  const coverages = byName('coverage');
  if (coverages.length !== 1 || coverages[0]!.resource?.resourceType !== 'Coverage')
    throw new PackageInputError('parameter "coverage": exactly one Coverage resource is required');
  const orders = byName('order').map((p, i) => {
    const type = p.resource?.resourceType;
    if (!type || !(ORDER_TYPES as readonly string[]).includes(type))
      throw new PackageInputError(
        `parameter "order" #${i + 1}: a resource of ${ORDER_TYPES.join(', ')} is required`,
      );
    return p.resource as unknown as FhirResource;
  });
  const questionnaires = byName('questionnaire').map((p, i) => {
    const canonical = p.valueCanonical ?? p.valueUri;
    if (!canonical)
      throw new PackageInputError(`parameter "questionnaire" #${i + 1}: valueCanonical is required`);
    return canonical;
  });
  const contexts = byName('context');
  if (contexts.length > 1) throw new PackageInputError('parameter "context": at most one');
  if (contexts[0] && typeof contexts[0].valueString !== 'string')
    throw new PackageInputError('parameter "context": valueString is required');
  const changed = byName('changedsince');
  if (changed.length > 1) throw new PackageInputError('parameter "changedsince": at most one');
  let changedSince: Date | undefined;
  if (changed[0]) {
    const value = changed[0].valueInstant;
    if (!value || !INSTANT.test(value) || Number.isNaN(Date.parse(value)))
      throw new PackageInputError('parameter "changedsince": valueInstant must be a FHIR instant');
    changedSince = new Date(value);
  }
  const context = contexts[0]?.valueString;
  // dtr-1: at least one of order, questionnaire and context.
  if (orders.length === 0 && questionnaires.length === 0 && context === undefined)
    throw new PackageInputError('at least one of "order", "questionnaire" and "context" is required');
  return {
    coverage: coverages[0]!.resource as unknown as Coverage,
    orders,
    questionnaires,
    ...(context !== undefined ? { context } : {}),
    ...(changedSince ? { changedSince } : {}),
  };
}

export interface PackageDeps {
  policy: CompiledPolicy;
  generated: GeneratedQuestionnaire;
  fhirBase: string;
  publisher: string;
  /** When this questionnaire and its value sets last changed (for changedsince). */
  changedAt: Date;
  now: Date;
  newId: () => string;
}

export interface PackageAnswer {
  parameters: Parameters;
  /** The canonicals of the questionnaires returned (for the audit). */
  returned: string[];
}

function issue(severity: OperationOutcomeIssue['severity'], text: string): OperationOutcomeIssue {
  return { severity, code: severity === 'information' ? 'informational' : 'not-found', details: { text } };
}

/** Which questionnaires the request asks for, and the warnings for those this service does not have (oper-9). */
function wanted(request: PackageRequest, deps: PackageDeps, issues: OperationOutcomeIssue[]): boolean {
  const q = deps.generated.questionnaire;
  if (request.questionnaires.length > 0) {
    let ours = false;
    for (const canonical of request.questionnaires) {
      const [url, version] = canonical.split('|');
      if (url === q.url && (version === undefined || version === q.version)) ours = true;
      else
        issues.push(
          issue('warning', `Questionnaire ${canonical} is not known here; known: ${q.url}|${q.version}`),
        );
    }
    return ours;
  }
  // No questionnaire named: the policy decides from the orders (and the context this service issued).
  const bundle = { resourceType: 'Bundle', entry: request.orders.map((resource) => ({ resource })) };
  const inScope = selectOrdersInScope(normalizeDraftOrders(bundle), undefined, deps.policy);
  if (inScope.length > 0) return true;
  const fromHere = request.context?.startsWith(`${deps.policy.id}:`) ?? false;
  if (fromHere && request.orders.length === 0) return true;
  issues.push(
    issue(
      'information',
      `None of the orders is a SPECT or SPECT/CT of the spine, so medical policy ${deps.policy.id} asks for no documentation for them.`,
    ),
  );
  return false;
}

function reference(resource: { resourceType: string; id?: string }): Reference | undefined {
  return resource.id ? { reference: `${resource.resourceType}/${resource.id}` } : undefined;
}

/** The draft QuestionnaireResponse of the package (DTR oper-18): which questionnaire, member, coverage and orders. */
function draftResponse(request: PackageRequest, deps: PackageDeps, canonical: string): QuestionnaireResponse {
  const contexts = [reference(request.coverage), ...request.orders.map(reference)].filter(
    (r): r is Reference => r !== undefined,
  );
  const subject = request.coverage.beneficiary;
  return {
    resourceType: 'QuestionnaireResponse',
    id: deps.newId(),
    meta: { profile: [DTR_QR_PROFILE] },
    extension: [
      ...contexts.map((valueReference) => ({ url: `${DTR}/qr-context`, valueReference })),
      {
        url: `${DTR}/intendedUse`,
        valueCodeableConcept: { coding: [{ system: CRD_TEMP, code: 'withpa' }] },
      },
    ],
    questionnaire: canonical,
    status: 'in-progress',
    ...(subject?.reference ? { subject: { reference: subject.reference } } : {}),
  };
}

export function questionnairePackage(request: PackageRequest, deps: PackageDeps): PackageAnswer {
  const issues: OperationOutcomeIssue[] = [];
  const { questionnaire } = deps.generated;
  const canonical = `${questionnaire.url}|${questionnaire.version}`;
  let include = wanted(request, deps, issues);
  if (include && request.changedSince && request.changedSince >= deps.changedAt) {
    include = false;
    issues.push(
      issue('information', `${canonical} has not changed since ${request.changedSince.toISOString()}.`),
    );
  }
  const parameter: NonNullable<Parameters['parameter']> = [];
  if (include) {
    const timestamp = deps.now.toISOString();
    const valueSets = deps.generated.valueSets.map((vs) =>
      valueSetResource(vs, {
        fhirBase: deps.fhirBase,
        version: questionnaire.version!,
        publisher: deps.publisher,
        timestamp,
      }),
    );
    const entries: FhirResource[] = [questionnaire, draftResponse(request, deps, canonical), ...valueSets];
    const bundle: Bundle = {
      resourceType: 'Bundle',
      id: deps.newId(),
      meta: { profile: ['http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/DTR-QPackageBundle'] },
      type: 'collection',
      timestamp,
      entry: entries.map((resource) => ({
        ...('url' in resource && typeof resource.url === 'string' ? { fullUrl: resource.url } : {}),
        resource,
      })),
    };
    parameter.push({ name: 'packagebundle', resource: bundle });
  }
  if (issues.length > 0) {
    const outcome: OperationOutcome = { resourceType: 'OperationOutcome', issue: issues };
    parameter.push({ name: 'outcome', resource: outcome });
  }
  return {
    parameters: {
      resourceType: 'Parameters',
      meta: {
        profile: ['http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-qpackage-output-parameters'],
      },
      parameter,
    },
    returned: include ? [canonical] : [],
  };
}
