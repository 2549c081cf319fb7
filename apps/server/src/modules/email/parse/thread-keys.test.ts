import { describe, expect, it } from 'vitest';
import { parseMail } from './parse-mail.js';
import { threadKeys } from './thread-keys.js';

describe('threadKeys (issue 12 point 3)', () => {
  it('finds the reply token on our domains, the answered ids nearest first, the root and the subject reference', async () => {
    const m = await parseMail(
      Buffer.from(
        [
          'From: a@example.hr',
          'To: support+notours@elsewhere.hr, Podrška <Support+AbC234@Centrala.HR>',
          'Message-ID: <4@example.hr>',
          'In-Reply-To: <3@centrala.hr>',
          'References: <1@centrala.hr> <2@example.hr> <3@centrala.hr>',
          'Subject: RE: Re: [t-7kq2-m9xd] Pomoć',
          '',
          'x',
        ].join('\r\n'),
      ),
    );
    expect(threadKeys(m, ['centrala.hr'])).toEqual({
      replyToken: 'AbC234',
      messageIds: ['3@centrala.hr', '2@example.hr', '1@centrala.hr'],
      threadRoot: null,
      subjectReference: 'T-7KQ2-M9XD',
    });
  });

  it('takes the token from Delivered-To when the client dropped it from To (Bcc, forwarded)', async () => {
    const m = await parseMail(
      Buffer.from(
        ['From: a@example.hr', 'To: someone@example.hr', 'Delivered-To: support+tok@centrala.hr', 'Subject: Bok', '', 'x'].join('\r\n'),
      ),
    );
    expect(threadKeys(m, ['centrala.hr'])).toEqual({ replyToken: 'tok', messageIds: [], threadRoot: null, subjectReference: null });
    expect(threadKeys(m, ['other.hr']).replyToken).toBeNull();
  });

  it('ignores a reference that is not one (wrong alphabet, no brackets)', async () => {
    for (const subject of ['T-7KQ2-M9XD', '[T-7KQ2-M9X0]', '[T-7KQ-M9XD]']) {
      const m = await parseMail(Buffer.from(`From: a@example.hr\r\nSubject: ${subject}\r\n\r\nx`));
      expect(threadKeys(m, []).subjectReference).toBeNull();
    }
  });
});
