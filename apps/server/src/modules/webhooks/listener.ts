import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@centrala/contracts';
import { sql } from 'kysely';
import { listener, type DomainEvent } from '../../events/index.js';

/** A webhook event before it is matched to subscriptions: its id (the same for every subscription) and its facts. */
export interface WebhookEvent {
  event_id: string;
  event_type: WebhookEventType;
  data: Record<string, unknown>;
}

/**
 * The webhook events a domain event makes (docs/webhooks.md "Events"): a public message only (an internal note never
 * leaves), a change of status only, SLA alerts as they are. What the event carries is kept; the ticket's current
 * state is added when the delivery is sent.
 */
export function webhookEventsOf(event: DomainEvent): WebhookEvent[] {
  const of = (event_type: WebhookEventType, data: Record<string, unknown>) => [{ event_id: randomUUID(), event_type, data }];
  switch (event.type) {
    case 'ticket.created':
      return of('ticket.created', { ticket: { id: event.ticketId, reference: event.reference, subject: event.subject } });
    case 'ticket.replied':
      if (event.internal) return [];
      return of('ticket.replied', {
        ticket: { id: event.ticketId, reference: event.ticket.reference, subject: event.ticket.subject },
        message: { id: event.messageId, author: event.author, body: event.body },
      });
    case 'ticket.changed':
      return event.changes?.status ? of('ticket.status_changed', { ticket: { id: event.ticketId }, status: event.changes.status }) : [];
    case 'sla.warning':
    case 'sla.breached':
      return of(event.type, { ticket: { id: event.ticketId } });
    default:
      return [];
  }
}

/**
 * One delivery row per (event, active subscription to its type), in the emitting transaction: ONE statement, so it
 * joins the batched ticket write as a CTE. With no subscription it inserts nothing (a join with an empty table), and
 * nothing wakes a delivery loop (the trigger is per row).
 */
export const webhookListener = listener({
  name: 'webhook deliveries',
  handles: ['ticket.created', 'ticket.replied', 'ticket.changed', 'sla.warning', 'sla.breached'],
  rows(events) {
    const out = events.flatMap(webhookEventsOf);
    if (!out.length) return sql`select where false`;
    return sql`insert into webhook_deliveries (subscription_id, event_id, event_type, data)
      select s.id, e.event_id, e.event_type, e.data
        from jsonb_to_recordset(${JSON.stringify(out)}::jsonb) as e(event_id uuid, event_type text, data jsonb)
        join webhook_subscriptions s on s.active and e.event_type = any(s.event_types)`;
  },
});
