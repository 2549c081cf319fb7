import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import type { MailVerification } from '@centrala/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { cachedResolver, emailTrust, lookalike, spoofFlags, verifySender, type DnsResolver, type Verification } from './verify.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

function zone(records: Record<string, string>): DnsResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (domain: string, rrtype: string) => {
    asked.push(`${rrtype} ${domain}`);
    const txt = rrtype === 'TXT' ? records[domain.toLowerCase()] : undefined;
    if (txt === undefined) throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
    return [[txt]];
  };
  return Object.assign(resolver, { asked });
}

const RECORDS = {
  'example.com': 'v=spf1 ip4:192.0.2.1 -all',
  'sel._domainkey.example.com': `v=DKIM1; k=rsa; p=${publicB64}`,
  '_dmarc.example.com': 'v=DMARC1; p=reject',
};

async function signed(from = 'Ivan <ivan@example.com>'): Promise<Buffer> {
  const message = Buffer.from(
    [
      `From: ${from}`,
      'To: support@centrala.hr',
      'Subject: Pomoć',
      'Message-ID: <1@example.com>',
      'Date: Mon, 3 Nov 2026 10:00:00 +0000',
      '',
      'Tekst.',
      '',
    ].join('\r\n'),
  );
  const { signatures, errors } = await dkimSign(message, {
    signatureData: [{ signingDomain: 'example.com', selector: 'sel', privateKey: privatePem }],
  } as Parameters<typeof dkimSign>[1]);
  expect(errors).toEqual([]);
  return Buffer.concat([Buffer.from(signatures), message]);
}

describe('verifySender (issue 12 point 4)', () => {
  it('passes SPF, DKIM and DMARC for a signed mail from an allowed IP', async () => {
    const v = await verifySender(
      await signed(),
      { mailFrom: 'ivan@example.com', remoteIp: '192.0.2.1', helo: 'mx.example.com' },
      zone(RECORDS),
    );
    expect(v.spf.result).toBe('pass');
    expect(v.dkim).toEqual([expect.objectContaining({ domain: 'example.com', result: 'pass' })]);
    expect(v.dmarc).toMatchObject({ result: 'pass', policy: 'reject' });
    expect(v.dmarcPass).toBe(true);
    expect(v.flags).toEqual([]);
  });

  it('fails a tampered body and a wrong IP; DMARC fails with the policy', async () => {
    const raw = Buffer.from((await signed()).toString().replace('Tekst.', 'Pošaljite lozinku.'));
    const v = await verifySender(raw, { mailFrom: 'ivan@example.com', remoteIp: '203.0.113.9', helo: 'evil' }, zone(RECORDS));
    expect(v.spf.result).toBe('fail');
    // mailauth reports a body hash mismatch as neutral, with the reason.
    expect(v.dkim[0]?.result).not.toBe('pass');
    expect(v.dkim[0]?.reason).toMatch(/body hash/i);
    expect(v.dmarc).toMatchObject({ result: 'fail', policy: 'reject' });
    expect(v.dmarcPass).toBe(false);
  });

  it('still checks DKIM and DMARC for mail fetched over IMAP (no envelope)', async () => {
    const v = await verifySender(await signed(), { mailFrom: null, remoteIp: null, helo: null }, zone(RECORDS));
    expect(v.spf.result).toBe('none');
    expect(v.dmarcPass).toBe(true);
  });

  it('does not reject on garbage or a failing resolver', async () => {
    const broken: DnsResolver = async () => {
      throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
    };
    const v = await verifySender(Buffer.from('\u0000garbage'), { mailFrom: '', remoteIp: 'not-an-ip', helo: null }, broken);
    expect(v.dmarcPass).toBe(false);
    const w = await verifySender(await signed(), { mailFrom: 'ivan@example.com', remoteIp: '192.0.2.1', helo: null }, broken);
    expect(w.dmarcPass).toBe(false);
  });

  it('flags display-name spoofing and look-alike domains', async () => {
    const options = { ownDomains: ['centrala.hr'], ownNames: ['Centrala'], knownDomains: ['bigcustomer.com'] };
    const v = await verifySender(
      await signed('"support@centrala.hr" <ivan@example.com>'),
      { mailFrom: null, remoteIp: null, helo: null },
      zone(RECORDS),
      options,
    );
    expect(v.flags).toEqual(['display_name_spoof']);
    expect(spoofFlags({ address: 'x@evil.com', name: 'Centrala podrška' }, options)).toEqual(['display_name_spoof']);
    expect(spoofFlags({ address: 'x@evil.com', name: 'Ϲentrala' }, options)).toEqual(['display_name_spoof']);
    expect(spoofFlags({ address: 'podrska@centrala.hr', name: 'Centrala podrška' }, options)).toEqual([]);
    expect(spoofFlags({ address: 'ivan@example.com', name: 'Ivan (ivan@example.com)' }, options)).toEqual([]);
    expect(spoofFlags({ address: 'x@centraia.hr', name: 'Ivan' }, options)).toEqual(['lookalike_domain']);
    expect(spoofFlags({ address: 'x@xn--entrala-xjg.hr', name: 'Ivan' }, options)).toEqual(['lookalike_domain']);
    for (const domain of ['centrla.hr', 'cetnrala.hr', 'centra1a.hr', 'сentrala.hr', 'bigcustorner.com', 'bigcustomers.com']) {
      expect(lookalike(domain, ['centrala.hr', 'bigcustomer.com']), domain).toBe(true);
    }
    for (const domain of ['centrala.hr', 'mail.centrala.hr', 'gmail.com', 'example.com']) {
      expect(lookalike(domain, ['centrala.hr', 'bigcustomer.com']), domain).toBe(false);
    }
  });

  it('caches answers, "no such name" included, for the TTL', async () => {
    const z = zone(RECORDS);
    const resolver = cachedResolver(z, { ttlMs: 60_000 });
    await verifySender(await signed(), { mailFrom: 'ivan@example.com', remoteIp: '192.0.2.1', helo: null }, resolver);
    const first = z.asked.length;
    expect(first).toBeGreaterThan(0);
    await verifySender(await signed(), { mailFrom: 'ivan@example.com', remoteIp: '192.0.2.1', helo: null }, resolver);
    expect(z.asked.length).toBe(first);
    const expiring = cachedResolver(z, { ttlMs: -1 });
    await expiring('example.com', 'TXT');
    await expiring('example.com', 'TXT');
    expect(z.asked.length).toBe(first + 2);
  });
});

describe('the contract', () => {
  it('stores a Verification as EmailMeta.verification as it is', () => {
    expectTypeOf<Verification>().toExtend<MailVerification>();
  });
});

describe('emailTrust (DESIGN "Trust")', () => {
  it('is authenticated only for a registered address with DMARC passing', () => {
    expect(emailTrust({ registeredToAccount: true, dmarcPass: true })).toBe('email_authenticated');
    expect(emailTrust({ registeredToAccount: true, dmarcPass: false })).toBe('email_claimed');
    expect(emailTrust({ registeredToAccount: false, dmarcPass: true })).toBe('anonymous');
  });
});
