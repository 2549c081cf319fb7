import { describe, expect, it } from 'vitest';
import { inboundMail } from '../src/modules/intake/index.js';
import { useTestApp } from './helpers.js';

const ctx = useTestApp();
const smtp = { kind: 'smtp' as const, mailFrom: 'a@example.hr', rcptTo: ['support@centrala.test'], remoteIp: '127.0.0.1', helo: 'x' };

describe('inboundMail.store (issue 12 point 2)', () => {
  it('stores the raw bytes and their keys once, and answers the first row for the same mail again', async () => {
    const raw = Buffer.from('Message-ID: <once@example.hr>\r\nThread-Index: AQHZ' + 'A'.repeat(36) + '\r\nSubject: hi\r\n\r\nbody\r\n');
    const store = inboundMail(ctx.db);
    const first = await store.store(raw, smtp);
    const again = await store.store(raw, { kind: 'imap', mailboxId: 'm', uidValidity: '1', uid: '7' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ id: first.id, duplicate: true });
    const row = await ctx.db.selectFrom('inbound').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row.raw?.equals(raw)).toBe(true);
    expect(row.mail_message_id).toBe('once@example.hr');
    expect(row.source_id).toBe('mid:once@example.hr');
    expect(row.thread_root).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(row.state).toBe('received');
    expect(row.source).toEqual(smtp);
  });
  it('keys a mail without a Message-ID by its sha256', async () => {
    const store = inboundMail(ctx.db);
    const a = await store.store(Buffer.from('Subject: x\r\n\r\none'), smtp);
    const b = await store.store(Buffer.from('Subject: x\r\n\r\ntwo'), smtp);
    const c = await store.store(Buffer.from('Subject: x\r\n\r\none'), smtp);
    expect(a.id).not.toBe(b.id);
    expect(c).toEqual({ id: a.id, duplicate: true });
  });
  it('stores mails arriving together by one insert, each answered its own row, the same mail twice once', async () => {
    const store = inboundMail(ctx.db);
    const mail = (n: number) => Buffer.from(`Message-ID: <together-${n}@example.hr>\r\nSubject: ${n}\r\n\r\nbody ${n}\r\n`);
    const answers = await Promise.all([mail(1), mail(2), mail(1), mail(3)].map((raw) => store.store(raw, smtp)));
    expect(answers.map((a) => a.duplicate)).toEqual([false, false, true, false]);
    expect(answers[2]!.id).toBe(answers[0]!.id);
    expect(new Set(answers.map((a) => a.id)).size).toBe(3);
    const rows = await ctx.db
      .selectFrom('inbound')
      .select(['id', 'mail_message_id', 'raw'])
      .where('mail_message_id', 'like', 'together-%')
      .orderBy('mail_message_id')
      .execute();
    expect(rows.map((r) => [r.id, r.mail_message_id])).toEqual([
      [answers[0]!.id, 'together-1@example.hr'],
      [answers[1]!.id, 'together-2@example.hr'],
      [answers[3]!.id, 'together-3@example.hr'],
    ]);
    expect(rows[1]!.raw?.equals(mail(2))).toBe(true);
  });
});
