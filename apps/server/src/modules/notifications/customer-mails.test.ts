import type { BusinessHours } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { firstResponsePromise } from '../sla/index.js';
import { customerMails } from './customer-mails.js';

describe('the acknowledgement', () => {
  const acknowledgement = (locale: 'hr' | 'en', firstResponseSeconds: number) =>
    customerMails('https://centrala.test').acknowledged(
      { addresses: ['noc@example.com'], locale, clientArea: true },
      { reference: 'T-7KQ2-M9XD', subject: 'Server down' },
      // The wording of durations is the sla module's; the mail must carry it whole, in the requester's language.
      firstResponsePromise({ firstResponseSeconds, businessHours: null }, new Date()),
    )[0]!.text_body;

  it('promises the first answer in minutes, in each language', () => {
    expect(acknowledgement('en', 600)).toContain('Expect a first answer within 10 minutes.');
    expect(acknowledgement('hr', 600)).toContain('Prvi odgovor možete očekivati u roku od 10 minuta.');
  });

  it('says seconds when the target is under a minute, not "0 minutes"', () => {
    expect(acknowledgement('en', 20)).toContain('within 20 seconds.');
    expect(acknowledgement('hr', 20)).toContain('u roku od 20 sekundi.');
    expect(acknowledgement('en', 1)).toContain('within 1 second.');
    expect(acknowledgement('hr', 1)).toContain('u roku od 1 sekunde.');
  });

  it('says whole hours as hours', () => {
    expect(acknowledgement('en', 3600)).toContain('within 1 hour.');
    expect(acknowledgement('hr', 3600)).toContain('u roku od 1 sata.');
    expect(acknowledgement('en', 2 * 3600)).toContain('within 2 hours.');
    expect(acknowledgement('hr', 5 * 3600)).toContain('u roku od 5 sati.');
    expect(acknowledgement('en', 90 * 60)).toContain('within 90 minutes.');
  });

  it('puts Croatian minutes in the genitive "u roku od" asks for, in each plural form', () => {
    expect(acknowledgement('hr', 60)).toContain('u roku od 1 minute.');
    expect(acknowledgement('hr', 3 * 60)).toContain('u roku od 3 minute.');
    expect(acknowledgement('hr', 21 * 60)).toContain('u roku od 21 minute.');
    expect(acknowledgement('hr', 15 * 60)).toContain('u roku od 15 minuta.');
    expect(acknowledgement('en', 60)).toContain('within 1 minute.');
  });

  it('never promises less time than the target: a part minute counts as a whole one', () => {
    expect(acknowledgement('en', 90)).toContain('within 2 minutes.');
  });

  it('carries the promise of business hours when written while closed (issue 10 point 1)', () => {
    const weekdays: BusinessHours = { zone: 'Europe/Zagreb', days: { '1': ['08:00', '16:00'], '5': ['08:00', '16:00'] } };
    const sunday = new Date('2026-12-06T13:00:00+01:00');
    const mail = (locale: 'hr' | 'en') =>
      customerMails('https://centrala.test').acknowledged(
        { addresses: ['noc@example.com'], locale, clientArea: true },
        { reference: 'T-7KQ2-M9XD', subject: 'Server down' },
        firstResponsePromise({ firstResponseSeconds: 600, businessHours: weekdays }, sunday),
      )[0]!.text_body;
    expect(mail('en')).toContain('Expect a first answer within 10 minutes of our opening on Monday at 08:00.');
    expect(mail('hr')).toContain('Prvi odgovor možete očekivati u roku od 10 minuta od našeg otvaranja u ponedjeljak u 08:00.');
  });

  it('sends a requester known only by an address no client-area link, and says the answer comes to that address (R11)', () => {
    const mail = (locale: 'hr' | 'en') =>
      customerMails('https://centrala.test').acknowledged(
        { addresses: ['stranger@example.net'], locale, clientArea: false },
        { reference: 'T-7KQ2-M9XD', subject: 'A question' },
        firstResponsePromise({ firstResponseSeconds: 600, businessHours: null }, new Date()),
      )[0]!;
    expect(mail('en').to_address).toBe('stranger@example.net');
    expect(mail('en').text_body).not.toContain('https://centrala.test');
    expect(mail('en').text_body).toContain('We will answer you at this address.');
    expect(mail('hr').text_body).toContain('Odgovorit ćemo vam na ovu adresu.');
  });

  it('asks a sender not verified for the account they name to use the client area or their registered address (R12)', () => {
    const mail = (locale: 'hr' | 'en') =>
      customerMails('https://centrala.test').acknowledged(
        { addresses: ['noc@example.com'], locale, clientArea: true },
        { reference: 'T-7KQ2-M9XD', subject: 'Change my password', unverified: true },
        firstResponsePromise({ firstResponseSeconds: 1800, businessHours: null }, new Date()),
      )[0]!.text_body;
    expect(mail('en')).toContain('We could not verify that it was sent from the address registered with your account');
    expect(mail('en')).toContain('sign in to the client area');
    expect(mail('en')).toContain('or write to us from your registered address.');
    expect(mail('en')).toContain('expect a first answer within 30 minutes.');
    expect(mail('hr')).toContain('Nismo mogli potvrditi da je poslana s adrese registrirane uz vaš korisnički račun');
    expect(mail('hr')).toContain('ili nam pišite s registrirane adrese.');
    expect(mail('hr')).toContain('u roku od 30 minuta');
    for (const l of ['hr', 'en'] as const) expect(mail(l)).toContain('T-7KQ2-M9XD');
  });
});

describe("an agent's mail", () => {
  const mails = customerMails('https://centrala.test');
  const recipients = { addresses: ['a@example.com', 'b@example.com'], locale: 'en' as const, clientArea: true };

  it('answers a ticket with Re:, and starts the thread of a ticket an agent opened without it (issue 12 point 6)', () => {
    const reply = mails.agentReplied(recipients, { reference: 'T-7KQ2-M9XD', subject: 'Server down' }, 'Fixed.');
    expect(reply.map((m) => m.subject)).toEqual(['[T-7KQ2-M9XD] Re: Server down', '[T-7KQ2-M9XD] Re: Server down']);
    const opening = mails.agentReplied(recipients, { reference: 'T-7KQ2-M9XD', subject: 'Planned maintenance', opening: true }, 'Tonight.');
    expect(opening.map((m) => [m.to_address, m.subject])).toEqual([
      ['a@example.com', '[T-7KQ2-M9XD] Planned maintenance'],
      ['b@example.com', '[T-7KQ2-M9XD] Planned maintenance'],
    ]);
    expect(opening[0]!.text_body).toBe(
      'Tonight.\n\n—\nReply or follow the ticket here: https://centrala.test/client/tickets/T-7KQ2-M9XD\n',
    );
  });
});
