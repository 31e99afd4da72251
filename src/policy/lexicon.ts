/**
 * The shape of policy/<id>/lexicons.json: the words the text matcher reads (text-matcher.ts), as data a policy
 * analyst reviews beside the value sets. Every entry names the policy bullet(s) it serves; compile checks that
 * they exist, and that every concept a rule asks for is declared.
 *
 * - triggers: phrases that qualify a nearby mention (negation, possible, historical, pseudo, terminator), with the
 *   direction they reach (forward: "no evidence of X"; backward: "X ruled out");
 * - concepts: one per thing a criterion looks for in text (an indication's conditions, prior surgery, pain,
 *   surgical-planning intent), each a list of terms: synonyms and the abbreviations clinicians write.
 */
import { z } from 'zod';

const bullets = z.array(z.string().min(1)).min(1);

const triggerSchema = z.strictObject({
  phrase: z.string().min(1),
  role: z.enum(['negation', 'possible', 'historical', 'pseudo', 'terminator']),
  direction: z.enum(['forward', 'backward']).optional(),
  bullets,
  note: z.string().optional(),
});

const conceptSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'concept ids are lower-case words joined by hyphens'),
  bullets,
  description: z.string().min(1),
  terms: z.array(z.string().min(1)).min(1),
  note: z.string().optional(),
});

export const lexiconFileSchema = z.strictObject({
  policy: z.string().min(1),
  description: z.string().optional(),
  triggers: z.array(triggerSchema).min(1),
  concepts: z.array(conceptSchema).min(1),
});

export type LexiconFile = z.infer<typeof lexiconFileSchema>;
export type LexiconConcept = LexiconFile['concepts'][number];
