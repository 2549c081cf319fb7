import { freshTotpCode } from '../support/totp.js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';

/**
 * The admins' mail screens (issue 12 points 1 and 6): the addresses the SMTP receiver serves (through the real API),
 * the IMAP mailboxes with their status, and the outbox's delivery state. The mailboxes' API (helper `imap`) and the
 * outbox's delivery fields (helper `out`) are answered here with rows of their contracts' shape until those branches
 * are merged; the screens are what is checked (axe in screenshot()), at 1280 and 390 px, in Croatian and English.
 */
const WIDTHS = [1280, 390] as const;
const LANGUAGES = ['hr', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

const MAILBOXES = {
  mailboxes: [
    {
      id: '6f1c3c5e-8d1e-4c1a-9a51-3a3f4c2f2b10',
      name: 'Podrška (Gmail)',
      host: 'imap.gmail.com',
      port: 993,
      tls: true,
      username: 'podrska@horvat-hosting.hr',
      hasPassword: true,
      folder: 'INBOX',
      processedFolder: 'Centrala/Obrađeno',
      departmentId: null,
      enabled: true,
      status: { lastFetchAt: new Date().toISOString(), backlog: 0, lastError: null, lastErrorAt: null, state: 'ok' },
      createdAt: '2026-12-01T08:00:00.000Z',
    },
    {
      id: '0b7d2f0e-5d7a-4b7e-8f7c-2d9c8f0a1e22',
      name: 'Računi',
      host: 'mail.example.hr',
      port: 143,
      tls: false,
      username: 'racuni',
      hasPassword: true,
      folder: 'INBOX',
      processedFolder: null,
      departmentId: null,
      enabled: true,
      status: {
        lastFetchAt: '2026-12-06T07:55:00.000Z',
        backlog: 14,
        lastError: {
          code: 'imap.auth_failed',
          message: { en: 'The server refused the user name or password.', hr: 'Poslužitelj je odbio korisničko ime ili lozinku.' },
          detail: 'NO [AUTHENTICATIONFAILED] Authentication failed.',
        },
        lastErrorAt: '2026-12-06T08:01:00.000Z',
        state: 'error',
      },
      createdAt: '2026-12-02T08:00:00.000Z',
    },
  ],
};

async function useLanguage(page: Page, language: Language) {
  await page.evaluate((lng) => localStorage.setItem('centrala.locale', lng), language);
}

async function everyVariant(page: Page, path: string, check: (name: string) => Promise<void>) {
  for (const language of LANGUAGES) {
    await useLanguage(page, language);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
      await page.goto(path);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      await check(`${width}-${language}`);
    }
  }
}

describe.runIf(hasBrowser)('the admins’ mail screens (issue 12 points 1 and 6)', () => {
  const { newPage } = useBrowser();

  it('adds an address, shows the mailboxes with their status and the outbox’s delivery', { timeout: 300_000 }, async () => {
    const { page, context } = await newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const who = demoLogin('admin');
    await page.goto('/login');
    await page.locator('input[type=email]').fill(who.email);
    await page.locator('input[type=password]').fill(who.password);
    if (who.totpSecret) await page.locator('input[autocomplete=one-time-code]').fill(await freshTotpCode(who.totpSecret));
    await page.locator('button[type=submit]').click();
    await page.getByTestId('admin-shell').waitFor();

    // Email addresses, through the real API: one added in the dialog.
    await useLanguage(page, 'en');
    await page.goto('/admin/mail-addresses');
    await page.getByRole('button', { name: 'Add address' }).click();
    await page.getByRole('textbox', { name: 'Address' }).fill('Podrska@Horvat-Hosting.HR');
    await page.getByRole('dialog').locator('input[aria-haspopup="listbox"]').first().click();
    await page.getByRole('option').first().click();
    await screenshot(page, 'email-admin-address-dialog-1280-en');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('mail-addresses').getByText('podrska@horvat-hosting.hr').waitFor();
    await everyVariant(page, '/admin/mail-addresses', async (name) => {
      await page.getByTestId('mail-addresses').waitFor();
      await screenshot(page, `email-admin-addresses-${name}`);
    });

    // Mailboxes (IMAP): the list with a working one and a failing one; a connection test that fails says why.
    await context.route('**/api/admin/mailboxes', (route) => route.fulfill({ json: MAILBOXES }));
    await context.route('**/api/admin/mailboxes/*/test', (route) =>
      route.fulfill({
        status: 400,
        json: { error: { code: 'imap.auth_failed', message: MAILBOXES.mailboxes[1]!.status.lastError!.message } },
      }),
    );
    await everyVariant(page, '/admin/mailboxes', async (name) => {
      await page.getByTestId('mailboxes').waitFor();
      expect(await page.getByTestId('mailbox-error').innerText()).toContain('AUTHENTICATIONFAILED');
      await screenshot(page, `email-admin-mailboxes-${name}`);
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Edit Računi' }).click();
    const password = page.locator('input[type=password]');
    await password.waitFor();
    expect(await password.inputValue()).toBe('');
    await screenshot(page, 'email-admin-mailbox-dialog-1280-en');
    await page.keyboard.press('Escape');

    // The outbox with its delivery (helper out's fields).
    const outbox = await (await page.request.get('/api/admin/outbox')).json();
    const first = outbox.emails[0];
    await context.route('**/api/admin/outbox', (route) =>
      route.fulfill({
        json: {
          emails: [
            {
              ...first,
              state: 'failed',
              attempts: 7,
              lastError: '550 5.1.1 <nobody@example.hr>: Recipient address rejected',
              sentAt: null,
              nextAttemptAt: null,
              messageId: 'T-ABCD-EFGH.1@centrala.test',
            },
            ...outbox.emails.slice(1, 4).map((e: object) => ({
              ...e,
              state: 'sent',
              attempts: 1,
              lastError: null,
              sentAt: new Date().toISOString(),
              nextAttemptAt: null,
              messageId: null,
            })),
          ],
        },
      }),
    );
    await everyVariant(page, '/admin/outbox', async (name) => {
      await page.getByTestId('outbox-email').first().click();
      await page.getByTestId('outbox-delivery').first().waitFor();
      await screenshot(page, `email-admin-outbox-${name}`);
    });
    await context.close();
  });
});
