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
});
export const InboundReplayed = z.object({ id: z.string().uuid(), state: z.enum(['queued', 'processed']) });
