import { backoffDelay, type Backoff } from '@centrala/contracts';
import type { ImapFlow } from 'imapflow';
import type pg from 'pg';
import type { Logger } from 'pino';
import { imapClient, openFolder } from './connect.js';
import type { MailSource, MailStore } from '../inbound/mail-store.js';
import type { MailboxesRepository, MailboxRow } from './mailboxes.js';
import { classifyImapError, ImapProblem, problemText } from './problems.js';

/** Where a fetched message came from: the mail store's `MailSource` for IMAP. */
type ImapSource = Extract<MailSource, { kind: 'imap' }>;

/** `MailStore.store` (intake's inboundMail, handed in): durable on return; the same message twice is one row. */
export type StoreMail = (raw: Buffer, source: ImapSource) => ReturnType<MailStore['store']>;

export interface ImapPollerOptions {
  /** The longest wait between two fetches of a folder (IDLE wakes the poller sooner where offered). */
  pollIntervalMs: number;
  /** How often the list of enabled mailboxes is read again (and a mailbox another node polls is tried again). */
  rescanMs: number;
  /** Waits between reconnects after errors. */
  backoff: Backoff;
  /** Messages fetched per FETCH command. */
  batch?: number;
}

export interface ImapPollerDeps {
  /** For the advisory locks: one connection per mailbox polled, holding its lock. */
  pool: pg.Pool;
  mailboxes: MailboxesRepository;
  store: StoreMail;
  logger: Logger;
  options: ImapPollerOptions;
}

/**
 * The IMAP role (issue 12 point 1b): every enabled mailbox is polled by one
 * node at a time (a PostgreSQL advisory lock per mailbox, held while
 * polling). A folder is read by UIDVALIDITY and UID, never by \Seen: the
 * messages above last_uid are fetched in UID order, each stored (durably)
 * before last_uid moves past it and before it is moved to the processed
 * folder. A stop or crash at any point leaves last_uid at or below what is
 * stored, so a restart fetches at most a message again, and the store's dedup
 * makes that one message. Errors are written on the mailbox's row
 * (last_error, last_error_at) and the poller reconnects with backoff; it never
 * stops on its own.
 */
