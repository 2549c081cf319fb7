import path from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { freshTotpCode } from '../support/totp.js';

/**
 * Issue 13 point 4: a customer arrives from the billing panel. An admin makes the shared secret and turns the link on
 * (the admin page); the test then signs links as the panel would, with the docs' own Node snippet
 * (docs/examples/billing-sso/sign-link.mjs), and the customer lands in their client area; a replayed link shows the
 * refusal page. At 1280 and 390 px.
 */
type Sign = (url: string, secret: string, who: { contact: string; email?: string; to?: string }) => string;
const SNIPPET = path.resolve(import.meta.dirname, '../../docs/examples/billing-sso/sign-link.mjs');
const PHONE = { width: 390, height: 844 };
const CONTACT = 'whmcs-e2e-1001';

describe.runIf(hasBrowser)('sign-in from the billing panel (issue 13 point 4)', () => {
  const { newPage } = useBrowser();
  let db: pg.Client;
  let billingSsoLink: Sign;

  beforeAll(async () => {
    ({ billingSsoLink } = (await import(SNIPPET)) as { billingSsoLink: Sign });
    db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
  });

  async function adminMakesTheSecret(page: Page): Promise<string> {
    const who = demoLogin('admin');
    await page.goto('/login');
    await page.locator('input[type=email]').fill(who.email);
    await page.locator('input[type=password]').fill(who.password);
    await page.locator('input[autocomplete=one-time-code]').fill(await freshTotpCode(who.totpSecret!));
    await page.locator('button[type=submit]').click();
    await page.getByTestId('admin-shell').waitFor();
    // The admin's own language is Croatian; this part of the journey reads English.
    await page.evaluate(() => localStorage.setItem('centrala.locale', 'en'));
    await page.goto('/admin/billing-sso');
    await page.getByRole('heading', { name: 'Billing panel sign-in', level: 1 }).waitFor();
    await screenshot(page, 'billing-sso-01-admin-off');

    await page.getByRole('button', { name: 'Make the secret' }).click();
    const shown = page.getByTestId('billing-sso-secret');
    const secret = (await shown.locator('code').innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('switch', { name: 'Accept sign-in links from the billing panel' }).click();
    await expect.poll(() => page.getByRole('switch').isChecked()).toBe(true);
    // The confirmation toast covers the page's middle until it closes itself.
    await page.getByText('Sign-in links are accepted.').waitFor({ state: 'hidden' });
    await screenshot(page, 'billing-sso-02-admin-secret-shown');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'billing-sso-03-admin-390');
    // Once dismissed, the secret is gone from the page: the server never answers it again.
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await page.getByText(/It is stored sealed and cannot be shown again/).waitFor();
    expect(await page.content()).not.toContain(secret);
    return secret;
  }

  it(
    'a customer clicks Support in the billing panel and lands in their client area; the link works once',
    { timeout: 180_000 },
    async () => {
      const admin = await newPage('en-GB');
      const secret = await adminMakesTheSecret(admin.page);
      await admin.context.close();

      const customer = demoLogin('client', 0);
      await db.query('update users set external_id = $1 where email = $2', [CONTACT, customer.email]);
      const baseUrl = inject('baseUrl');

      // Desktop: straight into the services, as a Croatian customer.
      const first = billingSsoLink(baseUrl, secret, { contact: CONTACT, email: customer.email });
      const desk = await newPage('hr-HR');
      await desk.page.goto(first);
      await desk.page.getByTestId('services-table').waitFor();
      expect(new URL(desk.page.url()).pathname).toBe('/client');
      expect(await desk.page.getByTestId('services-table').innerText()).toContain('web-01 VPS Pro');
      await screenshot(desk.page, 'billing-sso-04-client-services');
      await desk.context.close();

      // Phone: a link to the tickets list.
      const phone = await newPage('hr-HR');
      await phone.page.setViewportSize(PHONE);
      await phone.page.goto(billingSsoLink(baseUrl, secret, { contact: CONTACT, to: '/client/tickets' }));
      await expect.poll(() => new URL(phone.page.url()).pathname).toBe('/client/tickets');
      await phone.page.getByTestId('new-ticket-button').waitFor();
      await screenshot(phone.page, 'billing-sso-05-client-tickets-390');
      await phone.context.close();

      // The first link again (a forwarded mail, the browser's history): refused, and the page says what to do.
      for (const [width, name] of [
        [1280, 'billing-sso-06-replay-refused'],
        [390, 'billing-sso-07-replay-refused-390'],
      ] as const) {
        const again = await newPage('hr-HR');
        if (width === 390) await again.page.setViewportSize(PHONE);
        await again.page.goto(first);
        await expect.poll(() => new URL(again.page.url()).pathname).toBe('/sso/refused');
        const alert = again.page.getByRole('alert');
        await expect.poll(() => alert.innerText()).toContain('Poveznica je već iskorištena');
        expect(await again.page.getByText('sso.link_used').count()).toBe(1);
        await again.page.getByRole('link', { name: 'Prijava e-poštom i lozinkom' }).waitFor();
        await screenshot(again.page, name);
        // No session came with it.
        expect((await again.context.cookies()).some((c) => c.name === 'centrala_session')).toBe(false);
        await again.context.close();
      }
    },
  );
});
