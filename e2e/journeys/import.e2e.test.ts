import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { freshTotpCode } from '../support/totp.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** Both widths, the phone's after the laptop's; the page is left at laptop width. */
async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(LAPTOP);
}

const tag = Date.now().toString(36);
/** 2,500 accounts: three batches, so the job runs long enough to be watched. */
const ROWS = 2500;
function accountsFile(badRow: boolean): Buffer {
  const lines = ['external_id;name;email'];
  for (let i = 0; i < ROWS; i++) {
    const email = badRow && i === 1 ? 'racun-bez-majmunceta.example.hr' : `racun-${i}-${tag}@example.hr`;
    lines.push(`J-${tag}-${i};Tvrtka ${i} d.o.o.;${email}`);
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/**
 * Issue 13 point 3: an admin imports a CSV of accounts; its bad row is shown (row, column, reason), the file is
 * fixed and checked again, then imported with a progress bar and the result.
 */
describe.runIf(hasBrowser)('import journey (issue 13 point 3)', () => {
  const { newPage } = useBrowser();
  let admin: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    admin = await newPage();
    const a = demoLogin('admin');
    const { page } = admin;
    await page.goto('/login');
    await page.getByLabel('E-pošta').fill(a.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(a.password);
    await page.getByLabel('Autentifikacijski kôd ili rezervni kôd').fill(await freshTotpCode(a.totpSecret!));
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    await page.getByTestId('admin-shell').waitFor();
  }, 120_000);
  afterAll(async () => {
    await admin?.context.close();
  });

  it('shows the bad row, takes the fixed file, imports it with progress and says what it did', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Uvoz' }).click();
    await page.getByRole('heading', { name: 'Uvoz' }).waitFor();
    await page.getByTestId('import-kind').getByText('Računi').click();
    expect(await page.getByTestId('import-example').getAttribute('href')).toBe('/api/admin/imports/examples/accounts');

    // The file with a bad address on its third line: listed, nothing written, no Import button.
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles({ name: 'racuni.csv', mimeType: 'text/csv', buffer: accountsFile(true) });
    await page.getByTestId('import-check').click();
    const invalid = page.getByTestId('import-invalid');
    await invalid.waitFor();
    expect(await invalid.getByRole('alert').textContent()).toContain('1 neispravan redak');
    const cells = await page.getByTestId('import-errors').getByRole('row').nth(1).getByRole('cell').allTextContents();
    expect(cells).toEqual(['3', 'email', 'Unesite ispravnu adresu e-pošte.']);
    expect(await page.getByTestId('import-start').count()).toBe(0);
    await screenshots(page, 'import-01-bad-row-hr');

    // Fixed and chosen again: every row valid, nothing written yet.
    const again = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await again).setFiles({ name: 'racuni.csv', mimeType: 'text/csv', buffer: accountsFile(false) });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-ready').waitFor();
    expect(await page.getByTestId('import-ready').textContent()).toContain('Datoteka je ispravna: 2.500 redaka za uvoz');
    await screenshots(page, 'import-02-ready-hr');

    await page.getByTestId('import-start').click();
    // The progress bar names itself and says how far it is; it ends at every row.
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 60_000 });
    const bar = page.getByRole('progressbar', { name: 'Napredak uvoza' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await bar.getAttribute('aria-valuetext')).toBe('2.500 od 2.500 redaka');
    const result = await page.getByTestId('import-result').innerText();
    expect(result.replace(/\s+/g, ' ')).toBe('Stvoreno 2.500 Ažurirano 0 Nepromijenjeno 0 Odbijeno 0');
    await screenshots(page, 'import-03-done-hr');
  }, 120_000);
});
