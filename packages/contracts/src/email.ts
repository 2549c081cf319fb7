import { z } from 'zod';

/** An address as a mail header gave it. */
export const MailAddress = z.object({ address: z.string(), name: z.string() });
export type MailAddress = z.infer<typeof MailAddress>;

/** One sender check's outcome (SPF, DKIM per signature, DMARC, ARC) and why, as mailauth reported it. */
export const AuthCheck = z.object({ result: z.string(), reason: z.string() });

/** Sender verification of an inbound mail (issue 12 point 4): shown to agents with its reasons. */
export const MailVerification = z.object({
  spf: AuthCheck,
  dkim: z.array(AuthCheck.extend({ domain: z.string() })),
  dmarc: AuthCheck.extend({ policy: z.string().nullable() }),
  arc: AuthCheck,
  /** DMARC passed: From's domain is aligned with a passing SPF or DKIM. */
  dmarcPass: z.boolean(),
  /** A display name that poses as someone else ("Support" <x@evil>), a domain that looks like a known one. */
  flags: z.array(z.enum(['display_name_spoof', 'lookalike_domain'])),
});
export type MailVerification = z.infer<typeof MailVerification>;

/** What an inbound mail was, beside a person writing (issue 12 point 5): none of these gets an automatic reply. */
export const AutoKind = z.enum(['human', 'auto_reply', 'bounce', 'list', 'bulk', 'feedback_report']);
export type AutoKind = z.infer<typeof AutoKind>;

/**
 * An ARF abuse report (RFC 5965), read from its machine-readable part and the returned message, so agents see the
 * feedback type, the reported source and the original message as fields rather than one blob (issue 12 point 1).
 */
export const FeedbackReport = z.object({
  /** abuse, fraud, virus, not-spam, auth-failure, other… (Feedback-Type), lower-case. */
  feedbackType: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The IP address the reported mail came from (Source-IP). */
  sourceIp: z.string().nullable(),
  reportedDomain: z.string().nullable(),
  reportedUris: z.array(z.string()),
  originalMailFrom: z.string().nullable(),
  originalRcptTo: z.array(z.string()),
  arrivalDate: z.string().nullable(),
  reportingMta: z.string().nullable(),
  incidents: z.number().int().nullable(),
  /** The reported message's own headers, when the report carries them. */
  original: z
    .object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      subject: z.string().nullable(),
      messageId: z.string().nullable(),
      date: z.string().nullable(),
    })
    .nullable(),
});
export type FeedbackReport = z.infer<typeof FeedbackReport>;

/**
 * What a message that came by email carries beside its text (ticket_messages.email). Staff only: the customer's own
 * view shows the text. The message's body is the shown text (quoted history and signature trimmed); `fullText` is all of it.
 */
export const EmailMeta = z.object({
  /** The stored raw message (table inbound): its headers and source are one click away for agents. */
  inboundId: z.string().uuid(),
  messageId: z.string().nullable(),
  from: MailAddress.nullable(),
  to: z.array(MailAddress),
  cc: z.array(MailAddress),
  subject: z.string(),
  fullText: z.string(),
  /** Sanitised HTML (sanitize-html); remote images disabled (`data-remote-src`) until the agent allows them. */
  html: z.string().nullable(),
  hasRemoteImages: z.boolean(),
  /**
   * Content-ID (no <>) → the filename of the message's stored attachment it names, for the HTML's `cid:` images. When
   * absent, the agent console matches a Content-ID's part before `@` against the filenames (Outlook's image001.png@…).
   */
  cids: z.record(z.string(), z.string()).optional(),
  verification: MailVerification.nullable(),
  autoKind: AutoKind,
  /** An ARF report's fields (autoKind `feedback_report`). */
  feedback: FeedbackReport.nullable().optional(),
  /** Problems met reading it: `unparseable` (kept as raw source, attached), `charset_unknown`, `truncated`, … */
  warnings: z.array(z.string()),
});
export type EmailMeta = z.infer<typeof EmailMeta>;

/** What mail to an address is for: support (a ticket) or abuse reports (kept apart for the notices; issue 12 point 1). */
export const MailPurpose = z.enum(['support', 'abuse']);
export type MailPurpose = z.infer<typeof MailPurpose>;

/** An address the SMTP receiver serves (table mail_addresses), routed to a department; admins edit them (/api/admin/mail-addresses). */
export const ServedAddress = z.object({
  id: z.uuid(),
  /** Lower-case. */
  address: z.string(),
  departmentId: z.uuid(),
  purpose: MailPurpose,
  createdAt: z.string(),
});
export type ServedAddress = z.infer<typeof ServedAddress>;

export const ServedAddressInput = z.object({
  address: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .regex(
      /^[^\s@<>"(),;:\\[\]+]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/,
      'an address like support@example.hr',
    ),
  departmentId: z.uuid(),
  purpose: MailPurpose.default('support'),
});
export type ServedAddressInput = z.infer<typeof ServedAddressInput>;

export const ServedAddressPatch = z.object({
  address: ServedAddressInput.shape.address.optional(),
  departmentId: z.uuid().optional(),
  purpose: MailPurpose.optional(),
});
export type ServedAddressPatch = z.infer<typeof ServedAddressPatch>;
