import type { TicketPatch, TicketStatus, Trust } from '@centrala/contracts';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { Database, TicketsTable } from '../../db/schema.js';
import type { DomainEvents } from '../../events/index.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { requireAccount } from '../accounts/index.js';
import { activeStaffId } from '../auth/index.js';
import { recordOutcome, type Keyed } from '../idempotency/index.js';
import { nextClock, type ClockEvent, type SlaPolicies } from '../sla/index.js';
import { ticketPolicies } from './policies.js';
import { customerSeesPatch } from './presenters.js';
import { safeFilename } from './attachment-name.js';
import type { AttachmentStore, ReceivedFile } from './attachment-store.js';
import { searchable } from './search-text.js';

export type TicketRow = Selectable<TicketsTable>;

/** An upload streamed to the store, with the name it was sent under. */
export type UploadedFile = ReceivedFile & { filename: string };

/** Another system writing through the API (issue 13 point 5): recorded as its token, named as it was called then. */
export interface ApiActor {
  tokenId: string;
  label: string;
}

/** Who changed a ticket: a user's id, an API token, or nobody (the system). */
export type Actor = string | ApiActor | null;

/**
 * The stored raw input a customer's message is made of, kept by its owner (intake's `inbound`): claimed and marked
 * processed inside the message's transaction by the owner's own code, so the two are durable together.
 */
export interface MessageSource {
  /** Locks the stored input; answers the message it became when it was processed before. */
  claim(trx: Transaction<Database>): Promise<{ processedAs: string } | null>;
  processed(trx: Transaction<Database>, made: { ticketId: string; messageId: string; at: Date }): Promise<void>;
}

/** A message's author: a customer or agent (user), or an API token writing on the staff side (trust `staff`). */
export type Author = { type: 'customer' | 'agent'; userId: string; trust: Trust } | { type: 'agent'; token: ApiActor; trust: 'staff' };

/** The columns that name who did something: a user, or a token and its name at the time (migration 0031). */
function actorColumns(actor: Actor) {
  if (actor === null || typeof actor === 'string') return { userId: actor, tokenId: null, label: null };
  return { userId: null, tokenId: actor.tokenId, label: actor.label };
}
const actorOf = (author: Author): Actor => ('token' in author ? author.token : author.userId);

/**
 * Everything that changes a ticket after it is opened. Each command is one
 * transaction: the change, its history event, the SLA timer and its domain
 * events (with their listeners' rows, such as the customer's email) commit
 * together or not at all.
 */
