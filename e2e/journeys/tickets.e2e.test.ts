import { describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import type { Page } from 'playwright-core';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function logIn(page: Page, role: 'client' | 'agent', index = 0) {
  const who = demoLogin(role, index);
  await page.goto('/login');
  await page.getByLabel('E-pošta').fill(who.email);
  await page.getByLabel('Lozinka', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Prijavi se' }).click();
}

/** The demo customer, logged in, on Tickets → New ticket. */
async function openNewTicketForm(page: Page) {
  await logIn(page, 'client');
  await page.getByTestId('services-table').waitFor();
  await page.goto('/client/tickets/new');
  await page.getByTestId('new-ticket-form').waitFor();
}

const hintState = (page: Page, hint: string) => page.getByTestId(`hint-${hint}`).getAttribute('data-state');

describe.runIf(hasBrowser)('a High ticket from customer to agent and back (issue 3)', () => {
  const { newPage } = useBrowser();

  it('the customer files it with an attachment while the agent watches the queue, the agent answers, the customer sees it', async () => {
    // The agent is already looking at the queue: the ticket must appear without a reload.
    const agent = await newPage();
    await logIn(agent.page, 'agent');
    await agent.page.getByTestId('ticket-queue').waitFor();

    const customer = await newPage();
    const { page } = customer;
    await openNewTicketForm(page);
    await page.getByTestId('department-picker').getByText('Tehnički problemi', { exact: true }).click();
    await page.getByTestId('priority-picker').getByText('Visoki', { exact: true }).click();
    await page.getByLabel('Naslov').fill('web-01 ne odgovara — e2e');
    await page.getByLabel('Opis').fill('Sve je stalo, ništa ne radi.');
    await page.getByTestId('incident-hints').waitFor();
    await expect.poll(() => hintState(page, 'start_time')).toBe('missing');
    await expect.poll(() => hintState(page, 'diagnostics')).toBe('missing');
    await screenshot(page, '10-new-ticket-missing-details');

    // As the customer types the details, the hints resolve.
    await page.getByLabel('Opis').fill('Poslužitelj web-01 VPS Pro (203.0.113.10) ne odgovara od 14:30 CET. Sve je stalo.');
    await expect.poll(() => hintState(page, 'ip_or_order')).toBe('found');
    await expect.poll(() => hintState(page, 'service')).toBe('found');
    await expect.poll(() => hintState(page, 'start_time')).toBe('found');
    await page
      .locator('[data-testid="attachment-dropzone"] input[type=file]')
      .setInputFiles({ name: 'ping.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('attachment-item').waitFor();
    await expect.poll(() => hintState(page, 'diagnostics')).toBe('found');
    await screenshot(page, '11-new-ticket-details-found');

    await page.getByRole('button', { name: 'Pošalji tiket' }).click();
    const view = page.getByTestId('ticket-view');
    await view.waitFor();
    const reference = (await view.getAttribute('data-reference'))!;
    expect(reference).toMatch(/^T-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await screenshot(page, '12-customer-ticket-view');

    // The agent's queue shows it without reloading, with the High alert, above every Regular
    // ticket (among the High ones, nearest due first: an older unanswered High ticket stays above it).
    const row = agent.page.locator(`[data-testid="queue-row"][data-reference="${reference}"]`);
    await row.waitFor({ timeout: 10_000 });
    await agent.page.getByTestId('high-alert').first().waitFor();
    const order = await agent.page
      .getByTestId('queue-row')
      .evaluateAll((rows) => rows.map((r) => ({ reference: r.getAttribute('data-reference'), priority: r.getAttribute('data-priority') })));
    const position = order.findIndex((r) => r.reference === reference);
    expect(order[position]!.priority).toBe('high');
    expect(order.slice(0, position).every((r) => r.priority === 'high')).toBe(true);
    expect(order.some((r) => r.priority === 'regular')).toBe(true);
    await screenshot(agent.page, '13-agent-queue-new-high');

    await row.getByText(reference).click();
    await agent.page.getByTestId('agent-ticket-view').waitFor();
    expect(await agent.page.getByTestId('incident-details').innerText()).toContain('203.0.113.10');
    const replyBox = agent.page.getByTestId('reply-box').getByRole('textbox').first();
    await replyBox.fill('Pozdrav, provjeravamo poslužitelj upravo sada.');
    await replyBox.press('Control+Enter');
    await agent.page.getByText('Pozdrav, provjeravamo poslužitelj upravo sada.').first().waitFor();
    await screenshot(agent.page, '14-agent-ticket-answered');

    // The customer sees the answer.
    const answer = page.locator('[data-testid="message"][data-author="agent"]');
    await expect.poll(() => answer.count(), { timeout: 20_000 }).toBe(1);
    expect(await answer.innerText()).toContain('provjeravamo poslužitelj');
    await screenshot(page, '15-customer-sees-answer');

    await agent.context.close();
    await customer.context.close();
  });

  it('a long subject keeps the close button whole, the queue fits 1280 px, and the customer sees an agent change live', async () => {
    const customer = await newPage();
    const { page } = customer;
    await openNewTicketForm(page);
    await page.getByTestId('department-picker').getByText('Tehnički problemi', { exact: true }).click();

    // A start time in the future is refused in words, and the checklist does not count it as found.
    await page.getByTestId('priority-picker').getByText('Visoki', { exact: true }).click();
    const startField = page.getByLabel('Kada je problem počeo?');
    await startField.fill(`${new Date().getFullYear() + 1}-01-01T10:00`);
    await startField.blur();
    await page.getByText('Vrijeme početka ne može biti u budućnosti.').waitFor();
    await expect.poll(() => page.getByTestId('hint-start_time').innerText()).toContain('u budućnosti');
    expect(await hintState(page, 'start_time')).toBe('missing');
    await screenshot(page, '17-new-ticket-future-start');
    await page.getByTestId('priority-picker').getByText('Redovni', { exact: true }).click();

    const subject =
      'Nakon migracije na novi poslužitelj web-02 povremeno ne rade cron poslovi, e-pošta kasni satima, a SSL certifikat za poddomenu shop se ne obnavlja automatski';
    await page.getByLabel('Naslov').fill(subject);
    await page.getByLabel('Opis').fill('Detalji su u naslovu; javite ako trebate pristup.');
    await page.getByRole('button', { name: 'Pošalji tiket' }).click();
    const view = page.getByTestId('ticket-view');
    await view.waitFor();
    const reference = (await view.getAttribute('data-reference'))!;

    // The subject wraps beside the button; the button keeps its whole label.
    const close = page.getByTestId('close-ticket');
    expect(await close.innerText()).toBe('Zatvori tiket');
    const label = await close.locator('.mantine-Button-label').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(label.scroll).toBeLessThanOrEqual(label.client);
    const title = (await page.getByRole('heading', { level: 1, name: subject }).boundingBox())!;
    const button = (await close.boundingBox())!;
    expect(title.x + title.width).toBeLessThanOrEqual(button.x);
    expect(title.height).toBeGreaterThan(2 * button.height);
    // A sent ticket's view opens at its top, not where the form's send button was.
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await screenshot(page, '18-customer-long-subject');

    // The customer keeps the list open; the tab is marked so that a reload would show.
    await page.getByRole('link', { name: 'Svi tiketi' }).click();
    const row = page.locator(`[data-testid="ticket-row"][data-reference="${reference}"]`);
    await row.waitFor();
    expect(await row.locator('[data-priority]').getAttribute('data-priority')).toBe('regular');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // The agent's queue fits a 1280 px screen with every column, the long subject cut short.
    const agent = await newPage();
    await logIn(agent.page, 'agent');
    const queueRow = agent.page.locator(`[data-testid="queue-row"][data-reference="${reference}"]`);
    await queueRow.waitFor();
    const fit = await agent.page.getByTestId('ticket-queue').evaluate((table) => {
      const updated = table.querySelector('thead th:last-child')!.getBoundingClientRect();
      return { page: document.documentElement.scrollWidth, table: table.getBoundingClientRect().right, updated: updated.right };
    });
    expect(fit.page).toBeLessThanOrEqual(1280);
    expect(fit.table).toBeLessThanOrEqual(1280);
    expect(fit.updated).toBeLessThanOrEqual(1280);
    expect(await queueRow.getByTitle(subject).isVisible()).toBe(true);
    await screenshot(agent.page, '19-agent-queue-1280');

    // The agent raises the priority; the customer's list shows it without a reload, well within 2.5 s.
    await queueRow.getByText(reference).click();
    await agent.page.getByTestId('agent-ticket-view').waitFor();
    await agent.page.getByTestId('property-priority').click();
    await agent.page.getByRole('option', { name: 'Visoki' }).click();
    await expect.poll(() => row.locator('[data-priority]').getAttribute('data-priority'), { timeout: 2_500 }).toBe('high');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, '20-customer-list-live-priority');

    await agent.context.close();
    await customer.context.close();
  });

  it('the public contact page shows each promise beside the measured time (R16)', async () => {
    const { page, context } = await newPage();
    await page.goto('/contact');
    await page.getByTestId('contact-methods').waitFor();
    const channels = await page.getByTestId('contact-method').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')));
    // Only the channels in service (issue 10 point 1): chat is not built yet; email is, and the demo has support addresses.
    expect(channels).toEqual(['ticket', 'email']);
    const email = page.locator('[data-testid="contact-method"][data-channel="email"]');
    expect(await email.getByRole('link').allInnerTexts()).toEqual(['billing@centrala.test', 'support@centrala.test']);
    await screenshot(page, '16-contact-page');
    await context.close();
  });

  it('a customer whose session ends while writing logs in again and finds the form as they left it', async () => {
    const { page, context } = await newPage();
    await openNewTicketForm(page);
    // By keyboard: arrows move within the priority group, and choosing High (which adds the hints column) keeps focus there.
    await page.getByRole('radio', { name: /Redovni/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('incident-hints').waitFor();
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { role: el?.getAttribute('role'), checked: el?.getAttribute('aria-checked'), text: el?.textContent ?? '' };
    });
    expect(focused).toMatchObject({ role: 'radio', checked: 'true', text: expect.stringMatching(/Visoki/) });
    await page.getByTestId('department-picker').getByText('Financijski problemi', { exact: true }).click();
    await page.getByLabel('Naslov').fill('Račun 2026-114 plaćen dvaput');
    await page.getByLabel('Opis').fill('Isti račun naplaćen je dva puta s kartice.');

    await context.clearCookies();
    await page.getByRole('button', { name: 'Pošalji tiket' }).click();
    await page.getByText('Više niste prijavljeni').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/client/tickets/new');
    await screenshot(page, '21-session-ended');

    const who = demoLogin('client', 0);
    await page.getByLabel('E-pošta').fill(who.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    await page.getByText('Vaš neposlani tekst je vraćen').waitFor();
    expect(new URL(page.url()).pathname).toBe('/client/tickets/new');
    await expect.poll(() => page.getByLabel('Naslov').inputValue()).toBe('Račun 2026-114 plaćen dvaput');
    expect(await page.getByLabel('Opis').inputValue()).toBe('Isti račun naplaćen je dva puta s kartice.');
    await screenshot(page, '22-draft-restored');
  });
});
