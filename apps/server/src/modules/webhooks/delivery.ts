import { backoffDelay, type Backoff } from '@centrala/contracts';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { batched } from '../../db/batched.js';
import type { Db } from '../../db/pool.js';
import type { MailSeal } from '../email/index.js';
import type { WebhookTickets } from '../tickets/index.js';
import type { EgressGuard } from './egress.js';
import { post, type Answer } from './send.js';
import { signatureHeader } from './signature.js';

/**
 * Delivery of webhooks (issue 13 point 6), in the shape of the outbox's (modules/email/outbound/delivery.ts): the
 * delivery rows written in the emitting transaction are the durable queue; every worker node claims due rows with a
 * lease (`FOR UPDATE SKIP LOCKED`, state 'sending'), POSTs them and marks each. A receiver that does not answer 2xx
 * is tried again with a backed-off, jittered wait until the row's give_up_at (a day), then the row is 'failed'.
 * Every attempt is written to webhook_attempts. Each mark names the claim's attempt, so a node whose lease ran out
 * cannot overwrite what the next claimer recorded.
 */
export interface WebhookDeliveryOptions {
  seal: MailSeal;
  guard: EgressGuard;
  tickets: WebhookTickets;
  logger: Logger;
  /** A receiver gets this long to answer. Default 10 s. */
  timeoutMs?: number;
  /** How long a claim holds a row before another node may send it again; longer than the timeout. Default 60 s. */
  leaseMs?: number;
  backoff?: Backoff;
}

export const WEBHOOK_BATCH = 50;
const DEFAULT_BACKOFF: Backoff = { initialMs: 30_000, maxMs: 3600_000 };

export interface Claimed {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  data: Record<string, unknown>;
  created_at: Date;
  attempts: number;
  url: string;
  secret_sealed: Buffer;
}

