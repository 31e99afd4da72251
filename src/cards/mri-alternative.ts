/**
 * The MRI that policy bullets MN-2 and MN-9 want first: a new draft order for the same patient, by the same
 * requester, for the same reasons, imaging the same region. Built from the SPECT draft as the EHR sent it.
 */
import type { ServiceRequest } from 'fhir/r4.js';
import type { SpineRegion } from '../policy/determination.js';
import type { CardTexts } from './texts.js';

export function buildMriDraft(
  spect: ServiceRequest,
  region: SpineRegion,
  date: string,
  texts: CardTexts,
): ServiceRequest {
  const mri = texts.mriAlternatives[region];
  const draft: ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'original-order',
    code: { coding: [{ system: mri.system, code: mri.code, display: mri.display }], text: mri.text },
    subject: spect.subject,
    authoredOn: date,
  };
  // Copy only what the EHR actually sent: FHIR JSON must not carry empty or null elements.
  if (spect.encounter) draft.encounter = spect.encounter;
  if (spect.requester) draft.requester = spect.requester;
  if (spect.reasonCode?.length) draft.reasonCode = spect.reasonCode;
  if (spect.reasonReference?.length) draft.reasonReference = spect.reasonReference;
  if (spect.bodySite?.length) draft.bodySite = spect.bodySite;
  return structuredClone(draft);
}
