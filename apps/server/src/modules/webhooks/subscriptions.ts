import { randomUUID } from 'node:crypto';
import {
  WEBHOOK_PING,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryDetail,
  type WebhookInput,
  type WebhookPatch,
  type AuditActor,
} from '@centrala/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/pool.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { AuditLog } from '../audit/index.js';
import type { MailSeal } from '../email/index.js';
import type { EgressGuard, EgressVerdict } from './egress.js';
import { newWebhookSecret } from './signature.js';

/** Who changed a subscription, for the audit log: a staff member (id and email) today. */
export type Actor = AuditActor;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Why the egress guard refused a URL, in both languages, on the form's url field. */
function refused(verdict: Extract<EgressVerdict, { ok: false }>): AppError {
  const message =
    verdict.reason === 'scheme'
      ? text(`Use an https:// address (${verdict.detail}).`, `Upišite https:// adresu (${verdict.detail}).`)
      : verdict.reason === 'unresolvable'
        ? text(`The host name does not resolve (${verdict.detail}).`, `Naziv poslužitelja ne razrješava se u adresu (${verdict.detail}).`)
        : text(
            `${verdict.detail} is a private, loopback or link-local address; webhooks go only to public addresses, unless the server's WEBHOOK_ALLOWED_NETWORKS allows it.`,
            `${verdict.detail} je privatna, lokalna (loopback) ili link-local adresa; webhookovi idu samo na javne adrese, osim ako ju poslužiteljev WEBHOOK_ALLOWED_NETWORKS dopušta.`,
          );
  return new AppError('webhook.url_refused', message, [{ path: 'url', code: `webhook.${verdict.reason}`, message }]);
}

/**
 * Admins' subscriptions (issue 13 point 6): create, list, change, remove, rotate the secret; the deliveries log, a
 * resend, a test ping. The secret is sealed with the server key, returned only by create and rotate, never listed or
 * logged. Every change is in the audit log (entity 'webhook'), without the secret.
 */