export function imapPoller({ pool, mailboxes, store, logger, options }: ImapPollerDeps) {
  const log = logger.child({ component: 'imap' });
  const running = new Map<string, Promise<void>>();
  const stopper = new Stopper();
  let scanning: Promise<void> | undefined;
  /**
   * Errors the database was not there to take (it failed under a fetch): written, with the time they happened, as soon
   * as the mailbox is read again, so admins see that the mailbox stopped and when, before the fetch that follows.
   */
  const unnoted = new Map<string, { text: string; at: Date }>();
  const noteError = async (id: string, text: string) => {
    const at = new Date();
    await mailboxes.noteError(id, text, at).catch(() => unnoted.set(id, { text, at }));
  };

  const scan = async () => {
    try {
      for (const id of await mailboxes.enabledIds()) {
        if (running.has(id) || stopper.stopped) continue;
        const run = pollMailbox(id)
          .catch((err: unknown) => log.error({ mailbox: id, err: brief(err) }, 'mailbox poller ended; the next scan starts it again'))
          .finally(() => running.delete(id));
        running.set(id, run);
      }
    } catch (err) {
      log.warn({ err: brief(err) }, 'could not read the mailboxes to poll; trying again');
    }
  };

  const loop = async () => {
    while (!stopper.stopped) {
      await scan();
      await stopper.wait(options.rescanMs);
    }
  };

  /** Holds the mailbox's lock (or waits for it) until the mailbox is disabled or deleted, or the poller stops. */
  async function pollMailbox(id: string): Promise<void> {
    let attempt = 0;
    while (!stopper.stopped) {
      let lock: pg.PoolClient | undefined;
      let broken: unknown;
      try {
        lock = await pool.connect();
        const got = await lock.query<{ got: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as got', [lockName(id)]);
        if (!got.rows[0]!.got) {
          // Another node polls it; try again later, in case that node goes.
          lock.release();
          lock = undefined;
          await stopper.wait(options.rescanMs);
          continue;
        }
        if ((await pollHolding(id, lock)) === 'gone') return;
        attempt = 0;
      } catch (err) {
        broken = err;
        log.warn({ mailbox: id, err: brief(err) }, 'mailbox polling interrupted; trying again');
        await stopper.wait(backoffDelay(attempt++, options.backoff));
      } finally {
        if (lock) {
          if (!broken) await lock.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName(id)]).catch(() => undefined);
          // A connection that failed is closed (its lock goes with it) rather than returned to the pool.
          lock.release(broken instanceof Error ? broken : undefined);
        }
      }
    }
  }

  /** Polls while holding the lock: reconnects after IMAP errors; answers when the mailbox is gone or disabled. */
  async function pollHolding(id: string, lock: pg.PoolClient): Promise<'gone' | 'stopped'> {
    let attempt = 0;
    while (!stopper.stopped) {
      const current = await readMailbox(id); // a database error ends the hold (the lock may be lost with it)
      if (!current) return 'gone';
      const late = unnoted.get(id);
      if (late) {
        await mailboxes.noteError(id, late.text, late.at);
        if (unnoted.get(id) === late) unnoted.delete(id);
      }
      let client: ImapFlow | undefined;
      try {
        if ('problem' in current) throw current.problem;
        client = imapClient(current.row, current.password, { idleMs: options.pollIntervalMs });
        stopper.onStop(client);
        await session(client, current.row, lock);
        attempt = 0;
      } catch (err) {
        if (stopper.stopped) break;
        if (err instanceof LockLost) throw err;
        const problem = classifyImapError(err);
        log.warn({ mailbox: id, code: problem.code, detail: problem.detail }, 'IMAP mailbox error; reconnecting');
        await noteError(id, problemText(problem));
        await stopper.wait(backoffDelay(attempt++, options.backoff));
      } finally {
        if (client) {
          stopper.offStop(client);
          client.close();
        }
      }
    }
    return 'stopped';
  }

  /** The enabled mailbox with its password; undefined when deleted or disabled. */
  async function readMailbox(id: string): Promise<{ row: MailboxRow; password: string } | { problem: ImapProblem } | undefined> {
    try {
      const creds = await mailboxes.credentials(id);
      return creds?.row.enabled ? creds : undefined;
    } catch (err) {
      if ((err as Error).message?.includes('authenticate data') || (err as Error).message?.includes('Invalid')) {
        return { problem: new ImapProblem('mailbox.password_unreadable') };
      }
      throw err;
    }
  }

  /** One connection: sync, then wait for new mail (IDLE) or the poll interval, sync again; returns when the settings changed. */
  async function session(client: ImapFlow, row: MailboxRow, lock: pg.PoolClient): Promise<void> {
    let wake: (() => void) | undefined;
    let pending = true;
    const nudge = () => {
      pending = true;
      wake?.();
    };
    client.on('exists', nudge);
    client.on('close', nudge);
    await client.connect();
    await openFolder(client, row.folder);
    if (row.processed_folder) await client.mailboxCreate(row.processed_folder).catch(() => undefined); // exists already, mostly
    for (;;) {
      if (stopper.stopped) return;
      if (!client.usable) throw new Error('the IMAP connection closed');
      // Still holding the lock (its connection is alive)? If not, the hold ends and the lock is taken again.
      await lock.query('select 1').catch((err: unknown) => {
        throw new LockLost(brief(err));
      });
      const now = await mailboxes.credentials(row.id);
      if (!now?.row.enabled || settingsChanged(row, now.row)) return;
      pending = false;
      await sync(client, now.row);
      if (!pending) {
        await Promise.race([new Promise<void>((resolve) => (wake = resolve)), stopper.wait(options.pollIntervalMs)]);
        wake = undefined;
      }
    }
  }

  /** Fetches every message above last_uid (all of them when UIDVALIDITY changed), in UID order. */
  async function sync(client: ImapFlow, row: MailboxRow): Promise<void> {
    const folder = client.mailbox;
    if (!folder) throw new Error('no folder open');
    const validity = String(folder.uidValidity);
    let lastUid = 0n;
    if (row.uid_validity !== validity) {
      if (row.uid_validity !== null)
        log.warn({ mailbox: row.id, was: row.uid_validity, now: validity }, 'UIDVALIDITY changed: fetching the folder again');
      await bookkeeping(mailboxes.noteUidValidity(row.id, validity));
    } else {
      lastUid = BigInt(row.last_uid ?? '0');
    }
    const batchSize = options.batch ?? 20;
    for (;;) {
      // `n:*` always matches the highest UID, even one below n: keep only those above.
      const found = (await client.search({ uid: `${lastUid + 1n}:*` }, { uid: true })) || [];
      const uids = found.filter((u) => BigInt(u) > lastUid).sort((a, b) => a - b);
      await bookkeeping(mailboxes.noteBacklog(row.id, uids.length));
      if (!uids.length) break;
      const batch = await sizedBatch(client, uids.slice(0, batchSize));
      const fetched = await client.fetchAll(batch, { uid: true, source: true }, { uid: true });
      const byUid = new Map(fetched.map((m) => [m.uid, m]));
      let left = uids.length;
      for (const uid of batch) {
        const source = byUid.get(uid)?.source;
        // Gone (expunged by another client) between SEARCH and FETCH: nothing to store.
        if (source) {
          try {
            await store(source, { kind: 'imap', mailboxId: row.id, uidValidity: validity, uid: String(uid) });
          } catch (err) {
            throw new ImapProblem('mailbox.store_failed', brief(err));
          }
          if (row.processed_folder) {
            const moved = await client.messageMove(String(uid), row.processed_folder, { uid: true }).catch((err: unknown) => {
              // The connection went down under the move: that is the problem to tell, not the move.
              throw client.usable ? new ImapProblem('mailbox.move_failed', classifyImapError(err).detail) : err;
            });
            if (!moved) throw new ImapProblem('mailbox.move_failed', row.processed_folder);
          }
        }
        left -= 1;
        await bookkeeping(mailboxes.advance(row.id, validity, String(uid), left));
        lastUid = BigInt(uid);
        if (stopper.stopped) return;
      }
    }
    await bookkeeping(mailboxes.noteFetched(row.id));
  }

  return {
    /** Starts polling every enabled mailbox; new and re-enabled ones are picked up within `rescanMs`. */
    start(): void {
      scanning ??= loop();
    },
    /** Reads the mailbox list now (after an admin's change) instead of at the next rescan. */
    rescan: scan,
    /** Stops: connections closed at once, locks released; waits for the loops to end. */
    async stop(): Promise<void> {
      stopper.stop();
      await scanning;
      await Promise.allSettled([...running.values()]);
    },
  };
}

