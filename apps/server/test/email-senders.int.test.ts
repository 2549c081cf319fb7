import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { emailSenders, parseMail, type BounceReport } from '../src/modules/email/index.js';
import { useTestApp } from './helpers.js';

const bounce = (recipient: string, permanent: boolean): BounceReport => ({
  recipient,
  action: permanent ? 'failed' : 'delayed',
  status: permanent ? '5.1.1' : '4.4.1',
  permanent,
  diagnostic: 'smtp; 550 no such user',
  reportingMta: 'mx.example.com',
  originalMessageId: 'answer-1@centrala.test',
});

describe('email_senders: bounce marks and the automatic-reply cap (issue 12 point 5)', () => {
  const ctx = useTestApp();

  it('marks an address after a hard bounce read from a real DSN, not after a delay, and clears it', async () => {
    const senders = emailSenders(ctx.db);
    const dsn = await parseMail(
      Buffer.from(
        [
          'From: MAILER-DAEMON@mx.example.com',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="R"',
          '',
          '--R',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.com',
          '',
          'Final-Recipient: rfc822; Gone@Example.com',
          'Action: failed',
          'Status: 5.1.1',
          '',
          '--R--',
        ].join('\r\n'),
      ),
    );
    await senders.recordBounce(bounce('late@example.com', false));
    await senders.recordBounce(dsn.bounce!);
    const marks = await senders.bouncing(['GONE@example.com', 'late@example.com', 'nobody@example.com']);
    expect([...marks.keys()]).toEqual(['gone@example.com']);
    const first = marks.get('gone@example.com')!;
    expect(first.lastBounce).toMatchObject({ recipient: 'gone@example.com', status: '5.1.1', permanent: true });

    // A second hard bounce keeps the first date; the report is the newest.
    await senders.recordBounce({ ...bounce('gone@example.com', true), status: '5.2.1' });
    const again = (await senders.bouncing(['gone@example.com'])).get('gone@example.com')!;
    expect(again.since.getTime()).toBe(first.since.getTime());
    expect(again.lastBounce.status).toBe('5.2.1');

    expect(await senders.mayAutoReply('gone@example.com')).toBe(false);
    await senders.clearBounce('Gone@Example.com');
    expect((await senders.bouncing(['gone@example.com'])).size).toBe(0);
    expect(await senders.mayAutoReply('gone@example.com')).toBe(true);
  });

  it('allows at most the cap of automatic replies per address per window, also when asked at once, and again after the window', async () => {
    const senders = emailSenders(ctx.db);
    const answers = await Promise.all(Array.from({ length: 12 }, () => senders.mayAutoReply('Loop@Example.com')));
    expect(answers.filter(Boolean)).toHaveLength(5);
    expect(await senders.mayAutoReply('other@example.com')).toBe(true);
    // The window passes.
    await sql`update email_senders set window_start = now() - interval '61 minutes' where address = 'loop@example.com'`.execute(ctx.db);
    expect(await senders.mayAutoReply('loop@example.com')).toBe(true);
    expect(await senders.mayAutoReply('loop@example.com', { limit: 1, windowSeconds: 3600 })).toBe(false);
    expect(await senders.mayAutoReply('not an address')).toBe(false);
  });
});
