import { backoffDelay, type Backoff } from '@centrala/contracts';
import { existsSync } from 'node:fs';
import { sql, type Selectable } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Logger } from 'pino';
import pg from 'pg';
import { batched } from '../../../db/batched.js';
import { channelListener } from '../../../db/listen.js';
import { backgroundLoop } from '../../../shared/background-loop.js';
import type { Db } from '../../../db/pool.js';
import type { OutboxEmailsTable } from '../../../db/schema.js';
import { isHeaderMessageId } from '../headers.js';
import { returnPathFor } from '../outbox.js';
import type { MailSeal } from '../seal.js';
import { htmlOf } from './html.js';
import { addressOf } from './relay.js';

/**
 * Real delivery of the outbox (issue 12 point 6). Rows are written in the
 * writer's transaction (the durable queue); every worker node runs this loop:
 * it claims due rows (`FOR UPDATE SKIP LOCKED`, state 'sending' with a lease),
 * sends each over one pooled SMTP transport and marks it sent. A failure puts
 * the row back with a backed-off next attempt, for about a day, then 'failed'
 * with the last error for admins; a permanent refusal (5xx) fails at once.
 *
 * At most once per claim: two nodes never hold one row (the claim is a row
 * lock, then the state), and a node that dies between sending and marking
 * leaves a lease that expires; the row is sent again, the one in flight only,
 * with the same Message-ID so the receiver can tell it is the same mail.
 * Every mark names the claim's attempt, so a node whose lease ran out cannot
 * overwrite what the next claimer recorded, except "sent", which is true
 * whoever holds the row. A database outage between the relay's 250 and the mark
 * is not a dying node: the outcome is kept and written when the database is
 * back (`unwritten` below), and the mail is not sent again.
 */
export interface SmtpRelay {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when the relay offers it. */
  secure: boolean;
  user: string | null;
  pass: string | null;
}

