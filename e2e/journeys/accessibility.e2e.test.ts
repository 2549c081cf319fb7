import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasBrowser, screenshot, signInAs, useBrowser } from '../support/browser.js';

/**
 * The pages no other journey visits, each checked by axe-core (through screenshot()) at a laptop's and a phone's
 * width, in Croatian and English (issue 10 point 10). Each role logs in once; the language is switched as the
 * switch does it (stored on the device, then a reload), so the admin's one-time code is used once.
 */
const WIDTHS = [1280, 390] as const;
const LANGUAGES = ['hr', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

const words = {
  hr: { required: 'Ovo polje je obavezno', wrongCredentials: 'Pogrešna e-pošta ili lozinka', saved: 'Promjene su spremljene' },
  en: { required: 'This field is required', wrongCredentials: 'Wrong email or password', saved: 'Changes saved' },
} as const;

/** A page of its own context that asks for reduced motion, so that a dialog is pictured and checked when it is open, not mid-fade. */
async function newStillPage(newPage: () => Promise<{ context: BrowserContext; page: Page }>) {
  const opened = await newPage();
  await opened.page.emulateMedia({ reducedMotion: 'reduce' });
  return opened;
}

async function useLanguage(page: Page, language: Language) {
  await page.evaluate((lng) => localStorage.setItem('centrala.locale', lng), language);
}

/** Visits `path` in every language at every width, calling `check` for each (which screenshots and so runs axe). */
async function everyVariant(
  page: Page,
  path: string,
  check: (variant: { language: Language; width: number; name: string }) => Promise<void>,
) {
  for (const language of LANGUAGES) {
    await useLanguage(page, language);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width > 800 ? 800 : 844 });
      await page.goto(path);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(language);
      await check({ language, width, name: `${width}-${language}` });
    }
  }
}

async function logIn(context: BrowserContext, page: Page, role: 'client' | 'agent' | 'admin') {
  await signInAs(page, role);
  return context;
}

describe.runIf(hasBrowser)('accessibility of the pages no other journey visits (issue 10 points 9 and 10)', () => {
  const { newPage } = useBrowser();

  it('login (empty and after a wrong password), contact and the API docs', { timeout: 180_000 }, async () => {
    const { page, context } = await newStillPage(newPage);
    await page.goto('/login');
    await everyVariant(page, '/login', async ({ language, name }) => {
      await page.locator('input[type=email]').waitFor();
      await screenshot(page, `a11y-login-${name}`);
      // An address with no account: the answer is the same, and the demo customers' own failure count (five in a
      // row lock their address out of this network) is left to the journeys that log in as them.
      await page.locator('input[type=email]').fill('nobody@example.hr');
      await page.locator('input[type=password]').fill('not the password');
      await page.locator('button[type=submit]').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      // A wrong password is the user's slip, not "Something went wrong" (point 9).
      expect(await error.innerText()).toContain(words[language].wrongCredentials);
      await screenshot(page, `a11y-login-error-${name}`);
    });
    await everyVariant(page, '/contact', async ({ name }) => {
      await page.getByTestId('contact-methods').waitFor();
      // Nothing is cut off at the right edge, a phone included (point 9).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
      await screenshot(page, `a11y-contact-${name}`);
    });
    // The API docs are in English only; they are checked at both widths, and with one operation opened.
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/api/docs');
      await page.locator('.opblock').first().waitFor();
      await screenshot(page, `a11y-api-docs-${width}`);
      await page.locator('.opblock-summary-control').first().click();
      await page.locator('.opblock-body').first().waitFor();
      await screenshot(page, `a11y-api-docs-operation-${width}`);
    }
    await context.close();
  });

  it("the customer's services and the new-ticket form with its errors shown", async () => {
    const { page, context } = await newStillPage(newPage);
    await logIn(context, page, 'client');
    await everyVariant(page, '/client', async ({ name }) => {
      await page.getByTestId('service-row').first().waitFor();
      await screenshot(page, `a11y-client-services-${name}`);
    });
    await everyVariant(page, '/client/tickets/new', async ({ language, name }) => {
      await page.getByTestId('new-ticket-form').waitFor();
      await page.locator('[data-testid="new-ticket-form"] button[type=submit]').click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
      // Empty required fields say so, not "Minimum length: 3" (point 9).
      const form = await page.getByTestId('new-ticket-form').innerText();
      expect(form).toContain(words[language].required);
      expect(form).not.toMatch(/Najmanja duljina|Minimum length/);
      await screenshot(page, `a11y-client-new-ticket-errors-${name}`);
    });
    await context.close();
  });

  it("the agent's customers page and a Regular ticket", { timeout: 120_000 }, async () => {
    const { page, context } = await newStillPage(newPage);
    await logIn(context, page, 'agent');
    await everyVariant(page, '/agent/customers', async ({ name }) => {
      await page.getByTestId('customer-row').first().waitFor();
      await screenshot(page, `a11y-agent-customers-${name}`);
    });
    // A Regular ticket: its incident panel lists what the customer gave, not every field as "Not given" (point 9).
    await page.goto('/agent');
    const regular = page.locator('[data-testid="queue-row"][data-priority="regular"]').first();
    await regular.waitFor();
    const reference = await regular.getAttribute('data-reference');
    await everyVariant(page, `/agent/tickets/${reference}`, async ({ name }) => {
      const incident = page.getByTestId('incident-details');
      await incident.waitFor();
      expect(await incident.innerText()).not.toMatch(/Nije navedeno|Not given/);
      await screenshot(page, `a11y-agent-regular-ticket-${name}`);
    });
    await context.close();
  });

  // Five pages and a save, four variants each, axe on every one: longer than the default minute.
  it('the admin pages, a dialog and the toast after a save', { timeout: 300_000 }, async () => {
    const { page, context } = await newStillPage(newPage);
    await logIn(context, page, 'admin');
    // What shows that each page has its data (the token list may be empty: then its heading).
    const loaded = {
      users: 'main table',
      departments: 'main table',
      sla: '[data-testid="sla-policies"]',
      'api-tokens': 'main h1',
      outbox: '[data-testid="outbox-email"]',
    };
    for (const [section, ready] of Object.entries(loaded)) {
      await everyVariant(page, `/admin/${section}`, async ({ name }) => {
        await page.locator(ready).first().waitFor();
        await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
        await screenshot(page, `a11y-admin-${section}-${name}`);
      });
    }
    // A target in minutes takes and shows the language's decimal mark (point 9): typed as "0,5" in Croatian it stays
    // "0,5" (an input that expected "." would drop the comma). Not saved.
    const target = page.locator('[data-testid="sla-policy"][data-channel="ticket"][data-priority="regular"] input').first();
    for (const [language, half] of [
      ['hr', '0,5'],
      ['en', '0.5'],
    ] as const) {
      await useLanguage(page, language);
      await page.goto('/admin/sla');
      await target.fill('');
      await target.pressSequentially(half);
      expect(await target.inputValue()).toBe(half);
    }
    // A save: the dialog, then the toast with its close button, which must have a name.
    await everyVariant(page, '/admin/departments', async ({ language, name }) => {
      await page.locator('tbody tr button[aria-label]').first().click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await screenshot(page, `a11y-admin-department-dialog-${name}`);
      await dialog.locator('button[type=submit]').click();
      const toast = page.locator('.mantine-Notification-root').filter({ hasText: words[language].saved });
      await toast.waitFor();
      await dialog.waitFor({ state: 'hidden' });
      expect(await toast.locator('button').getAttribute('aria-label')).toBeTruthy();
      await screenshot(page, `a11y-admin-saved-toast-${name}`);
    });
    await context.close();
  });
});
