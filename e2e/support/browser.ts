import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { assertAccessible } from './axe.js';
import { freshTotpCode } from './totp.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../output/screenshots');

/**
 * Whether journeys can run here. Without Chromium they are skipped on a
 * developer's machine, but under CI=true a missing browser fails the run.
 */
export const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser && process.env.CI === 'true') {
  throw new Error(`Chromium is missing at ${CHROMIUM}; .ci/run installs the Debian package "chromium".`);
}

export function useBrowser(): { browser: () => Browser; newPage: (locale?: string) => Promise<{ context: BrowserContext; page: Page }> } {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => browser,
    async newPage(locale = 'hr-HR') {
      const context = await browser.newContext({ baseURL: inject('baseUrl'), locale, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      return { context, page };
    },
  };
}

/**
 * Saves a full-page screenshot of the page state a journey reached, then checks that state with
 * axe-core and fails on any critical or serious violation (issue 10 point 10), so that every
 * state a journey pictures is also checked. The picture is taken first so that a failure has one.
 */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  await animationsSettled(page);
  const picture = await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await assertAccessible(page, name);
  return picture;
}

/**
 * Waits (up to 2 s) for the page's finite animations and transitions to end: a fade-in caught half-way is pictured
 * and checked with colours the page never settles on (axe then reports a contrast it does not have). Endless ones
 * (a spinner, the live dot) are not waited for.
 */
async function animationsSettled(page: Page): Promise<void> {
  await page.evaluate(() => {
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    const done = Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    return Promise.race([done, new Promise((resolve) => setTimeout(resolve, 2000))]);
  });
}

export function demoLogin(role: 'client' | 'agent' | 'admin', index = 0) {
  const login = inject('demoLogins').filter((l) => l.role === role)[index];
  if (!login) throw new Error(`no demo ${role} login #${index}`);
  return login;
}

/** Where each role lands after signing in: what shows that the login went through. */
const LANDING = { client: 'services-table', agent: 'ticket-queue', admin: 'admin-shell' } as const;

/** Signs a demo user in through the Croatian login page (an admin with a fresh TOTP code) and waits for their landing page. */
export async function logInHr(page: Page, role: 'client' | 'agent' | 'admin') {
  const who = demoLogin(role);
  await page.goto('/login');
  await page.getByLabel('E-pošta').fill(who.email);
  await page.getByLabel('Lozinka', { exact: true }).fill(who.password);
  if (role === 'admin') await page.getByLabel('Autentifikacijski kôd').fill(await freshTotpCode(who.totpSecret!));
  await page.getByRole('button', { name: 'Prijavi se' }).click();
  await page.getByTestId(LANDING[role]).waitFor();
}

/** Signs a demo user in through the login form (an admin with a fresh one-time code) and waits until it has left. */
export async function signInAs(page: Page, role: 'client' | 'agent' | 'admin'): Promise<void> {
  const who = demoLogin(role);
  await page.goto('/login');
  await page.locator('input[type=email]').fill(who.email);
  await page.locator('input[type=password]').fill(who.password);
  if (who.totpSecret) await page.locator('input[autocomplete=one-time-code]').fill(await freshTotpCode(who.totpSecret));
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
}
