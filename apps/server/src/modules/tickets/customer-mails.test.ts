import { describe, expect, it } from 'vitest';
import { customerMails } from './customer-mails.js';

describe('the acknowledgement', () => {
  const acknowledgement = (locale: 'hr' | 'en', firstResponseSeconds: number) =>
    customerMails('https://centrala.test').acknowledged(
      { addresses: ['noc@example.com'], locale },
      { reference: 'T-7KQ2-M9XD', subject: 'Server down' },
      firstResponseSeconds,
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
});
