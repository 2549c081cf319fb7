import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { departmentId, eventually, useTestApp } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';
import { freePort } from './setup/free-port.js';

/** An SMTP client speaking line by line: what the receiver offers and answers, with nothing in between. */
async function rawSmtp(port: number, localAddress = '127.0.0.1') {
  const socket: Socket = connect({ host: '127.0.0.1', port, localAddress });
  let buffer = '';
  const waiting: ((reply: string) => void)[] = [];
  const replies: string[] = [];
  socket.on('data', (d: Buffer) => {
    buffer += d.toString();
    // A reply ends with a line `NNN text` (a `NNN-text` line continues it).
    for (let m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer); m; m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffer)) {
      const end = m.index + m[0].length;
      const reply = buffer.slice(0, end).replace(/^\r\n/, '');
      buffer = buffer.slice(end);
      const w = waiting.shift();
      if (w) w(reply);
      else replies.push(reply);
    }
  });
  socket.on('error', () => undefined);
  const next = () => new Promise<string>((resolve) => (replies.length ? resolve(replies.shift()!) : waiting.push(resolve)));
  return {
    greeting: await next(),
    async say(line: string) {
      socket.write(`${line}\r\n`);
      return next();
    },
    close: () => socket.destroy(),
  };
}

/**
 * Issue 12 point 1a: the receiver's STARTTLS (only with a configured certificate), and its per-client connection and
 * message-rate limits (SMTP_MAX_CONNECTIONS_PER_CLIENT, SMTP_MESSAGES_PER_MINUTE_PER_CLIENT) answered with a 4xx the
 * sender retries on, while other clients go on being served. Real SMTP conversations on 127.0.0.1; a second client
 * address is 127.0.0.2 (all of 127/8 is the loopback). 552 and 550 are in email-smtp.int.test.ts.
 */
describe('SMTP receiver: STARTTLS and per-client limits', () => {
  const ctx = useTestApp();
  let modules: Modules;
  const stops: (() => Promise<void>)[] = [];
  const certDir = mkdtempSync(path.join(os.tmpdir(), 'centrala-smtp-tls-'));
  const certFile = path.join(certDir, 'cert.pem');
  const keyFile = path.join(certDir, 'key.pem');

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made here: the client trusts exactly it.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    );
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    rmSync(certDir, { recursive: true, force: true });
  });

  const receiver = async (options: Partial<Parameters<typeof startMailIn>[1]>) => {
    const port = await freePort();
    const mailIn = await startMailIn(modules, { port, maxBytes: 1024 * 1024, ...options });
    stops.push(() => mailIn.stop());
    return port;
  };
  const mail = (id: string) => ({
    from: 'sender@example.org',
    to: 'support@centrala.test',
    subject: `Limits ${id}`,
    text: 'x',
    messageId: `<${id}@example.org>`,
  });
  const stored = (id: string) =>
    eventually(() => ctx.db.selectFrom('inbound').select('id').where('mail_message_id', '=', `${id}@example.org`).executeTakeFirst());

  it('offers STARTTLS with a certificate configured: nodemailer with requireTLS delivers over it', async () => {
    const port = await receiver({ tlsCert: certFile, tlsKey: keyFile });
    const raw = await rawSmtp(port);
    expect(await raw.say('EHLO client.example.org')).toMatch(/^250-STARTTLS$/m);
    raw.close();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      tls: { ca: [readFileSync(certFile)] },
    });
    try {
      const info = await transport.sendMail(mail('tls-1'));
      expect(info.response).toMatch(/^250 /);
      await stored('tls-1');
    } finally {
      transport.close();
    }
  });

  it('offers no STARTTLS without a certificate: a client requiring TLS gets none and sends nothing', async () => {
    const port = await receiver({});
    const raw = await rawSmtp(port);
    const ehlo = await raw.say('EHLO client.example.org');
    expect(ehlo).toMatch(/^250[- ]/);
    expect(ehlo).not.toMatch(/STARTTLS/);
    expect(await raw.say('STARTTLS')).toMatch(/^5\d\d /);
    raw.close();
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, requireTLS: true });
    try {
      await expect(transport.sendMail(mail('no-tls-1'))).rejects.toThrow(/STARTTLS/);
    } finally {
      transport.close();
    }
    expect(await ctx.db.selectFrom('inbound').select('id').where('mail_message_id', '=', 'no-tls-1@example.org').execute()).toEqual([]);
  });

  it('refuses a connection over SMTP_MAX_CONNECTIONS_PER_CLIENT with 421, serves the others and other clients, and again once one closes', async () => {
    const port = await receiver({ maxConnectionsPerClient: 2 });
    const a = await rawSmtp(port);
    const b = await rawSmtp(port);
    expect(a.greeting).toMatch(/^220 /);
    expect(b.greeting).toMatch(/^220 /);
    const c = await rawSmtp(port);
    expect(c.greeting).toMatch(/^421 /);
    c.close();
    const send = (id: string, localAddress?: string) => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        ...(localAddress ? { localAddress } : {}),
      });
      return transport.sendMail(mail(id)).finally(() => transport.close());
    };
    await expect(send('conn-over')).rejects.toMatchObject({ responseCode: 421 });
    // The two held connections are served: a whole transaction on one of them.
    expect(await a.say('EHLO a.example.org')).toMatch(/^250/);
    expect(await a.say('MAIL FROM:<sender@example.org>')).toMatch(/^250 /);
    expect(await a.say('RCPT TO:<support@centrala.test>')).toMatch(/^250 /);
    expect(await a.say('DATA')).toMatch(/^354 /);
    expect(await a.say('Message-ID: <conn-held@example.org>\r\nSubject: Limits conn-held\r\n\r\nx\r\n.')).toMatch(/^250 /);
    // Another client address is not held back by this one's limit.
    expect((await send('conn-other', '127.0.0.2')).response).toMatch(/^250 /);
    a.close();
    await eventually(
      () =>
        send('conn-after').then(
          (i) => i.response,
          () => undefined,
        ),
      5000,
    );
    await stored('conn-held');
    await stored('conn-other');
    await stored('conn-after');
    expect(await ctx.db.selectFrom('inbound').select('id').where('mail_message_id', '=', 'conn-over@example.org').execute()).toEqual([]);
    b.close();
  });

  it('refuses mail over SMTP_MESSAGES_PER_MINUTE_PER_CLIENT with 451 (retry later), and another client’s is accepted meanwhile', async () => {
    const port = await receiver({ messagesPerMinutePerClient: 3 });
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    const other = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, localAddress: '127.0.0.2' });
    try {
      for (let i = 1; i <= 3; i++) expect((await transport.sendMail(mail(`rate-${i}`))).response).toMatch(/^250 /);
      await expect(transport.sendMail(mail('rate-4'))).rejects.toMatchObject({ responseCode: 451 });
      await expect(transport.sendMail(mail('rate-5'))).rejects.toMatchObject({ responseCode: 451 });
      expect((await other.sendMail(mail('rate-other'))).response).toMatch(/^250 /);
      for (const id of ['rate-1', 'rate-2', 'rate-3', 'rate-other']) await stored(id);
      const refused = await ctx.db
        .selectFrom('inbound')
        .select('id')
        .where('mail_message_id', 'in', ['rate-4@example.org', 'rate-5@example.org'])
        .execute();
      expect(refused).toEqual([]);
    } finally {
      transport.close();
      other.close();
    }
  });
});
