import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalString, clientAreaPath, linkSignature, signatureMatches, type LinkFields } from './link.js';

const fields: LinkFields = {
  contact: 'whmcs-42',
  email: 'ivana@example.hr',
  ts: '1765000000',
  nonce: 'n0nce-n0nce-n0nce',
  to: '/client/tickets',
};
const SECRET = 'a-shared-secret-of-at-least-32-characters';

describe('the billing panel link (issue 13 point 4)', () => {
  it('signs the documented canonical string: v1, then contact, email, ts, nonce, to, one per line', () => {
    expect(canonicalString(fields)).toBe('v1\nwhmcs-42\nivana@example.hr\n1765000000\nn0nce-n0nce-n0nce\n/client/tickets');
    expect(canonicalString({ ...fields, email: '', to: '' })).toBe('v1\nwhmcs-42\n\n1765000000\nn0nce-n0nce-n0nce\n');
    const expected = createHmac('sha256', SECRET).update(canonicalString(fields)).digest('hex');
    expect(linkSignature(SECRET, fields)).toBe(expected);
  });

  it('accepts its own signature in either case and refuses any other field, secret or malformed signature', () => {
    const sig = linkSignature(SECRET, fields);
    expect(signatureMatches(SECRET, fields, sig)).toBe(true);
    expect(signatureMatches(SECRET, fields, sig.toUpperCase())).toBe(true);
    expect(signatureMatches(`${SECRET}x`, fields, sig)).toBe(false);
    for (const key of Object.keys(fields) as (keyof LinkFields)[]) {
      expect(signatureMatches(SECRET, { ...fields, [key]: `${fields[key]}1` }, sig), key).toBe(false);
    }
    expect(signatureMatches(SECRET, fields, sig.slice(0, 63))).toBe(false);
    expect(signatureMatches(SECRET, fields, `${sig.slice(0, 63)}g`)).toBe(false);
    expect(signatureMatches(SECRET, fields, '')).toBe(false);
  });
});

describe('where a link may send the browser: the client area only (no open redirect)', () => {
  it('takes client-area paths, with their query and fragment, and sends an absent `to` to the client area', () => {
    expect(clientAreaPath('')).toBe('/client');
    expect(clientAreaPath('/client')).toBe('/client');
    expect(clientAreaPath('/client/tickets')).toBe('/client/tickets');
    expect(clientAreaPath('/client/tickets/T-7KQ2-M9XD')).toBe('/client/tickets/T-7KQ2-M9XD');
    expect(clientAreaPath('/client/tickets?status=open#top')).toBe('/client/tickets?status=open#top');
  });

  it.each([
    '//evil.example',
    '//evil.example/client',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/client',
    'https:/client',
    'javascript:alert(1)',
    'client/tickets',
    '/clientele',
    '/admin',
    '/client/../admin',
    '/client/./tickets',
    '/client/%2e%2e/admin',
    '/client%2F..%2Fadmin',
    '/client/%2F%2Fevil.example',
    '/client/%5Cevil.example',
    '/client\\..\\admin',
    '/client/tickets\nLocation: https://evil.example',
    '/client/\u0000',
    '/client/%ZZ',
    '/client/ tickets',
    `/client/${'a'.repeat(500)}`,
  ])('refuses %j', (to) => {
    expect(clientAreaPath(to)).toBeNull();
  });
});
