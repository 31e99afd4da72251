/** CDS Hooks 2.0 feedback: what the clinician did with each card (#feedback). */
import { z } from 'zod';
import { codingSchema } from './common.js';
import { optional } from './fhir-datatypes.js';

export const feedbackItemSchema = z
  .looseObject({
    /** The uuid of the card the feedback is about. */
    card: z.string().min(1),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: optional(z.array(z.looseObject({ id: z.string().min(1) }))),
    overrideReason: optional(
      z.looseObject({
        reason: optional(codingSchema),
        userComment: optional(z.string()),
      }),
    ),
    outcomeTimestamp: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  })
  .superRefine((item, ctx) => {
    if (item.outcome === 'accepted' && !item.acceptedSuggestions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'is required (at least one suggestion id) when outcome is accepted',
      });
    }
    if (item.outcome === 'accepted' && item.overrideReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['overrideReason'],
        message: 'is only allowed when outcome is overridden',
      });
    }
  });

export const feedbackRequestSchema = z.looseObject({
  feedback: z.array(feedbackItemSchema).min(1),
});

export type FeedbackItem = z.infer<typeof feedbackItemSchema>;
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
