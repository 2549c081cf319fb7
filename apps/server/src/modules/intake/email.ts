import { backoffDelay, type EmailMeta, type InboundMailRow } from '@centrala/contracts';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { batched } from '../../db/batched.js';
import { isUuid } from '../../db/ids.js';
import { channelListener } from '../../db/listen.js';
import type { Db } from '../../db/pool.js';
import { backgroundLoop } from '../../shared/background-loop.js';
import { accountOfAddressSql, liveAccountJoinSql } from '../accounts/index.js';
import { clientUserOfAddressSql } from '../auth/index.js';
import {
  acknowledges,
  emailTrust,
  type BounceReport,
  type MailAddresses,
  type MailboxesRepository,
  type MailParsed,
  type MailSource,
  type ParseMail,
  threadKeys,
  type VerifyMail,
} from '../email/index.js';
import { notificationAddressAccountsSql } from '../notifications/index.js';
import type { AttachmentStore, UploadedFile } from '../tickets/index.js';
import type { Submission } from './pipeline.js';

/**
 * A lease's tag: microseconds 1–999 999 that are no whole millisecond, so no retry time written from a JavaScript Date
 * (whole milliseconds) carries it.
 */
function leaseTag(): number {
  const tag = 1 + Math.floor(Math.random() * 999_998);
  return tag % 1000 === 0 ? tag + 1 : tag;
}

/** Rows claimed by one drain; processed together, so their tickets are written by few statements. */
export const EMAIL_BATCH = 64;
/**
 * Drain batches a node runs at once when mail is waiting. Two against one, the bench's receiver and drain in separate
 * processes with 32 SMTP connections on the loaded 2-core machine (alternating, 5 runs each): 234.6 against 213.8
 * emails/s on average, the drain's CPU per mail 2.9–4.0 against 3.3–5.0 ms; within the machine's noise, kept because
 * the drain's thread otherwise waits idle through each batch's round trips.
 */
const DRAINS_IN_FLIGHT = 2;
/** Attempts before a message is given up on as 'failed' (shown to admins, replayable). */
export const MAX_ATTEMPTS = 8;
/** A claimed row is left alone this long: a node that died mid-processing gives it back by this. */
const LEASE_MS = 120_000;
const RETRY = { initialMs: 5_000, maxMs: 30 * 60_000 };
/**
 * Raw mail this node's receiver just stored, kept in memory (up to this many bytes, oldest dropped first) for this
 * node's drain, which then reads back only what it does not hold: fetching each raw message again cost PostgreSQL
 * its TOAST read and hex output and this process the hex text's decoding.
 */
const HELD_BYTES = 32 * 1024 * 1024;
const SUBJECT_MAX = 200;
const BODY_MAX = 100_000;
/**
 * The whole text kept for the agent's "full text" view: every load of the ticket carries it, so a 10 MB mail would make
 * each one a 10 MB answer. Beyond this the raw source (kept whole) has the rest.
 */
const FULL_TEXT_MAX = 512 * 1024;

interface Claimed {
  id: string;
  source_id: string;
  raw: Buffer | null;
  source: MailSource | null;
  attempts: number;
  received_at: Date;
}

export interface EmailIntakeDeps {
  db: Db;
  submit(s: Submission): Promise<{ id: string }>;
  store: AttachmentStore;
  addresses: MailAddresses;
  /** The IMAP mailboxes' departments (modules/email's mailboxes): a mail fetched from one is routed to its department. */
  mailboxes: Pick<MailboxesRepository, 'departmentOf'>;
  parse: ParseMail;
  /** Sender verification (parse/'s verifySender with its resolver); null until it is wired: nothing is DMARC-verified. */
  verify?: VerifyMail;
  limits: { maxBytes: number; maxFiles: number };
  /**
   * The per-sender cap on automatic replies (parse/'s emailSenders.mayAutoReply): asked, and counted, only for a
   * person's mail that opens a ticket. Without it every such mail is acknowledged.
   */
  mayAutoReply?: (address: string) => Promise<boolean>;
  /** A delivery report for our outbound mail: recorded against the address (parse/'s emailSenders), no ticket opened. */
  onBounce?: (report: BounceReport) => Promise<void>;
  logger: Logger;
}

/**
 * The email channel's half of intake (issue 12 point 2): mail stored by the SMTP receiver or the IMAP poller (table
 * inbound, state 'received') is drained in batches, parsed, made a Submission and sent down the one pipeline. A
 * failure is retried with backoff, then the row is 'failed' for an admin to see and replay. Processing is idempotent:
 * the ticket write marks the stored row processed, once (a second run answers the first ticket).
 */
