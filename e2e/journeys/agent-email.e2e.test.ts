import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { describe, expect, it, inject } from 'vitest';
import { useDatabase } from '../support/database.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { sentMail } from '../support/mail-sink.js';

/**
 * Issue 12 point 6, last sentence: an agent starts a new email ticket to a customer from the console — in Croatian to
 * a demo customer's account found by the search, in English to a typed address nobody knows yet (R11) — with an
 * attachment; the mail leaves through the relay (the e2e setup's SMTP sink) with the reference in its subject and the
 * signed Reply-To, and the customer's answer to that address lands in the new ticket. Pictured at 1280 and 390 px.
 */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

type Language = 'hr' | 'en';
const WORDS = {
  hr: {
    email: 'E-pošta',
    password: 'Lozinka',
    login: 'Prijavi se',
    newEmail: 'Nova poruka',
    toAddress: 'Adresa e-pošte',
    address: 'Adresa e-pošte',
    subject: 'Naslov',
    body: 'Poruka',
    send: 'Pošalji poruku',
    chooseCustomer: 'Odaberite klijenta.',
  },
  en: {
    email: 'Email',
    password: 'Password',
    login: 'Log in',
    newEmail: 'New email',
    toAddress: 'An email address',
    address: 'Email address',
    subject: 'Subject',
    body: 'Message',
    send: 'Send email',
    chooseCustomer: 'Choose a customer.',
  },
};

async function logIn(page: Page, language: Language) {
  const who = demoLogin('agent', 0);
  await page.goto('/login');
  await page.getByLabel(WORDS[language].email).fill(who.email);
  await page.getByLabel(WORDS[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: WORDS[language].login }).click();
  await page.getByTestId('ticket-queue').waitFor();
}

