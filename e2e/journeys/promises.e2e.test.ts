import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { hasBrowser, logInHr, screenshot, useBrowser } from '../support/browser.js';

// Issue 10 points 1, 2 and 7: the promise of the first answer follows business hours everywhere it is stated, the
// customer sees the incident details they gave, and no target or channel is shown that nothing keeps.

const HR_LONG = ['ponedjeljak', 'utorak', 'srijeda', 'četvrtak', 'petak', 'subota', 'nedjelja'];
/** After "u": the accusative the promise uses ("u srijedu"). */
const HR_ON = ['ponedjeljak', 'utorak', 'srijedu', 'četvrtak', 'petak', 'subotu', 'nedjelju'];
const EN_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Two days from today in Zagreb (0 = Monday): Regular tickets open only then, so support is closed now, whenever this runs. */
function openDayIndex(): number {
  const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zagreb', weekday: 'long' }).format(new Date());
  return (EN_LONG.indexOf(today) + 2) % 7;
}

/** A full-page screenshot at 1280 px, then at 390 px (a phone); the viewport is left at 1280. */
async function bothWidths(page: Page, name: string) {
  // From the top: a full-page shot of a scrolled page draws the fixed header where it was scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(200);
}

/** Tiket Redovni set to 0–24 (null) or open only on one weekday, 08:00–16:00 Europe/Zagreb, through the admin screen. */
async function setRegularHours(page: Page, openDay: number | null) {
  await page.goto('/admin/sla');
  const row = page.locator('[data-testid="sla-policy"][data-channel="ticket"][data-priority="regular"]');
  await row.waitFor();
  await page.getByRole('button', { name: 'Promijeni radno vrijeme za Tiket Redovni' }).click();
  const dialog = page.getByRole('dialog');
  if (openDay === null) {
    await dialog.getByText('0–24, svaki dan', { exact: true }).click();
  } else {
    await dialog.getByText('Radno vrijeme', { exact: true }).click();
    for (const [i, name] of HR_LONG.entries()) await dialog.getByLabel(name, { exact: true }).setChecked(i === openDay);
  }
  await dialog.getByRole('button', { name: 'Spremi', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  // A locator wait rather than expect.poll: this also runs in afterAll.
  await row
    .getByTestId('sla-policy-hours')
    .filter({ hasText: openDay === null ? '0–24, svaki dan' : '08:00–16:00 · Europe/Zagreb' })
    .waitFor();
}

describe.runIf(hasBrowser)('promises that hold and the details a customer gave (issue 10 points 1, 2, 7)', () => {
  const { newPage } = useBrowser();
  const openDay = openDayIndex();
  let admin: Page | undefined;

  afterAll(async () => {
    // Other journeys share this server: Regular tickets go back to 24/7 even when a step above failed.
    if (admin) await setRegularHours(admin, null);
  });

  it('the admin sees the ticket, email and API channels and no Resolution target, and closes Regular tickets until a later day', async () => {
    admin = (await newPage()).page;
    await logInHr(admin, 'admin');
    await admin.goto('/admin/sla');
    await admin.getByTestId('sla-policies').waitFor();
    const channels = await admin.getByTestId('sla-policy').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')));
    // The API's targets too: tickets other systems open run on them (issue 13 point 5); chat's wait for the channel.
    expect(channels).toEqual(['ticket', 'ticket', 'email', 'email', 'api', 'api']);
    expect(await admin.getByTestId('sla-policies').getByRole('columnheader').allInnerTexts()).not.toContain('Rješenje (min)');
    await setRegularHours(admin, openDay);
    await bothWidths(admin, 'p1-admin-sla-policies-hr');
  });

  it('a Regular ticket filed while closed promises the answer from the opening, on the page, not in a toast over the header', async () => {
    const { page, context } = await newPage();
    await logInHr(page, 'client');
    await page.goto('/client/tickets/new');
    await page.getByTestId('new-ticket-form').waitFor();
    await page.getByTestId('department-picker').getByText('Tehnički problemi', { exact: true }).click();
    await page.getByTestId('priority-picker').getByText('Redovni', { exact: true }).click();
    await page.getByLabel('Naslov').fill('Spor odziv web-01 — obećanje');
    await page.getByLabel('Opis').fill('Poslužitelj web-01 VPS Pro (203.0.113.10) sporo odgovara od 14:30 CET.');
    await page.getByRole('button', { name: 'Pošalji tiket' }).click();
    await page.getByTestId('ticket-view').waitFor();

    const acknowledgement = page.getByTestId('ticket-acknowledgement');
    expect(await acknowledgement.getByTestId('ticket-promise').innerText()).toBe(
      `Prvi odgovor možete očekivati u roku od 10 minuta od našeg otvaranja u ${HR_ON[openDay]} u 08:00.`,
    );
    // Part of the page, above the header: no toast covers it.
    expect(await page.locator('.mantine-Notification-root').count()).toBe(0);
    const alertBox = (await acknowledgement.boundingBox())!;
    const headerBox = (await page.getByTestId('ticket-reference').boundingBox())!;
    expect(alertBox.y + alertBox.height).toBeLessThanOrEqual(headerBox.y);

    // The details the customer gave, read from the text, and nothing listed as "not given".
    const given = page.getByTestId('incident-given');
    expect(await given.innerText()).toContain('203.0.113.10');
    expect(await given.innerText()).toContain('14:30');
    expect(await given.innerText()).not.toMatch(/Nije navedeno|Not given/);
    await bothWidths(page, 'p2-customer-promise-closed-hr');

    await acknowledgement.getByRole('button', { name: 'Zatvori obavijest' }).click();
    await acknowledgement.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('ticket-view').waitFor();
    expect(await page.getByTestId('ticket-acknowledgement').count()).toBe(0);
    await context.close();
  });

  it('a High ticket in English states its 24/7 promise and shows every incident detail given, diagnostics folded', async () => {
    const { page, context } = await newPage();
    await logInHr(page, 'client');
    await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    try {
      await page.goto('/client/tickets/new');
      await page.getByTestId('new-ticket-form').waitFor();
      await page.getByTestId('department-picker').getByText('Technical problems', { exact: true }).click();
      await page.getByTestId('priority-picker').getByText('High', { exact: true }).click();
      await page.getByLabel('Subject').fill('web-01 down — promise');
      await page.getByLabel('Description').fill('Nothing answers on web-01 VPS Pro.');
      await page.getByLabel('IP address or order number').fill('203.0.113.10');
      await page.getByLabel('When did the problem start?').fill('2026-11-24T14:30');
      await page.getByLabel('Diagnostics', { exact: true }).fill('PING 203.0.113.10: 100% packet loss');
      await page.getByRole('button', { name: 'Send ticket' }).click();
      await page.getByTestId('ticket-view').waitFor();

      expect(await page.getByTestId('ticket-promise').innerText()).toBe('Expect a first answer within 10 minutes.');
      const given = page.getByTestId('incident-given');
      expect(await given.innerText()).toContain('203.0.113.10');
      expect(await given.innerText()).toContain('Europe/Zagreb');
      await given.getByRole('button', { name: 'Show diagnostics' }).click();
      await given.getByTestId('incident-given-diagnostics').getByText('100% packet loss').waitFor();
      await bothWidths(page, 'p3-customer-high-details-en');
    } finally {
      // The demo customer's language is their account's: back to Croatian for the journeys after this one.
      await page.getByTestId('language-switch').getByText('HR', { exact: true }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('hr');
    }
    await context.close();
  });

  it('/contact lists the ticket, with the promise of this moment per priority, and email with its addresses, in Croatian and English', async () => {
    for (const locale of ['hr', 'en'] as const) {
      const { page, context } = await newPage(locale === 'hr' ? 'hr-HR' : 'en-GB');
      await page.goto('/contact');
      await page.getByTestId('contact-methods').waitFor();
      const channels = await page.getByTestId('contact-method').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')));
      expect(channels).toEqual(['ticket', 'email']);
      const promise = page.locator('[data-testid="contact-method"][data-channel="ticket"]').getByTestId('contact-promise');
      const regular = await promise.locator('[data-priority="regular"]').innerText();
      const high = await promise.locator('[data-priority="high"]').innerText();
      if (locale === 'hr') {
        expect(regular).toBe(`Redovni: prvi odgovor u roku od 10 minuta od našeg otvaranja u ${HR_ON[openDay]} u 08:00`);
        expect(high).toBe('Visoki: prvi odgovor u roku od 10 minuta');
      } else {
        expect(regular).toBe(`Regular: first answer within 10 minutes of our opening on ${EN_LONG[openDay]} at 08:00`);
        expect(high).toBe('High: first answer within 10 minutes');
      }
      expect(await page.locator('body').innerText()).not.toMatch(/Obavijesti|Notifications|Chat/);
      // Email promises its own policy's 30 minutes (R11), around the clock.
      const emailPromise = await page
        .locator('[data-testid="contact-method"][data-channel="email"]')
        .getByTestId('contact-promise')
        .innerText();
      expect(emailPromise).toBe(locale === 'hr' ? 'Prvi odgovor u roku od 30 minuta' : 'First answer within 30 minutes');
      await bothWidths(page, `p4-contact-closed-${locale}`);
      await context.close();
    }
  });

  it('/contact promises the plain 10 minutes again once Regular tickets are 24/7', async () => {
    await setRegularHours(admin!, null);
    admin = undefined;
    const { page, context } = await newPage();
    await page.goto('/contact');
    // The answer may be cached for a minute: read it past the cache (which keeps the fresh answer for the reload).
    const fresh = await page.evaluate(() => fetch('/api/public/contact', { cache: 'reload' }).then((r) => r.json()));
    expect(fresh.methods[0].promises.map((p: { promise: { hr: string } }) => p.promise.hr)).toEqual([
      'u roku od 10 minuta',
      'u roku od 10 minuta',
    ]);
    await page.reload();
    await page.locator('[data-testid="contact-method"][data-channel="ticket"]').getByTestId('contact-promise').waitFor();
    await bothWidths(page, 'p5-contact-open-hr');
    await context.close();
  });
});
