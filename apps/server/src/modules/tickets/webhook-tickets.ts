import type { Db } from '../../db/pool.js';
import { accountExternalIdsSql, serviceExternalIdsSql } from '../accounts/index.js';

/** A ticket as a webhook receiver is told of it (docs/webhooks.md): public facts and ids, nothing of the account's secrets. */
export interface WebhookTicket {
  id: string;
  reference: string;
  subject: string;
  status: string;
  priority: string;
  channel: string;
  department: { id: string; slug: string };
  account: { id: string; externalId: string | null } | null;
  service: { id: string; externalId: string | null } | null;
  slaState: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The tickets' current state, for the webhooks module's payloads: read when a delivery is sent, since most events
 * carry only the ticket's id. One query for a batch; a ticket gone since is absent from the answer.
 */
export function webhookTickets(db: Db) {
  return async (ids: readonly string[]): Promise<Map<string, WebhookTicket>> => {
    if (!ids.length) return new Map();
    const rows = await db
      .selectFrom('tickets as t')
      .innerJoin('departments as d', 'd.id', 't.department_id')
      // The billing system's ids of the ticket's account and service: the accounts module's tables, as it exports them.
      .leftJoin(accountExternalIdsSql.as('a'), 'a.id', 't.account_id')
      .leftJoin(serviceExternalIdsSql.as('s'), 's.id', 't.service_id')
      .select([
        't.id',
        't.reference',
        't.subject',
        't.status',
        't.priority',
        't.channel',
        't.sla_state',
        't.created_at',
        't.updated_at',
        'd.id as department_id',
        'd.slug as department_slug',
        't.account_id',
        'a.external_id as account_external_id',
        't.service_id',
        's.external_id as service_external_id',
      ])
      .where('t.id', 'in', [...new Set(ids)])
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          reference: r.reference,
          subject: r.subject,
          status: r.status,
          priority: r.priority,
          channel: r.channel,
          department: { id: r.department_id, slug: r.department_slug },
          account: r.account_id ? { id: r.account_id, externalId: r.account_external_id } : null,
          service: r.service_id ? { id: r.service_id, externalId: r.service_external_id } : null,
          slaState: r.sla_state,
          createdAt: new Date(r.created_at).toISOString(),
          updatedAt: new Date(r.updated_at).toISOString(),
        },
      ]),
    );
  };
}
export type WebhookTickets = ReturnType<typeof webhookTickets>;
