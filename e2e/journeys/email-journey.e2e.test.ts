import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, inject } from 'vitest';
import { useDatabase } from '../support/database.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { sentMail } from '../support/mail-sink.js';

/**
 * Issue 12, "Show": a customer's mail comes in through the SMTP port, the agent sees its ticket appear in the console
 * without a reload, with its sender verification; the agent's reply leaves through the relay (the e2e setup's SMTP
 * sink) answering the customer's mail, with the ticket's reference and the signed Reply-To; the customer's answer to
 * that reply lands in the same ticket, live.
 */

type Language = 'hr' | 'en';
const LOGIN = {
  hr: { email: 'E-pošta', password: 'Lozinka', submit: 'Prijavi se' },
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
};

async function inLanguage(newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page }>, language: Language) {
  const opened = await newPage(language === 'hr' ? 'hr-HR' : 'en-GB');
  await opened.context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
  return opened;
}

async function logIn(page: Page, language: Language) {
  const who = demoLogin('agent', 0);
  await page.goto('/login');
  await page.getByLabel(LOGIN[language].email).fill(who.email);
  await page.getByLabel(LOGIN[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: LOGIN[language].submit }).click();
}

describe.runIf(hasBrowser)('an email ticket from the first mail to the customer’s answer (issue 12, Show)', () => {
  const { newPage } = useBrowser();
  const db = useDatabase();
  // The customer's mail client: a plain SMTP conversation with the receiver (no TLS offered on 127.0.0.1).
  const customerSmtp = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: inject('smtpPort'), secure: false, ignoreTLS: true, logger: false });

  for (const language of ['hr', 'en'] as const) {
    it(
      `mail in, live in the console with its verification, reply out through the relay, the answer back in one ticket (${language})`,
      {
        timeout: 180_000,
      },
      async () => {
        const customer = demoLogin('client', 0);
        const tag = randomUUID().slice(0, 8);
        const subject = language === 'hr' ? `Poslužitelj db-02 ne prima veze (${tag})` : `Server db-02 refuses connections (${tag})`;
        const firstBody =
          language === 'hr'
            ? `Poštovani,\n\nod jutros se ne mogu spojiti na db-02 (port 5432). Možete li provjeriti?\n\nLijep pozdrav`
            : `Hello,\n\nsince this morning I cannot connect to db-02 (port 5432). Could you have a look?\n\nKind regards`;
        const customerMessageId = `${randomUUID()}@mail.example.hr`;

        // The agent is in the console, on the queue, before the mail arrives.
        const { page, context } = await inLanguage(newPage, language);
        await logIn(page, language);
        const queue = page.getByTestId('ticket-queue');
        await queue.waitFor();
        let reloads = 0;
        page.on('load', () => reloads++);

        const smtp = customerSmtp();
        try {
          const sent = await smtp.sendMail({
            from: { name: customer.name, address: customer.email },
            to: 'support@centrala.test',
            subject,
            text: firstBody,
            messageId: `<${customerMessageId}>`,
          });
          expect(sent.response).toMatch(/^250/);

          // The ticket appears in the queue without a reload.
          const row = page.getByTestId('queue-row').filter({ has: page.getByTitle(subject) });
          await row.waitFor({ timeout: 30_000 });
          expect(reloads).toBe(0);
          await screenshot(page, `email-journey-01-queue-${language}-1280`);
          const { rows } = await db.query<{ reference: string; channel: string; trust: string }>(
            `select t.reference, t.channel, t.trust from tickets t join ticket_messages m on m.ticket_id = t.id
            where m.email ->> 'messageId' = $1`,
            [customerMessageId],
          );
          expect(rows).toHaveLength(1);
          const { reference } = rows[0]!;
          expect(rows[0]).toMatchObject({ channel: 'email', trust: 'email_claimed' });

          // Opened: the mail with its sender verification (offline, MAIL_DNS=none: nothing passes DMARC, and it says so).
          await row.getByRole('link').first().click();
          await page.getByTestId('agent-ticket-view').waitFor();
          expect(page.url()).toContain(`/agent/tickets/${reference}`);
          await page.getByTestId('email-details').waitFor();
          const verification = await page.getByTestId('email-verification').innerText();
          expect(verification).toContain('DMARC');
          expect(verification).toContain('SPF');
          // Offline there is no DMARC policy to consult: unverified, which is not the red "forged" of a failed check.
          expect(await page.getByTestId('email-verification').locator('[data-verdict]').getAttribute('data-verdict')).toBe(
            'dmarcUnverified',
          );
          expect(await page.getByTestId('email-addresses').innerText()).toContain(customer.email);
          expect(await page.getByTestId('email-text').first().innerText()).toContain('db-02');
          await screenshot(page, `email-journey-02-ticket-${language}-1280`);

          // The agent replies.
          const replyText =
            language === 'hr'
              ? `Poštovani, ponovno smo pokrenuli PostgreSQL na db-02; veze rade. (${tag})`
              : `Hello, we restarted PostgreSQL on db-02; connections work again. (${tag})`;
          await page.getByTestId('reply-body').fill(replyText);
          await page.getByTestId('reply-send').click();
          await page.getByTestId('message').filter({ hasText: replyText }).waitFor();

          // It leaves through the relay: to the customer, answering the customer's mail, with the reference and the
          // signed Reply-To.
          let out: Awaited<ReturnType<typeof sentMail>>;
          await expect
            .poll(
              async () => {
                out = await sentMail((m) => (m.text ?? '').includes(replyText));
                return out !== undefined;
              },
              { timeout: 60_000, interval: 500 },
            )
            .toBe(true);
          const reply = out!.mail;
          expect(out!.rcptTo).toEqual([customer.email]);
          expect(reply.to && !Array.isArray(reply.to) ? reply.to.value.map((a) => a.address) : []).toEqual([customer.email]);
          expect(reply.subject).toContain(`[${reference}]`);
          // The acknowledgement went first, answering the customer's mail (automatic, so no auto-responder answers it);
          // the reply answers the thread's latest mail, the acknowledgement, and References carry the customer's mail.
          const ack = (await sentMail((m) => m.inReplyTo === `<${customerMessageId}>`))?.mail;
          expect(ack?.headers.get('auto-submitted')).toBe('auto-replied');
          expect(ack?.subject).toContain(`[${reference}]`);
          const references = Array.isArray(reply.references) ? reply.references : [reply.references ?? ''];
          expect(references).toEqual([`<${customerMessageId}>`, ack!.messageId]);
          expect(reply.inReplyTo).toBe(ack!.messageId);
          const replyTo = reply.replyTo?.value[0]?.address ?? '';
          expect(replyTo).toMatch(/^support\+[^@]+@centrala\.test$/);
          expect(reply.headers.get('auto-submitted')).toBeUndefined();
          const agentMessageId = reply.messageId!;
          expect(agentMessageId).toMatch(/^<[^<>@]+@centrala\.test>$/);

          // The customer answers that mail (In-Reply-To its Message-ID) from an ordinary client, to the support address
          // and without the reference in the subject: the answer is threaded by its In-Reply-To alone.
          const answerText =
            language === 'hr'
              ? `Hvala, sada radi. Još jedno pitanje o sigurnosnim kopijama. (${tag})`
              : `Thanks, it works now. One more question about backups. (${tag})`;
          const answered = await smtp.sendMail({
            from: { name: customer.name, address: customer.email },
            to: 'support@centrala.test',
            subject: `Re: ${subject}`,
            text: `${answerText}\n\n> ${replyText}`,
            inReplyTo: agentMessageId,
            references: [`<${customerMessageId}>`, agentMessageId],
            messageId: `<${randomUUID()}@mail.example.hr>`,
          });
          expect(answered.response).toMatch(/^250/);

          // Live, in the ticket the agent has open; and in the database, in that same ticket.
          await page.getByTestId('message').filter({ hasText: answerText }).waitFor({ timeout: 30_000 });
          expect(reloads).toBe(0);
          const inTicket = await db.query<{ reference: string }>(
            `select t.reference from tickets t join ticket_messages m on m.ticket_id = t.id where m.body like $1`,
            [`%${answerText}%`],
          );
          expect(inTicket.rows.map((r) => r.reference)).toEqual([reference]);
          expect((await db.query(`select count(*)::int as n from tickets where subject like $1`, [`%${tag}%`])).rows[0].n).toBe(1);
          // Full-page pictures from the top: scrolled, the sticky header would be pictured mid-page.
          await page.evaluate(() => window.scrollTo(0, 0));
          await screenshot(page, `email-journey-03-answer-${language}-1280`);

          await page.setViewportSize({ width: 390, height: 844 });
          // Nothing wider than the phone (once the layout has followed the new width).
          await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
          await page.evaluate(() => window.scrollTo(0, 0));
          await screenshot(page, `email-journey-04-answer-${language}-390`);
        } finally {
          smtp.close();
          await context.close();
        }
      },
    );
  }
});
