/**
 * The prefetch templates for the loaded policy: discovery advertises them and the FHIR fallback runs them, so both
 * come from here. What the policy reads (the statuses it counts) is policy data; how a FHIR search says it is the
 * data layer's (src/data/prefetch-templates.ts).
 */

import type { FactTopic } from '../data/facts.js';
import { type ChartReading, prefetchTemplates } from '../data/prefetch-templates.js';
import type { CompiledPolicy } from '../policy/index.js';

export function chartReadingOf(policy: CompiledPolicy): ChartReading {
  const rules = policy.definition;
  return {
    excludedProcedureStatuses: rules.procedureRules.excludedStatuses,
    countedImagingStatuses: rules.imagingRules.countedStatuses,
    openOrderStatuses: rules.simultaneous.openStatuses,
  };
}

export function policyPrefetchTemplates(policy: CompiledPolicy): Readonly<Record<FactTopic, string>> {
  return prefetchTemplates(chartReadingOf(policy));
}
