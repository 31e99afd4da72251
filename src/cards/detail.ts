/**
 * The card detail: GitHub-flavoured markdown, most important first (CRD resp-8): what the card is about, the
 * criteria met with their evidence, what triggered the finding, what the service could not check, what the
 * prior approval request must document (the policy's Policy Guidelines), and the policy link.
 */
import type { Determination, Evidence, Finding } from '../policy/determination.js';
import { escapeMarkdown } from './markdown.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

export interface DetailParts {
  determination: Determination;
  /** The outcome's or finding's own detail text, already filled. */
  lead: string;
  /** The finding this card is about, if any: its evidence is listed. */
  finding?: Finding;
  /** Findings mentioned as notes on an outcome card. */
  notes: Finding[];
  /** Say which order the card concerns (when the call has several orders). */
  orderLine?: string;
  /** Values shared by all templates (insurer, policyId, policyUrl, ...). */
  values: Readonly<Record<string, string>>;
}

export function evidenceText(evidence: Evidence): string {
  return `${escapeMarkdown(evidence.description)} (${escapeMarkdown(evidence.reference)})`;
}

export function renderDetail(parts: DetailParts, texts: CardTexts): string {
  const s = texts.sections;
  const fill = (template: string, extra: Record<string, string> = {}) =>
    fillTemplate(template, { ...parts.values, ...extra });
  const blocks: string[] = [parts.lead];
  if (parts.orderLine) blocks.push(parts.orderLine);

  const { criteria } = parts.determination;
  if (criteria.length === 0) {
    blocks.push(fill(s.noCriteriaMet));
  } else {
    const lines = [fill(s.criteriaMetHeading)];
    for (const criterion of criteria) {
      lines.push(
        fill(s.criterionLine, {
          criterion: texts.indications[criterion.criterion]?.label ?? criterion.criterion,
          bullet: criterion.bullet,
        }),
      );
      for (const evidence of criterion.evidence)
        lines.push(fill(s.evidenceLine, { evidence: evidenceText(evidence) }));
    }
    blocks.push(lines.join('\n'));
  }

  if (parts.finding && parts.finding.evidence.length > 0) {
    const lines = [fill(s.findingEvidenceHeading)];
    // Same line template as under a criterion, but at the top level of this list.
    for (const evidence of parts.finding.evidence) {
      lines.push(fill(s.evidenceLine, { evidence: evidenceText(evidence) }).trimStart());
    }
    blocks.push(lines.join('\n'));
  }

  if (parts.notes.length > 0) {
    const lines = [fill(s.otherFindingsHeading)];
    for (const note of parts.notes) {
      lines.push(fill(s.otherFindingLine, { message: escapeMarkdown(note.message), bullet: note.bullet }));
    }
    blocks.push(lines.join('\n'));
  }

  const { limitations } = parts.determination;
  if (limitations.length > 0) {
    const lines = [fill(s.limitationsHeading)];
    for (const limitation of limitations) {
      const topic = texts.limitationTopics[limitation.topic] ?? escapeMarkdown(limitation.topic);
      lines.push(fill(s.limitationLine, { topic, message: escapeMarkdown(limitation.message) }));
    }
    blocks.push(lines.join('\n'));
  }

  blocks.push(`${fill(s.priorApprovalHeading)}\n${fill(s.priorApproval)}`);
  blocks.push(fill(s.policyLink));
  return blocks.join('\n\n');
}
