import { Trust } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { mayDiscloseAccountData, ticketPolicies } from './policies.js';

describe('the Trust rule (DESIGN.md "Trust", R9, R12)', () => {
  it("lets account data go only to a client-area session, an authenticated email or the provider's own system (API)", () => {
    const allowed = Trust.options.filter(mayDiscloseAccountData);
    expect(allowed).toEqual(['session', 'email_authenticated', 'api']);
  });

  it('refuses a claimed address, an anonymous visitor and staff (who are not the customer)', () => {
    for (const trust of ['email_claimed', 'anonymous', 'staff'] as const) expect(mayDiscloseAccountData(trust)).toBe(false);
  });
});

describe('ticket policies', () => {
  const agent = { type: 'agent' as const };
  const customer = { type: 'customer' as const };

  it('lets only agents write internal notes, and only when they ask to', () => {
    expect(ticketPolicies.writesInternalNote(agent, true)).toBe(true);
    expect(ticketPolicies.writesInternalNote(agent, false)).toBe(false);
    expect(ticketPolicies.writesInternalNote(agent, undefined)).toBe(false);
    expect(ticketPolicies.writesInternalNote(customer, true)).toBe(false);
  });

  it("checks an agent's public reply for a collision only when it names the message they had seen", () => {
    expect(ticketPolicies.checksReplyCollision(agent, false, 'm1')).toBe(true);
    expect(ticketPolicies.checksReplyCollision(agent, false, undefined)).toBe(false);
    expect(ticketPolicies.checksReplyCollision(agent, true, 'm1')).toBe(false);
    expect(ticketPolicies.checksReplyCollision(customer, false, 'm1')).toBe(false);
  });

  it("links an accountless ticket, leaves one already that account's, and never moves one to another account", () => {
    expect(ticketPolicies.accountLink({ account_id: null }, 'a')).toBe('link');
    expect(ticketPolicies.accountLink({ account_id: 'a' }, 'a')).toBe('linked');
    expect(ticketPolicies.accountLink({ account_id: 'b' }, 'a')).toBe('refused');
  });
});

describe('merging a duplicate (issue 13 point 5)', () => {
  const ticket = (id: string, account_id: string | null, requester_email: string | null = null, merged_into_id: string | null = null) => ({
    id,
    account_id,
    requester_email,
    merged_into_id,
  });

  it('merges tickets of one account, or of one address when neither has an account', () => {
    expect(ticketPolicies.mergeable(ticket('a', 'acc'), ticket('b', 'acc'))).toBe('merge');
    expect(ticketPolicies.mergeable(ticket('a', null, 'Ana@X.hr'), ticket('b', null, 'ana@x.hr'))).toBe('merge');
  });

  it('refuses itself, a merged ticket either way, and another customer', () => {
    expect(ticketPolicies.mergeable(ticket('a', 'acc'), ticket('a', 'acc'))).toBe('self');
    expect(ticketPolicies.mergeable(ticket('a', 'acc', null, 'c'), ticket('b', 'acc'))).toBe('merged');
    expect(ticketPolicies.mergeable(ticket('a', 'acc'), ticket('b', 'acc', null, 'c'))).toBe('merged');
    expect(ticketPolicies.mergeable(ticket('a', 'acc'), ticket('b', 'other'))).toBe('otherCustomer');
    expect(ticketPolicies.mergeable(ticket('a', null, 'ana@x.hr'), ticket('b', 'acc', 'ana@x.hr'))).toBe('otherCustomer');
    expect(ticketPolicies.mergeable(ticket('a', null, null), ticket('b', null, null))).toBe('otherCustomer');
  });
});
