import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it, inject } from 'vitest';
import { useDatabase } from '../support/database.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { sentMail } from '../support/mail-sink.js';

/**
 * Issue 11 point 1 (R11): "A ticket may have no account (a general question by email); an agent can link it to one."
 * Someone whose address no account has writes to the support address by SMTP and is acknowledged at that address,
 * with no client-area link; the agent finds the ticket in the queue marked as having no account, links it by the
 * keyboard to the demo account it turns out to be, and that account's customer finds it in the client area while
 * another account's customer gets a 404. Linked once, it cannot be moved to another account. Pictured at 1280 and
 * 390 px.
 */

type Language = 'hr' | 'en';
const WORDS = {
  hr: {
    email: 'E-pošta',
    password: 'Lozinka',
    login: 'Prijavi se',
    queueNoAccount: 'Bez računa',
    noAccount: 'Nije povezan s računom',
    linkLabel: 'Poveži s računom',
    link: 'Poveži tiket',
    linked: 'Tiket je povezan s računom.',
    linkedEvent: 'Povezano s računom klijenta',
    notFound: 'Ovaj tiket ne postoji ili pripada drugom računu.',
  },
  en: {
    email: 'Email',
    password: 'Password',
    login: 'Log in',
    queueNoAccount: 'No account',
    noAccount: 'No account linked',
    linkLabel: 'Link to an account',
    link: 'Link the ticket',
    linked: 'The ticket is linked to the account.',
    linkedEvent: 'Linked to the customer’s account',
    notFound: 'This ticket does not exist or belongs to another account.',
  },
};

/**
 * Who the sender turns out to be, in each run: a different demo account per language, so that each run links a
 * ticket of its own; and a customer of another account, who must not see it.
 */
const CASES = {
  hr: { client: 0, typed: 'Horvat', account: 'Horvat d.o.o.', other: 1 },
  en: { client: 2, typed: 'Blue Harb', account: 'Blue Harbor Hosting', other: 1 },
};

async function inLanguage(newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page }>, language: Language) {
  const opened = await newPage(language === 'hr' ? 'hr-HR' : 'en-GB');
  await opened.context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
  return opened;
}

async function logIn(page: Page, language: Language, role: 'client' | 'agent', index = 0) {
  const who = demoLogin(role, index);
  await page.goto('/login');
  await page.getByLabel(WORDS[language].email).fill(who.email);
  await page.getByLabel(WORDS[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: WORDS[language].login }).click();
  await page.getByTestId(role === 'agent' ? 'ticket-queue' : 'services-table').waitFor();
}

