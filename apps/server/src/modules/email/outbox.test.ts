import { describe, expect, it } from 'vitest';
import { mailIdentity, outboxIdOfMessageId, outboxRow } from './outbox.js';

describe('outboxIdOfMessageId (issue 11 point 4: a Message-ID of ours is found by its row id)', () => {
  it('reads the row id back from the Message-ID outboxRow gives the row', () => {
    const row = outboxRow(
      { to: 'a@example.net', subject: 'S', text: 'T', kind: 'test' },
      undefined,
      mailIdentity('mail.example.hr', null, null),
    );
    expect(row.message_id).toBe(`${row.id}@mail.example.hr`);
    expect(outboxIdOfMessageId(row.message_id)).toBe(row.id);
  });

  it('names no row for a Message-ID that is not ours', () => {
    expect(outboxIdOfMessageId('CAF=abc123@mail.gmail.com')).toBeNull();
    expect(outboxIdOfMessageId('0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b')).toBeNull();
    expect(outboxIdOfMessageId('x0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@example.hr')).toBeNull();
    expect(outboxIdOfMessageId('')).toBeNull();
  });
});
