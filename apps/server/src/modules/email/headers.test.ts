import { describe, expect, it } from 'vitest';
import { headerAddress, headerText, isHeaderAddress, isHeaderMessageId } from './headers.js';

describe('mail headers (issue 9 point 10)', () => {
  it('folds every line break and control character of user text into a space', () => {
    expect(headerText('Invoice\r\nBcc: x@evil.example')).toBe('Invoice Bcc: x@evil.example');
    expect(headerText('a\nb\rc\u0000d\u0085e\u2028f\u2029g\th\u007fi')).toBe('a b c d e f g h i');
  });

  it('keeps ordinary text, Croatian letters included', () => {
    expect(headerText('[T-7KQ2-M9XD] Poslužitelj ne odgovara – hitno')).toBe('[T-7KQ2-M9XD] Poslužitelj ne odgovara – hitno');
  });

  it('refuses an address that could add a recipient or a header', () => {
    expect(headerAddress('noc@example.com')).toBe('noc@example.com');
    for (const bad of [
      'a@b.example\r\nBcc: x@evil.example',
      'a@b.example, x@evil.example',
      'Name <a@b.example>',
      'no-at-sign',
      'a b@c.example',
    ])
      expect(() => headerAddress(bad)).toThrow();
  });
  it('tells which senders a mail can be written to', () => {
    expect(isHeaderAddress('kupac@primjer.hr')).toBe(true);
    expect(isHeaderAddress('a@[127.0.0.1]')).toBe(false);
    expect(isHeaderAddress('"a b"@example.org')).toBe(false);
  });

  it('writes only printable ASCII Message-IDs into the threading headers of our mail (issue 12 point 6)', () => {
    expect(isHeaderMessageId('CAF=x+1@mail.gmail.com')).toBe(true);
    expect(isHeaderMessageId('poruka-čćž@primjer.hr')).toBe(false);
    expect(isHeaderMessageId('a b@example.org')).toBe(false);
    expect(isHeaderMessageId('a>b@example.org')).toBe(false);
    expect(isHeaderMessageId('')).toBe(false);
  });
});
