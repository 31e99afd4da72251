/**
 * Whose data a FHIR resource is: the Patient named by its subject / patient / beneficiary reference. Every record the
 * service reads must be about the hook's context.patientId; one that names anybody else (an EHR mixing charts, a
 * hostile prefetch) is never evidence. Used where bundles become facts (assemble-facts.ts) and on the drafts.
 */
import { asObject, asString } from './normalize/fhir-values.js';

/** The fields that say whose a resource is, per the FHIR R4 types this service reads. */
const PATIENT_FIELDS = ['subject', 'patient', 'beneficiary'] as const;

/** "Patient/1", "https://ehr/fhir/Patient/1", "…/Patient/1/_history/2": type and id; undefined for other forms. */
const LITERAL_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * True when the resource's patient field names someone other than `patientId`: another Patient, or a subject of
 * another type (a Group). A reference the service cannot read as a literal one (a urn:uuid, a contained "#id", an
 * identifier only) or no field at all is not counted against it: the search or prefetch was for this patient, and
 * FHIR makes the field required, so only a positive mismatch is evidence of another patient's record.
 */
export function namesAnotherPatient(resource: unknown, patientId: string): boolean {
  const object = asObject(resource);
  if (!object) return false;
  if (object.resourceType === 'Patient') {
    const id = asString(object.id);
    return id !== undefined && id !== patientId;
  }
  for (const field of PATIENT_FIELDS) {
    const reference = asString(asObject(object[field])?.reference);
    if (reference === undefined) continue;
    const match = LITERAL_REFERENCE.exec(reference);
    if (match && (match[1] !== 'Patient' || match[2] !== patientId)) return true;
  }
  return false;
}

/** Where in a resource the mismatch is, for an error message ("subject"), or undefined when there is none. */
export function anotherPatientField(resource: unknown, patientId: string): string | undefined {
  const object = asObject(resource);
  if (!object || !namesAnotherPatient(resource, patientId)) return undefined;
  if (object.resourceType === 'Patient') return 'id';
  return PATIENT_FIELDS.find((field) => namesAnotherPatient({ [field]: object[field] }, patientId));
}
