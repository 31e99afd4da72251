/**
 * What the EHR put under one prefetch key. CDS Hooks 2.0: a key that is absent, null, or holds an
 * OperationOutcome was not (or could not be) fulfilled, and the service fetches that data itself. We treat any
 * other value we cannot read the same way rather than misread it as "the patient has no such data".
 */
import type { FactTopic } from './facts.js';
import { readSearchBundle } from './normalize/bundle.js';
import { asString, resourceOfType } from './normalize/fhir-values.js';
import { TOPIC_RESOURCE_TYPE } from './prefetch-templates.js';

export type PrefetchReading =
  | { usable: true; resources: unknown[]; skipped: number; next?: string }
  | { usable: false; why: 'absent' | 'null' | 'operation-outcome' | 'invalid' };

export function readPrefetchValue(topic: FactTopic, value: unknown, patientId: string): PrefetchReading {
  if (value === undefined) return { usable: false, why: 'absent' };
  if (value === null) return { usable: false, why: 'null' };
  if (resourceOfType(value, 'OperationOutcome')) return { usable: false, why: 'operation-outcome' };

  const resourceType = TOPIC_RESOURCE_TYPE[topic];
  if (topic === 'patient') {
    const patient = resourceOfType(value, resourceType);
    // A Patient for someone else is a prefetch we must not use.
    const id = asString(patient?.id);
    if (!patient || (id !== undefined && id !== patientId)) return { usable: false, why: 'invalid' };
    return { usable: true, resources: [patient], skipped: 0 };
  }
  const reading = readSearchBundle(value, resourceType);
  if (!reading.valid) return { usable: false, why: 'invalid' };
  const { resources, skipped, next } = reading;
  return next !== undefined
    ? { usable: true, resources, skipped, next }
    : { usable: true, resources, skipped };
}