export function webhookSubscriptions(db: Db, seal: MailSeal, guard: EgressGuard, auditLog: AuditLog) {
  const checked = async (url: string) => {
    const verdict = await guard.check(url);
    if (!verdict.ok) throw refused(verdict);
  };

  const audit = (
    trx: Kysely<Database>,
    actor: Actor,
    id: string,
    action: 'create' | 'update' | 'delete',
    before: object | null,
    after: object | null,
  ) => auditLog.record(trx, actor, [{ entity: 'webhook', entityId: id, accountId: null, action, before, after }]);

  const list = async (id?: string): Promise<Webhook[]> => {
    const rows = await db
      .selectFrom('webhook_subscriptions as s')
      .select([
        's.id',
        's.url',
        's.description',
        's.event_types',
        's.active',
        's.created_at',
        sql<number>`(select count(*)::int from webhook_deliveries d where d.subscription_id = s.id and d.state in ('queued', 'sending'))`.as(
          'pending',
        ),
        sql<number>`(select count(*)::int from webhook_deliveries d where d.subscription_id = s.id and d.state = 'failed' and d.created_at > now() - interval '7 days')`.as(
          'failed',
        ),
        sql<Date | null>`(select max(d.created_at) from webhook_deliveries d where d.subscription_id = s.id)`.as('last'),
      ])
      .$if(id !== undefined, (q) => q.where('s.id', '=', id!))
      .orderBy('s.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      url: r.url,
      description: r.description,
      eventTypes: r.event_types,
      active: r.active,
      createdAt: iso(r.created_at)!,
      pending: r.pending,
      failed: r.failed,
      lastDeliveryAt: iso(r.last),
    }));
  };
  const get = async (id: string) => (await list(id))[0] ?? null;
  /** What the audit log keeps of a subscription: everything but the secret. */
  const audited = (w: Webhook) => ({ url: w.url, description: w.description, eventTypes: w.eventTypes, active: w.active });

  return {
    list: () => list(),
    get,

    async create(input: WebhookInput, actor: Actor): Promise<{ webhook: Webhook; secret: string }> {
      await checked(input.url);
      const secret = newWebhookSecret();
      const id = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('webhook_subscriptions')
          .values({
            url: input.url,
            description: input.description,
            event_types: [...new Set(input.eventTypes)],
            active: input.active,
            secret_sealed: seal.seal(secret),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(trx, actor, row.id, 'create', null, {
          url: input.url,
          description: input.description,
          eventTypes: input.eventTypes,
          active: input.active,
        });
        return row.id;
      });
      return { webhook: (await get(id))!, secret };
    },

    async update(id: string, patch: WebhookPatch, actor: Actor): Promise<Webhook | null> {
      const before = await get(id);
      if (!before) return null;
      if (patch.url !== undefined) await checked(patch.url);
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('webhook_subscriptions')
          .set({
            ...(patch.url !== undefined && { url: patch.url }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(patch.eventTypes !== undefined && { event_types: [...new Set(patch.eventTypes)] }),
            ...(patch.active !== undefined && { active: patch.active }),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        await audit(trx, actor, id, 'update', audited(before), { ...audited(before), ...patch });
      });
      return get(id);
    },

    /** Removes it and its deliveries' log. */
    async remove(id: string, actor: Actor): Promise<boolean> {
      const before = await get(id);
      if (!before) return false;
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
        await audit(trx, actor, id, 'delete', audited(before), null);
      });
      return true;
    },

    /** A new secret at once: requests signed from now on use it (a receiver updates its copy; there is no overlap). */
    async rotate(id: string, actor: Actor): Promise<string | null> {
      const secret = newWebhookSecret();
      const done = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('webhook_subscriptions')
          .set({ secret_sealed: seal.seal(secret), updated_at: new Date() })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (row) await audit(trx, actor, id, 'update', null, { secretRotated: true });
        return row !== undefined;
      });
      return done ? secret : null;
    },

    /** A test ping to one subscription (active or not): a delivery of its own event id, sent and logged as any. */
    async ping(id: string): Promise<string | null> {
      const row = await db
        .insertInto('webhook_deliveries')
        .columns(['subscription_id', 'event_id', 'event_type', 'data'])
        .expression((eb) =>
          eb
            .selectFrom('webhook_subscriptions')
            .select([
              'id',
              sql<string>`${randomUUID()}::uuid`.as('event_id'),
              sql<string>`${WEBHOOK_PING}`.as('event_type'),
              sql<string>`jsonb_build_object('webhook', jsonb_build_object('id', id))`.as('data'),
            ])
            .where('id', '=', id),
        )
        .returning('id')
        .executeTakeFirst();
      return row?.id ?? null;
    },

    async deliveries(subscriptionId: string, limit = 100): Promise<WebhookDelivery[]> {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(deliveryOf);
    },

    async delivery(subscriptionId: string, id: string): Promise<WebhookDeliveryDetail | null> {
      const row = await db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('subscription_id', '=', subscriptionId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      const attempts = await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('delivery_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return {
        ...deliveryOf(row),
        log: attempts.map((a) => ({
          at: iso(a.at)!,
          statusCode: a.status_code,
          durationMs: a.duration_ms,
          responseBody: a.response_body,
          error: a.error,
        })),
      };
    },

    /**
     * Sends a delivery again, with the same event id, now; retried for another day if it fails. One in flight is
     * left to finish (its outcome is written under its own claim).
     */
    async resend(subscriptionId: string, id: string): Promise<boolean> {
      const row = await db
        .updateTable('webhook_deliveries')
        .set({ state: 'queued', next_attempt_at: sql`now()`, give_up_at: sql`now() + interval '24 hours'` })
        .where('subscription_id', '=', subscriptionId)
        .where('id', '=', id)
        .where('state', '<>', 'sending')
        .returning('id')
        .executeTakeFirst();
      if (row) return true;
      return (
        (await db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('id', '=', id)
          .where('subscription_id', '=', subscriptionId)
          .executeTakeFirst()) !== undefined
      );
    },
  };
}
export type WebhookSubscriptions = ReturnType<typeof webhookSubscriptions>;

function deliveryOf(r: {
  id: string;
  event_id: string;
  event_type: string;
  created_at: Date | string;
  state: 'queued' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  last_status: number | null;
  last_error: string | null;
}): WebhookDelivery {
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    createdAt: iso(r.created_at)!,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'queued' ? iso(r.next_attempt_at) : null,
    deliveredAt: iso(r.delivered_at),
    lastStatus: r.last_status,
    lastError: r.last_error,
  };
}
