/** Procedure -> ProcedureFact (prior surgery, fixation, fusion). */
import type { FactSource, ProcedureFact } from '../facts.js';
import {
  asString,
  conceptCodes,
  conceptListCodes,
  conceptListText,
  conceptText,
  firstDate,
  resourceOfType,
} from './fhir-values.js';

/** Returns undefined when the value is not a Procedure with an id. */
export function normalizeProcedure(value: unknown, source: FactSource): ProcedureFact | undefined {
  const procedure = resourceOfType(value, 'Procedure');
  const id = asString(procedure?.id);
  if (!procedure || !id) return undefined;

  const fact: ProcedureFact = {
    reference: `Procedure/${id}`,
    codes: conceptCodes(procedure.code),
    bodySites: conceptListCodes(procedure.bodySite),
    source,
  };
  const bodySiteText = conceptListText(procedure.bodySite);
  if (bodySiteText) fact.bodySiteText = bodySiteText;
  const text = conceptText(procedure.code);
  if (text) fact.text = text;
  const status = asString(procedure.status);
  if (status) fact.status = status;
  // performed[x]: a dateTime, or a Period whose start is when the surgery happened.
  const performedDate = firstDate(procedure, ['performedDateTime', 'performedPeriod']);
  if (performedDate) fact.performedDate = performedDate;
  return fact;
}