export function ticketCommands(deps: { db: Db; policies: SlaPolicies; store: AttachmentStore; events: DomainEvents }) {
  const { db, policies, store, events } = deps;

  /** Applies a clock event to the ticket's SLA columns, inside `trx`; they are its timer too (sla/timers.ts). */
  async function moveClock(trx: Kysely<Database>, ticket: TicketRow, event: ClockEvent, now: Date, priority = ticket.priority) {
    const policy = await policies.for(ticket.channel, priority, trx);
    const u = nextClock(
      {
        createdAt: new Date(ticket.created_at),
        firstResponseAt: ticket.first_response_at ? new Date(ticket.first_response_at) : null,
        dueAt: ticket.due_at ? new Date(ticket.due_at) : null,
        pausedRemainingMs: ticket.sla_paused_remaining_ms === null ? null : Number(ticket.sla_paused_remaining_ms),
        slaState: ticket.sla_state,
      },
      event,
      policy,
      now,
    );
    const clockMs = u.clockMs ?? (ticket.sla_clock_ms === null ? null : Number(ticket.sla_clock_ms));
    await trx
      .updateTable('tickets')
      .set({
        due_at: u.dueAt,
        sla_paused_remaining_ms: u.pausedRemainingMs,
        sla_clock_ms: u.dueAt ? clockMs : null,
        ...(u.firstResponseDueAt && { first_response_due_at: u.firstResponseDueAt }),
        ...(u.nextResponseDueAt !== undefined && { next_response_due_at: u.nextResponseDueAt }),
        ...(u.slaState && { sla_state: u.slaState }),
      })
      .where('id', '=', ticket.id)
      .execute();
  }

  /** Stores the files of a message; answers the names they were stored under. */
  async function insertFiles(trx: Kysely<Database>, ticketId: string, messageId: string, files: UploadedFile[]) {
    const names: string[] = [];
    for (const f of files) {
      const stored = await store.adopt(f);
      const filename = safeFilename(f.filename);
      await trx
        .insertInto('attachments')
        .values({
          ticket_id: ticketId,
          message_id: messageId,
          sha256: stored.sha256,
          filename,
          content_type: stored.contentType,
          size_bytes: stored.sizeBytes,
        })
        .execute();
      names.push(filename);
    }
    return names;
  }

  const accountAlreadyLinked = () =>
    new AppError('ticket.account_already_linked', text('This ticket already belongs to an account.', 'Ovaj tiket već pripada računu.'));
  const event = (trx: Kysely<Database>, ticketId: string, actor: Actor, kind: string, data: Record<string, unknown> = {}) => {
    const who = actorColumns(actor);
    return trx
      .insertInto('ticket_events')
      .values({
        ticket_id: ticketId,
        actor_id: who.userId,
        api_token_id: who.tokenId,
        actor_label: who.label,
        kind,
        data: JSON.stringify(data),
      })
      .execute();
  };

  return {
    async reply(
      ticket: TicketRow,
      author: Author,
      input: {
        body: string;
        internal?: boolean;
        status?: TicketStatus | undefined;
        /** An agent's reply: the last message they had seen (checked by refuseCollision). */
        seenMessageId?: string | undefined;
        files: UploadedFile[];
        keyed?: Keyed | null;
      },
    ) {
      const now = new Date();
      const internal = ticketPolicies.writesInternalNote(author, input.internal);
      const actor = actorOf(author);
      const who = actorColumns(actor);
      return db.transaction().execute(async (trx) => {
        // A reply to a merged duplicate continues the ticket it went into (issue 13 point 5).
        if (ticket.merged_into_id) ticket = await mergedTarget(trx, ticket);
        if (ticketPolicies.checksReplyCollision(author, internal, input.seenMessageId))
          await refuseCollision(trx, ticket.id, who.userId, input.seenMessageId!);
        const message = await trx
          .insertInto('ticket_messages')
          .values({
            ticket_id: ticket.id,
            author_type: author.type,
            author_id: who.userId,
            api_token_id: who.tokenId,
            author_label: who.label,
            body: input.body,
            internal,
            trust: author.trust,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // First: a duplicate under the same key waits here for this transaction, then answers from its row.
        if (input.keyed) await recordOutcome(trx, input.keyed, { status: 201, result: { messageId: message.id } });
        const filenames = await insertFiles(trx, ticket.id, message.id, input.files);
        // The ticket is found by the reply's words and its files' names too (migration 0014).
        const words = sql`concat_ws(' ', ${searchable(input.body)}::text, file_names_search_text(${filenames.join('\n') || null}::text))`;
        await trx
          .updateTable('tickets')
          // A note leaves updated_at alone: customers see it in their list, and auto-close counts quiet days from it.
          .set({ ...(!internal && { updated_at: now }), search_vector: sql`search_vector || to_tsvector('centrala', ${words})` })
          .where('id', '=', ticket.id)
          .execute();

        if (author.type === 'customer') {
          const reopening = ticket.status === 'resolved' || ticket.status === 'closed';
          await trx
            .updateTable('tickets')
            .set({ status: 'awaiting_agent', resolved_at: null, closed_at: null })
            .where('id', '=', ticket.id)
            .execute();
          if (reopening) await event(trx, ticket.id, actor, 'reopened', { from: ticket.status });
          else if (ticket.status !== 'awaiting_agent')
            await event(trx, ticket.id, actor, 'status', { from: ticket.status, to: 'awaiting_agent' });
          await moveClock(trx, ticket, 'customer_wrote', now);
        } else if (!internal) {
          const status = input.status ?? 'awaiting_customer';
          await trx
            .updateTable('tickets')
            .set({ status, ...(ticket.first_response_at === null && { first_response_at: now }), ...statusTimestamps(status, now) })
            .where('id', '=', ticket.id)
            .execute();
          await event(trx, ticket.id, actor, 'replied', ticket.first_response_at === null ? { first: true } : {});
          if (status !== ticket.status) await event(trx, ticket.id, actor, 'status', { from: ticket.status, to: status });
          await moveClock(trx, ticket, 'answered', now);
          // Working on, not waiting for the customer: the next answer is due again.
          if (status === 'awaiting_agent' || status === 'open') {
            const answered = await trx.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
            await moveClock(trx, answered, 'customer_wrote', now);
          }
        } else {
          await event(trx, ticket.id, actor, 'note');
        }
        await events.emit(trx, [
          {
            type: 'ticket.replied',
            ticketId: ticket.id,
            messageId: message.id,
            author: author.type,
            internal,
            body: input.body,
            ticket: {
              reference: ticket.reference,
              subject: ticket.subject,
              accountId: ticket.account_id,
              requesterId: ticket.requester_id,
              requesterEmail: ticket.requester_email,
            },
          },
        ]);
        return message.id;
      });
    },

    /**
     * A customer's message that arrived by a channel (an email reply threaded to its ticket, issue 12 point 3): the
     * author may be known only by an address. With `source` the stored input is claimed and marked processed by the
     * same transaction, once: processed already (a replay racing the drain), nothing is written and its message is
     * answered.
     */
    async customerMessage(input: {
      ticketId: string;
      /** A client user known by the sender's address; kept as the author only when the ticket is their account's. */
      authorId: string | null;
      authorAccountId: string | null;
      trust: Trust;
      body: string;
      files: UploadedFile[];
      email?: unknown;
      source?: MessageSource;
      /** Addresses copied on the mail: added to the ticket's CC for the answers. */
      cc?: string[];
      /**
       * Written by a machine (an auto-reply, out-of-office, a list or bulk mail, issue 12 point 5): kept on the ticket
       * for agents to read, but it is no customer answering: the status, the SLA clock and the CC stay as they are.
       */
      automatic?: boolean;
    }): Promise<{ messageId: string; duplicate: boolean }> {
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const earlier = await input.source?.claim(trx);
        if (earlier) return { messageId: earlier.processedAs, duplicate: true };
        const found = await trx.selectFrom('tickets').selectAll().where('id', '=', input.ticketId).forUpdate().executeTakeFirst();
        if (!found) throw Errors.notFound('ticket');
        // A mail to a merged duplicate's thread lands in the ticket it went into (issue 13 point 5).
        const ticket = found.merged_into_id ? await mergedTarget(trx, found) : found;
        const authorId = input.authorId && input.authorAccountId === ticket.account_id ? input.authorId : null;
        const message = await trx
          .insertInto('ticket_messages')
          .values({
            ticket_id: ticket.id,
            author_type: 'customer',
            author_id: authorId,
            body: input.body,
            trust: input.trust,
            created_at: now,
            email: input.email === undefined ? null : JSON.stringify(input.email),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const filenames = await insertFiles(trx, ticket.id, message.id, input.files);
        const words = sql`concat_ws(' ', ${searchable(input.body)}::text, file_names_search_text(${filenames.join('\n') || null}::text))`;
        if (input.automatic) {
          // Found by its words like any message; nothing else of the ticket moves (no reopening, no clock).
          await trx
            .updateTable('tickets')
            .set({ search_vector: sql`search_vector || to_tsvector('centrala', ${words})` })
            .where('id', '=', ticket.id)
            .execute();
        } else {
          const reopening = ticket.status === 'resolved' || ticket.status === 'closed';
          const cc = [...new Set([...(ticket.cc ?? []), ...(input.cc ?? [])])];
          await trx
            .updateTable('tickets')
            .set({
              updated_at: now,
              search_vector: sql`search_vector || to_tsvector('centrala', ${words})`,
              status: 'awaiting_agent',
              resolved_at: null,
              closed_at: null,
              ...(cc.length ? { cc } : {}),
            })
            .where('id', '=', ticket.id)
            .execute();
          if (reopening) await event(trx, ticket.id, authorId, 'reopened', { from: ticket.status });
          else if (ticket.status !== 'awaiting_agent')
            await event(trx, ticket.id, authorId, 'status', { from: ticket.status, to: 'awaiting_agent' });
          await moveClock(trx, ticket, 'customer_wrote', now);
        }
        await input.source?.processed(trx, { ticketId: ticket.id, messageId: message.id, at: now });
        await events.emit(trx, [
          {
            type: 'ticket.replied',
            ticketId: ticket.id,
            messageId: message.id,
            author: 'customer',
            internal: false,
            body: input.body,
            ticket: {
              reference: ticket.reference,
              subject: ticket.subject,
              accountId: ticket.account_id,
              requesterId: ticket.requester_id,
              requesterEmail: ticket.requester_email,
            },
          },
        ]);
        return { messageId: message.id, duplicate: false };
      });
    },

    async patch(ticket: TicketRow, actor: Actor, patch: TicketPatch) {
      const now = new Date();
      // A merged duplicate stays closed: its conversation goes on in the ticket it went into.
      if (ticket.merged_into_id && patch.status && patch.status !== 'closed') throw mergedStaysClosed();
      await db.transaction().execute(async (trx) => {
        if (patch.departmentId && patch.departmentId !== ticket.department_id) {
          const department = await trx.selectFrom('departments').select('id').where('id', '=', patch.departmentId).executeTakeFirst();
          if (!department)
            throw new AppError('department.unknown', text('No such department.', 'Nema takvog odjela.'), [
              { path: 'departmentId', code: 'not_found', message: text('Choose a department.', 'Odaberite odjel.') },
            ]);
          await trx.updateTable('tickets').set({ department_id: patch.departmentId }).where('id', '=', ticket.id).execute();
          await event(trx, ticket.id, actor, 'department', { from: ticket.department_id, to: patch.departmentId });
        }
        if (patch.assigneeId !== undefined && patch.assigneeId !== ticket.assignee_id) {
          if (patch.assigneeId && !(await activeStaffId(trx, { id: patch.assigneeId })))
            throw new AppError('assignee.unknown', text('Assign the ticket to an active agent.', 'Dodijelite tiket aktivnom agentu.'), [
              { path: 'assigneeId', code: 'not_found', message: text('Choose an agent.', 'Odaberite agenta.') },
            ]);
          await trx.updateTable('tickets').set({ assignee_id: patch.assigneeId }).where('id', '=', ticket.id).execute();
          await event(trx, ticket.id, actor, 'assignee', { from: ticket.assignee_id, to: patch.assigneeId });
        }
        let current = ticket;
        if (patch.priority && patch.priority !== ticket.priority) {
          await trx.updateTable('tickets').set({ priority: patch.priority }).where('id', '=', ticket.id).execute();
          await event(trx, ticket.id, actor, 'priority', { from: ticket.priority, to: patch.priority });
          await moveClock(trx, ticket, 'retargeted', now, patch.priority);
          current = await trx.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
        }
        if (patch.status && patch.status !== ticket.status) {
          await trx
            .updateTable('tickets')
            .set({ status: patch.status, ...statusTimestamps(patch.status, now) })
            .where('id', '=', ticket.id)
            .execute();
          await event(trx, ticket.id, actor, 'status', { from: ticket.status, to: patch.status });
          await moveClock(trx, current, clockEventFor(patch.status), now);
        }
        const customerSees = customerSeesPatch(ticket, patch);
        if (customerSees) await trx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticket.id).execute();
        const status = patch.status && patch.status !== ticket.status ? { status: { from: ticket.status, to: patch.status } } : undefined;
        await events.emit(trx, [{ type: 'ticket.changed', ticketId: ticket.id, customerSees, ...(status && { changes: status }) }]);
      });
    },

    /**
     * Links an accountless ticket to an account (R11): from then on that account's customers see it. A ticket that
     * already belongs to an account keeps it: moving it would show one customer's conversation to another.
     */
    async linkAccount(ticket: TicketRow, actorId: string, accountId: string) {
      const link = ticketPolicies.accountLink(ticket, accountId);
      if (link === 'linked') return;
      if (link === 'refused') throw accountAlreadyLinked();
      await db.transaction().execute(async (trx) => {
        await requireAccount(trx, accountId);
        // Only while still accountless: of two agents linking at once, the second finds it taken.
        const linked = await trx
          .updateTable('tickets')
          .set({ account_id: accountId, updated_at: new Date() })
          .where('id', '=', ticket.id)
          .where('account_id', 'is', null)
          .executeTakeFirst();
        if (linked.numUpdatedRows === 0n) {
          // Taken meanwhile: by this same account, as a link one after the other, the link is done; by another, refused.
          const current = await trx.selectFrom('tickets').select('account_id').where('id', '=', ticket.id).executeTakeFirst();
          if (current && ticketPolicies.accountLink(current, accountId) === 'linked') return;
          throw accountAlreadyLinked();
        }
        await event(trx, ticket.id, actorId, 'account', { from: null, to: accountId });
        await events.emit(trx, [{ type: 'ticket.changed', ticketId: ticket.id, customerSees: true }]);
      });
    },

    async closeByCustomer(ticket: TicketRow, userId: string) {
      if (ticket.status === 'closed') return;
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('tickets').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', ticket.id).execute();
        await event(trx, ticket.id, userId, 'status', { from: ticket.status, to: 'closed' });
        await moveClock(trx, ticket, 'stopped', now);
        await events.emit(trx, [
          { type: 'ticket.changed', ticketId: ticket.id, customerSees: true, changes: { status: { from: ticket.status, to: 'closed' } } },
        ]);
      });
    },

    /** Closes tickets left quiet (awaiting the customer, or resolved) for `days`; returns how many. */
    async autoClose(days: number): Promise<number> {
      const now = new Date();
      const closed = await db.transaction().execute(async (trx) => {
        // The status each had before, for the changed event: an update returns only the new one.
        const quiet = trx
          .selectFrom('tickets')
          .select(['id', 'status'])
          .where('status', 'in', ['awaiting_customer', 'resolved'])
          .where('updated_at', '<', new Date(now.getTime() - days * 86_400_000))
          .forUpdate();
        const rows = await trx
          .updateTable('tickets')
          // updated_at too: a ticket closed today is among the most recently changed (the Closed view's order).
          .set({ status: 'closed', closed_at: now, updated_at: now, due_at: null, sla_paused_remaining_ms: null })
          .from(quiet.as('quiet'))
          .whereRef('tickets.id', '=', 'quiet.id')
          .returning(['tickets.id', 'quiet.status as was'])
          .execute();
        for (const r of rows) await event(trx, r.id, null, 'auto_closed', { quietDays: days });
        await events.emit(
          trx,
          rows.map((r) => ({
            type: 'ticket.changed',
            ticketId: r.id,
            customerSees: true,
            changes: { status: { from: r.was, to: 'closed' } },
          })),
        );
        return rows.length;
      });
      return closed;
    },
  };
}
export type TicketCommands = ReturnType<typeof ticketCommands>;

