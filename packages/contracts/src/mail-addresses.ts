import { z } from 'zod';

/** A stored inbound mail as admins see it: its processing state, attempts and last error (never its bytes here). */
export const InboundMailRow = z.object({
  id: z.string().uuid(),
  state: z.enum(['received', 'processed', 'failed']),
  receivedAt: z.string(),
  messageId: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  error: z.string().nullable(),
  ticketId: z.string().uuid().nullable(),
  source: z.unknown(),
  /** A delivery report (issue 12 point 5): what it said; it opened no ticket. Null for any other mail. */
  bounce: z
    .object({
      recipient: z.string().nullable(),
      action: z.string().nullable(),
      status: z.string().nullable(),
      permanent: z.boolean(),
      diagnostic: z.string().nullable(),
      reportingMta: z.string().nullable(),
      originalMessageId: z.string().nullable(),
    })
    .nullable(),
});
export type InboundMailRow = z.infer<typeof InboundMailRow>;
export const InboundReplayed = z.object({ id: z.string().uuid(), state: z.enum(['queued', 'processed']) });