export function emailIntake(deps: EmailIntakeDeps) {
  const { db, logger } = deps;

  /**
   * Who a sender address is (lower-cased, as every stored address is by its table's check, so their indexes serve;
   * `lower(email)` on the column read every row: 3.5 ms of PostgreSQL per mail at a million tickets): a client user, else an account's notification address or an account's own. Mails drained
   * together are looked up by one query (the drain processes its batch concurrently), not one each; each table's
   * owner gives the SQL that reads it (auth, notifications, accounts).
   */
  const requesterOf = batched(
    async (addresses: string[]) => {
      const address = sql.ref<string>('k.address');
      const { rows } = await sql<{ user_id: string | null; account_id: string | null }>`
        select r.user_id, r.account_id
        from unnest(${addresses}::text[]) with ordinality as k(address, n)
        left join lateral (
          select c.user_id, c.account_id from (
            select u.user_id, u.account_id, 1 as rank from ${clientUserOfAddressSql(address)} u
            union all
            select null, n.account_id, 2 from ${notificationAddressAccountsSql(address)} n
            union all
            select null, a.account_id, 3 from ${accountOfAddressSql(address)} a) c
          -- A disabled account's addresses are registered no more (issue 13): its mail is a stranger's; its tickets stay.
          ${liveAccountJoinSql(sql.ref('c.account_id'))}
          order by c.rank
          limit 1) r on true
        order by k.n`.execute(db);
      return rows.map((r) => (r.account_id ? { user_id: r.user_id, account_id: r.account_id } : null));
    },
    { maxBatch: EMAIL_BATCH, maxInFlight: 2 },
  );

  /**
   * The department a mail is routed to: its IMAP mailbox's, else its first recipient we serve, else the first support
   * address's; and whether it came to an abuse address (any of its recipients we serve).
   */
  async function routeOf(source: MailSource | null, m: MailParsed): Promise<{ departmentId: string; abuse: boolean }> {
    const candidates = [
      ...(source?.kind === 'smtp' ? source.rcptTo : []),
      ...m.deliveredTo,
      ...m.to.map((a) => a.address),
      ...m.cc.map((a) => a.address),
    ];
    const served = [];
    for (const c of candidates) {
      const hit = await deps.addresses.lookup(c);
      if (hit) served.push(hit);
    }
    const abuse = served.some((hit) => hit.purpose === 'abuse');
    return { departmentId: await departmentOf(source, served[0]?.departmentId ?? null), abuse };
  }

  async function departmentOf(source: MailSource | null, recipientsDepartment: string | null): Promise<string> {
    if (source?.kind === 'imap' && /^[0-9a-f-]{36}$/i.test(source.mailboxId)) {
      const department = await deps.mailboxes.departmentOf(source.mailboxId);
      if (department) return department;
    }
    if (recipientsDepartment) return recipientsDepartment;
    const any = (await deps.addresses.list()).sort((a, b) => (a.purpose === b.purpose ? 0 : a.purpose === 'support' ? -1 : 1))[0];
    if (!any) throw new Error('no mail address is configured to route this mail to a department');
    return any.departmentId;
  }

  async function filesOf(m: MailParsed, raw: Buffer, warnings: string[]): Promise<UploadedFile[]> {
    const files: UploadedFile[] = [];
    const wanted = m.warnings.includes('unparseable')
      ? [{ filename: 'message.eml', content: raw }]
      : m.attachments.map((a) => ({ filename: a.filename, content: a.content }));
    for (const a of wanted) {
      // An empty part (a bare header, a zero-length file) has nothing to keep: an attachment is at least one byte.
      if (a.content.length === 0) {
        warnings.push('attachment_empty');
        continue;
      }
      if (files.length >= deps.limits.maxFiles) {
        warnings.push('attachments_dropped');
        break;
      }
      if (a.content.length > deps.limits.maxBytes) {
        warnings.push('attachment_too_large');
        continue;
      }
      const received = await deps.store.receiveBytes(a.content, deps.limits.maxBytes);
      files.push({ ...received, filename: a.filename || 'attachment' });
    }
    return files;
  }

  async function submissionOf(row: Claimed, m: MailParsed): Promise<Submission> {
    const raw = row.raw ?? Buffer.alloc(0);
    const warnings = [...m.warnings];
    const envelope =
      row.source?.kind === 'smtp'
        ? { mailFrom: row.source.mailFrom, remoteIp: row.source.remoteIp, helo: row.source.helo }
        : { mailFrom: null, remoteIp: null, helo: null };
    const verification = deps.verify ? await deps.verify(raw, envelope).catch(() => null) : null;
    const fromAddress = m.from?.address.trim().toLowerCase() || (envelope.mailFrom?.toLowerCase() ?? '');
    const known = fromAddress ? await requesterOf(fromAddress) : null;
    const route = await routeOf(row.source, m);
    const files = await filesOf(m, raw, warnings);
    if (m.text.length > FULL_TEXT_MAX) warnings.push('text_truncated');
    const email: EmailMeta = {
      inboundId: row.id,
      messageId: m.messageId,
      from: m.from,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      fullText: m.text.slice(0, FULL_TEXT_MAX),
      html: m.html,
      hasRemoteImages: m.hasRemoteImages,
      verification,
      autoKind: m.autoKind,
      ...(m.feedback ? { feedback: m.feedback } : {}),
      warnings,
    };
    const body = (
      m.shownText.trim() ||
      m.text.trim() ||
      (warnings.includes('unparseable') ? '(unreadable message, see message.eml)' : '(no text)')
    ).slice(0, BODY_MAX);
    return {
      channel: 'email',
      trust: fromAddress ? emailTrust({ registeredToAccount: known !== null, dmarcPass: verification?.dmarcPass ?? false }) : 'anonymous',
      requester: fromAddress
        ? { kind: 'contact', email: fromAddress, accountId: known?.account_id ?? null, userId: known?.user_id ?? null }
        : { kind: 'visitor' },
      inbound: { sourceId: row.source_id, payload: { size: raw.length }, storedId: row.id },
      // The email promise (R11) runs from the 250, not from when a worker got to the mail.
      receivedAt: new Date(row.received_at),
      subject: (m.subject.replace(/\s+/g, ' ').trim() || '(no subject)').slice(0, SUBJECT_MAX),
      body,
      files,
      stated: {
        departmentId: route.departmentId,
        priority: 'regular',
        serviceId: null,
        incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
      },
      email,
      cc: m.cc.map((a) => a.address.toLowerCase()).filter((a) => a && a !== fromAddress),
      // Issue 12 point 1: kept and shown to agents as an abuse report until the notifications issue routes them.
      abuse: route.abuse || m.autoKind === 'feedback_report',
      acknowledge: acknowledges(m.autoKind),
      automatic: !acknowledges(m.autoKind),
      ...(deps.mayAutoReply && fromAddress ? { mayAcknowledge: () => deps.mayAutoReply!(fromAddress) } : {}),
      thread: { keys: threadKeys(m, await deps.addresses.domains()), from: fromAddress || null },
    };
  }

  /**
   * A claimed mail read and made a Submission; null when it needs no ticket (a bounce of our own mail, recorded and
   * marked processed here).
   */
  async function prepare(row: Claimed): Promise<Submission | null> {
    // Whether MAIL FROM was null is known only for mail that came by SMTP.
    const parsed = await deps.parse(
      row.raw ?? Buffer.alloc(0),
      row.source?.kind === 'smtp' ? { nullSender: row.source.mailFrom === null } : {},
    );
    if (parsed.autoKind === 'bounce' && parsed.bounce && deps.onBounce) {
      // A bounce of our own mail marks its address; it opens no ticket (and gets no reply).
      await deps.onBounce(parsed.bounce);
      await db
        .updateTable('inbound')
        .set({
          state: 'processed',
          processed_at: new Date(),
          error: null,
          next_attempt_at: null,
          // The bounce record, kept with the stored mail: what it reported, and so why no ticket was opened.
          payload: sql<string>`payload || ${JSON.stringify({ bounce: parsed.bounce })}::jsonb`,
        })
        .where('id', '=', row.id)
        .execute();
      return null;
    }
    return submissionOf(row, parsed);
  }

  /** Runs one step of a row's processing; a failure is recorded on the row (retried with backoff, or 'failed'). */
  async function attempt<T>(row: Claimed, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (err) {
      const failed = row.attempts >= MAX_ATTEMPTS;
      const message = err instanceof Error ? err.message.slice(0, 500) : 'processing failed';
      logger.warn({ err, inboundId: row.id, attempts: row.attempts, failed }, 'processing an inbound mail failed');
      try {
        await db
          .updateTable('inbound')
          .set({
            state: failed ? 'failed' : 'received',
            error: message,
            next_attempt_at: failed ? null : new Date(Date.now() + backoffDelay(row.attempts - 1, RETRY)),
          })
          .where('id', '=', row.id)
          .where('state', '<>', 'processed')
          .execute();
      } catch (markErr) {
        // The database went away under the batch: the claim is handed back by the next drain that reaches it.
        logger.warn({ err: markErr, inboundId: row.id }, 'could not put an inbound mail back; the next drain will');
        unreleased.set(row.id, row.attempts);
      }
      return undefined;
    }
  }

  /** Stored raw bytes by inbound id, oldest first; the database row stays the durable copy. */
  const held = new Map<string, Buffer>();
  let heldBytes = 0;
  const takeHeld = (id: string): Buffer | undefined => {
    const raw = held.get(id);
    if (raw) {
      held.delete(id);
      heldBytes -= raw.length;
    }
    return raw;
  };

  /**
   * Claims this drain could not hand back (id → the claim's attempt), because the database was gone when their
   * processing failed. The next drain makes them due at once, rather than leaving them to the lease: the lease is for
   * a node that died, and would hold every mail of a batch cut by a database outage for two minutes after it.
   */
  const unreleased = new Map<string, number>();
  /**
   * Claims whose answer was lost (the connection cut after the claim committed, before its rows came back): this
   * drain never saw their rows, so it knows them only by the tag in their lease's microseconds (`leaseTag`).
   */
  const unanswered = new Set<number>();
  async function release(): Promise<void> {
    if (unreleased.size) {
      const claims = [...unreleased];
      await sql`
        update inbound i set next_attempt_at = now()
          from unnest(${claims.map(([id]) => id)}::uuid[], ${claims.map(([, attempts]) => attempts)}::int[]) as h(id, attempts)
         where i.id = h.id and i.attempts = h.attempts and i.state = 'received'`.execute(db);
      for (const [id, attempts] of claims) if (unreleased.get(id) === attempts) unreleased.delete(id);
    }
    if (unanswered.size) {
      const tags = [...unanswered];
      // Another claim with the same tag (one in a million) would be handed back early: processed twice at worst, which
      // the ticket write refuses (isInboundSeen).
      await sql`
        update inbound set next_attempt_at = now()
         where channel = 'email' and state = 'received' and next_attempt_at > now()
           and extract(microseconds from next_attempt_at)::bigint % 1000000 = any(${tags}::bigint[])`.execute(db);
      for (const tag of tags) unanswered.delete(tag);
    }
  }

  return {
    /**
     * Keeps the raw bytes of a mail this node stored (the receiver's onStored) for the drain that will claim it, so it
     * is not read back from the database; dropped when claimed, or oldest first past HELD_BYTES.
     */
    hold(id: string, raw: Buffer): void {
      if (raw.length > HELD_BYTES || held.has(id)) return;
      held.set(id, raw);
      heldBytes += raw.length;
      for (const oldest of held.keys()) {
        if (heldBytes <= HELD_BYTES) break;
        takeHeld(oldest);
      }
    },
    /** Processes up to `limit` due rows; answers how many it claimed (the caller drains again while that is the limit). */
    async drain(limit = EMAIL_BATCH): Promise<number> {
      await release();
      // The lease ends on a whole second plus this claim's tag in microseconds: how a claim whose answer is lost is found.
      const tag = leaseTag();
      const claimed = await sql<Claimed>`
        update inbound set attempts = attempts + 1,
          next_attempt_at = date_trunc('second', now()) + ${`${LEASE_MS} milliseconds`}::interval + ${tag}::int * interval '1 microsecond'
        where id in (
          select id from inbound
          where channel = 'email' and state = 'received' and coalesce(next_attempt_at, received_at) <= now()
          order by coalesce(next_attempt_at, received_at)
          limit ${limit}
          for update skip locked)
        returning id, source_id, source, attempts, received_at`
        .execute(db)
        .catch((err: unknown) => {
          unanswered.add(tag);
          throw err;
        });
      for (const row of claimed.rows) row.raw = takeHeld(row.id) ?? null;
      const missing = claimed.rows.filter((row) => row.raw === null).map((row) => row.id);
      if (missing.length) {
        const { rows } = await sql<{ id: string; raw: Buffer | null }>`
          select id, raw from inbound where id = any(${missing}::uuid[])`
          .execute(db)
          .catch((err: unknown) => {
            // Claimed but not read: handed back by the next drain, as a batch whose processing failed would be.
            for (const row of claimed.rows) unreleased.set(row.id, row.attempts);
            throw err;
          });
        const raws = new Map(rows.map((r) => [r.id, r.raw]));
        for (const row of claimed.rows) if (row.raw === null) row.raw = raws.get(row.id) ?? null;
      }
      // Two phases: every mail of the batch is parsed first, then all are submitted in the same turn, so the
      // pipeline's batched steps (identify, the acknowledgement cap, the ticket write) take them in one statement each.
      // Submitted as each parse ended, they reached those steps one by one: 2.5 tickets per write statement on average.
      const prepared = await Promise.all(claimed.rows.map((row) => attempt(row, () => prepare(row))));
      await Promise.all(
        prepared.map((submission, i) => (submission ? attempt(claimed.rows[i]!, () => deps.submit(submission)) : undefined)),
      );
      return claimed.rows.length;
    },
    /** Stored mail for admins (`GET /api/admin/inbound`): the newest 200, of one state when given. */
    async list(state?: InboundMailRow['state']): Promise<InboundMailRow[]> {
      let q = db
        .selectFrom('inbound')
        .select(['id', 'state', 'received_at', 'mail_message_id', 'attempts', 'next_attempt_at', 'error', 'ticket_id', 'source', 'payload'])
        .where('channel', '=', 'email')
        .orderBy('received_at', 'desc')
        .limit(200);
      if (state) q = q.where('state', '=', state);
      const rows = await q.execute();
      return rows.map((r) => ({
        id: r.id,
        state: r.state,
        receivedAt: new Date(r.received_at).toISOString(),
        messageId: r.mail_message_id,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
        error: r.error,
        ticketId: r.ticket_id,
        source: r.source,
        bounce: (r.payload as { bounce?: InboundMailRow['bounce'] } | null)?.bounce ?? null,
      }));
    },
    /**
     * A stored mail's raw bytes, for staff: only a mail that became a ticket's message (the row names it), so the id of
     * any other stored input (a bounce, a mail still failing) shows nothing.
     */
    async raw(id: string): Promise<Buffer | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await db
        .selectFrom('inbound')
        .select('raw')
        .where('id', '=', id)
        .where('channel', '=', 'email')
        .where('message_id', 'is not', null)
        .executeTakeFirst();
      return row?.raw ?? undefined;
    },
    /** An admin's replay: processes a stored message again now, whatever its state; a processed one keeps its ticket. */
    async replay(id: string): Promise<'queued' | 'processed' | 'not_found'> {
      const row = await db
        .updateTable('inbound')
        .set({ state: sql`case when state = 'processed' then state else 'received' end`, next_attempt_at: null, attempts: 0, error: null })
        .where('id', '=', id)
        .where('channel', '=', 'email')
        .returning(['state'])
        .executeTakeFirst();
      if (!row) return 'not_found';
      return row.state === 'processed' ? 'processed' : 'queued';
    },
  };
}
export type EmailIntake = ReturnType<typeof emailIntake>;

