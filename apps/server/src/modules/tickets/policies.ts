import type { Trust } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import { policies } from '../auth/index.js';
import type { TicketRow } from './commands.js';

/** The tickets a request may reach: a customer only their own account's; staff, every ticket (no bound). */
export interface Reach {
  accountId?: string;
}

/**
 * Who may do what with tickets (issue 11 point 4). Routes ask the role gates
 * first; queries for a customer are then bounded by the reach these return,
 * never by an id taken from the request. Commands ask the rules below.
 */
export const ticketPolicies = {
  /** A customer, and their reach: their own account's tickets. */
  customer(req: FastifyRequest) {
    const me = policies.client(req);
    return { me, reach: { accountId: me.accountId } satisfies Reach };
  },

  /** An agent (or admin), who reaches every ticket. */
  staff(req: FastifyRequest) {
    return { me: policies.staff(req), reach: {} satisfies Reach };
  },

  /** Only agents write internal notes; a customer's message is always public, whatever the form said. */
  writesInternalNote: (author: { type: 'customer' | 'agent' }, asked: boolean | undefined) => author.type === 'agent' && asked === true,

  /**
   * An agent's public reply written against a message they had seen is checked for another agent's answer since
   * (issue 10 point 4); notes and customers' messages go in as they come.
   */
  checksReplyCollision: (author: { type: 'customer' | 'agent' }, internal: boolean, seenMessageId: string | undefined) =>
    author.type === 'agent' && !internal && Boolean(seenMessageId),

  /**
   * Whether a ticket may be linked to `accountId` (R11): an accountless one may; one already that account's needs
   * nothing; one of another account keeps it, since moving it would show one customer's conversation to another.
   */
  accountLink: (ticket: Pick<TicketRow, 'account_id'>, accountId: string): 'link' | 'linked' | 'refused' =>
    ticket.account_id === accountId ? 'linked' : ticket.account_id === null ? 'link' : 'refused',

  /**
   * Whether a duplicate may be merged into a target (issue 13 point 5): two tickets, neither merged already (a chain
   * would hide where the conversation is), of one customer: the same account, or for accountless ones the same
   * requester address. Anything else would show one customer's conversation to another.
   */
  mergeable(
    duplicate: Pick<TicketRow, 'id' | 'account_id' | 'requester_email' | 'merged_into_id'>,
    target: Pick<TicketRow, 'id' | 'account_id' | 'requester_email' | 'merged_into_id'>,
  ): 'merge' | 'self' | 'merged' | 'otherCustomer' {
    if (duplicate.id === target.id) return 'self';
    if (duplicate.merged_into_id !== null || target.merged_into_id !== null) return 'merged';
    const sameAccount = duplicate.account_id !== null && duplicate.account_id === target.account_id;
    const sameAddress =
      duplicate.account_id === null &&
      target.account_id === null &&
      duplicate.requester_email !== null &&
      duplicate.requester_email.toLowerCase() === target.requester_email?.toLowerCase();
    return sameAccount || sameAddress ? 'merge' : 'otherCustomer';
  },
};

/**
 * The Trust rule (DESIGN.md "Trust", R9, R12): account data, and anything account-specific, only for an author
 * identified by a client-area session or an authenticated email (DMARC-aligned); a claimed address or an anonymous
 * visitor is answered as a general question and asked to confirm in the client area. Staff are not customers: the
 * rule is not theirs to pass. A ticket opened through the API (`api`) names its account by the provider's own
 * authenticated system, so its account is as certain as a session's.
 */
export function mayDiscloseAccountData(trust: Trust): boolean {
  return trust === 'session' || trust === 'email_authenticated' || trust === 'api';
}
