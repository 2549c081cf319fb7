import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMail, threadRootOf } from './parse-mail.js';

const CRLF = '\r\n';
function mail(lines: (string | Buffer)[]): Buffer {
  return Buffer.concat(lines.map((line) => Buffer.concat([Buffer.isBuffer(line) ? line : Buffer.from(line, 'latin1'), Buffer.from(CRLF)])));
}

// "Čćžšđ ČĆŽŠĐ" in windows-1250 and ISO-8859-2 (they differ in š/Š and ž/Ž among these).
const WIN1250 = Buffer.from([0xc8, 0xe8, 0xe6, 0x9e, 0x9a, 0xf0, 0x20, 0xc8, 0xc6, 0x8e, 0x8a, 0xd0]);
const ISO88592 = Buffer.from([0xc8, 0xe8, 0xe6, 0xbe, 0xb9, 0xf0, 0x20, 0xc8, 0xc6, 0xae, 0xa9, 0xd0]);
const CROATIAN = 'Ččćžšđ ČĆŽŠĐ';

describe('parseMail (issue 12 point 3)', () => {
  it('reads windows-1250 and ISO-8859-2 bodies and RFC 2047 headers', async () => {
    for (const [charset, bytes] of [
      ['windows-1250', WIN1250],
      ['iso-8859-2', ISO88592],
    ] as const) {
      const parsed = await parseMail(
        mail([
          `From: =?${charset}?Q?Ivan_Horvati=E6?= <ivan@example.hr>`,
          'To: support@centrala.hr',
          `Subject: =?UTF-8?B?${Buffer.from('Račun ne radi — čćžšđ').toString('base64')}?=`,
          'Message-ID: <abc@example.hr>',
          'MIME-Version: 1.0',
          `Content-Type: text/plain; charset=${charset}`,
          'Content-Transfer-Encoding: 8bit',
          '',
          Buffer.concat([Buffer.from('Pozdrav '), bytes]),
        ]),
      );
      expect(parsed.text.trim()).toBe(`Pozdrav ${CROATIAN}`);
      expect(parsed.subject).toBe('Račun ne radi — čćžšđ');
      expect(parsed.from).toEqual({ address: 'ivan@example.hr', name: 'Ivan Horvatić' });
      expect(parsed.messageId).toBe('abc@example.hr');
      expect(parsed.warnings).toEqual([]);
      expect(parsed.autoKind).toBe('human');
    }
  });

  it('reads UTF-8 quoted-printable bodies and 8-bit UTF-8 headers', async () => {
    const parsed = await parseMail(
      mail([
        Buffer.from('From: Đurđa Šimić <durda@example.hr>'),
        Buffer.from('Subject: Žalba'),
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '=C4=8Ca=C4=91a =C5=BEuta',
      ]),
    );
    expect(parsed.from).toEqual({ address: 'durda@example.hr', name: 'Đurđa Šimić' });
    expect(parsed.subject).toBe('Žalba');
    expect(parsed.text.trim()).toBe('Čađa žuta');
  });

  it('sanitises HTML, disables remote images and keeps cid images as references to their attachments', async () => {
    const png = randomBytes(64);
    const html = [
      '<html><head><style>body{display:none}</style><title>t</title></head><body onload="x()">',
      '<p style="color:red;position:fixed;background:url(http://evil/x)">Bok <b>svima</b></p>',
      '<script>alert(1)</script><a href="javascript:alert(1)">a</a><a href="https://ok.example/x" onclick="x()">b</a>',
      '<img src="https://tracker.example/p.gif" width="1"><img src="cid:logo@x"><img src="data:image/png;base64,AAAA">',
      '<form action="https://evil"><input name="p"></form><iframe src="https://evil"></iframe>',
      '<svg><a xlink:href="javascript:alert(1)">s</a></svg>',
      '<a href=" jav&#x09;ascript:alert(1)">c</a><img src="cid:logo@x" onerror="alert(1)"><base href="https://evil/">',
      '<meta http-equiv="refresh" content="0;url=https://evil"><link rel="stylesheet" href="https://evil/c.css">',
      '<div style="behavior:url(x.htc);width:expression(alert(1))">d</div><object data="x"></object><embed src="x">',
      '</body></html>',
    ].join('');
    const parsed = await parseMail(
      mail([
        'From: a@example.hr',
        'Content-Type: multipart/related; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        html,
        '--b1',
        'Content-Type: image/png',
        'Content-ID: <logo@x>',
        'Content-Disposition: inline',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        '--b1--',
      ]),
    );
    const clean = parsed.html!;
    expect(clean).toContain('<b>svima</b>');
    expect(clean).toContain('style="color:red"');
    for (const bad of [
      '<script',
      'alert',
      'onload',
      'onclick',
      'position',
      'url(',
      '<form',
      '<input',
      '<iframe',
      'data:',
      '<style',
      'display:none',
      '<svg',
    ]) {
      expect(clean).not.toContain(bad);
    }
    expect(clean).toContain('data-remote-src="https://tracker.example/p.gif"');
    expect(clean).not.toMatch(/\ssrc="https/);
    expect(clean).toContain('src="cid:logo@x"');
    expect(clean).toContain('href="https://ok.example/x"');
    expect(clean).toContain('rel="noopener noreferrer nofollow"');
    expect(parsed.hasRemoteImages).toBe(true);
    const image = parsed.attachments.find((a) => a.contentId === 'logo@x');
    expect(image?.content.equals(png)).toBe(true);
    expect(image?.inline).toBe(true);
  });

  it('keeps the threading headers: Message-ID, In-Reply-To, References, Thread-Index root, Delivered-To', async () => {
    const index = Buffer.concat([randomBytes(22), randomBytes(5)]);
    const parsed = await parseMail(
      mail([
        'From: a@example.hr',
        'To: "Podrška" <support@centrala.hr>, b@example.hr',
        'Cc: c@example.hr',
        'Delivered-To: support+abc@centrala.hr',
        'Message-ID: <3@example.hr>',
        'In-Reply-To: <2@centrala.hr>',
        'References: <1@centrala.hr>',
        ' <2@centrala.hr>',
        `Thread-Index: ${index.toString('base64')}`,
        'Subject: Re: [T-7KQ2-M9XD] Pomoć',
        '',
        'tekst',
      ]),
    );
    expect(parsed.inReplyTo).toBe('2@centrala.hr');
    expect(parsed.references).toEqual(['1@centrala.hr', '2@centrala.hr']);
    expect(parsed.threadRoot).toBe(index.subarray(0, 22).toString('base64'));
    expect(parsed.deliveredTo).toEqual(['support+abc@centrala.hr']);
    expect(parsed.to.map((a) => a.address)).toEqual(['support@centrala.hr', 'b@example.hr']);
    expect(parsed.cc).toEqual([{ address: 'c@example.hr', name: '' }]);
    expect(threadRootOf('AAAA')).toBeNull();
    expect(threadRootOf('not base64!')).toBeNull();
  });

  it('reads an Outlook-style multipart/alternative with Croatian attachment names (RFC 2231 and RFC 2047)', async () => {
    const parsed = await parseMail(
      mail([
        'From: "Horvat, Ivan" <ivan@example.hr>',
        'To: support@centrala.hr',
        'Subject: =?windows-1250?Q?Ra=E8un_za_studeni?=',
        'Thread-Index: AdtNb3vQ1nJgq5Y8RYuFvVv4bXlKcQ==',
        'Content-Type: multipart/mixed; boundary="m"',
        '',
        '--m',
        'Content-Type: multipart/alternative; boundary="a"',
        '',
        '--a',
        'Content-Type: text/plain; charset="windows-1250"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Po=9Atovani, =E8eka se ra=E8un.',
        '',
        'From: Podr=9Aka <support@centrala.hr>',
        'Sent: Monday, November 3, 2026 10:00 AM',
        '',
        'staro',
        '--a',
        'Content-Type: text/html; charset="windows-1250"',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>Po=9Atovani, =E8eka se ra=E8un.</p>',
        '--a--',
        '--m',
        "Content-Type: application/pdf; name*=utf-8''ra%C4%8Dun%20%C5%BEuti.pdf",
        "Content-Disposition: attachment; filename*=utf-8''ra%C4%8Dun%20%C5%BEuti.pdf",
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4').toString('base64'),
        '--m',
        'Content-Type: text/plain; name="=?iso-8859-2?Q?=B9ifra.txt?="',
        'Content-Disposition: attachment; filename="=?iso-8859-2?Q?=B9ifra.txt?="',
        '',
        'x',
        '--m--',
      ]),
    );
    expect(parsed.subject).toBe('Račun za studeni');
    expect(parsed.from).toEqual({ address: 'ivan@example.hr', name: 'Horvat, Ivan' });
    expect(parsed.shownText).toBe('Poštovani, čeka se račun.');
    expect(parsed.text).toContain('staro');
    expect(parsed.html).toBe('<p>Poštovani, čeka se račun.</p>');
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['račun žuti.pdf', 'šifra.txt']);
    expect(parsed.threadRoot).toHaveLength(32);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps winmail.dat (TNEF) as an attachment and says so', async () => {
    const parsed = await parseMail(
      mail([
        'From: a@example.hr',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see attached',
        '--b',
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        'Content-Disposition: attachment; filename="winmail.dat"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0, 0]).toString('base64'),
        '--b--',
      ]),
    );
    expect(parsed.attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
    expect(parsed.warnings).toContain('tnef_not_unpacked');
  });

  // Found by the mail corpus (test/fixtures/mail-corpus/bulk-newsletter-html-only.eml): nearly every newsletter.
  it('takes charsets from Content-Type fields only: a quoted-printable <meta charset=3D"utf-8"> is no unknown charset', async () => {
    const newsletter = mail([
      'From: news@example.net',
      'Content-Type: text/html; charset="UTF-8"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><head><meta charset=3D"utf-8"><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3Dutf-8">',
      '</head><body><p>Popust na domene</p></body></html>',
    ]);
    expect((await parseMail(newsletter)).warnings).toEqual([]);
    const unknownPart = mail([
      'From: a@example.net',
      'Content-Type: multipart/mixed;',
      '\tboundary="p"',
      '',
      '--p',
      'Content-Type: text/plain;',
      '\tcharset="x-no-such-charset"',
      '',
      'abc',
      '--p--',
    ]);
    expect((await parseMail(unknownPart)).warnings).toEqual(['charset_unknown']);
  });

  // Found by the mail corpus (test/fixtures/mail-corpus/mime-boundary-never-used.eml): the whole question was lost.
  it('reads a multipart whose boundary never appears as the plain text it is', async () => {
    const parsed = await parseMail(
      mail([
        'From: Vesna <vesna@example.org>',
        'Subject: Upit o cijeni',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative;',
        ' boundary="never-used"',
        '',
        'Koliko kosta nadogradnja?',
      ]),
    );
    expect(parsed.text.trim()).toBe('Koliko kosta nadogradnja?');
    expect(parsed.subject).toBe('Upit o cijeni');
    expect(parsed.warnings).toEqual(['multipart_without_parts']);
    // Also with a space before the field's colon, which the parser accepts.
    const spaced = await parseMail(mail(['From: a@example.org', 'Content-Type : multipart/mixed; boundary="n"', '', 'text']));
    expect(spaced.text.trim()).toBe('text');
    expect(spaced.warnings).toEqual(['multipart_without_parts']);
    // A multipart that is only cut off keeps its parts and says so.
    const cut = await parseMail(mail(['From: a@example.org', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', '', 'first part']));
    expect(cut.text.trim()).toBe('first part');
    expect(cut.warnings).toEqual(['truncated']);
  });

  it('never throws: garbage, truncated and hostile input give a result', async () => {
    const good = mail([
      'From: =?windows-1250?Q?=C8?= <a@example.hr>',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html; charset=windows-1250',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>x</p>').toString('base64'),
      '--b',
      'Content-Type: message/rfc822',
      '',
      'Subject: inner',
      '',
      'inner',
      '--b--',
    ]);
    const inputs: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('\r\n\r\n'),
      randomBytes(5000),
      Buffer.from('From: <<<@@@>>>\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--\r\n'),
    ];
    for (let cut = 1; cut < good.length; cut += 7) inputs.push(good.subarray(0, cut));
    for (let i = 0; i < 30; i += 1) {
      const copy = Buffer.from(good);
      for (let j = 0; j < 10; j += 1) copy[Math.floor(Math.random() * copy.length)] = Math.floor(Math.random() * 256);
      inputs.push(copy);
    }
    inputs.push(mail(['Content-Type: text/plain; charset=x-no-such-charset', '', 'abc']));
    inputs.push(mail(['Subject: =?utf-8?B?////?= =?bogus?Q?x?=', 'Thread-Index: ====', 'Content-Transfer-Encoding: base64', '', '!!!!']));
    // Bytes of 0x80 and above only: nothing in it can read as a header field.
    expect((await parseMail(Buffer.from(randomBytes(300).map((b) => b | 0x80)))).warnings).toEqual(['unparseable']);
    const bare = await parseMail(Buffer.from('just text\r\nno headers'));
    expect(bare.warnings).toEqual(['unparseable']);
    expect(bare.attachments[0]).toMatchObject({ filename: 'message.eml', contentType: 'message/rfc822' });
    expect((await parseMail(inputs[inputs.length - 2]!)).warnings).toContain('charset_unknown');
    expect((await parseMail(good.subarray(0, good.length - 20))).warnings).toContain('truncated');
    expect((await parseMail(good)).warnings).toEqual([]);
    const nul = await parseMail(
      mail([
        'From: =?utf-8?Q?a=00b?= <a@example.hr>',
        'Subject: x\u0000y',
        'Content-Type: text/plain; charset=utf-16le',
        '',
        Buffer.from([0x00, 0xd8, 0x41, 0x00, 0, 0]),
      ]),
    );
    expect(JSON.stringify(nul)).not.toMatch(/\\u0000|\\ud8/);
    const started = Date.now();
    const deep = await parseMail(mail(['From: a@example.hr', 'Content-Type: text/html', '', `${'<div>'.repeat(200_000)}deep`]));
    expect(deep.warnings).toEqual(['html_too_deep']);
    expect(deep.text).toBe('deep');
    expect(deep.html).toBeNull();
    const wide = await parseMail(
      mail(['From: a@example.hr', 'Content-Type: text/html', '', `${'<div>'.repeat(190)}${'<b>x</b>'.repeat(100_000)}`]),
    );
    expect(wide.html).toContain('<b>x</b>');
    expect(Date.now() - started).toBeLessThan(5000);
    for (const input of inputs) {
      const parsed = await parseMail(input);
      expect(Array.isArray(parsed.warnings)).toBe(true);
      expect(typeof parsed.text).toBe('string');
    }
  });
});
