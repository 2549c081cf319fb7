import type { AutoKind as ContractAutoKind } from '@centrala/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AutoKind } from './classify.js';
import { parseMail } from './parse-mail.js';

const m = (lines: string[]) => parseMail(Buffer.from(lines.join('\r\n')));
const plain = (headers: string[]) => m(['From: a@example.hr', 'Subject: x', ...headers, '', 'body']);

const DSN = [
  'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
  'Return-Path: <>',
  'To: support@centrala.hr',
  'Subject: Undelivered Mail Returned to Sender',
  'Auto-Submitted: auto-replied',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status; boundary="R"',
  '',
  '--R',
  'Content-Type: text/plain',
  '',
  'I could not deliver your message.',
  '--R',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.example.com',
  'Arrival-Date: Mon, 3 Nov 2026 10:00:00 +0100',
  '',
  'Final-Recipient: rfc822; Nobody@Example.com',
  'Original-Recipient: rfc822;nobody@example.com',
  'Action: failed',
  'Status: 5.1.1',
  'Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.com>: Recipient address',
  '    rejected: User unknown',
  '',
  '--R',
  'Content-Type: text/rfc822-headers',
  '',
  'From: support@centrala.hr',
  'To: nobody@example.com',
  'Message-ID: <answer-1@centrala.hr>',
  'Subject: [T-7KQ2-M9XD] Odgovor',
  '',
  '--R--',
];

describe('autoKind and bounce reports (issue 12 point 5)', () => {
  it('reads an RFC 3464 delivery status notification: recipient, action, status, the original Message-ID', async () => {
    const parsed = await m(DSN);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toEqual({
      recipient: 'nobody@example.com',
      action: 'failed',
      status: '5.1.1',
      permanent: true,
      diagnostic: '550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown',
      reportingMta: 'mx.example.com',
      originalMessageId: 'answer-1@centrala.hr',
    });
  });

  it('reads the original Message-ID from a returned message/rfc822 part and a delay as not permanent', async () => {
    const lines = DSN.map((line) =>
      line === 'Action: failed'
        ? 'Action: delayed'
        : line === 'Status: 5.1.1'
          ? 'Status: 4.4.1'
          : line === 'Content-Type: text/rfc822-headers'
            ? 'Content-Type: message/rfc822'
            : line,
    );
    const parsed = await m(lines);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toMatchObject({ action: 'delayed', status: '4.4.1', permanent: false });
    expect(parsed.bounce?.originalMessageId).toBe('answer-1@centrala.hr');
  });

  it('recognises an ARF feedback report', async () => {
    const parsed = await m([
      'From: abuse@isp.example',
      'Content-Type: multipart/report; report-type=feedback-report; boundary="F"',
      '',
      '--F',
      'Content-Type: text/plain',
      '',
      'This is an abuse report',
      '--F',
      'Content-Type: message/feedback-report',
      '',
      'Feedback-Type: abuse',
      'User-Agent: x/1.0',
      'Version: 1',
      '',
      '--F--',
    ]);
    expect(parsed.autoKind).toBe('feedback_report');
    expect(parsed.bounce).toBeNull();
  });

  it.each([
    [['Auto-Submitted: auto-replied'], 'auto_reply'],
    [['Auto-Submitted: auto-generated'], 'auto_reply'],
    [['Auto-Submitted: no'], 'human'],
    [['X-Autoreply: yes'], 'auto_reply'],
    [['X-Autorespond: yes'], 'auto_reply'],
    [['X-Auto-Response-Suppress: All'], 'auto_reply'],
    [['X-Auto-Response-Suppress: OOF, AutoReply'], 'auto_reply'],
    [['Precedence: bulk'], 'bulk'],
    [['Precedence: junk'], 'bulk'],
    [['Precedence: list'], 'list'],
    [['List-Id: <users.lists.example>'], 'list'],
    [['List-Unsubscribe: <mailto:u@example>'], 'bulk'],
    [['Return-Path: <>'], 'auto_reply'],
    [['Return-Path: <a@example.hr>'], 'human'],
    [[], 'human'],
  ])('%j → %s', async (headers, kind) => {
    expect((await plain(headers)).autoKind).toBe(kind);
  });

  it('takes a mail from MAILER-DAEMON with a null sender and a bounce subject as a bounce even without a report', async () => {
    const parsed = await m(['From: MAILER-DAEMON@old.example', 'Return-Path: <>', 'Subject: failure notice', '', 'Sorry.']);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toMatchObject({ recipient: null, permanent: true });
  });

  it('is the contract AutoKind', () => {
    expectTypeOf<AutoKind>().toEqualTypeOf<ContractAutoKind>();
  });
});