/**
 * An agent's reply written while another agent's reply went out (issue 10 point 4): refused, so the customer
 * does not get two answers; the route adds the messages the agent missed. `seenMessageId` is the last
 * message the agent had read.
 */
export class ReplyCollision extends AppError {
  constructor(readonly seenMessageId: string) {
    super(
      'ticket.reply_collision',
      text(
        'Another agent answered the customer after you started this reply. Read their answer, then send yours anyway or edit it.',
        'Drugi agent odgovorio je klijentu nakon što ste počeli pisati ovaj odgovor. Pročitajte njegov odgovor, a zatim svoj ipak pošaljite ili ga uredite.',
      ),
    );
  }

  /** The same refusal, carrying what was written after the seen message. */
  showing(missed: unknown[]): AppError {
    return new AppError(this.code, this.text, undefined, { missed });
  }
}

/**
 * Refuses an agent's reply when another agent's public reply was written after the message the agent had
 * seen. The ticket's row is locked first: two agents sending at once are checked one after the other, so the
 * second sees the first's reply (committed by then) and is refused.
 */
async function refuseCollision(trx: Kysely<Database>, ticketId: string, agentId: string | null, seenMessageId: string) {
  await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).forUpdate().execute();
  const seen = await trx
    .selectFrom('ticket_messages')
    .select('created_at')
    .where('id', '=', seenMessageId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!seen)
    throw Errors.invalid([
      {
        path: 'seenMessageId',
        code: 'not_found',
        message: text('No such message on this ticket; reload the ticket.', 'Na ovom tiketu nema te poruke; ponovno učitajte tiket.'),
      },
    ]);
  const answered = await trx
    .selectFrom('ticket_messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('author_type', '=', 'agent')
    .where('internal', '=', false)
    // Another author's: a token's replies have no user, so any agent's counts against them.
    .where((eb) => (agentId ? eb.or([eb('author_id', '<>', agentId), eb('author_id', 'is', null)]) : eb.lit(true)))
    .where('created_at', '>', seen.created_at)
    .limit(1)
    .executeTakeFirst();
  if (answered) throw new ReplyCollision(seenMessageId);
}

/** The ticket a merged duplicate went into, locked like the duplicate would have been (merges never chain). */
async function mergedTarget(trx: Kysely<Database>, duplicate: TicketRow): Promise<TicketRow> {
  return trx.selectFrom('tickets').selectAll().where('id', '=', duplicate.merged_into_id!).forUpdate().executeTakeFirstOrThrow();
}

const mergedStaysClosed = () =>
  new AppError(
    'ticket.merge_merged',
    text(
      'This ticket was merged into another and stays closed: carry on in that one.',
      'Ovaj je tiket spojen s drugim i ostaje zatvoren: nastavite u onom drugom.',
    ),
  );

function statusTimestamps(status: TicketStatus, now: Date) {
  if (status === 'resolved') return { resolved_at: now };
  if (status === 'closed') return { closed_at: now };
  return { resolved_at: null, closed_at: null };
}

function clockEventFor(status: TicketStatus): ClockEvent {
  switch (status) {
    case 'awaiting_customer':
      return 'paused';
    case 'resolved':
    case 'closed':
      return 'stopped';
    default:
      return 'resumed';
  }
}
