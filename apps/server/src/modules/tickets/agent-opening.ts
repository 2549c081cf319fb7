import type { TicketPriority } from '@centrala/contracts';
import { sql } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Db } from '../../db/pool.js';
import type { DomainEvents, Recipients } from '../../events/index.js';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { requesterOf } from '../accounts/index.js';
import { recordOutcome, type Keyed } from '../idempotency/index.js';
import { safeFilename } from './attachment-name.js';
import type { AttachmentStore } from './attachment-store.js';
import type { UploadedFile } from './commands.js';
import { EMPTY_INCIDENT } from './presenters.js';
import { newTicketReference } from './reference.js';
import { searchable } from './search-text.js';

/** Whom an agent writes to: an account (its Support addresses, R14) or an address no account is known for (R11). */
export type Addressee = { accountId: string } | { email: string };

export interface AgentTicket {
  to: Addressee;
  agentId: string;
  departmentId: string;
  priority: TicketPriority;
  subject: string;
  /** The agent's message, signed already: it is the ticket's first message and the mail the customer gets. */
  body: string;
  files: UploadedFile[];
  keyed: Keyed | null;
}

/** A customer's call as the agent who took it wrote it down (issue 13 point 5). */
export interface PhoneCall {
  agent: { id: string; name: string };
  accountId: string;
  /** The contact who called (checked by `requesterOf`: one of the account's). */
  contactId: string;
  departmentId: string;
  priority: TicketPriority;
  serviceId: string | null;
  subject: string;
  /** What the customer said. */
  body: string;
  files: UploadedFile[];
  keyed: Keyed | null;
}

/** Who hears of the ticket's opening by acknowledgement: no one (its first mail is the agent's). */
const NO_ONE: Recipients = { addresses: [], locale: 'hr', clientArea: false };

const isReferenceTaken = (err: unknown) =>
  isUniqueViolation(err) && (err as { constraint?: string }).constraint === 'tickets_reference_key';

/**
 * An agent starts a ticket by writing to a customer (issue 12 point 6): the ticket on channel `email`, waiting for
 * the customer, its first message the agent's public one, and that message's mail written to the outbox by the
 * notifications' listener of `ticket.replied`, as an agent's reply is: our Message-ID, the signed Reply-To, the
 * reference in the subject, to the account's Support addresses or the typed address. One transaction, so the ticket
 * exists exactly when its mail is queued.
 *
 * Not through intake's pipeline: nothing came in. The ticket's trust is `anonymous` (nobody has been identified yet;
 * each answer carries its own), and its first response is its opening (`first_response_at = created_at`, no SLA clock
 * runs until the customer writes back), which the response-time figures leave out (response-times.ts).
 */
export function agentOpener(deps: { db: Db; store: AttachmentStore; events: DomainEvents }) {
  const { db, store, events } = deps;

  async function write(t: AgentTicket, files: { sha256: string; contentType: string; sizeBytes: number; filename: string }[]) {
    return db.transaction().execute(async (trx) => {
      const department = await trx
        .selectFrom('departments')
        .select('id')
        .where('id', '=', t.departmentId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!department)
        throw new AppError('department.unknown', text('No such department.', 'Nema takvog odjela.'), [
          { path: 'departmentId', code: 'not_found', message: text('Choose a department.', 'Odaberite odjel.') },
        ]);
      const accountId = 'accountId' in t.to ? t.to.accountId : null;
      const requesterId = accountId ? await requesterOf(trx, accountId) : null;
      const requesterEmail = 'email' in t.to ? t.to.email : null;
      const reference = newTicketReference();
      const now = new Date();
      const names = files.map((f) => f.filename).join('\n') || null;
      const ticket = await trx
        .insertInto('tickets')
        .values({
          reference,
          account_id: accountId,
          requester_id: requesterId,
          requester_email: requesterEmail,
          department_id: t.departmentId,
          priority: t.priority,
          status: 'awaiting_customer',
          channel: 'email',
          trust: 'anonymous',
          subject: t.subject,
          // Nothing is extracted from an agent's own words: incident details are what customers report (R5).
          incident: JSON.stringify(EMPTY_INCIDENT),
          created_at: now,
          updated_at: now,
          first_response_at: now,
          search_vector: sql`to_tsvector('centrala', concat_ws(' ', reference_search_text(${reference}::text), ${searchable(`${t.subject}\n${t.body}`)}::text,
                                                         file_names_search_text(${names}::text)))`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const message = await trx
        .insertInto('ticket_messages')
        .values({
          ticket_id: ticket.id,
          author_type: 'agent',
          author_id: t.agentId,
          body: t.body,
          internal: false,
          trust: 'staff',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const f of files)
        await trx
          .insertInto('attachments')
          .values({
            ticket_id: ticket.id,
            message_id: message.id,
            sha256: f.sha256,
            filename: f.filename,
            content_type: f.contentType,
            size_bytes: f.sizeBytes,
            created_at: now,
          })
          .execute();
      await trx
        .insertInto('ticket_events')
        .values({
          ticket_id: ticket.id,
          actor_id: t.agentId,
          kind: 'created',
          data: JSON.stringify({ channel: 'email', priority: t.priority, trust: 'anonymous', byAgent: true }),
          created_at: now,
        })
        .execute();
      if (t.keyed) await recordOutcome(trx, t.keyed, { status: 201, result: { id: ticket.id, reference } });
      const about = { reference, subject: t.subject, accountId, requesterId, requesterEmail };
      await events.emit(trx, [
        // No acknowledgement (no recipients, no promise): the customer asked nothing; the agent's mail below is the first.
        { type: 'ticket.created', ticketId: ticket.id, reference, subject: t.subject, promise: null, recipients: NO_ONE },
        {
          type: 'ticket.replied',
          ticketId: ticket.id,
          messageId: message.id,
          author: 'agent',
          internal: false,
          body: t.body,
          opening: true,
          ticket: about,
        },
      ]);
      return { id: ticket.id, reference };
    });
  }

  return {
    async open(t: AgentTicket): Promise<{ id: string; reference: string }> {
      // Files land on disk (content-addressed) before any row names them.
      const files = await Promise.all(t.files.map(async (f) => ({ ...(await store.adopt(f)), filename: safeFilename(f.filename) })));
      for (let attempt = 0; ; attempt++) {
        try {
          return await write(t, files);
        } catch (err) {
          // A reference collision (one in 10^11) gets a new reference; anything else is real.
          if (isReferenceTaken(err) && attempt < 3) continue;
          throw err;
        }
      }
    },
  };
}
export type AgentOpener = ReturnType<typeof agentOpener>;
