import type { LocalizedText } from '@centrala/contracts';

/**
 * Who hears about a ticket by email: every Support address of the account (R14), or the registered address when none
 * is set, or the address an accountless requester wrote from, in the requester's language.
 */
export interface Recipients {
  addresses: string[];
  locale: 'hr' | 'en';
  /**
   * Whether they can follow the ticket in the client area: an account's people can; a requester known only by an
   * address (an accountless ticket, migration 0015) is answered at that address and sent no link they cannot open.
   */
  clientArea: boolean;
}

/**
 * Every domain event, in one list (docs/architecture.md "Events"). Each names what happened by id first, and carries
 * beside the ids only what its durable listeners need and could not read without a round trip or another module's
 * tables. Emitted inside the transaction that made the change, so an event exists only if its change committed.
 */
export type DomainEvent =
  /** A ticket was opened, by any channel. What its acknowledgement needs comes along: intake identified it already. */
  | {
      type: 'ticket.created';
      ticketId: string;
      reference: string;
      subject: string;
      /**
       * The first answer promised at filing (the sla module's firstResponsePromise); null for a ticket an agent opened
       * by writing to the customer, who is owed no answer and gets no acknowledgement.
       */
      promise: LocalizedText | null;
      recipients: Recipients;
      /**
       * The Message-ID (no <>) of the mail that opened it, when it came by email: the acknowledgement answers it
       * (In-Reply-To). Carried here because the ticket's message is written by the same statement as the ack.
       */
      emailMessageId?: string | null;
      /**
       * The requester names an account the channel could not verify (a registered address without DMARC, R12): the
       * acknowledgement asks them to use the client area or their registered address and discloses nothing of it.
       */
      unverified?: boolean;
    }
  /** A message was added to a ticket: the customer's, an agent's public reply, or an agent's internal note. */
  | {
      type: 'ticket.replied';
      ticketId: string;
      messageId: string;
      author: 'customer' | 'agent';
      /** An agent's internal note: nothing a customer may see changed. */
      internal: boolean;
      body: string;
      /**
       * The agent's message that opened the ticket (an agent wrote to the customer first, issue 12 point 6): its mail
       * starts the thread, so its subject is the ticket's own, not a `Re:`.
       */
      opening?: boolean;
      /** The ticket as its customer knows it, and whose it is (an agent's reply is mailed to them). */
      ticket: { reference: string; subject: string; accountId: string | null; requesterId: string | null; requesterEmail: string | null };
    }
  /** Anything else about a ticket changed (status, priority, department, assignee, account, SLA state). */
  | {
      type: 'ticket.changed';
      ticketId: string;
      /** False when only agents' business changed (the assignee): customers' screens are not told. */
      customerSees: boolean;
      /** What changed, where a durable listener needs it (webhooks' `ticket.status_changed`): the status, from and to. */
      changes?: { status?: { from: string; to: string } };
    }
  /**
   * A duplicate was merged into this ticket (issue 13 point 5): its conversation moved here. The customer is told once,
   * by mail; screens hear of both tickets by their `ticket.changed`.
   */
  | {
      type: 'ticket.merged';
      ticketId: string;
      duplicate: { id: string; reference: string; subject: string };
      /** The target, as its customer knows it, and whose it is (the mail goes to them). */
      ticket: { reference: string; subject: string; accountId: string | null; requesterId: string | null; requesterEmail: string | null };
    }
  /** A ticket's running clock reached its warning instant (80 % of it). */
  | { type: 'sla.warning'; ticketId: string }
  /** A ticket's running clock reached its due instant. */
  | { type: 'sla.breached'; ticketId: string }
  /** Who is viewing a ticket, or typing on it, changed. */
  | { type: 'ticket.presence'; ticketId: string }
  /** A user's sessions, role, departments or access changed: their live sockets are checked again. */
  | { type: 'user.changed'; userId: string };

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/**
 * What live consumers (every node's sockets) get of an event over the bus: its ids and flags only. A NOTIFY payload
 * is capped at 8000 bytes and a reply's body is not, and a live consumer reads what it shows anyway.
 */
export type LiveEvent =
  | { type: 'ticket.created'; ticketId: string }
  | { type: 'ticket.replied'; ticketId: string; internal: boolean }
  | { type: 'ticket.changed'; ticketId: string; customerSees: boolean }
  | { type: 'sla.warning'; ticketId: string }
  | { type: 'sla.breached'; ticketId: string }
  | { type: 'ticket.presence'; ticketId: string }
  | { type: 'user.changed'; userId: string };

/** An event's live form; null for one no live consumer hears (a merge: screens hear of both tickets' `ticket.changed`). */
export function liveForm(event: DomainEvent): LiveEvent | null {
  switch (event.type) {
    case 'ticket.created':
      return { type: event.type, ticketId: event.ticketId };
    case 'ticket.replied':
      return { type: event.type, ticketId: event.ticketId, internal: event.internal };
    case 'ticket.changed':
      return { type: event.type, ticketId: event.ticketId, customerSees: event.customerSees };
    case 'ticket.merged':
      return null;
    case 'sla.warning':
    case 'sla.breached':
    case 'ticket.presence':
      return { type: event.type, ticketId: event.ticketId };
    case 'user.changed':
      return { type: event.type, userId: event.userId };
  }
}