export type ImapPoller = ReturnType<typeof imapPoller>;

/** At most this many bytes of messages are held in memory per FETCH (one larger message is fetched alone). */
const BATCH_BYTES = 16 * 1024 * 1024;

/** The first UIDs of `uids` whose messages together fit BATCH_BYTES (at least one). */
async function sizedBatch(client: ImapFlow, uids: number[]): Promise<number[]> {
  if (uids.length <= 1) return uids;
  const sizes = new Map((await client.fetchAll(uids, { uid: true, size: true }, { uid: true })).map((m) => [m.uid, m.size ?? 0]));
  const batch: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    bytes += sizes.get(uid) ?? 0;
    if (batch.length && bytes > BATCH_BYTES) break;
    batch.push(uid);
  }
  return batch;
}

/**
 * The poller's own notes in the database (UIDVALIDITY, backlog, last UID, last fetch): when one fails, the database is
 * what failed, and the mailbox says so (store_failed asks whether the database is reachable) rather than blaming the
 * IMAP server's host and port.
 */
function bookkeeping<T>(write: Promise<T>): Promise<T> {
  return write.catch((err: unknown) => {
    throw new ImapProblem('mailbox.store_failed', brief(err));
  });
}

const lockName = (id: string) => `centrala.imap.${id}`;

/** A change the connection must be made again for. */
function settingsChanged(a: MailboxRow, b: MailboxRow): boolean {
  return (
    a.host !== b.host ||
    a.port !== b.port ||
    a.tls !== b.tls ||
    a.username !== b.username ||
    !a.password_sealed.equals(b.password_sealed) ||
    a.folder !== b.folder ||
    a.processed_folder !== b.processed_folder ||
    (a.uid_validity !== null && b.uid_validity === null) // the folder was reset (set again)
  );
}

/** An error said in one line for the log and last_error: its code or message, never an object that may hold a password. */
function brief(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return String(e?.code ?? e?.message ?? err).slice(0, 200);
}

/** The connection holding a mailbox's advisory lock is gone, and the lock with it. */
class LockLost extends Error {}

/** Lets sleeps end early and closes the open connections when the poller stops. */
class Stopper {
  stopped = false;
  private readonly sleepers = new Set<() => void>();
  private readonly clients = new Set<ImapFlow>();

  wait(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  onStop(client: ImapFlow): void {
    this.clients.add(client);
  }

  offStop(client: ImapFlow): void {
    this.clients.delete(client);
  }

  stop(): void {
    this.stopped = true;
    for (const done of [...this.sleepers]) done();
    for (const c of this.clients) c.close();
  }
}
