import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import type { DomainEvents } from '../../events/index.js';
import type { AuditLog } from '../audit/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import type { TicketRow } from './commands.js';
import { ticketPolicies } from './policies.js';

/** The staff member merging, as the audit log names them (their id, and their email at the time). */
export interface Merger {
  id: string;
  email: string;
}

const refused = {
  self: () => new AppError('ticket.merge_self', text('A ticket cannot be merged into itself.', 'Tiket se ne može spojiti sam sa sobom.')),
  merged: () =>
    new AppError(
      'ticket.merge_merged',
      text(
        'One of the two tickets was merged already: merge into the ticket it went to.',
        'Jedan od dvaju tiketa već je spojen: spojite u tiket u koji je otišao.',
      ),
    ),
  otherCustomer: () =>
    new AppError(
      'ticket.merge_other_customer',
      text(
        'Only tickets of the same customer can be merged: the customer would see another one’s conversation.',
        'Spajati se mogu samo tiketi istog klijenta: klijent bi vidio tuđi razgovor.',
      ),
    ),
  unknownTarget: () =>
    new AppError('ticket.merge_target_unknown', text('No ticket has this reference.', 'Nijedan tiket nema tu oznaku.'), [
      { path: 'into', code: 'not_found', message: text('Type the reference of an existing ticket.', 'Upišite oznaku postojećeg tiketa.') },
    ]),
};

/**
 * Merging a duplicate into another ticket of the same customer (issue 13 point 5), in one transaction: the duplicate's
 * messages and files move to the target with their own times and authors (so the target's thread reads in the order
 * things happened, and the files stay where their message is), the duplicate is closed with `merged_into_id`, its SLA
 * clock stopped, and both tickets' history says what happened. The target's clocks stand as they were: the customer
 * is owed what the target already promised. The audit log, the customer's one mail (`ticket.merged`) and both
 * tickets' `ticket.changed` commit with it.
 */
export function ticketMerger(deps: { db: Db; events: DomainEvents; audit: AuditLog }) {
  const { db, events, audit } = deps;

  return {
    async merge(duplicate: TicketRow, into: string, by: Merger): Promise<{ targetId: string }> {
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const named = await trx.selectFrom('tickets').select('id').where('reference', '=', into.trim().toUpperCase()).executeTakeFirst();
        if (!named) throw refused.unknownTarget();
        if (named.id === duplicate.id) throw refused.self();
        // Both rows locked in one order (by id): two agents merging the pair both ways wait for each other, not deadlock.
        const [a, b] = await lockBoth(trx, duplicate.id, named.id);
        const dup = a.id === duplicate.id ? a : b;
        const target = a.id === duplicate.id ? b : a;
        const rule = ticketPolicies.mergeable(dup, target);
        if (rule !== 'merge') throw refused[rule]();

        const moved = await trx
          .updateTable('ticket_messages')
          .set({ ticket_id: target.id })
          .where('ticket_id', '=', dup.id)
          .executeTakeFirst();
        await trx.updateTable('attachments').set({ ticket_id: target.id }).where('ticket_id', '=', dup.id).execute();
        await trx
          .updateTable('tickets')
          // Found by the duplicate's words too; changed now, for the customer's list and the recent order.
          .set({ search_vector: sql`search_vector || (select d.search_vector from tickets d where d.id = ${dup.id})`, updated_at: now })
          .where('id', '=', target.id)
          .execute();
        await trx
          .updateTable('tickets')
          // Closed, its clock stopped (as auto-close stops one): nothing is owed on it any more.
          .set({
            status: 'closed',
            closed_at: now,
            updated_at: now,
            merged_into_id: target.id,
            due_at: null,
            sla_paused_remaining_ms: null,
            next_response_due_at: null,
          })
          .where('id', '=', dup.id)
          .execute();
        await trx
          .insertInto('ticket_events')
          .values([
            {
              ticket_id: dup.id,
              actor_id: by.id,
              kind: 'merged',
              data: JSON.stringify({ into: target.reference, from: dup.status }),
              created_at: now,
            },
            {
              ticket_id: target.id,
              actor_id: by.id,
              kind: 'merged_in',
              data: JSON.stringify({ from: dup.reference, messages: Number(moved.numUpdatedRows) }),
              created_at: now,
            },
          ])
          .execute();
        await audit.record(trx, { kind: 'staff', id: by.id, label: by.email }, [
          {
            entity: 'ticket',
            entityId: dup.id,
            accountId: dup.account_id,
            action: 'merge',
            before: { reference: dup.reference, status: dup.status, mergedInto: null },
            after: { reference: dup.reference, status: 'closed', mergedInto: target.reference },
          },
        ]);
        await events.emit(trx, [
          {
            type: 'ticket.merged',
            ticketId: target.id,
            duplicate: { id: dup.id, reference: dup.reference, subject: dup.subject },
            ticket: {
              reference: target.reference,
              subject: target.subject,
              accountId: target.account_id,
              requesterId: target.requester_id,
              requesterEmail: target.requester_email,
            },
          },
          { type: 'ticket.changed', ticketId: dup.id, customerSees: true },
          { type: 'ticket.changed', ticketId: target.id, customerSees: true },
        ]);
        return { targetId: target.id };
      });
    },
  };
}
export type TicketMerger = ReturnType<typeof ticketMerger>;

async function lockBoth(trx: Kysely<Database>, x: string, y: string): Promise<[TicketRow, TicketRow]> {
  const rows = await trx.selectFrom('tickets').selectAll().where('id', 'in', [x, y]).orderBy('id').forUpdate().execute();
  if (rows.length !== 2) throw refused.unknownTarget();
  return [rows[0]!, rows[1]!];
}
