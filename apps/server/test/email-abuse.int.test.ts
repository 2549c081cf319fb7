import { generate } from 'otplib';
import net from 'node:net';
import type { EmailMeta, InboundMailRow, TicketDetail, TicketList } from '@centrala/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { createStaff, departmentId, eventually, login, useTestApp, type LoggedIn } from './helpers.js';
import { noDns, startMailIn } from './mail-in.js';

const ctx = useTestApp();
const PORT = 2626;

/** One SMTP conversation with the receiver, byte for byte (a null reverse path when mailFrom is ''): the last reply. */
function smtp(mailFrom: string, rcptTo: string, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORT, '127.0.0.1');
    const steps = ['EHLO probe.test', `MAIL FROM:<${mailFrom}>`, `RCPT TO:<${rcptTo}>`, 'DATA', `${lines.join('\r\n')}\r\n.`, 'QUIT'];
    let buffer = '';
    let step = -1;
    let answer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^\d{3}-/.test(line)) continue;
        if (step === steps.length - 2 || !/^[23]/.test(line)) answer = line;
        if (!/^[23]/.test(line) || step === steps.length - 1) {
          socket.end();
          resolve(answer);
          return;
        }
        step += 1;
        socket.write(`${steps[step]}\r\n`);
      }
    });
    socket.on('error', reject);
  });
}

const ARF = (messageId: string) => [
  'From: Feedback Loop <fbl@isp.example>',
  'To: abuse@centrala.test',
  'Subject: FW: Earn money from home',
  `Message-ID: <${messageId}>`,
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=feedback-report; boundary="part"',
  '',
  '--part',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'This is an email abuse report for an email message received from IP 192.0.2.45.',
  '--part',
  'Content-Type: message/feedback-report',
  '',
  'Feedback-Type: abuse',
  'User-Agent: ExampleFBL/2.1',
  'Version: 1',
  'Original-Mail-From: <newsletter@customer-vps.example>',
  'Original-Rcpt-To: <victim@isp.example>',
  'Arrival-Date: Thu, 5 Nov 2026 14:00:00 +0100',
  'Source-IP: 192.0.2.45',
  'Reported-Domain: customer-vps.example',
  'Reported-URI: http://customer-vps.example/offer',
  '',
  '--part',
  'Content-Type: message/rfc822',
  'Content-Disposition: inline',
  '',
  'From: =?utf-8?Q?Zarada_od_ku=C4=87e?= <newsletter@customer-vps.example>',
  'To: victim@isp.example',
  'Subject: Earn money from home',
  'Message-ID: <spam-1@customer-vps.example>',
  'Date: Thu, 5 Nov 2026 13:59:00 +0100',
  '',
  'Click here.',
  '--part--',
];

/**
 * Issue 12 point 1 ("abuse@ is stored and shown to agents until the notifications issue routes it") and the shapes the
 * real-world corpus (issue 12 "Show") found, each through a real SMTP conversation with the receiver and the drain:
 * mail to the abuse address and ARF reports (RFC 5965) are tickets marked as abuse reports, with the report's fields,
 * never acknowledged; a mail with an empty attachment part is a ticket (it used to fail the write for ever); a bounce
 * without a delivery-status report, sent with a null envelope, opens no ticket and gets no reply.
 */
