/**
 * The card detail (GitHub-flavoured Markdown), most important first (CRD): the card's own few lines (why, in the
 * policy's words; what is missing; what the clinician can do), then compact lists of what was found (display and
 * date), what could not be checked, and what the prior approval request needs.
 *
 * One answer, one voice: a paragraph or list item that an earlier card of the same answer already showed is not
 * shown again (AnswerBlocks), so the limitations, the prior approval list and evidence shared by two findings
 * appear once, on the first card that needs them. A list whose items were all shown loses its heading too.
 */
import type { Determination, Finding } from '../policy/determination.js';
import { evidenceText, type OrderName } from './evidence.js';
import { markdownText } from './request-text.js';
import { fillTemplate } from './template.js';
import type { CardTexts } from './texts.js';

/** What the cards of one answer have shown so far, by normalised text. */
export class AnswerBlocks {
  private readonly seen = new Set<string>();

  /** True the first time a block (paragraph or list item) is offered in this answer; records it. */
  fresh(block: string): boolean {
    const key = block
      .trim()
      .replace(/^[-*]\s+/, '')
      .replace(/\s+/g, ' ')
      .toLowerCase();
    if (key === '' || this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

export interface DetailParts {
  determination: Determination;
  /** The outcome's or finding's own detail text, already filled: paragraphs separated by blank lines. */
  lead: string;
  /** The finding this card is about, if any: its evidence is listed. */
  finding?: Finding;
  /** Findings mentioned as notes on an outcome card. */
  notes: Finding[];
  /** Whether this answer still has to say what the prior approval request needs (no system action asks for it). */
  priorApproval: boolean;
  /** Names of the other orders the card cites (plain text), so evidence names them as the EHR did. */
  orderName?: OrderName;
}

/** A heading and its items, with the items already shown in this answer left out; nothing when none is left. */
function list(heading: string, items: string[], shown: AnswerBlocks): string | undefined {
  const fresh = items.filter((item) => shown.fresh(item));
  return fresh.length > 0 ? [heading, ...fresh].join('\n') : undefined;
}

export function renderDetail(parts: DetailParts, texts: CardTexts, shown: AnswerBlocks): string | undefined {
  const s = texts.sections;
  const blocks: (string | undefined)[] = parts.lead
    .split(/\n\s*\n/)
    .filter((paragraph) => shown.fresh(paragraph));

  const { criteria, limitations } = parts.determination;
  if (criteria.length > 0) {
    // Criterion lines and their evidence form one nested list; a criterion shown on an earlier card is not repeated.
    const lines: string[] = [];
    for (const criterion of criteria) {
      const line = fillTemplate(s.criterionLine, {
        criterion: texts.indications[criterion.criterion]?.label ?? criterion.criterion,
      });
      const evidence = criterion.evidence
        .map((e) =>
          fillTemplate(s.criterionEvidenceLine, { evidence: evidenceText(e, texts, parts.orderName) }),
        )
        .filter((item) => shown.fresh(item));
      if (shown.fresh(line) || evidence.length > 0) lines.push(line, ...evidence);
    }
    if (lines.length > 0) blocks.push([s.criteriaMetHeading, ...lines].join('\n'));
  }

  if (parts.finding) {
    const items = parts.finding.evidence.map((e) =>
      fillTemplate(s.evidenceLine, { evidence: evidenceText(e, texts, parts.orderName) }),
    );
    blocks.push(list(s.findingEvidenceHeading, items, shown));
  }

  // One line per kind of finding: the same finding about two criteria says the same thing twice.
  const noted = [...new Map(parts.notes.map((note) => [note.code, note])).values()];
  const notes = noted.map((note) =>
    fillTemplate(s.otherFindingLine, { message: markdownText(note.message, 200) }),
  );
  blocks.push(list(s.otherFindingsHeading, notes, shown));

  const gaps = limitations.map((limitation) =>
    fillTemplate(s.limitationLine, {
      topic: texts.limitationTopics[limitation.topic] ?? markdownText(limitation.topic),
      message: markdownText(limitation.message),
    }),
  );
  blocks.push(list(s.limitationsHeading, gaps, shown));

  if (parts.priorApproval) {
    const { heading, items } = texts.priorApproval;
    blocks.push(
      list(
        heading,
        items.map((item) => `- ${item}`),
        shown,
      ),
    );
  }
  const detail = blocks.filter((block): block is string => Boolean(block)).join('\n\n');
  return detail === '' ? undefined : detail;
}
