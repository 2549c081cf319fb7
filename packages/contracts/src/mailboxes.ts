import { z } from 'zod';
import { LocalizedText } from './errors.js';

/**
 * IMAP mailboxes the poller fetches support mail from (issue 12 point 1b), as admins see and edit them under
 * /api/admin/mailboxes. The password is write-only: it is sent on create (and on a patch that changes it) and
 * never returned, only `hasPassword`.
 */
const Host = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or address');
/** An IMAP folder path ("INBOX", "Support/Done"); no control characters. */
const Folder = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'no control characters');

export const MailboxInput = z.object({
  name: z.string().trim().min(2).max(80),
  host: Host,
  port: z.number().int().min(1).max(65535).default(993),
  /** true = TLS from the start (port 993); false = STARTTLS when the server offers it (port 143). */
  tls: z.boolean().default(true),
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1000),
  folder: Folder.default('INBOX'),
  /** Where a message is moved once stored; null = it is left where it is (the poller tracks UIDs, not \Seen). */
  processedFolder: Folder.nullable().default(null),
  /** The department new tickets from this mailbox go to; null = the address's or the default. */
  departmentId: z.uuid().nullable().default(null),
  enabled: z.boolean().default(true),
});
export type MailboxInput = z.infer<typeof MailboxInput>;

export const MailboxPatch = z.object({
  name: MailboxInput.shape.name.optional(),
  host: Host.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  tls: z.boolean().optional(),
  username: MailboxInput.shape.username.optional(),
  /** Given = replaces the stored password. */
  password: MailboxInput.shape.password.optional(),
  folder: Folder.optional(),
  processedFolder: Folder.nullable().optional(),
  departmentId: z.uuid().nullable().optional(),
  enabled: z.boolean().optional(),
});
export type MailboxPatch = z.infer<typeof MailboxPatch>;

/** The last problem the poller met (or a connection test found), with its code and a text in both languages. */
export const MailboxProblem = z.object({
  code: z.string(),
  message: LocalizedText,
  /** The server's own words, when it gave any (never a password). */
  detail: z.string().nullable(),
});
export type MailboxProblem = z.infer<typeof MailboxProblem>;

export const Mailbox = z.object({
  id: z.uuid(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  tls: z.boolean(),
  username: z.string(),
  hasPassword: z.boolean(),
  folder: z.string(),
  processedFolder: z.string().nullable(),
  departmentId: z.uuid().nullable(),
  enabled: z.boolean(),
  status: z.object({
    /** The last time the folder was fetched to its end; null = never yet. */
    lastFetchAt: z.string().nullable(),
    /** Messages in the folder not yet stored, as of the last look; null = not yet known. */
    backlog: z.number().int().nullable(),
    lastError: MailboxProblem.nullable(),
    lastErrorAt: z.string().nullable(),
    /** ok = fetched since the last error; error = the last attempt failed; never = not fetched yet. */
    state: z.enum(['ok', 'error', 'never']),
  }),
  createdAt: z.string(),
});
export type Mailbox = z.infer<typeof Mailbox>;

/** A successful connection test: the folder's message count (and UIDVALIDITY). A failed one is an API error. */
export const MailboxTestResult = z.object({
  ok: z.literal(true),
  messages: z.number().int(),
  uidValidity: z.string(),
});
export type MailboxTestResult = z.infer<typeof MailboxTestResult>;
