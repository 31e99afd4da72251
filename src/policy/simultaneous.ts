/**
 * NMN-1: SPECT ordered together with other advanced imaging (MRI, CT, PET of any region) is not medically necessary
 * unless the request documents why all of it is needed at the same time.
 *
 * "Together" means another order in this hook call's drafts, or an order in the EHR that is still open (active,
 * draft, on-hold) and was authored within the policy's simultaneous-ordering window (policy.json `windows`,
 * versioned with the policy) before the call. Completed studies are prior
 * imaging, not simultaneous. Another SPECT or a planar bone scan is part of the same nuclear-medicine exam and is
 * not "other advanced imaging".
 *
 * The rationale is read from the SPECT order itself: a note or reason text that names the other modality and uses
 * a word that gives a reason ("because", "to distinguish", "both", ...). A rationale suppresses the finding for
 * that modality only; whether it is convincing is the reviewer's call, not this service's.
 */
import type { OrderFact, PatientFacts } from '../data/facts.js';
import type { CompiledPolicy } from './compile.js';
import type { Evidence, Finding } from './determination.js';
import { dedupe } from './requirements/kind.js';
import { mentions, type PhraseList, phraseList, withoutPhrases } from './text.js';

const DAY_MS = 86_400_000;

/** The advanced-imaging modality an order requests ("MRI", "CT", "PET"), or undefined when it is not one. */
export function advancedModalityOf(order: OrderFact, policy: CompiledPolicy): string | undefined {
  const rule = policy.definition.simultaneous;
  if (order.resourceType !== 'ServiceRequest') return undefined;
  const texts = [order.codeText, ...order.codes.map((c) => c.display)];
  const excludedByCode = order.codes.some((c) => policy.codes.firstMatch(c, rule.excludedValueSets));
  if (excludedByCode || mentions(policy.words(rule.excludedWords), texts)) return undefined;
  // Codes decide first (a PET/CT code is PET); then words, in the policy's order, PET before CT, so that "PET/CT"
  // is read as PET and not as the CT in its name.
  for (const m of rule.modalities) {
    if (order.codes.some((c) => policy.codes.firstMatch(c, m.valueSets))) return m.modality;
  }
  for (const m of rule.modalities) {
    if (mentions(modalityWords(m.modality, policy), texts)) return m.modality;
  }
  return undefined;
}

function isOpenAndRecent(
  order: OrderFact,
  asOf: string,
  windowDays: number,
  policy: CompiledPolicy,
): boolean {
  const rule = policy.definition.simultaneous;
  if (!order.status || !rule.openStatuses.includes(order.status)) return false;
  const authored = order.authoredOn ? Date.parse(order.authoredOn) : Number.NaN;
  const now = Date.parse(asOf);
  if (Number.isNaN(authored) || Number.isNaN(now)) return rule.countMissingAuthoredOn;
  // An order authored "after" asOf (clock skew between systems) is as simultaneous as one authored just before.
  return now - authored <= windowDays * DAY_MS;
}

/** Drafts of this call are being signed together, whatever their status, unless withdrawn. */
const WITHDRAWN = new Set(['revoked', 'entered-in-error', 'completed']);

/** Whether the SPECT order's own text gives a rationale naming this modality. */
function hasRationale(spect: OrderFact, modality: string, policy: CompiledPolicy): boolean {
  const rule = policy.definition.simultaneous;
  // "SPECT/CT" names the SPECT itself, not a separate CT: strip it before looking for the other modality.
  const texts = [...spect.notes, ...spect.reasonText].map((t) =>
    withoutPhrases(policy.words(rule.excludedWords), t),
  );
  return (
    mentions(modalityWords(modality, policy), texts) && mentions(policy.words(rule.rationaleWords), texts)
  );
}

function modalityWords(modality: string, policy: CompiledPolicy): PhraseList {
  return policy.modalityWords.get(modality) ?? NO_WORDS;
}

const NO_WORDS = phraseList([]);

export function findSimultaneousImaging(
  facts: PatientFacts,
  spect: OrderFact,
  policy: CompiledPolicy,
): Finding | undefined {
  const rule = policy.definition.simultaneous;
  const windowDays = policy.windows.get(rule.window) ?? 0;
  const candidates = [
    ...facts.draftOrders.filter((o) => !(o.status && WITHDRAWN.has(o.status))),
    ...facts.existingOrders.filter((o) => isOpenAndRecent(o, facts.asOf, windowDays, policy)),
  ].filter((o) => o.reference !== spect.reference);

  const evidence: Evidence[] = [];
  const unexplained = new Set<string>();
  for (const other of candidates) {
    const modality = advancedModalityOf(other, policy);
    if (!modality || hasRationale(spect, modality, policy)) continue;
    unexplained.add(modality);
    const what =
      other.codeText ?? other.codes.find((c) => c.display)?.display ?? other.codes[0]?.code ?? 'order';
    evidence.push({
      reference: other.reference,
      description: `${modality}: ${what}${other.draft ? ' (ordered now)' : ''}`,
    });
  }
  if (evidence.length === 0) return undefined;
  return {
    code: rule.finding,
    bullet: rule.bullet,
    policyText: policy.bulletText(rule.bullet),
    message: `${rule.message} Other modality: ${[...unexplained].join(', ')}.`,
    evidence: dedupe(evidence),
  };
}
