import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replyAddresses } from './reply-address.js';

const key = randomBytes(32);
const ticket = '3f2b8c1e-9d4a-4b7e-8f21-0c5d6e7a8b9c';

function tokenOf(address: string): string {
  return /\+([^@]+)@/.exec(address)![1]!;
}

describe('replyAddresses (issue 12 point 3: signed reply addresses)', () => {
  it('makes support+<token>@domain and reads the ticket back from the token', () => {
    const replies = replyAddresses(key);
    const address = replies.addressFor(ticket, 'support@example.hr');
    expect(address).toMatch(/^support\+[a-z2-7]{42}@example\.hr$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(replies.ticketOf(tokenOf(address))).toBe(ticket);
    for (let i = 0; i < 50; i += 1) {
      const id = randomUUID();
      expect(replies.ticketOf(tokenOf(replies.addressFor(id, 'podrska@x.hr')))).toBe(id);
    }
  });

  it('survives MTAs folding the local part to upper case', () => {
    const replies = replyAddresses(key);
    const token = tokenOf(replies.addressFor(ticket, 'support@example.hr'));
    expect(replies.ticketOf(token.toUpperCase())).toBe(ticket);
  });

  it('rejects a tampered token, another key, and garbage', () => {
    const replies = replyAddresses(key);
    const token = tokenOf(replies.addressFor(ticket, 'support@example.hr'));
    for (let i = 0; i < token.length; i += 1) {
      const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      expect(replies.ticketOf(changed)).toBeNull();
    }
    expect(replyAddresses(randomBytes(32)).ticketOf(token)).toBeNull();
    // Another ticket's id with this ticket's MAC.
    const other = tokenOf(replies.addressFor(randomUUID(), 'support@example.hr'));
    expect(replies.ticketOf(other.slice(0, 26) + token.slice(26))).toBeNull();
    for (const bad of ['', 'x', token.slice(1), `${token}a`, token.replace(/.$/, '!'), '0'.repeat(42), '🙂'.repeat(21)]) {
      expect(replies.ticketOf(bad)).toBeNull();
    }
  });

  it('refuses to sign what is not a ticket id or a mailbox', () => {
    const replies = replyAddresses(key);
    expect(() => replies.addressFor('1', 'support@example.hr')).toThrow();
    expect(() => replies.addressFor(ticket, 'support')).toThrow();
  });
});
