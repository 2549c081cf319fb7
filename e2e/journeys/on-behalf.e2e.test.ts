import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useDatabase } from '../support/database.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';

/**
 * Issue 13 point 5, the console side: a customer calls; the agent opens the ticket on their behalf from the queue's
 * Phone call link (the customer's own ticket, acknowledged by mail), sees the customer's other tickets beside it,
 * finds there the ticket the customer had filed about the same matter and merges that duplicate into the phone
 * ticket, confirming first. The customer's client area then shows the duplicate pointing to the ticket it went into,
 * where every message is. In Croatian and English, pictured at 1280 and 390 px.
 */

type Language = 'hr' | 'en';
const WORDS = {
  hr: {
    email: 'E-pošta',
    password: 'Lozinka',
    login: 'Prijavi se',
    phoneCall: 'Telefonski poziv',
    subject: 'Naslov',
    body: 'Što je klijent rekao',
    send: 'Otvori tiket',
    byPhone: 'telefonom',
    mergeInto: 'Spoji u tiket',
    merge: 'Spoji…',
    mergedIn: 'spojen u ovaj tiket',
  },
  en: {
    email: 'Email',
    password: 'Password',
    login: 'Log in',
    phoneCall: 'Phone call',
    subject: 'Subject',
    body: 'What the customer said',
    send: 'Open ticket',
    byPhone: 'by phone',
    mergeInto: 'Merge into ticket',
    merge: 'Merge…',
    mergedIn: 'merged into this ticket',
  },
};

async function logIn(page: Page, language: Language, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel(WORDS[language].email).fill(who.email);
  await page.getByLabel(WORDS[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: WORDS[language].login }).click();
}

