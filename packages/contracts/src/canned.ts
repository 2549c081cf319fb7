import { z } from 'zod';
import { Locale } from './auth.js';

/**
 * The placeholders a canned response may use, filled in for the ticket it is
 * inserted into. Anything else between `{{` and `}}` is refused when the
 * response is saved, so no customer ever receives a placeholder as typed.
 */
export const CANNED_PLACEHOLDERS = ['customer.name', 'ticket.reference', 'agent.name'] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];

// A whole `{{ name }}`, or a brace pair left open or closed alone (a typo that would reach the customer as typed).
const PLACEHOLDER_OR_STRAY_BRACES = /\{\{[^{}]*\}\}|\{\{|\}\}/g;
const isKnown = (name: string): name is CannedPlaceholder => (CANNED_PLACEHOLDERS as readonly string[]).includes(name);
const nameOf = (token: string) => token.slice(2, -2).trim();

/** The placeholders in `body` that cannot be filled, as typed (`{{customer.nme}}`, a lone `{{`), each once. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = (body.match(PLACEHOLDER_OR_STRAY_BRACES) ?? []).filter((token) => token.length <= 4 || !isKnown(nameOf(token)));
  return [...new Set(unknown)];
}

/**
 * `body` with every known placeholder replaced by its value, in one pass: a value that itself looks like a
 * placeholder (a customer named `{{agent.name}}`) is inserted as it is, never filled again.
 */
export function fillPlaceholders(body: string, values: Record<CannedPlaceholder, string>): string {
  return body.replace(PLACEHOLDER_OR_STRAY_BRACES, (token) => {
    const name = nameOf(token);
    return token.length > 4 && isKnown(name) ? values[name] : token;
  });
}

/** What an agent writes: personal (only the author sees it) or shared with all staff. */
export const CannedResponseInput = z.object({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(10_000),
  locale: Locale,
  shared: z.boolean(),
});
export type CannedResponseInput = z.infer<typeof CannedResponseInput>;

export const CannedResponse = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  locale: Locale,
  shared: z.boolean(),
  /** Null for the responses Centrala was installed with (admins look after them). */
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  /** Whether the asking user may edit and delete it: its author, or an admin for a shared one. */
  canEdit: z.boolean(),
  updatedAt: z.string(),
});
export type CannedResponse = z.infer<typeof CannedResponse>;

/** The responses an agent may insert into one ticket's reply, its customer's language first, each filled in for it. */
export const TicketCannedResponses = z.object({
  language: Locale,
  responses: z.array(CannedResponse.extend({ filled: z.string() })),
});
export type TicketCannedResponses = z.infer<typeof TicketCannedResponses>;
export type FilledCannedResponse = TicketCannedResponses['responses'][number];

/** An agent's signature, added under each of their replies to customers (never under internal notes). */
export const Signature = z.object({ signature: z.string().trim().max(1000) });
export type Signature = z.infer<typeof Signature>;

/** The reply as the customer gets it: the text, then the signature unless it is empty or the text already ends with it. */
export function withSignature(body: string, signature: string): string {
  const sign = signature.trim();
  if (sign === '' || body.trimEnd().endsWith(sign)) return body;
  return `${body.trimEnd()}\n\n${sign}`;
}
