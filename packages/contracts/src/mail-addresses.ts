import { z } from 'zod';

/** An address the SMTP receiver serves, routed to a department (issue 12 point 1); `abuse` ones are kept apart. */
export const MailAddressPurpose = z.enum(['support', 'abuse']);
export const MailAddressEntry = z.object({
  id: z.string().uuid(),
  address: z.string(),
  departmentId: z.string().uuid(),
  purpose: MailAddressPurpose,
  createdAt: z.string(),
});
export const MailAddressInput = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .regex(/^[^\s@+]+@[^\s@]+\.[^\s@]+$/, 'an address like support@example.hr (no +tag: its variants are served with it)'),
  departmentId: z.string().uuid(),
  purpose: MailAddressPurpose.default('support'),
});
export const MailAddressPatch = MailAddressInput.partial().refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type MailAddressEntry = z.infer<typeof MailAddressEntry>;

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
