import { describe, expect, it } from 'vitest';
import { StartupError } from '../../../startup-error.js';
import { addressOf, deliveryStartLine, dkimOf, relayOf } from './relay.js';

const base = { SMTP_RELAY_PORT: 587, SMTP_RELAY_SECURE: false };

describe('the relay settings (issue 12 point 6)', () => {
  it('reads SMTP_RELAY_URL, credentials decoded, the port from the scheme when none is given', () => {
    expect(relayOf({ ...base, SMTP_RELAY_URL: 'smtp://u%40x:p%2Fw@relay.example:2525' })).toEqual({
      host: 'relay.example',
      port: 2525,
      secure: false,
      user: 'u@x',
      pass: 'p/w',
    });
    expect(relayOf({ ...base, SMTP_RELAY_URL: 'smtps://relay.example' })).toMatchObject({ port: 465, secure: true, user: null });
    expect(relayOf({ ...base, SMTP_RELAY_HOST: 'mx.example', SMTP_RELAY_USER: 'a', SMTP_RELAY_PASS: 'b' })).toEqual({
      host: 'mx.example',
      port: 587,
      secure: false,
      user: 'a',
      pass: 'b',
    });
  });

  it('is no relay when none is configured, and the start line says mail stays in the dev outbox', () => {
    expect(relayOf(base)).toBeNull();
    expect(deliveryStartLine(null, null)).toMatch(/^No SMTP relay configured .*dev outbox/);
    expect(deliveryStartLine({ host: 'r', port: 25, secure: false, user: 'u', pass: 'secret' }, null)).not.toContain('secret');
  });

  it('wants all three DKIM settings or none', () => {
    expect(dkimOf(base)).toBeNull();
    expect(() => dkimOf({ ...base, DKIM_DOMAIN: 'x.hr' })).toThrow(StartupError);
    expect(() => dkimOf({ ...base, DKIM_DOMAIN: 'x.hr', DKIM_SELECTOR: 's', DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem' })).toThrow(
      /DKIM_PRIVATE_KEY_FILE/,
    );
  });

  it('takes the address out of a From setting', () => {
    expect(addressOf('Centrala podrška <support@x.hr>')).toBe('support@x.hr');
    expect(addressOf('support@x.hr')).toBe('support@x.hr');
  });
});
