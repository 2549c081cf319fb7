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
