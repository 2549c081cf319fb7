import { ImapFlow } from 'imapflow';
import type { MailboxRow } from './mailboxes.js';

/** Where and as whom to log in. */
export type ImapServer = Pick<MailboxRow, 'host' | 'port' | 'tls' | 'username'>;
import { classifyImapError, ImapProblem } from './problems.js';

/**
 * An imapflow client for a mailbox: TLS from the start when `tls`, else
 * STARTTLS when offered; imapflow's own logging off (it would log the
 * conversation, and the LOGIN command has the password).
 */
export function imapClient(row: ImapServer, password: string, opts: { timeoutMs?: number; idleMs?: number } = {}): ImapFlow {
  const client = new ImapFlow({
    host: row.host,
    port: row.port,
    secure: row.tls,
    auth: { user: row.username, pass: password },
    logger: false,
    connectionTimeout: opts.timeoutMs ?? 30_000,
    greetingTimeout: opts.timeoutMs ?? 16_000,
    socketTimeout: 5 * 60_000,
    autoIdleDelay: 1000,
    // Where IDLE is missing imapflow polls with NOOP this often (our own timer fetches on its own too).
    maxIdleTime: opts.idleMs,
    clientInfo: { name: 'Centrala' },
  });
  // An 'error' event with no listener would end the process: errors surface as failed commands and 'close'.
  client.on('error', () => undefined);
  return client;
}

/** Opens `folder`; a folder that does not exist is said as such. */
export async function openFolder(client: ImapFlow, folder: string, readOnly = false) {
  try {
    return await client.mailboxOpen(folder, { readOnly });
  } catch (err) {
    const e = err as { serverResponseCode?: string; responseText?: string };
    if (e.serverResponseCode === 'NONEXISTENT' || /doesn't exist|does not exist|unknown mailbox|not found/i.test(e.responseText ?? '')) {
      throw new ImapProblem('mailbox.folder_missing', folder);
    }
    throw err;
  }
}

/**
 * The admin's "test connection": log in, open the folder read-only, log out.
 * Answers the folder's size, or throws an ImapProblem saying what failed.
 */
export async function probeMailbox(
  row: ImapServer & { folder: string },
  password: string,
  timeoutMs = 15_000,
): Promise<{ messages: number; uidValidity: string }> {
  const client = imapClient(row, password, { timeoutMs });
  try {
    await client.connect();
    const mailbox = await openFolder(client, row.folder, true);
    return { messages: mailbox.exists, uidValidity: String(mailbox.uidValidity) };
  } catch (err) {
    const p = classifyImapError(err);
    throw new ImapProblem(p.code, p.detail);
  } finally {
    if (client.usable) await client.logout().catch(() => client.close());
    else client.close();
  }
}