export interface Dkim {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface DeliveryOptions {
  relay: SmtpRelay;
  /** The From header: `Centrala <support@example.hr>`. */
  from: string;
  dkim: Dkim | null;
  seal: MailSeal;
  /** Where an attachment's bytes are (the attachment store's pathOf). */
  attachmentPath(sha256: string): string;
  /** How long a claim holds a row before another node may send it again. Default 2 minutes. */
  leaseMs?: number;
  /** Retried this long after the mail was written, then failed. Default a day. */
  giveUpAfterMs?: number;
  backoff?: Backoff;
  logger: Logger;
}

export const DELIVERY_BATCH = 50;
const DEFAULT_BACKOFF: Backoff = { initialMs: 30_000, maxMs: 2 * 3600_000 };

type Row = Selectable<OutboxEmailsTable>;

/** The relay's answer or the socket error, short, for admins: a relay's response never holds our credentials. */
function describe(err: unknown): string {
  const e = err as { response?: string; responseCode?: number; code?: string; message?: string };
  const text = e.response ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * A failure that trying again cannot mend: a refusal the relay will give again (5xx, except a login refused, 530/535:
 * that is our configuration, fixed later), a sealed body the key no longer opens, an attachment no longer stored.
 */
function permanent(err: unknown): boolean {
  if (err instanceof UnsendableError) return true;
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600 && code !== 530 && code !== 535;
}

class UnsendableError extends Error {}

export function outboundDelivery(db: Db, options: DeliveryOptions) {
  const leaseMs = options.leaseMs ?? 120_000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 24 * 3600_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const { relay, logger } = options;
  const transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options> = nodemailer.createTransport({
    pool: true,
    maxConnections: 4,
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    ...(relay.user !== null ? { auth: { user: relay.user, pass: relay.pass ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(options.dkim ? { dkim: options.dkim } : {}),
    logger: false,
  });
  // An idle pooled connection the relay closes emits 'error' on the transport; the next send opens another.
  transport.on('error', (err) => logger.warn({ err: describe(err) }, 'SMTP relay connection error'));

  const messageOf = (row: Row) => {
    const domain = row.message_id?.split('@')[1] ?? 'centrala.invalid';
    let text = row.text_body;
    if (row.sealed_body) {
      try {
        text = options.seal.open(row.sealed_body);
      } catch {
        throw new UnsendableError('the sealed body does not open with this server key (SECRET_KEY or DATA_DIR/secret.key changed)');
      }
    }
    const references = row.references.filter(isHeaderMessageId);
    return {
      messageId: `<${row.message_id ?? `${row.id}@${domain}`}>`,
      from: options.from,
      to: row.to_address,
      subject: row.subject,
      text,
      // Made here, not stored (migration 0032): it is the text's, and a sealed body's is made from the opened text, for
      // the relay only.
      html: htmlOf(text),
      date: new Date(row.created_at),
      ...(row.reply_to ? { replyTo: row.reply_to } : {}),
      ...(row.in_reply_to && isHeaderMessageId(row.in_reply_to) ? { inReplyTo: `<${row.in_reply_to}>` } : {}),
      ...(references.length ? { references: references.map((r) => `<${r}>`) } : {}),
      headers: row.headers,
      // VERP: the row's own bounce address (outboxIdOfReturnPath), at its Message-ID's domain. A row with no
      // Message-ID (written before migration 0019, failed by it) had none.
      envelope: { from: row.message_id ? returnPathFor(row.id, domain) : addressOf(options.from), to: [row.to_address] },
      attachments: row.attachments.map((a) => {
        const file = options.attachmentPath(a.sha256);
        if (!existsSync(file)) throw new UnsendableError(`attachment ${a.filename} is no longer stored`);
        return { filename: a.filename, contentType: a.contentType, path: file };
      }),
      disableFileAccess: false,
      disableUrlAccess: true,
    };
  };

  /**
   * A sent row is marked at once, still under its claim (this attempt, 'sending'); rows sent at the same time share
   * one statement rather than one round trip each.
   */
  const markSent = batched(
    async (sent: Row[]) => {
      await sql`
        update outbox_emails o set state = 'sent', sent_at = now(), last_error = null
          from unnest(${sent.map((r) => r.id)}::uuid[], ${sent.map((r) => r.attempts)}::int[]) as s(id, attempts)
         where o.id = s.id and o.state = 'sending' and o.attempts = s.attempts`.execute(db);
      return sent.map(() => undefined);
    },
    { maxBatch: DELIVERY_BATCH, maxInFlight: 2 },
  );

  type Outcome = { sent: true } | { sent: false; error: string; permanent: boolean };

  const mark = async (row: Row, outcome: Outcome) => {
    const claimed = sql<boolean>`id = ${row.id} and state = 'sending' and attempts = ${row.attempts}`;
    if (outcome.sent) {
      await markSent(row);
      return;
    }
    const wait = backoffDelay(row.attempts - 1, backoff);
    const gaveUp = outcome.permanent || Date.now() + wait - new Date(row.created_at).getTime() > giveUpAfterMs;
    await db
      .updateTable('outbox_emails')
      .set({
        state: gaveUp ? 'failed' : 'queued',
        next_attempt_at: sql`now() + ${`${wait} milliseconds`}::interval`,
        last_error: outcome.error,
      })
      .where(claimed)
      .execute();
    (gaveUp ? logger.warn : logger.info).call(
      logger,
      { outboxId: row.id, attempts: row.attempts, error: outcome.error },
      gaveUp ? 'mail failed' : 'mail deferred',
    );
  };

  /**
   * Outcomes the database was not there to take: it went away between the relay's answer and the mark. Kept here and
   * written first by the next round, before it claims anything, so a mail the relay accepted is marked sent rather
   * than sent again when its lease runs out. What is left is the smallest window SMTP allows (the relay's 250 cannot
   * be in our transaction): this process dying before that write lands, or the outage outlasting the lease and another
   * node claiming the row before this one's next round; either sends that one mail again, with the same Message-ID.
   */
  const unwritten = new Map<string, { row: Row; outcome: Outcome; at: Date }>();

  const settle = async (row: Row, outcome: Outcome) => {
    try {
      await mark(row, outcome);
    } catch (err) {
      logger.error({ outboxId: row.id, sent: outcome.sent, err: describe(err) }, 'mail outcome not written; the next round writes it');
      unwritten.set(row.id, { row, outcome, at: new Date() });
    }
  };

  const writeUnwritten = async () => {
    for (const [id, { row, outcome, at }] of [...unwritten]) {
      if (outcome.sent) {
        // Sent is sent, whoever holds the row now: a claim taken meanwhile must not send it again.
        await db
          .updateTable('outbox_emails')
          .set({ state: 'sent', sent_at: at, last_error: null })
          .where('id', '=', id)
          .where('state', '<>', 'sent')
          .execute();
      } else {
        await mark(row, outcome);
      }
      unwritten.delete(id);
    }
  };

  return {
    /**
     * Claims up to `limit` due rows, sends them, marks each; answers how many it claimed. Rows whose lease ran out (a
     * node died mid-send) are due again. Rows older than the give-up time are failed, not sent. Outcomes a database
     * outage kept from being written are written first; while it lasts this throws and the loop tries again.
     */
    async deliverDue(limit = DELIVERY_BATCH): Promise<number> {
      await writeUnwritten();
      await db
        .updateTable('outbox_emails')
        .set({ state: 'failed', last_error: sql`coalesce(last_error, 'not sent') || ' (given up: older than the retry time)'` })
        .where('state', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .where('created_at', '<', sql<Date>`now() - ${`${giveUpAfterMs} milliseconds`}::interval`)
        .execute();
      const rows = await sql<Row>`
        with due as (
          select id from outbox_emails
           where state in ('queued', 'sending') and next_attempt_at <= now()
           order by next_attempt_at
           limit ${limit}
           for update skip locked)
        update outbox_emails o
           set state = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
          from due where o.id = due.id
        returning o.*`.execute(db);
      await Promise.all(
        rows.rows.map(async (row) => {
          try {
            await transport.sendMail(messageOf(row));
          } catch (err) {
            await settle(row, { sent: false, error: describe(err), permanent: permanent(err) });
            return;
          }
          await settle(row, { sent: true });
        }),
      );
      return rows.rows.length;
    },
    /** Milliseconds until the earliest queued row or lease is due, or null when none waits. */
    async msUntilNext(): Promise<number | null> {
      const row = await db
        .selectFrom('outbox_emails')
        .select(sql<number>`greatest(0, extract(epoch from min(next_attempt_at) - now()) * 1000)::float8`.as('ms'))
        .where('state', 'in', ['queued', 'sending'])
        .executeTakeFirst();
      return row?.ms ?? null;
    },
    close(): void {
      if (unwritten.size)
        logger.error(
          { outboxIds: [...unwritten.keys()] },
          'stopping with mail outcomes not written: these go again when their lease runs out (a sent one twice)',
        );
      transport.close();
    },
  };
}
export type OutboundDelivery = ReturnType<typeof outboundDelivery>;

/**
 * The loop every worker node runs: delivers what is due, then sleeps until
 * the next row is due, a NOTIFY says mail was written (the outbox's trigger,
 * migration 0019), or `pollMs` passes. Errors (a database blip) are logged,
 * the loop goes on; nothing escapes.
 */
export function startDeliveryLoop(
  delivery: OutboundDelivery,
  listenWith: pg.ClientConfig,
  logger: Logger,
  pollMs: number,
): { stop(): Promise<void> } {
  const listener = channelListener(listenWith, 'outbox_emails', () => loop.wake(), logger);
  const loop = backgroundLoop({
    logger,
    failure: 'mail delivery round failed; trying again',
    retryMs: pollMs,
    async round(stopping) {
      await listener.ensure();
      while (!stopping() && (await delivery.deliverDue()) === DELIVERY_BATCH);
      if (stopping()) return pollMs;
      const next = await delivery.msUntilNext();
      return next === null ? pollMs : Math.max(50, Math.min(pollMs, next));
    },
  });
  return {
    async stop() {
      await loop.stop();
      await listener.close();
      delivery.close();
    },
  };
}
