import { describe, expect, it } from 'vitest';
import { parseMail } from './parse-mail.js';

const arf = (original: string[]) =>
  parseMail(
    Buffer.from(
      [
        'From: abuse-reports@mailbox.example',
        'Subject: Abuse report',
        'Content-Type: multipart/report; report-type=feedback-report; boundary="r"',
        '',
        '--r',
        'Content-Type: text/plain',
        '',
        'A complaint about a message from your network.',
        '--r',
        'Content-Type: message/feedback-report',
        '',
        'Feedback-Type: Fraud',
        'Version: 1',
        'Source-IP: 2001:db8::25',
        'Incidents: 3',
        'Reporting-MTA: dns; mx.mailbox.example',
        `Reported-URI: http://x.example/${'a'.repeat(2000)}`,
        '',
        ...original,
        '--r--',
      ].join('\r\n'),
    ),
  );

/** ARF (RFC 5965) reports as agents see them (issue 12 point 1): our own fixtures in the shapes providers send. */
describe('ARF feedback reports', () => {
  it('reads the report part and the returned message attached as message/rfc822', async () => {
    const parsed = await arf([
      '--r',
      'Content-Type: message/rfc822',
      'Content-Disposition: attachment',
      '',
      'From: Prodaja <prodaja@shop.example>',
      'Subject: =?iso-8859-2?Q?Ra=E8un?=',
      'Message-ID: <r-1@shop.example>',
      '',
      'Body',
    ]);
    expect(parsed.autoKind).toBe('feedback_report');
    expect(parsed.feedback).toMatchObject({
      feedbackType: 'fraud',
      sourceIp: '2001:db8::25',
      incidents: 3,
      reportingMta: 'mx.mailbox.example',
      original: { from: '"Prodaja" <prodaja@shop.example>', subject: 'Račun', messageId: '<r-1@shop.example>' },
    });
    // A field is cut: a hostile report does not fill the ticket's metadata.
    expect(parsed.feedback!.reportedUris[0]!.length).toBe(500);
    // The report part is kept as a file with a name that says what it is.
    expect(parsed.attachments.map((a) => a.filename)).toContain('feedback-report.txt');
  });

  it('reads a report that returns only the headers (text/rfc822-headers), and one that returns nothing', async () => {
    const headersOnly = await arf(['--r', 'Content-Type: text/rfc822-headers', '', 'From: bulk@sender.example', 'Subject: Offer', '']);
    expect(headersOnly.feedback?.original).toMatchObject({ from: 'bulk@sender.example', subject: 'Offer', messageId: null });
    // The returned headers are a file whose name says what it is (fixtures/mail-corpus/arf-headers-only.eml), not 'attachment'.
    expect(headersOnly.attachments.map((a) => a.filename)).toEqual(['feedback-report.txt', 'message-headers.txt']);
    const none = await arf([]);
    expect(none.feedback).toMatchObject({ feedbackType: 'fraud', original: null });
  });

  it("takes Hotmail's older complaint (no report part, the mail attached) as a feedback report, with its original", async () => {
    const parsed = await parseMail(
      Buffer.from(
        [
          'From: staff@fbl.example',
          'Subject: complaint about message from 198.51.100.9',
          'Content-Type: multipart/mixed; boundary="j"',
          '',
          '--j',
          'Content-Type: message/rfc822',
          'Content-Disposition: inline',
          '',
          'From: Shop <offers@shop.example>',
          'Subject: Sale',
          '',
          'Buy now',
          '--j--',
        ].join('\r\n'),
      ),
    );
    expect(parsed.autoKind).toBe('feedback_report');
    expect(parsed.feedback).toMatchObject({
      feedbackType: null,
      sourceIp: '198.51.100.9',
      original: { from: '"Shop" <offers@shop.example>', subject: 'Sale' },
    });
  });

  it('is not read for other mail', async () => {
    expect((await parseMail(Buffer.from('From: a@example.hr\r\nSubject: x\r\n\r\nbody'))).feedback).toBeNull();
  });
});
