import { describe, expect, it } from 'vitest';
import { messageIdOf, rawKeys, threadRootOf } from './raw-keys.js';

describe('rawKeys', () => {
  it('reads a folded Message-ID from the header block only', () => {
    const raw = Buffer.from('Subject: x\r\nMessage-ID:\r\n <abc.123@example.hr>\r\n\r\nMessage-ID: <body@x>\r\n');
    const k = rawKeys(raw);
    expect(k.messageId).toBe('abc.123@example.hr');
    expect(k.sourceId).toBe('mid:abc.123@example.hr');
  });
  it('falls back to the sha256 of the bytes', () => {
    const k = rawKeys(Buffer.from('Subject: none\n\nhello'));
    expect(k.messageId).toBeNull();
    expect(k.sourceId).toBe(`sha:${k.sha256}`);
    expect(k.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
  it('does not take a Message-ID from the body', () => {
    expect(rawKeys(Buffer.from('Subject: a\n\nMessage-ID: <x@y>')).messageId).toBeNull();
  });
  it('refuses junk Message-IDs', () => {
    expect(messageIdOf('<>')).toBeNull();
    expect(messageIdOf('no brackets here')).toBeNull();
    expect(messageIdOf('bare@host')).toBe('bare@host');
  });
  it('reads a Message-ID as the parser does: NUL as U+FFFD, 8-bit as UTF-8 when it is', () => {
    expect(messageIdOf('<a\u0000b@x>')).toBe('a\ufffdb@x');
    expect(rawKeys(Buffer.from('Message-ID: <čć@x.hr>\r\n\r\n')).messageId).toBe('čć@x.hr');
    expect(rawKeys(Buffer.from('Message-ID: <\xe8@x.hr>\r\n\r\n', 'latin1')).messageId).toBe('è@x.hr');
  });
  it("takes Thread-Index's first 22 bytes", () => {
    const full = Buffer.alloc(27, 7).toString('base64');
    expect(threadRootOf(full)).toBe(Buffer.alloc(22, 7).toString('base64'));
    expect(threadRootOf('short')).toBeNull();
    expect(threadRootOf('!!!')).toBeNull();
  });
});