/**
 * Bounces without an RFC 3464 report, as qmail, old Exim and Sendmail, Exchange and mail gateways send them (the
 * real-world corpus of issue 12 "Show" had dozens read as auto-replies or as a person's mail): each is a bounce, with
 * what its text says of the failed address. Our own fixtures, written in the shapes those MTAs use.
 */
describe('bounces without a delivery-status report (issue 12 point 5)', () => {
  const QMAIL = [
    'From: MAILER-DAEMON@mx.primjer.hr',
    'To: bounces@centrala.hr',
    'Subject: failure notice',
    '',
    'Hi. This is the qmail-send program at mx.primjer.hr.',
    "I'm afraid I wasn't able to deliver your message to the following addresses.",
    "This is a permanent error; I've given up. Sorry it didn't work out.",
    '',
    '<ivana.horvat@primjer.hr>:',
    'Sorry, no mailbox here by that name. (#5.1.1)',
    '',
    '--- Below this line is a copy of the message.',
    '',
    'Return-Path: <bounces@centrala.hr>',
    'From: podrska@centrala.hr',
    'To: ivana.horvat@primjer.hr',
    'Message-ID: <odgovor-42@centrala.hr>',
    'Subject: [T-7KQ2-M9XD] Odgovor',
    '',
    'Poštovana,',
  ];

  it('reads a qmail bounce: the failed address, its status, the Message-ID of the returned copy', async () => {
    const parsed = await m(QMAIL);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toMatchObject({
      recipient: 'ivana.horvat@primjer.hr',
      status: '5.1.1',
      permanent: true,
      action: 'failed',
      originalMessageId: 'odgovor-42@centrala.hr',
    });
  });

  it('reads an Exim bounce by its X-Failed-Recipients and SMTP reply code', async () => {
    const parsed = await m([
      'From: Mail Delivery System <Mailer-Daemon@relay.example.net>',
      'To: bounces@centrala.hr',
      'Subject: Mail delivery failed: returning message to sender',
      'X-Failed-Recipients: marko@example.org',
      '',
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  marko@example.org',
      '    host mx.example.org [192.0.2.7]',
      '    SMTP error from remote mail server after RCPT TO:<marko@example.org>:',
      '    550 unknown user',
      '',
      '------ This is a copy of the message, including all the headers. ------',
      '',
      'Message-ID: <odgovor-43@centrala.hr>',
      'Subject: Re: server',
    ]);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toMatchObject({ recipient: 'marko@example.org', status: '5.0.0', permanent: true });
    expect(parsed.bounce?.diagnostic).toBe('550 unknown user');
    expect(parsed.bounce?.originalMessageId).toBe('odgovor-43@centrala.hr');
  });

  it('reads an old Sendmail warning as delayed, not a hard bounce', async () => {
    const parsed = await m([
      'From: Mail Delivery Subsystem <MAILER-DAEMON@host.example.com>',
      'Subject: Warning: could not send message for past 4 hours',
      '',
      '    **********************************************',
      '    **      THIS IS A WARNING MESSAGE ONLY      **',
      '    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **',
      '    **********************************************',
      '',
      'The original message was received at Mon, 2 Nov 2026 09:00:00 +0100',
      '',
      '   ----- Transcript of session follows -----',
      '<tomo@slow.example>... Deferred: Connection timed out with slow.example.',
      'Warning: message still undelivered after 4 hours',
      'Will keep trying until message is 5 days old',
    ]);
    expect(parsed.autoKind).toBe('bounce');
    expect(parsed.bounce).toMatchObject({ recipient: 'tomo@slow.example', permanent: false, action: 'delayed' });
  });

  it('keeps a gateway that writes as itself as machine mail (a ticket, not acknowledged), a bounce under a null envelope', async () => {
    const lines = [
      'From: Antivirus_Gateway@firma.example',
      'Subject: Delivery failure notification',
      '',
      'Your message with Subject: Račun za studeni',
      'could not be delivered to the following recipients:',
      'racunovodstvo@firma.example',
      '',
      'Please do not resend your original message.',
    ];
    expect((await m(lines)).autoKind).toBe('auto_reply');
    const bounced = await parseMail(Buffer.from(lines.join('\r\n')), { nullSender: true });
    expect(bounced.autoKind).toBe('bounce');
    expect(bounced.bounce?.recipient).toBe('racunovodstvo@firma.example');
  });

  it('takes a postmaster who wrote with an address as MAIL FROM for machine mail, not a bounce: it stays a ticket', async () => {
    const parsed = await parseMail(
      Buffer.from(
        [
          'From: postmaster@firma.example',
          'Subject: Undelivered mail',
          '',
          'Your message could not be delivered to the following recipients: a@b.example',
        ].join('\r\n'),
      ),
      { nullSender: false },
    );
    expect(parsed.autoKind).toBe('auto_reply');
    expect(parsed.bounce).toBeNull();
  });

  // Found by the mail corpus (test/fixtures/mail-corpus/gateway-postmaster-ndr.eml): the Return-Path an MTA writes
  // from that MAIL FROM (and every IMAP-fetched mail has) made the same mail a bounce, opening no ticket.
  it('takes a postmaster Return-Path for the postmaster writing as itself, a MAILER-DAEMON one for a bounce', async () => {
    const lines = (returnPath: string) =>
      Buffer.from(
        [
          `Return-Path: ${returnPath}`,
          'From: postmaster@firma.example',
          'Subject: Undelivered mail',
          '',
          'Your message could not be delivered to the following recipients: a@b.example',
        ].join('\r\n'),
      );
    for (const envelope of [{}, { nullSender: false }]) {
      const parsed = await parseMail(lines('<postmaster@firma.example>'), envelope);
      expect(parsed.autoKind).toBe('auto_reply');
      expect(parsed.bounce).toBeNull();
      expect((await parseMail(lines('<MAILER-DAEMON@firma.example>'), envelope)).autoKind).toBe('bounce');
      expect((await parseMail(lines('<>'), envelope)).autoKind).toBe('bounce');
    }
  });

  it('takes a null SMTP envelope (MAIL FROM:<>) with a bounce text as a bounce, and with an away text as an auto-reply', async () => {
    const bounce = await parseMail(
      Buffer.from(
        [
          'From: "Exchange" <noreply@corp.example>',
          'Subject: Undeliverable: Upit',
          '',
          'Delivery has failed to these recipients or groups:',
          '',
          'ana@corp.example',
        ].join('\r\n'),
      ),
      { nullSender: true },
    );
    expect(bounce.autoKind).toBe('bounce');
    expect(bounce.bounce?.recipient).toBe('ana@corp.example');
    const away = await parseMail(
      Buffer.from(['From: ana@corp.example', 'Subject: Odsutna sam', '', 'Vraćam se u ponedjeljak.'].join('\r\n')),
      {
        nullSender: true,
      },
    );
    expect(away.autoKind).toBe('auto_reply');
  });

  it('leaves a person alone: a customer forwarding a bounce, and one who writes of a mail that did not arrive', async () => {
    const forwarded = await m([
      'From: ivana@klijent.example',
      'Subject: Fwd: Undelivered Mail Returned to Sender',
      '',
      'Zašto mi se ovo vraća?',
      '',
      '---------- Forwarded message ---------',
      'From: MAILER-DAEMON@mx.klijent.example',
      'This is the mail system at host mx.klijent.example.',
      "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.",
    ]);
    expect(forwarded.autoKind).toBe('human');
    const person = await m([
      'From: marko@klijent.example',
      'Subject: Mail from my server is not delivered',
      '',
      'Since yesterday my server says the message could not be delivered to gmail. Can you check port 25?',
    ]);
    expect(person.autoKind).toBe('human');
    // A customer whose subject and text both speak of undelivered mail, in the words of a bounce.
    const customer = await parseMail(
      Buffer.from(
        [
          'From: it@klijent.example',
          'Subject: Emails undelivered since yesterday',
          '',
          'Our emails have not been delivered to Gmail since yesterday, the log says permanent error 550 5.7.1.',
        ].join('\r\n'),
      ),
      { nullSender: false },
    );
    expect(customer.autoKind).toBe('human');
  });
});
