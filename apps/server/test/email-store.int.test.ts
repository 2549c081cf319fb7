import { describe, expect, it } from 'vitest';
import { inboundMail } from '../src/modules/email/index.js';
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
});