/**
 * Drains stored mail on worker nodes: at once when this node's receiver stored one (`wake`) or any node's did (the
 * store's NOTIFY, migration 0025, heard on a connection of its own when `listenWith` is given), else every `pollMs`
 * (a retry that came due, a notification lost with its connection). Never throws: a failed drain is logged and tried
 * again.
 */
export function startEmailDrain(intake: EmailIntake, logger: Logger, pollMs: number, listenWith?: pg.ClientConfig) {
  // Reconnected by the next drain round after a loss; until then the poll covers.
  const listener = channelListener(listenWith, 'inbound_email', () => loop.wake(), logger);
  const loop = backgroundLoop({
    logger,
    failure: 'draining inbound mail failed; trying again',
    retryMs: pollMs,
    async round(stopping) {
      await listener.ensure();
      // Batches in flight side by side (each claims its own rows, SKIP LOCKED): one parses while the other waits on
      // its statements, so the drain's event loop is not idle during a batch's round trips.
      await Promise.all(
        Array.from({ length: DRAINS_IN_FLIGHT }, async () => {
          while (!stopping() && (await intake.drain()) === EMAIL_BATCH);
        }),
      );
      return pollMs;
    },
  });
  return {
    wake: () => loop.wake(),
    async stop() {
      await loop.stop();
      await listener.close();
    },
  };
}
