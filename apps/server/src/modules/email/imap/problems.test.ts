import { describe, expect, it } from 'vitest';
import { classifyImapError, ImapProblem, problemOf, problemText } from './problems.js';

describe('IMAP problems: what failed, said in hr and en', () => {
  it('tells a refused login, a missing folder, TLS, a timeout and a refused connection apart', () => {
    expect(classifyImapError({ authenticationFailed: true, responseText: 'Authentication failed.' })).toEqual({
      code: 'mailbox.auth_failed',
      detail: 'Authentication failed.',
    });
    expect(classifyImapError({ serverResponseCode: 'NONEXISTENT', responseText: "Mailbox doesn't exist: X" }).code).toBe(
      'mailbox.folder_missing',
    );
    expect(classifyImapError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' }).code).toBe('mailbox.tls_failed');
    expect(classifyImapError({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }).code).toBe('mailbox.tls_failed');
    expect(classifyImapError({ code: 'CONNECT_TIMEOUT' }).code).toBe('mailbox.timeout');
    expect(classifyImapError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }).code).toBe('mailbox.connection_failed');
    expect(classifyImapError(undefined).code).toBe('mailbox.connection_failed');
    expect(classifyImapError(new ImapProblem('mailbox.move_failed', 'Done'))).toEqual({ code: 'mailbox.move_failed', detail: 'Done' });
  });

  it("keeps a server's words to one short printable line", () => {
    const { detail } = classifyImapError({ responseText: `bad\r\n* injected\u0000${'x'.repeat(1000)}` });
    expect(detail).not.toMatch(/[\r\n]/);
    expect(detail).not.toContain(String.fromCharCode(0));
    expect(detail!.length).toBeLessThanOrEqual(300);
  });

  it('round-trips a stored problem into its code, texts and detail', () => {
    expect(problemOf(null)).toBeNull();
    const p = problemOf(problemText({ code: 'mailbox.auth_failed', detail: '[AUTHENTICATIONFAILED] Authentication failed.' }))!;
    expect(p).toMatchObject({ code: 'mailbox.auth_failed', detail: '[AUTHENTICATIONFAILED] Authentication failed.' });
    expect(p.message.hr).toMatch(/lozink/);
    expect(p.message.en).toMatch(/password/);
    expect(problemOf('mailbox.timeout')).toMatchObject({ code: 'mailbox.timeout', detail: null });
    // A code this release does not know still reads as a text in both languages.
    expect(problemOf('mailbox.something_new detail')?.message.en).toBeTruthy();
  });
});