/** A phone's width: nothing wider than it once the layout has followed, pictured from the top. */
async function atPhoneWidth(page: Page) {
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe.runIf(hasBrowser)(
  'a general question from an address no account has, linked to an account by an agent (issue 11 point 1, R11)',
  () => {
    const { newPage } = useBrowser();
    const db = useDatabase();

    for (const language of ['hr', 'en'] as const) {
      it(
        `mail in and acknowledged, linked by the keyboard, seen by that account's customer only (${language})`,
        { timeout: 180_000 },
        async () => {
          const w = WORDS[language];
          const which = CASES[language];
          // A word of its own, found by the queue's search (a letter first: digits alone are read as a number).
          const tag = `q${randomUUID().slice(0, 7)}`;
          const sender = `future.customer.${tag}@example.org`;
          const subject =
            language === 'hr' ? `Pitanje prije kupnje: VPS u Zagrebu (${tag})` : `A question before buying: a VPS in Zagreb (${tag})`;
          const messageId = `${randomUUID()}@example.org`;

          // A general question before buying, from an address no account has registered, by SMTP.
          const smtp = nodemailer.createTransport({
            host: '127.0.0.1',
            port: inject('smtpPort'),
            secure: false,
            ignoreTLS: true,
            logger: false,
          });
          try {
            const sent = await smtp.sendMail({
              from: { name: 'Petra Novak', address: sender },
              to: 'support@centrala.test',
              subject,
              text:
                language === 'hr'
                  ? 'Dobar dan,\n\nimate li VPS s 8 GB memorije u Zagrebu i koliko traje postavljanje?\n\nPetra'
                  : 'Hello,\n\ndo you have a VPS with 8 GB of memory in Zagreb, and how long does the set-up take?\n\nPetra',
              messageId: `<${messageId}>`,
            });
            expect(sent.response).toMatch(/^250/);
          } finally {
            smtp.close();
          }
          let ticket: { reference: string; account_id: string | null; trust: string } | undefined;
          await expect
            .poll(
              async () => {
                const { rows } = await db.query<{ reference: string; account_id: string | null; trust: string }>(
                  `select t.reference, t.account_id, t.trust from tickets t join ticket_messages m on m.ticket_id = t.id
                where m.email ->> 'messageId' = $1`,
                  [messageId],
                );
                ticket = rows[0];
                return rows.length;
              },
              { timeout: 30_000, interval: 250 },
            )
            .toBe(1);
          const { reference } = ticket!;
          expect(ticket).toMatchObject({ account_id: null, trust: 'anonymous' });

          // They are acknowledged at the address they wrote from, answering their mail, with no client-area link (they
          // have no account to sign in to). With no user there is no user's language: the provider's, Croatian.
          let ack: Awaited<ReturnType<typeof sentMail>>;
          await expect
            .poll(
              async () => {
                ack = await sentMail((m) => m.inReplyTo === `<${messageId}>`);
                return ack !== undefined;
              },
              { timeout: 60_000, interval: 500 },
            )
            .toBe(true);
          expect(ack!.rcptTo).toEqual([sender]);
          expect(ack!.mail.subject).toBe(`[${reference}] ${subject}`);
          expect(ack!.mail.headers.get('auto-submitted')).toBe('auto-replied');
          expect(ack!.mail.text).toContain(reference);
          expect(ack!.mail.text).toContain('Odgovorit ćemo vam na ovu adresu.');
          expect(ack!.mail.text).not.toContain('/client/');

          // The agent finds it in the queue, marked as having no account.
          const agent = await inLanguage(newPage, language);
          const { page } = agent;
          try {
            await logIn(page, language, 'agent');
            await page.getByTestId('queue-search').fill(tag);
            const row = page.locator(`[data-testid="queue-row"][data-reference="${reference}"]`);
            await row.waitFor({ timeout: 30_000 });
            await expect.poll(() => page.getByTestId('queue-row').count()).toBe(1);
            expect(await row.getByTestId('queue-no-account').innerText()).toBe(w.queueNoAccount);
            await screenshot(page, `accountless-01-queue-${language}-1280`);
            // On a phone, a card, marked the same.
            await atPhoneWidth(page);
            await expect.poll(() => page.getByTestId('ticket-queue').getAttribute('data-layout')).toBe('cards');
            expect(await row.getByTestId('queue-no-account').innerText()).toBe(w.queueNoAccount);
            await screenshot(page, `accountless-01-queue-${language}-390`);
            await page.setViewportSize({ width: 1280, height: 800 });
            await expect.poll(() => page.getByTestId('ticket-queue').getAttribute('data-layout')).toBe('table');

            // Opened by the keyboard from its reference: anonymous, and the customer panel says no account is known.
            await row.getByRole('link', { name: reference }).focus();
            await page.keyboard.press('Enter');
            await page.getByTestId('agent-ticket-view').waitFor();
            expect(await page.getByTestId('trust-badge').first().getAttribute('data-trust')).toBe('anonymous');
            const panel = page.getByTestId('ticket-customer');
            expect(await panel.innerText()).toContain(w.noAccount);
            await panel.getByTestId('account-link').waitFor();
            await screenshot(page, `accountless-02-ticket-${language}-1280`);
            await atPhoneWidth(page);
            await screenshot(page, `accountless-03-ticket-${language}-390`);
            await page.setViewportSize({ width: 1280, height: 800 });

            // Part of the account's name typed, the account picked with the arrow keys and Enter, Link pressed by Enter.
            const search = page.getByRole('combobox', { name: w.linkLabel });
            await search.focus();
            await page.keyboard.type(which.typed);
            const option = page.getByRole('option', { name: new RegExp(`^${which.account} — `) });
            await option.waitFor();
            await screenshot(page, `accountless-04-search-${language}-1280`);
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Enter');
            await expect.poll(() => search.inputValue()).toContain(which.account);
            await page.keyboard.press('Tab');
            expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(w.link);
            await page.keyboard.press('Enter');

            // Confirmed in the panel, beside the account now shown; the control that had the focus is gone, and the focus is
            // on the account it was linked to (described by the confirmation), not back at the top of the page.
            await expect.poll(() => panel.getByTestId('ticket-customer-link').innerText()).toBe(which.account);
            expect(await panel.getByTestId('account-linked').innerText()).toBe(w.linked);
            await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('ticket-customer-link');
            const described = await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'));
            expect(await page.locator(`[id="${described}"]`).innerText()).toBe(w.linked);
            // Linked: nothing left to link, and the history says who linked it.
            expect(await panel.getByTestId('account-link').count()).toBe(0);
            await page.getByTestId('history-event').filter({ hasText: w.linkedEvent }).waitFor();
            const customer = demoLogin('client', which.client);
            const accountOf = async (email: string) =>
              (await db.query<{ account_id: string }>('select account_id from users where email = $1', [email])).rows[0]!.account_id;
            const accountId = await accountOf(customer.email);
            const { rows } = await db.query<{ account_id: string }>('select account_id from tickets where reference = $1', [reference]);
            expect(rows[0]!.account_id).toBe(accountId);
            await page.evaluate(() => window.scrollTo(0, 0));
            await screenshot(page, `accountless-05-linked-${language}-1280`);
            await atPhoneWidth(page);
            await screenshot(page, `accountless-06-linked-${language}-390`);

            // Linked once, it stays: moving it to another account would show this conversation to another customer.
            const other = demoLogin('client', which.other);
            const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
            const moved = await page.request.put(`/api/agent/tickets/${reference}/account`, {
              headers: { 'x-csrf-token': csrfToken },
              data: { accountId: await accountOf(other.email) },
            });
            expect(moved.status()).toBe(409);
            expect((await moved.json()).error).toEqual({
              code: 'ticket.account_already_linked',
              message: { en: 'This ticket already belongs to an account.', hr: 'Ovaj tiket već pripada računu.' },
            });
            expect((await db.query('select account_id from tickets where reference = $1', [reference])).rows[0].account_id).toBe(accountId);
          } finally {
            await agent.context.close();
          }

          // That account's customer finds it in their list and opens it.
          const mine = await inLanguage(newPage, language);
          try {
            await logIn(mine.page, language, 'client', which.client);
            await mine.page.goto('/client/tickets');
            const row = mine.page.locator(`[data-testid="ticket-row"][data-reference="${reference}"]`);
            await row.waitFor();
            await screenshot(mine.page, `accountless-07-client-list-${language}-1280`);
            await row.getByRole('link', { name: subject }).click();
            const view = mine.page.getByTestId('ticket-view');
            await view.waitFor();
            expect(await view.getAttribute('data-reference')).toBe(reference);
            expect(await view.innerText()).toContain('Zagreb');
            await screenshot(mine.page, `accountless-08-client-ticket-${language}-1280`);
            await atPhoneWidth(mine.page);
            await screenshot(mine.page, `accountless-09-client-ticket-${language}-390`);
          } finally {
            await mine.context.close();
          }

          // A customer of another account does not: not in their list, and its page and API answer 404.
          const theirs = await inLanguage(newPage, language);
          try {
            await logIn(theirs.page, language, 'client', which.other);
            await theirs.page.goto('/client/tickets');
            await theirs.page.getByTestId('new-ticket-button').waitFor();
            await theirs.page.locator('[data-testid="tickets-table"], [data-testid="tickets-empty"]').first().waitFor();
            expect(await theirs.page.locator(`[data-testid="ticket-row"][data-reference="${reference}"]`).count()).toBe(0);
            expect((await theirs.page.request.get(`/api/client/tickets/${reference}`)).status()).toBe(404);
            await theirs.page.goto(`/client/tickets/${reference}`);
            expect(await theirs.page.getByTestId('ticket-not-found').innerText()).toContain(w.notFound);
            await screenshot(theirs.page, `accountless-10-other-customer-${language}-1280`);
            await atPhoneWidth(theirs.page);
            await screenshot(theirs.page, `accountless-11-other-customer-${language}-390`);
          } finally {
            await theirs.context.close();
          }
        },
      );
    }
  },
);