describe('abuse reports and the corpus shapes, through SMTP', () => {
  let modules: Modules;
  let mailIn: Awaited<ReturnType<typeof startMailIn>>;
  let agent: LoggedIn;
  const processed = (messageId: string) =>
    eventually(
      () =>
        ctx.db
          .selectFrom('inbound')
          .selectAll()
          .where('mail_message_id', '=', messageId)
          .where('state', '=', 'processed')
          .executeTakeFirst(),
      15_000,
    );
  const detail = async (ticketId: string) => {
    const { reference } = await ctx.db.selectFrom('tickets').select('reference').where('id', '=', ticketId).executeTakeFirstOrThrow();
    const res = await ctx.app.inject({ method: 'GET', url: `/api/agent/tickets/${reference}`, headers: agent.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TicketDetail>();
  };
  const acks = (address: string) =>
    ctx.db.selectFrom('outbox_emails').select('id').where('to_address', '=', address).where('kind', '=', 'ticket_acknowledged').execute();

  beforeAll(async () => {
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    await modules.inboundEmail.addresses.create({
      address: 'support@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'support',
    });
    await modules.inboundEmail.addresses.create({
      address: 'abuse@centrala.test',
      departmentId: await departmentId(ctx.db, 'technical'),
      purpose: 'abuse',
    });
    mailIn = await startMailIn(modules, { port: PORT, maxBytes: 1024 * 1024 });
    agent = await login(ctx.app, (await createStaff(ctx.db, 'agent')).email);
  });
  afterAll(async () => {
    await mailIn?.stop();
  });

  it('an ARF report is a ticket marked as an abuse report, with its fields readable, and is never acknowledged', async () => {
    expect(await smtp('fbl-bounces@isp.example', 'abuse@centrala.test', ARF('arf-1@isp.example'))).toMatch(/^250 /);
    const row = await processed('arf-1@isp.example');
    const ticket = await detail(row.ticket_id!);
    expect(ticket.abuse).toBe(true);
    const email = ticket.messages[0]!.email as EmailMeta;
    expect(email.autoKind).toBe('feedback_report');
    expect(email.feedback).toEqual({
      feedbackType: 'abuse',
      userAgent: 'ExampleFBL/2.1',
      sourceIp: '192.0.2.45',
      reportedDomain: 'customer-vps.example',
      reportedUris: ['http://customer-vps.example/offer'],
      originalMailFrom: 'newsletter@customer-vps.example',
      originalRcptTo: ['victim@isp.example'],
      arrivalDate: 'Thu, 5 Nov 2026 14:00:00 +0100',
      reportingMta: null,
      incidents: null,
      original: {
        from: '"Zarada od kuće" <newsletter@customer-vps.example>',
        to: 'victim@isp.example',
        subject: 'Earn money from home',
        messageId: '<spam-1@customer-vps.example>',
        date: '2026-11-05T12:59:00.000Z',
      },
    });
    expect(await acks('fbl@isp.example')).toHaveLength(0);
    // The queue says so too, for agents.
    const list = await ctx.app.inject({ method: 'GET', url: '/api/agent/tickets', headers: agent.headers });
    const summary = list.json<TicketList>().tickets.find((t) => t.id === row.ticket_id);
    expect(summary?.abuse).toBe(true);
  });

  it("a person's mail to the abuse address is marked as an abuse report; mail to support is not", async () => {
    const person = (id: string, to: string) => [
      'From: Ana <ana@neighbour.example>',
      `To: ${to}`,
      'Subject: Your server attacks mine',
      `Message-ID: <${id}>`,
      '',
      'Since 10:00 192.0.2.77 scans our ports.',
    ];
    expect(
      await smtp('ana@neighbour.example', 'abuse@centrala.test', person('abuse-person@neighbour.example', 'abuse@centrala.test')),
    ).toMatch(/^250 /);
    expect(
      await smtp('ana@neighbour.example', 'support@centrala.test', person('support-person@neighbour.example', 'support@centrala.test')),
    ).toMatch(/^250 /);
    expect((await detail((await processed('abuse-person@neighbour.example')).ticket_id!)).abuse).toBe(true);
    expect((await detail((await processed('support-person@neighbour.example')).ticket_id!)).abuse).toBeUndefined();
  });

  it('a mail with an empty attachment part is a ticket, with the empty part noted', async () => {
    expect(
      await smtp('marko@example.org', 'support@centrala.test', [
        'From: marko@example.org',
        'To: support@centrala.test',
        'Subject: Log',
        'Message-ID: <empty-part@example.org>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'The log is attached.',
        '--b',
        'Content-Type: application/octet-stream; name="log.txt"',
        'Content-Disposition: attachment; filename="log.txt"',
        '',
        '--b--',
      ]),
    ).toMatch(/^250 /);
    const row = await processed('empty-part@example.org');
    const ticket = await detail(row.ticket_id!);
    expect(ticket.messages[0]!.email?.warnings).toContain('attachment_empty');
  });

  it('a bounce without a delivery-status report, sent with a null envelope, opens no ticket and gets no reply', async () => {
    expect(
      await smtp('', 'support@centrala.test', [
        'From: postmaster@old-mx.example',
        'To: support@centrala.test',
        'Subject: Nondeliverable mail',
        'Message-ID: <ndr-1@old-mx.example>',
        '',
        'Your message could not be delivered to the following recipients:',
        '',
        '  jure@old-mx.example  (550 mailbox unavailable)',
      ]),
    ).toMatch(/^250 /);
    const row = await processed('ndr-1@old-mx.example');
    expect(row.ticket_id).toBeNull();
    // Its record: what it reported, kept with the stored mail and shown to admins.
    expect(row.payload).toMatchObject({ bounce: { recipient: 'jure@old-mx.example', status: '5.0.0', permanent: true } });
    const a = await createStaff(ctx.db, 'admin', { totp: true });
    const admin = await login(ctx.app, a.email, { totp: await generate({ secret: a.totpSecret! }) });
    const listed = await ctx.app.inject({ url: '/api/admin/inbound?state=processed', headers: admin.headers });
    expect(listed.json<{ messages: InboundMailRow[] }>().messages.find((m) => m.id === row.id)?.bounce).toMatchObject({
      recipient: 'jure@old-mx.example',
      permanent: true,
    });
    expect(await acks('postmaster@old-mx.example')).toHaveLength(0);
  });
});
