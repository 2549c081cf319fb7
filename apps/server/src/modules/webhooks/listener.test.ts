import { describe, expect, it } from 'vitest';
import { webhookEventsOf } from './listener.js';
import { signatureHeader, verifySignature } from './signature.js';

const ticket = { reference: 'T-AAAA-BBBB', subject: 'Down', accountId: null, requesterId: null, requesterEmail: null };

describe('the webhook events a domain event makes (docs/webhooks.md)', () => {
  it('never sends an internal note; a public message carries its author and body', () => {
    const reply = { type: 'ticket.replied' as const, ticketId: 't1', messageId: 'm1', author: 'agent' as const, body: 'Hi', ticket };
    expect(webhookEventsOf({ ...reply, internal: true })).toEqual([]);
    const [event] = webhookEventsOf({ ...reply, internal: false });
    expect(event).toMatchObject({ event_type: 'ticket.replied', data: { message: { id: 'm1', author: 'agent', body: 'Hi' } } });
  });

  it('a change is a status_changed only when the status changed', () => {
    expect(webhookEventsOf({ type: 'ticket.changed', ticketId: 't1', customerSees: false })).toEqual([]);
    const [event] = webhookEventsOf({
      type: 'ticket.changed',
      ticketId: 't1',
      customerSees: true,
      changes: { status: { from: 'open', to: 'resolved' } },
    });
    expect(event).toMatchObject({
      event_type: 'ticket.status_changed',
      data: { ticket: { id: 't1' }, status: { from: 'open', to: 'resolved' } },
    });
  });

  it('gives every event an id of its own; presence and user changes make none', () => {
    const a = webhookEventsOf({ type: 'sla.breached', ticketId: 't1' })[0]!;
    const b = webhookEventsOf({ type: 'sla.breached', ticketId: 't1' })[0]!;
    expect(a.event_id).not.toBe(b.event_id);
    expect(webhookEventsOf({ type: 'ticket.presence', ticketId: 't1' })).toEqual([]);
    expect(webhookEventsOf({ type: 'user.changed', userId: 'u1' })).toEqual([]);
  });
});

describe('signatures', () => {
  const now = 1_800_000_000_000;
  const t = now / 1000;
  it('verify with the secret, not with another, not for another body, not when old', () => {
    const header = signatureHeader('whsec_a', t, '{"x":1}');
    expect(verifySignature('whsec_a', header, '{"x":1}', 300, now)).toBe(true);
    expect(verifySignature('whsec_b', header, '{"x":1}', 300, now)).toBe(false);
    expect(verifySignature('whsec_a', header, '{"x":2}', 300, now)).toBe(false);
    expect(verifySignature('whsec_a', header, '{"x":1}', 300, now + 301_000)).toBe(false);
    expect(verifySignature('whsec_a', 'garbage', '{"x":1}', 300, now)).toBe(false);
  });
});
