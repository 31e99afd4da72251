/** Shorthands for the expected determination of one order, named after the outcomes. */
import type { FindingCode, IndicationId } from '../../../src/policy/determination.js';
import type { ExpectedDetermination } from '../scenario.js';

export const meetsCriteria = (order: string, ...criteriaMet: IndicationId[]): ExpectedDetermination => ({
  order,
  outcome: 'meets-criteria',
  criteriaMet,
  findings: [],
});

/** An indication is documented but a prerequisite (prior MRI / prior imaging) is missing from the chart. */
export const needsPriorImaging = (order: string, findings: FindingCode[]): ExpectedDetermination => ({
  order,
  outcome: 'needs-documentation',
  criteriaMet: [],
  findings,
});

/** The indication is met, but other advanced imaging is ordered at the same time without a rationale. */
export const simultaneousImaging = (
  order: string,
  otherOrder: string,
  ...criteriaMet: IndicationId[]
): ExpectedDetermination => ({
  order,
  outcome: 'needs-documentation',
  criteriaMet,
  findings: ['simultaneous-advanced-imaging'],
  otherOrder,
});

export const notMedicallyNecessary = (order: string): ExpectedDetermination => ({
  order,
  outcome: 'not-medically-necessary',
  criteriaMet: [],
  findings: ['no-qualifying-indication'],
});

export const investigational = (order: string): ExpectedDetermination => ({
  order,
  outcome: 'investigational',
  criteriaMet: [],
  findings: ['investigational-surgical-planning'],
});
