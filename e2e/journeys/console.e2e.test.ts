import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';

type Language = 'hr' | 'en';
const LOGIN = {
  hr: { email: 'E-pošta', password: 'Lozinka', submit: 'Prijavi se' },
  en: { email: 'Email', password: 'Password', submit: 'Log in' },
};

/** A browser context in `language`, chosen as with the language switch (it wins over the account's language). */
async function inLanguage(newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page }>, language: Language) {
  const opened = await newPage(language === 'hr' ? 'hr-HR' : 'en-GB');
  await opened.context.addInitScript((chosen) => localStorage.setItem('centrala.locale', chosen), language);
  return opened;
}

async function logIn(page: Page, role: 'client' | 'agent', index: number, language: Language) {
  const who = demoLogin(role, index);
  await page.goto('/login');
  await page.getByLabel(LOGIN[language].email).fill(who.email);
  await page.getByLabel(LOGIN[language].password, { exact: true }).fill(who.password);
  await page.getByRole('button', { name: LOGIN[language].submit }).click();
  return who;
}

/** Files a ticket as the logged-in customer through the API the client area uses; answers its reference. */
async function fileTicket(customer: Page, ticket: { subject: string; description: string; priority: 'regular' | 'high' }) {
  return customer.evaluate(async (t) => {
    const { csrfToken } = await (await fetch('/api/auth/me')).json();
    const { departments } = await (await fetch('/api/client/departments')).json();
    const form = new FormData();
    form.append('payload', JSON.stringify({ departmentId: departments[0].id, ...t }));
    const res = await fetch('/api/client/tickets', { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form });
    if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${await res.text()}`);
    return (await res.json()).reference as string;
  }, ticket);
}

/** The page as wide as it scrolls, and whether `selector`'s right edge is inside the viewport. */
const widths = (page: Page) => page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));

describe.runIf(hasBrowser)('the agent console: collisions caught, a queue you can scan (issue 10 points 4 and 5)', () => {
  const { newPage } = useBrowser();

  it('two agents on one ticket: the one still writing is shown the other’s reply before sending, and sends anyway by keyboard (hr)', async () => {
    const customer = await inLanguage(newPage, 'hr');
    await logIn(customer.page, 'client', 0, 'hr');
    await customer.page.getByTestId('services-table').waitFor();
    const reference = await fileTicket(customer.page, {
      priority: 'regular',
      subject: 'Pošta na mail.horvat.hr ne prima poruke — sudar',
      description: 'Od jutros se poruke vraćaju s greškom 550.',
    });

    const ana = await inLanguage(newPage, 'hr');
    const luka = await inLanguage(newPage, 'hr');
    await logIn(ana.page, 'agent', 0, 'hr');
    await logIn(luka.page, 'agent', 1, 'hr');
    for (const { page } of [ana, luka]) {
      await page.getByTestId('ticket-queue').waitFor();
      await page.goto(`/agent/tickets/${reference}`);
      await page.getByTestId('agent-ticket-view').waitFor();
    }
    // The tab says where the agent is.
    expect(await luka.page.title()).toMatch(new RegExp(`^(\\(\\d+\\) )?${reference} Pošta na mail\\.horvat\\.hr .* — Centrala$`));

    // Luka starts a draft; Ana sees the typing warning that was there before (kept).
    const lukaBox = luka.page.getByTestId('reply-body');
    await lukaBox.fill('Poštovani, molimo pošaljite nam cijelu poruku o grešci.');
    await ana.page.getByTestId('collision-warning').waitFor();

    // Ana answers first.
    const anaBox = ana.page.getByTestId('reply-body');
    await anaBox.fill('Poštovani, poslužitelj pošte smo ponovno pokrenuli; poruke opet stižu.');
    await anaBox.press('Control+Enter');
    await ana.page.getByText('Odgovor je poslan').first().waitFor();

    // Luka has not sent anything yet, and already sees that Ana answered, with her reply, above his draft.
    const notice = luka.page.getByTestId('reply-collision');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toContain('poruke opet stižu');
    expect(await notice.innerText()).toContain(demoLogin('agent', 0).name);
    expect(await notice.getAttribute('data-refused')).toBe('false');
    const noticeBox = (await notice.boundingBox())!;
    expect(noticeBox.y).toBeLessThan((await lukaBox.boundingBox())!.y);
    expect(await lukaBox.inputValue()).toBe('Poštovani, molimo pošaljite nam cijelu poruku o grešci.');
    await screenshot(luka.page, 'console-01-collision-live-hr');
    // On a phone the notice and the reply fit the width too.
    await luka.page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(async () => (await widths(luka.page)).page).toBeLessThanOrEqual(390);
    await screenshot(luka.page, 'console-01b-collision-live-390-hr');
    await luka.page.setViewportSize({ width: 1280, height: 800 });

    // Sending over the notice without reading it: the server refuses (409), the notice stays and takes focus.
    await lukaBox.press('Control+Enter');
    await expect.poll(() => notice.getAttribute('data-refused')).toBe('true');
    await expect.poll(() => luka.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-collision');
    await screenshot(luka.page, 'console-02-collision-refused-hr');
    // The customer got one answer so far.
    const answers = () =>
      customer.page.evaluate(async (ref) => {
        const detail = await (await fetch(`/api/client/tickets/${ref}`)).json();
        return detail.messages.filter((m: { authorType: string }) => m.authorType === 'agent').length as number;
      }, reference);
    expect(await answers()).toBe(1);

    // "Ipak pošalji" by keyboard: Tab from the notice to its first button, Enter.
    await luka.page.keyboard.press('Tab');
    expect(await luka.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('send-anyway');
    await luka.page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached' });
    await luka.page.getByTestId('message').filter({ hasText: 'molimo pošaljite nam cijelu poruku' }).waitFor();
    await expect.poll(() => lukaBox.inputValue()).toBe('');
    expect(await answers()).toBe(2);
    await screenshot(luka.page, 'console-03-sent-anyway-hr');

    for (const c of [ana, luka, customer]) await c.context.close();
  });

  it('an internal note never warns; Edit takes the agent back to the draft, which then goes out (en)', async () => {
    const customer = await inLanguage(newPage, 'en');
    await logIn(customer.page, 'client', 0, 'en');
    await customer.page.getByTestId('services-table').waitFor();
    const reference = await fileTicket(customer.page, {
      priority: 'regular',
      subject: 'Backups of db-02 missing since Friday',
      description: 'The nightly backup of db-02 has not run since Friday.',
    });
    const ana = await inLanguage(newPage, 'en');
    const luka = await inLanguage(newPage, 'en');
    await logIn(ana.page, 'agent', 0, 'en');
    await logIn(luka.page, 'agent', 1, 'en');
    for (const { page } of [ana, luka]) {
      await page.getByTestId('ticket-queue').waitFor();
      await page.goto(`/agent/tickets/${reference}`);
      await page.getByTestId('agent-ticket-view').waitFor();
    }
    const lukaBox = luka.page.getByTestId('reply-body');
    await lukaBox.fill('We are restoring the backup job now.');

    // Ana adds a note: it reaches Luka's screen, but is no answer to the customer, so no notice.
    await ana.page.getByTestId('reply-mode').getByText('Internal note').click();
    await ana.page.getByTestId('reply-body').fill('Checked: the cron entry was removed on Friday.');
    await ana.page.getByTestId('reply-send').click();
    await luka.page.getByText('the cron entry was removed').waitFor();
    expect(await luka.page.getByTestId('reply-collision').count()).toBe(0);

    // Ana's reply does bring it.
    await ana.page.getByTestId('reply-mode').getByText('Reply', { exact: true }).click();
    await ana.page.getByTestId('reply-body').fill('The backup job runs again; tonight’s backup will be complete.');
    await ana.page.getByTestId('reply-send').click();
    const notice = luka.page.getByTestId('reply-collision');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toContain('answered the customer after you started writing');
    expect(await notice.innerText()).toContain('backup will be complete');
    await screenshot(luka.page, 'console-04-collision-live-en');

    // Edit, by keyboard: the notice goes, focus is back in the draft, and the edited reply is sent normally.
    await notice.getByTestId('collision-edit').focus();
    await luka.page.keyboard.press('Enter');
    await notice.waitFor({ state: 'detached' });
    expect(await luka.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-body');
    await luka.page.keyboard.press('End');
    await luka.page.keyboard.type(' Ana has the details.');
    await luka.page.keyboard.press('Control+Enter');
    await luka.page.getByTestId('agent-ticket-view').getByText('Ana has the details.').first().waitFor();
    expect(await notice.count()).toBe(0);
    await screenshot(luka.page, 'console-05-edited-and-sent-en');

    for (const c of [ana, luka, customer]) await c.context.close();
  });

  for (const language of ['hr', 'en'] as const) {
    it(`the queue at 1280 px and on a phone, with the High count in the title, live (${language})`, async () => {
      const words = {
        hr: { title: 'Red čekanja', sla: /^(rok za|kasni) (< 1 min|\d+ (min|h|d))( \d+ (min|h))?$|^Pauzirano$/ },
        en: { title: 'Queue', sla: /^(due in|overdue) (< 1 min|\d+ (min|h|d))( \d+ (min|h))?$|^Paused$/ },
      }[language];
      const customer = await inLanguage(newPage, language);
      await logIn(customer.page, 'client', 0, language);
      await customer.page.getByTestId('services-table').waitFor();
      // Two tickets of one customer about one server, told apart only at the end of their subjects.
      const subject = (n: number) =>
        `web-01 ne odgovara nakon nadogradnje PHP-a na 8.3, stranice vraćaju 502 Bad Gateway — problem ${n} (${language})`;
      await fileTicket(customer.page, { priority: 'regular', subject: subject(1), description: 'Stranice vraćaju 502.' });
      await fileTicket(customer.page, { priority: 'regular', subject: subject(2), description: 'Stranice vraćaju 502.' });

      const agent = await inLanguage(newPage, language);
      await logIn(agent.page, 'agent', 0, language);
      const { page } = agent;
      const queue = page.getByTestId('ticket-queue');
      await queue.waitFor();
      expect(await queue.getAttribute('data-layout')).toBe('table');
      const titlePattern = (n: number) => `${n > 0 ? `(${n}) ` : ''}${words.title} — Centrala`;
      await expect.poll(() => page.title()).toMatch(new RegExp(`^(\\(\\d+\\) )?${words.title} — Centrala$`));
      const high = Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0);

      await screenshot(page, `console-06-queue-1280-${language}`);
      // 1280 px: nothing off screen, both subjects whole (two lines at most), and every SLA in the one format.
      expect((await widths(page)).page).toBeLessThanOrEqual(1280);
      for (const n of [1, 2]) {
        const cell = page.getByTestId('queue-row').getByTitle(subject(n));
        await cell.waitFor();
        const text = await cell.evaluate((el) => ({
          clipped: el.scrollHeight > el.clientHeight + 1,
          lines: Math.round(el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)),
        }));
        expect(text.clipped).toBe(false);
        expect(text.lines).toBeLessThanOrEqual(2);
      }
      const slas = await page.getByTestId('sla-due').allInnerTexts();
      expect(slas.length).toBeGreaterThan(0);
      for (const sla of slas) expect(sla).toMatch(words.sla);
      const right = await queue.evaluate((table) => table.getBoundingClientRect().right);
      expect(right).toBeLessThanOrEqual(1280);

      // A new High ticket comes in: the title counts it without a reload.
      await fileTicket(customer.page, { priority: 'high', subject: `Sve stoji — ${language}`, description: 'Ništa ne radi od 14:30 CET.' });
      await expect.poll(() => page.title(), { timeout: 10_000 }).toBe(titlePattern(high + 1));

      // A phone: cards, no sideways scrolling, and the SLA of the first card in view.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => queue.getAttribute('data-layout')).toBe('cards');
      await screenshot(page, `console-07-queue-390-${language}`);
      // Polled: the filters settle into their phone layout a frame after the cards.
      await expect.poll(async () => (await widths(page)).page).toBeLessThanOrEqual(390);
      const firstSla = (await queue.getByTestId('queue-row').first().getByTestId('sla-due').boundingBox())!;
      expect(firstSla.x + firstSla.width).toBeLessThanOrEqual(390);
      expect(await queue.getByTestId('queue-row').first().getByTestId('sla-due').innerText()).toMatch(words.sla);
      await screenshot(page, `console-07-queue-390-${language}`);

      // The card opens the ticket with the keyboard, through its reference link.
      await queue.getByTestId('queue-row').first().getByRole('link').focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('agent-ticket-view').waitFor();
      await screenshot(page, `console-08-ticket-390-${language}`);

      await agent.context.close();
      await customer.context.close();
    });
  }
});
