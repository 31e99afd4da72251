/** ImagingStudy -> ImagingStudyFact: what prior imaging exists, of which modality and body site. */
import type { Code, FactSource, ImagingStudyFact } from '../facts.js';
import {
  asArray,
  asObject,
  asString,
  codingsToCodes,
  conceptListCodes,
  conceptText,
  resourceOfType,
} from './fhir-values.js';

/** Returns undefined when the value is not an ImagingStudy with an id. */
export function normalizeImagingStudy(value: unknown, source: FactSource): ImagingStudyFact | undefined {
  const study = resourceOfType(value, 'ImagingStudy');
  const id = asString(study?.id);
  if (!study || !id) return undefined;

  // The study-level modality list is optional and often omitted; the series carry the modality reliably.
  const modalities = new Set<string>();
  const bodySites: Code[] = [];
  const texts: string[] = [];
  for (const concept of asArray(study.procedureCode)) {
    const text = conceptText(concept);
    if (text) texts.push(text);
  }
  for (const coding of codingsToCodes(study.modality)) modalities.add(coding.code);
  for (const item of asArray(study.series)) {
    const series = asObject(item);
    if (!series) continue;
    for (const coding of codingsToCodes([series.modality])) modalities.add(coding.code);
    codingsToCodes([series.bodySite], bodySites);
    // Series descriptions often name the region when the study's own description does not ("SAG T2 L-SPINE").
    const description = asString(series.description);
    if (description) texts.push(description);
  }

  const fact: ImagingStudyFact = {
    reference: `ImagingStudy/${id}`,
    codes: conceptListCodes(study.procedureCode),
    modalities: [...modalities],
    bodySites,
    texts,
    source,
  };
  const status = asString(study.status);
  if (status) fact.status = status;
  const started = asString(study.started);
  if (started) fact.started = started;
  const description = asString(study.description);
  if (description) fact.description = description;
  return fact;
}