export function webhookDelivery(db: Db, options: WebhookDeliveryOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const { logger } = options;

  /** The JSON body (docs/webhooks.md "Payload"): the event's facts, and the ticket as it is now. */
  const bodyOf = (row: Claimed, tickets: Awaited<ReturnType<WebhookTickets>>) => {
    const data = { ...row.data };
    const ticket = data.ticket as { id: string } | undefined;
    if (ticket) data.ticket = tickets.get(ticket.id) ?? ticket;
    return JSON.stringify({ id: row.event_id, type: row.event_type, occurred_at: new Date(row.created_at).toISOString(), data });
  };

  const attempt = async (row: Claimed, body: string): Promise<Answer & { permanent: boolean }> => {
    const verdict = await options.guard.check(row.url);
    if (!verdict.ok) {
      // An address refused now (its DNS changed since the subscription was checked) stays refused: no retry.
      const permanent = verdict.reason !== 'unresolvable';
      return {
        statusCode: null,
        durationMs: 0,
        responseBody: null,
        error: `refused by the egress guard: ${verdict.reason} (${verdict.detail})`,
        permanent,
      };
    }
    let secret: string;
    try {
      secret = options.seal.open(row.secret_sealed);
    } catch {
      const error = 'the secret does not open with this server key (SECRET_KEY or DATA_DIR/secret.key changed): rotate it';
      return { statusCode: null, durationMs: 0, responseBody: null, error, permanent: true };
    }
    const t = Math.floor(Date.now() / 1000);
    const answer = await post(
      verdict.url,
      verdict.addresses,
      {
        'user-agent': 'Centrala-Webhooks/1',
        'centrala-event-id': row.event_id,
        'centrala-event-type': row.event_type,
        'centrala-timestamp': String(t),
        'centrala-signature': signatureHeader(secret, t, body),
      },
      body,
      timeoutMs,
    );
    return { ...answer, permanent: false };
  };

  type Outcome = Answer & { permanent: boolean };

  /**
   * The attempts' records and their rows' new states, under each one's claim only: outcomes that end at the same time
   * share one statement rather than a round trip each.
   */
  const record = batched(
    async (outcomes: { row: Claimed; answer: Outcome }[]) => {
      const list = outcomes.map(({ row, answer }) => {
        const delivered = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
        return {
          id: row.id,
          attempts: row.attempts,
          delivered,
          permanent: answer.permanent,
          wait_ms: backoffDelay(row.attempts - 1, backoff),
          status_code: answer.statusCode,
          duration_ms: answer.durationMs,
          response_body: answer.responseBody,
          error: answer.error,
          last_error: delivered ? null : (answer.error ?? `HTTP ${answer.statusCode}`),
        };
      });
      await sql`
        with o as (
          select * from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as o(id uuid, attempts int, delivered boolean, permanent boolean,
            wait_ms int, status_code int, duration_ms int, response_body text, error text, last_error text)),
        marked as (
          update webhook_deliveries d
             set state = case when o.delivered then 'delivered'
                              when o.permanent or now() + o.wait_ms * interval '1 millisecond' > d.give_up_at then 'failed'
                              else 'queued' end,
                 next_attempt_at = now() + o.wait_ms * interval '1 millisecond',
                 delivered_at = case when o.delivered then now() end,
                 last_status = o.status_code,
                 last_error = o.last_error
            from o
           where d.id = o.id and d.state = 'sending' and d.attempts = o.attempts)
        -- Not for a row deleted meanwhile (its subscription removed while it was in flight).
        insert into webhook_attempts (delivery_id, status_code, duration_ms, response_body, error)
        select o.id, o.status_code, o.duration_ms, o.response_body, o.error
          from o where exists (select from webhook_deliveries d where d.id = o.id)`.execute(db);
      for (const { row, answer } of outcomes.filter((_, i) => !list[i]!.delivered))
        logger.info(
          { deliveryId: row.id, attempts: row.attempts, status: answer.statusCode, error: answer.error },
          'webhook not delivered',
        );
      return outcomes.map(() => undefined);
    },
    { maxBatch: WEBHOOK_BATCH, maxInFlight: 2 },
  );

  /** Rows past their give-up time (a lease that ran out late, a subscription inactive meanwhile) fail, unsent. */
  let sweptAt = 0;
  const giveUp = async () => {
    if (Date.now() - sweptAt < 10_000) return;
    await sql`
      update webhook_deliveries set state = 'failed', last_error = coalesce(last_error, 'not delivered') || ' (given up after the retry time)'
       where state in ('queued', 'sending') and next_attempt_at <= now() and give_up_at < now()`.execute(db);
    sweptAt = Date.now();
  };

  return {
    /**
     * Claims up to `limit` due rows of active subscriptions, at most `share` in flight per subscription counting the
     * `inFlight` ones this process has already: a slow receiver holds its share of the sends, never the others'. The
     * caller sends each with `send`, all at once.
     */
    async claim(
      limit: number,
      inFlight: ReadonlyMap<string, number>,
      share: number,
    ): Promise<{ rows: Claimed[]; bodies: Map<string, string> }> {
      await giveUp();
      const { rows } = await sql<Claimed>`
        with ranked as (
          select d.id, d.next_attempt_at,
                 row_number() over (partition by d.subscription_id order by d.next_attempt_at) + coalesce(f.n, 0) as place
            from webhook_deliveries d
            join webhook_subscriptions s on s.id = d.subscription_id and s.active
            left join unnest(${[...inFlight.keys()]}::uuid[], ${[...inFlight.values()]}::int[]) as f(subscription_id, n)
                   on f.subscription_id = d.subscription_id
           where d.state in ('queued', 'sending') and d.next_attempt_at <= now()),
        due as (
          select d.id from webhook_deliveries d join ranked r on r.id = d.id
           where r.place <= ${share}
           order by r.next_attempt_at
           limit ${limit}
           for update of d skip locked)
        update webhook_deliveries d
           set state = 'sending', attempts = d.attempts + 1, next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
          from due, webhook_subscriptions s
         where d.id = due.id and s.id = d.subscription_id
        returning d.id, d.subscription_id, d.event_id, d.event_type, d.data, d.created_at, d.attempts, s.url, s.secret_sealed`.execute(db);
      const ids = rows.flatMap((r) => ((r.data.ticket as { id?: string } | undefined)?.id ? [(r.data.ticket as { id: string }).id] : []));
      const tickets = await options.tickets(ids);
      return { rows, bodies: new Map(rows.map((r) => [r.id, bodyOf(r, tickets)])) };
    },

    /** Sends one claimed row and records the outcome. Never throws: a failure to record is logged (the lease retries). */
    async send(row: Claimed, body: string): Promise<void> {
      try {
        await record({ row, answer: await attempt(row, body) });
      } catch (err) {
        logger.error({ err, deliveryId: row.id }, 'webhook outcome not written; the row goes again when its lease runs out');
      }
    },

    /** Milliseconds until the earliest due row of an active subscription not at its share, or null when none waits. */
    async msUntilNext(full: string[]): Promise<number | null> {
      const { rows } = await sql<{ ms: number | null }>`
        select greatest(0, extract(epoch from min(d.next_attempt_at) - now()) * 1000)::float8 as ms
          from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id and s.active
         where d.state in ('queued', 'sending') and d.subscription_id <> all(${full}::uuid[])`.execute(db);
      return rows[0]?.ms ?? null;
    },
  };
}
export type WebhookDelivery = ReturnType<typeof webhookDelivery>;
