import type { LocalizedText, MailboxProblem } from '@centrala/contracts';
import { text } from '../../../shared/text.js';

/** What went wrong talking to an IMAP server, as a code admins and programs key on. */
export type ImapProblemCode =
  | 'mailbox.connection_failed'
  | 'mailbox.tls_failed'
  | 'mailbox.timeout'
  | 'mailbox.auth_failed'
  | 'mailbox.folder_missing'
  | 'mailbox.move_failed'
  | 'mailbox.store_failed'
  | 'mailbox.password_unreadable';

const TEXTS: Record<ImapProblemCode, LocalizedText> = {
  'mailbox.connection_failed': text(
    'Could not connect to the IMAP server: check the host and port.',
    'Spajanje na IMAP poslužitelj nije uspjelo: provjerite adresu i port.',
  ),
  'mailbox.tls_failed': text(
    'The secure (TLS) connection to the IMAP server failed: check the TLS setting and port (993 with TLS, 143 without) and the server certificate.',
    'Sigurna (TLS) veza s IMAP poslužiteljem nije uspjela: provjerite postavku TLS i port (993 s TLS-om, 143 bez) te certifikat poslužitelja.',
  ),
  'mailbox.timeout': text('The IMAP server did not answer in time.', 'IMAP poslužitelj nije odgovorio na vrijeme.'),
  'mailbox.auth_failed': text(
    'The IMAP server refused the username or password.',
    'IMAP poslužitelj nije prihvatio korisničko ime ili lozinku.',
  ),
  'mailbox.folder_missing': text(
    'The folder does not exist in this mailbox (folder names are case-sensitive).',
    'Mapa ne postoji u ovom sandučiću (nazivi mapa razlikuju velika i mala slova).',
  ),
  'mailbox.move_failed': text(
    'A stored message could not be moved to the processed folder; it will be tried again.',
    'Spremljena poruka nije premještena u mapu obrađenih; pokušat će se ponovno.',
  ),
  'mailbox.store_failed': text(
    'A fetched message could not be stored (is the database reachable?); it will be fetched again.',
    'Dohvaćena poruka nije spremljena (je li baza podataka dostupna?); dohvatit će se ponovno.',
  ),
  'mailbox.password_unreadable': text(
    'The stored password cannot be opened with this server key (SECRET_KEY changed?): enter the password again.',
    'Spremljena lozinka ne može se otvoriti ovim ključem poslužitelja (promijenjen SECRET_KEY?): ponovno unesite lozinku.',
  ),
};

/** A problem raised by our own code (a missing folder, a failed move), carried to `imapProblem`. */
export class ImapProblem extends Error {
  constructor(
    readonly code: ImapProblemCode,
    readonly detail: string | null = null,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

interface ImapFlowError {
  code?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  message?: string;
}

const TLS_CODES = /^(ERR_SSL|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ERR_CERT)/;

/** Which problem an error of imapflow (or the network under it) is. Unknown errors are a failed connection. */
export function classifyImapError(err: unknown): { code: ImapProblemCode; detail: string | null } {
  if (err instanceof ImapProblem) return { code: err.code, detail: err.detail };
  const e = (err ?? {}) as ImapFlowError;
  const detail = clean(e.responseText ?? e.code ?? e.message ?? null);
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') return { code: 'mailbox.auth_failed', detail };
  if (e.serverResponseCode === 'NONEXISTENT') return { code: 'mailbox.folder_missing', detail };
  if (e.code && TLS_CODES.test(e.code)) return { code: 'mailbox.tls_failed', detail };
  if (e.message && /SSL|TLS|certificate/i.test(e.message)) return { code: 'mailbox.tls_failed', detail };
  if (e.code && /TIMEOUT|ETIMEDOUT/i.test(e.code)) return { code: 'mailbox.timeout', detail };
  return { code: 'mailbox.connection_failed', detail };
}

/** The stored form of a problem: `code` or `code detail` (mailboxes.last_error). */
export function problemText(p: { code: ImapProblemCode; detail: string | null }): string {
  return p.detail ? `${p.code} ${p.detail}` : p.code;
}

/** A stored `last_error` as the API gives it, with its text in both languages. */
export function problemOf(stored: string | null): MailboxProblem | null {
  if (!stored) return null;
  const space = stored.indexOf(' ');
  const code = (space < 0 ? stored : stored.slice(0, space)) as ImapProblemCode;
  const detail = space < 0 ? null : stored.slice(space + 1);
  return { code, message: problemMessage(code), detail };
}

export function problemMessage(code: ImapProblemCode): LocalizedText {
  return TEXTS[code] ?? TEXTS['mailbox.connection_failed'];
}

/** A server's words, made safe to store and show: one line, printable, short. */
function clean(s: string | null): string | null {
  if (!s) return null;
  // eslint-disable-next-line no-control-regex
  const line = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line ? line.slice(0, 300) : null;
}
