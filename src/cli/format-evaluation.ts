/**
 * The evaluation as a policy analyst reads it in a terminal: per order, the outcome, the criteria met with their
 * evidence, the findings and what could not be checked; then the cards as the clinician sees them (indicator,
 * summary, suggestions) and the coverage information the EHR records.
 */
import type { Determination } from '../policy/determination.js';
import type { Evaluation } from './evaluate.js';

interface WireExtension {
  url: string;
  extension?: WireExtension[];
  [key: string]: unknown;
}

interface WireCard {
  indicator?: string;
  summary?: string;
  suggestions?: Array<{ label?: string; isRecommended?: boolean }>;
  overrideReasons?: Array<{ display?: string; code?: string }>;
}

interface WireAction {
  type?: string;
  resource?: { resourceType?: string; id?: string; extension?: WireExtension[] };
}

const COVERAGE_INFORMATION =
  'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';

/** The readable value of a sub-extension: a code, a coding's code, a reference, a text or a plain value. */
function readableValue(extension: WireExtension): string {
  for (const [key, value] of Object.entries(extension)) {
    if (!key.startsWith('value')) continue;
    if (typeof value !== 'object' || value === null) return String(value);
    const v = value as {
      code?: string;
      reference?: string;
      text?: string;
      coding?: Array<{ code?: string }>;
    };
    return v.code ?? v.reference ?? v.coding?.[0]?.code ?? v.text ?? JSON.stringify(value);
  }
  return '';
}

function formatDetermination(determination: Determination): string[] {
  const code = determination.billingCode?.code;
  const lines = [
    `${determination.order}${code ? ` (${code}, ${determination.region})` : ''}: ${determination.outcome}`,
  ];
  for (const criterion of determination.criteria) {
    lines.push(`  criterion met: ${criterion.criterion} (${criterion.bullet})`);
    for (const evidence of criterion.evidence)
      lines.push(`    - ${evidence.description} [${evidence.reference}]`);
  }
  for (const finding of determination.findings) {
    lines.push(`  finding: ${finding.code} (${finding.bullet}): ${finding.message}`);
  }
  for (const limitation of determination.limitations) {
    lines.push(`  not checked: ${limitation.topic}: ${limitation.message}`);
  }
  return lines;
}

function formatCard(card: WireCard, index: number): string[] {
  const lines = [`  ${index + 1}. [${card.indicator ?? '?'}] ${card.summary ?? ''}`];
  for (const suggestion of card.suggestions ?? []) {
    lines.push(
      `     suggestion: ${suggestion.label ?? ''}${suggestion.isRecommended ? ' (recommended)' : ''}`,
    );
  }
  const reasons = (card.overrideReasons ?? []).map((reason) => reason.display ?? reason.code ?? '?');
  if (reasons.length > 0) lines.push(`     override reasons: ${reasons.join('; ')}`);
  return lines;
}

function formatAction(action: WireAction): string[] {
  const resource = action.resource;
  const info = resource?.extension?.find((extension) => extension.url === COVERAGE_INFORMATION);
  const head = `  ${action.type ?? '?'} ${resource?.resourceType ?? '?'}/${resource?.id ?? '?'}`;
  if (!info?.extension) return [head];
  const parts = info.extension
    .filter((sub) => sub.url !== 'reason')
    .map((sub) => `${sub.url}=${readableValue(sub)}`);
  return [`${head}: coverage information`, `    ${parts.join(', ')}`];
}

export function formatEvaluation(evaluation: Evaluation): string {
  const { determinations, response } = evaluation;
  const lines: string[] = [];
  if (determinations.length === 0) {
    lines.push(`${evaluation.hook}: no spine SPECT order in scope; the service answers {"cards": []}.`);
    return `${lines.join('\n')}\n`;
  }
  const first = determinations[0]!;
  lines.push(`${evaluation.hook}, policy ${first.policy} version ${first.policyVersion}`, '');
  lines.push(`Determinations (${determinations.length})`);
  for (const determination of determinations) lines.push(...formatDetermination(determination));
  const cards = response.cards as WireCard[];
  lines.push('', `Cards (${cards.length})`);
  cards.forEach((card, i) => {
    lines.push(...formatCard(card, i));
  });
  const actions = (response.systemActions ?? []) as WireAction[];
  lines.push('', `System actions (${actions.length})`);
  for (const action of actions) lines.push(...formatAction(action));
  if (actions.length === 0)
    lines.push('  none (no Coverage known for the patient, or switched off by the EHR)');
  return `${lines.join('\n')}\n`;
}