/** The customer's own earlier ticket about the matter, filed through the client area's API in their session. */
async function fileAsCustomer(context: BrowserContext, subject: string, description: string): Promise<string> {
  const customer = demoLogin('client', 0);
  const login = await context.request.post('/api/auth/login', { data: { email: customer.email, password: customer.password } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const departments = (await (await context.request.get('/api/client/departments')).json()) as { departments: { id: string }[] };
  const filed = await context.request.post('/api/client/tickets', {
    headers: { 'x-csrf-token': csrfToken },
    multipart: { payload: JSON.stringify({ departmentId: departments.departments[0]!.id, priority: 'regular', subject, description }) },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  return ((await filed.json()) as { reference: string }).reference;
}

describe.runIf(hasBrowser)('an agent opens a ticket on a customer’s behalf and merges a duplicate (issue 13 point 5)', () => {
  const { newPage } = useBrowser();
  const db = useDatabase();

  for (const language of ['hr', 'en'] as const) {
    it(`a phone call, the customer's other tickets, a merged duplicate, the client area (${language})`, { timeout: 240_000 }, async () => {
      const w = WORDS[language];
      const tag = randomUUID().slice(0, 8);
      const locale = language === 'hr' ? 'hr-HR' : 'en-GB';
      const customer = demoLogin('client', 0);

      // Earlier, the customer filed a ticket about the same matter in their client area.
      const client = await newPage(locale);
      await client.context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
      const duplicate = await fileAsCustomer(
        client.context,
        language === 'hr' ? `Web stranica ne radi (${tag})` : `Website is down (${tag})`,
        language === 'hr' ? `Stranica vraća grešku 502 od jutros. (${tag})` : `The site answers 502 since this morning. (${tag})`,
      );

      const { page, context } = await newPage(locale);
      await context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
      try {
        await logIn(page, language, demoLogin('agent', 0));
        await page.getByTestId('ticket-queue').waitFor();
        // From the queue, by the keyboard.
        await page.getByRole('link', { name: w.phoneCall }).focus();
        await page.keyboard.press('Enter');
        await page.waitForURL('**/agent/tickets/new-phone');

        const search = page.getByTestId('new-email-account');
        await search.fill(customer.email);
        await page.getByRole('option').first().waitFor();
        await search.press('ArrowDown');
        await search.press('Enter');
        // Who called: the account's registered person, chosen at first.
        await expect.poll(() => page.getByTestId('new-phone-contact').inputValue(), { timeout: 10_000 }).toContain(customer.email);
        await page.getByTestId('new-email-department').click();
        await page.getByRole('option').first().click();
        await page.getByTestId('new-email-priority').click();
        await page.getByRole('option').nth(1).click();
        const subject = language === 'hr' ? `Poziv: web poslužitelj ne odgovara (${tag})` : `Call: web server not answering (${tag})`;
        const said =
          language === 'hr'
            ? `Klijent kaže da stranica od 9:40 vraća 502 i da je hitno. (${tag})`
            : `The customer says the site has answered 502 since 09:40 and it is urgent. (${tag})`;
        await page.getByRole('textbox', { name: w.subject }).fill(subject);
        await page.getByRole('textbox', { name: w.body }).fill(said);
        expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `on-behalf-01-phone-form-${language}-1280`);

        await page.getByRole('button', { name: w.send }).click();
        const sent = page.getByTestId('new-email-sent');
        await sent.waitFor({ timeout: 30_000 });
        const { rows } = await db.query<{ id: string; reference: string; channel: string; trust: string; email: string }>(
          `select t.id, t.reference, t.channel, t.trust, u.email from tickets t join users u on u.id = t.requester_id where t.subject = $1`,
          [subject],
        );
        expect(rows).toHaveLength(1);
        const phoneTicket = rows[0]!;
        expect(phoneTicket).toMatchObject({ channel: 'ticket', trust: 'staff', email: customer.email });
        const acks = await db.query('select 1 from outbox_emails where ticket_id = $1 and kind = $2', [
          phoneTicket.id,
          'ticket_acknowledged',
        ]);
        expect(acks.rowCount).toBe(1);
        await screenshot(page, `on-behalf-02-phone-opened-${language}-1280`);

        // The phone ticket: the customer's words, the history naming the agent, the customer's other tickets.
        await page.getByTestId('new-email-open').click();
        await page.getByTestId('agent-ticket-view').waitFor();
        await page.getByTestId('message').filter({ hasText: said }).waitFor();
        await page.getByTestId('history-event').filter({ hasText: w.byPhone }).waitFor();
        const other = page.getByTestId('other-ticket').filter({ hasText: duplicate });
        await other.waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `on-behalf-03-phone-ticket-${language}-1280`);

        // The duplicate, opened from the panel, merged into the phone ticket after a confirmation.
        await other.getByRole('link', { name: duplicate }).click();
        await page.waitForURL(`**/agent/tickets/${duplicate}`);
        await page.getByTestId('agent-ticket-view').waitFor();
        await page.getByRole('textbox', { name: w.mergeInto }).fill(phoneTicket.reference.toLowerCase());
        await page.getByRole('button', { name: w.merge }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect(await dialog.innerText()).toContain(phoneTicket.reference);
        await screenshot(page, `on-behalf-04-merge-confirm-${language}-1280`);
        await page.getByTestId('merge-confirm-button').click();
        await page.waitForURL(`**/agent/tickets/${phoneTicket.reference}`);
        await page.getByTestId('history-event').filter({ hasText: w.mergedIn }).waitFor();
        // The duplicate's message is in the target now, before the phone call's (it was written first).
        const messages = await page.getByTestId('message').allInnerTexts();
        expect(messages.findIndex((m) => m.includes(`(${tag})`) && !m.includes(said))).toBeLessThan(
          messages.findIndex((m) => m.includes(said)),
        );
        const merged = await db.query<{ status: string; into: string }>(
          'select d.status, t.reference as into from tickets d join tickets t on t.id = d.merged_into_id where d.reference = $1',
          [duplicate],
        );
        expect(merged.rows).toEqual([{ status: 'closed', into: phoneTicket.reference }]);
        const told = await db.query('select 1 from outbox_emails where ticket_id = $1 and kind = $2', [phoneTicket.id, 'ticket_merged']);
        expect(told.rowCount).toBe(1);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `on-behalf-05-merged-target-${language}-1280`);

        await page.setViewportSize({ width: 390, height: 844 });
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.evaluate(() => window.scrollTo(0, 0));
        await screenshot(page, `on-behalf-06-merged-target-${language}-390`);
        await page.goto('/agent/tickets/new-phone');
        await page.getByRole('button', { name: w.send }).waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, `on-behalf-07-phone-form-${language}-390`);
        // The queue's two ways to start a ticket fit a phone's screen.
        await page.goto('/agent');
        await page.getByRole('link', { name: w.phoneCall }).waitFor();
        await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(page, `on-behalf-07-queue-${language}-390`);

        // The customer's client area: the duplicate points to the ticket it went into, which holds both.
        const cpage = client.page;
        await cpage.goto(`/client/tickets/${duplicate}`);
        const notice = cpage.getByTestId('ticket-merged-into');
        await notice.waitFor();
        expect(await notice.innerText()).toContain(phoneTicket.reference);
        await screenshot(cpage, `on-behalf-08-client-duplicate-${language}-1280`);
        await notice.getByRole('link').click();
        await cpage.waitForURL(`**/client/tickets/${phoneTicket.reference}`);
        await cpage.getByText(said).waitFor();
        await cpage.getByText(`(${tag})`, { exact: false }).first().waitFor();
        await screenshot(cpage, `on-behalf-09-client-target-${language}-1280`);
        await cpage.setViewportSize({ width: 390, height: 844 });
        await cpage.goto(`/client/tickets/${duplicate}`);
        await cpage.getByTestId('ticket-merged-into').waitFor();
        await expect.poll(() => cpage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(cpage, `on-behalf-10-client-duplicate-${language}-390`);
      } finally {
        await context.close();
        await client.context.close();
      }
    });
  }
});
