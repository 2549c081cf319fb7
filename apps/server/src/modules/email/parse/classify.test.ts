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
