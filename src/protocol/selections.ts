/**
 * order-select `selections` -> the draft orders they name. The hook library says "ResourceType/id" of a resource
 * in draftOrders; EHRs also send the bare id, or the Bundle entry's `fullUrl` (an absolute URL, or a urn:uuid for a
 * draft the EHR has not stored yet). Each form is matched exactly against the drafts of this call, never guessed:
 * a selection that names no draft matches nothing, and is reported so the call can be logged.
 */

export interface DraftEntry {
  resourceType: string;
  /** The id the draft is cited by ("ServiceRequest/<id>"): its own id, or the one assigned from its fullUrl. */
  id: string;
  fullUrl?: string;
}

export interface SelectionMatch {
  /** "ResourceType/id" of every draft some selection names, in the drafts' order. */
  references: string[];
  /** The selections that named no draft. */
  unmatched: string[];
}

/** "https://ehr/fhir/ServiceRequest/1357" or ".../ServiceRequest/1357/_history/2" -> "ServiceRequest/1357". */
function typeAndIdOfUrl(value: string): string | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/.exec(
    value,
  );
  return match ? `${match[1]}/${match[2]}` : undefined;
}

export function matchSelections(
  selections: readonly string[],
  drafts: readonly DraftEntry[],
): SelectionMatch {
  const byReference = new Map<string, string>();
  const byFullUrl = new Map<string, string>();
  const byBareId = new Map<string, string[]>();
  /** Drafts whose entry has no fullUrl: an absolute URL may name them by its type and id. */
  const withoutFullUrl = new Map<string, string>();
  for (const draft of drafts) {
    const reference = `${draft.resourceType}/${draft.id}`;
    byReference.set(reference, reference);
    if (draft.fullUrl) byFullUrl.set(draft.fullUrl, reference);
    else withoutFullUrl.set(reference, reference);
    byBareId.set(draft.id, [...(byBareId.get(draft.id) ?? []), reference]);
  }
  const selected = new Set<string>();
  const unmatched: string[] = [];
  for (const raw of selections) {
    const selection = raw.trim();
    const bare = byBareId.get(selection);
    const found =
      byReference.get(selection) ??
      byFullUrl.get(selection) ??
      // A bare id names a draft only when exactly one draft has it (a ServiceRequest and a MedicationRequest may
      // share an id).
      (bare?.length === 1 ? bare[0] : undefined) ??
      // An absolute URL names a draft whose entry carries no fullUrl by its type and id (a URL on another base
      // than a draft's own fullUrl is another resource).
      (/^https?:\/\//i.test(selection) ? withoutFullUrl.get(typeAndIdOfUrl(selection) ?? '') : undefined);
    if (found) selected.add(found);
    else unmatched.push(selection);
  }
  const references = [...byReference.keys()].filter((reference) => selected.has(reference));
  return { references, unmatched };
}