describe.runIf(hasBrowser)('an agent starts an email ticket to a customer (issue 12 point 6)', () => {
  const { newPage } = useBrowser();
  const db = useDatabase();

  for (const language of ['hr', 'en'] as const) {
    it(`from the console to the customer's inbox and the answer back into the ticket (${language})`, { timeout: 180_000 }, async () => {
      const w = WORDS[language];
      const tag = randomUUID().slice(0, 8);
      const { page, context } = await newPage(language === 'hr' ? 'hr-HR' : 'en-GB');
      await context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port: inject('smtpPort'), secure: false, ignoreTLS: true });
      try {
        await logIn(page, language);
        // From the queue, by the keyboard: the link is focused and followed with Enter.
        await page.getByRole('link', { name: w.newEmail }).focus();
        await page.keyboard.press('Enter');
        await page.waitForURL('**/agent/tickets/new-email');
        await page.getByRole('button', { name: w.send }).waitFor();

        // Sent empty, it says what is missing beside the fields and takes the focus to the first.
        await page.getByRole('button', { name: w.send }).click();
        await page.getByText(w.chooseCustomer).waitFor();
        // The first field to fix has the focus.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('new-email-account');
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `agent-email-01-form-errors-${language}-1280`);

        const customer = demoLogin('client', 0);
        let expectedTo: string[];
        if (language === 'hr') {
          // A demo customer's account, found by their email as the customers page finds it, chosen by the keyboard.
          const search = page.getByTestId('new-email-account');
          await search.fill(customer.email);
          await page.getByRole('option').first().waitFor();
          await search.press('ArrowDown');
          await search.press('Enter');
          const { rows } = await db.query<{ email: string }>(
            `select coalesce((select array_agg(n.email order by n.email) from notification_addresses n where n.account_id = a.id and n.kind = 'support'),
                             array[a.email]) as to
               from accounts a join users u on u.account_id = a.id where u.email = $1`,
            [customer.email],
          );
          expectedTo = (rows[0] as unknown as { to: string[] }).to;
        } else {
          await page.getByRole('radio', { name: w.toAddress }).check();
          const typed = `new.person.${tag}@example.org`;
          await page.getByRole('textbox', { name: w.address }).fill(typed);
          expectedTo = [typed];
        }
        const department = page.getByTestId('new-email-department');
        await department.click();
        await page.getByRole('option').first().click();
        const subject = language === 'hr' ? `Planirano održavanje poslužitelja (${tag})` : `Your question about domains (${tag})`;
        const body =
          language === 'hr'
            ? `Poštovani,\n\nu srijedu u 22:00 ponovno ćemo pokrenuti vaš poslužitelj radi nadogradnje. (${tag})`
            : `Hello,\n\nyes, we can move your domain this week; reply with the transfer code. (${tag})`;
        await page.getByRole('textbox', { name: w.subject }).fill(subject);
        await page.getByRole('textbox', { name: w.body }).fill(body);
        await page
          .locator('[data-testid="reply-attachments"] input[type=file]')
          .setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: PNG });
        await page.getByTestId('reply-attachment').waitFor();
        // Each error went once its field was filled.
        expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `agent-email-02-form-filled-${language}-1280`);

        await page.getByRole('button', { name: w.send }).click();
        const sent = page.getByTestId('new-email-sent');
        await sent.waitFor({ timeout: 30_000 });
        const { rows } = await db.query<{ reference: string; status: string; channel: string; account_id: string | null }>(
          'select reference, status, channel, account_id from tickets where subject = $1',
          [subject],
        );
        expect(rows).toHaveLength(1);
        const { reference } = rows[0]!;
        expect(rows[0]).toMatchObject({ status: 'awaiting_customer', channel: 'email' });
        expect(rows[0]!.account_id === null).toBe(language === 'en');
        expect(await sent.innerText()).toContain(reference);
        // The success heading has the focus, so a screen reader says what happened.
        expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
        await screenshot(page, `agent-email-03-sent-${language}-1280`);

        // The mail left through the relay: to the account's Support addresses (or its registered email) or the typed
        // one, the reference in the subject, the signed Reply-To, the attachment.
        let out: Awaited<ReturnType<typeof sentMail>>;
        await expect
          .poll(
            async () => {
              out = await sentMail((m) => (m.text ?? '').includes(body.split('\n').at(-1)!));
              return out !== undefined;
            },
            { timeout: 60_000, interval: 500 },
          )
          .toBe(true);
        expect(out!.rcptTo.sort()).toEqual([...expectedTo].sort());
        expect(out!.mail.subject).toBe(`[${reference}] ${subject}`);
        expect(out!.mail.attachments.map((a) => a.filename)).toEqual(['plan.png']);
        const replyTo = out!.mail.replyTo?.value[0]?.address ?? '';
        expect(replyTo).toMatch(/^support\+[^@]+@centrala\.test$/);

        // The customer answers to the Reply-To from an ordinary client: it lands in the new ticket.
        const answer = language === 'hr' ? `Hvala, srijeda nam odgovara. (${tag})` : `Thanks, the code is XYZ-123. (${tag})`;
        const answered = await smtp.sendMail({
          from: expectedTo[0],
          to: replyTo,
          subject: `Re: ${out!.mail.subject}`,
          text: answer,
          inReplyTo: out!.mail.messageId!,
          messageId: `<${randomUUID()}@mail.example.hr>`,
        });
        expect(answered.response).toMatch(/^250/);

        await page.getByTestId('new-email-open').click();
        await page.getByTestId('agent-ticket-view').waitFor();
        expect(page.url()).toContain(`/agent/tickets/${reference}`);
        await page.getByTestId('message').filter({ hasText: answer }).waitFor({ timeout: 30_000 });
        const inTicket = await db.query<{ reference: string }>(
          'select t.reference from tickets t join ticket_messages m on m.ticket_id = t.id where m.body like $1',
          [`%${answer}%`],
        );
        expect(inTicket.rows.map((r) => r.reference)).toEqual([reference]);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `agent-email-04-ticket-${language}-1280`);

        await page.setViewportSize({ width: 390, height: 844 });
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `agent-email-05-ticket-${language}-390`);

        // The form on a phone: nothing wider than the screen.
        await page.goto('/agent/tickets/new-email');
        await page.getByRole('button', { name: w.send }).waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, `agent-email-06-form-${language}-390`);

        // The queue's New email link fits a phone's header too.
        await page.goto('/agent');
        await page.getByRole('link', { name: w.newEmail }).waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, `agent-email-07-queue-${language}-390`);
      } finally {
        smtp.close();
        await context.close();
      }
    });
  }
});
