import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../apps/server/src/modules/webhooks/index.js';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { freshTotpCode } from '../support/totp.js';

/**
 * Admin → Webhooks (issue 13 point 6), against the real server and a receiver of the journey's own on 127.0.0.1
 * (allowed for the journeys' server, e2e/support/server.global.ts): a private address refused with its reason on the
 * URL field, a webhook created and its secret shown once, a test ping delivered and verified, the delivery log, a
 * resend with the same event id. In English and Croatian; the actions menu is worked with the keyboard.
 */
interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe.runIf(hasBrowser)('admin webhooks (issue 13 point 6)', () => {
  const { newPage } = useBrowser();
  const received: Received[] = [];
  let receiver: http.Server;
  let url: string;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok, thanks');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/centrala-hook`;
  });
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const useLanguage = (page: Page, language: 'hr' | 'en') => page.evaluate((lng) => localStorage.setItem('centrala.locale', lng), language);

  it('creates a webhook, shows its secret once, delivers a signed ping and resends it', { timeout: 180_000 }, async () => {
    const { page } = await newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const who = demoLogin('admin');
    await page.goto('/login');
    await page.locator('input[type=email]').fill(who.email);
    await page.locator('input[type=password]').fill(who.password);
    if (who.totpSecret) await page.locator('input[autocomplete=one-time-code]').fill(await freshTotpCode(who.totpSecret));
    await page.locator('button[type=submit]').click();
    await page.getByTestId('admin-shell').waitFor();
    await useLanguage(page, 'en');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/admin/webhooks');
    await page.getByRole('link', { name: 'Webhooks' }).waitFor();
    await screenshot(page, 'webhooks-empty-1280-en');

    // A private address is refused, with the reason on the field.
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'URL' }).fill('https://10.0.0.1/hook');
    await dialog.getByRole('checkbox', { name: /Ticket created/ }).check();
    await dialog.getByRole('checkbox', { name: /Status changed/ }).check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('10.0.0.1 is a private, loopback or link-local address', { exact: false }).waitFor();
    await screenshot(page, 'webhooks-refused-1280-en');

    // The receiver's own address (allowed for this server): created, the secret shown once with a copy button.
    await dialog.getByRole('textbox', { name: 'URL' }).fill(url);
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Billing panel');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secretBox = page.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.locator('code').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => secretBox.getByRole('button', { name: 'Copy' }).isVisible()).toBe(true);
    await screenshot(page, 'webhooks-secret-1280-en');
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();
    await page.reload();
    expect(await page.content()).not.toContain(secret);

    // A test ping from the actions menu, by keyboard.
    await page.getByRole('button', { name: `Actions for ${url}` }).focus();
    await page.keyboard.press('Enter');
    const pingItem = page.getByRole('menuitem', { name: 'Send test ping' });
    await pingItem.waitFor();
    await pingItem.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const ping = received[0]!;
    expect(ping.headers['centrala-event-type']).toBe('ping');
    expect(verifySignature(secret, String(ping.headers['centrala-signature']), ping.body)).toBe(true);

    const log = page.getByTestId('webhook-deliveries');
    await log.getByText('Delivered').waitFor({ timeout: 15_000 });
    await screenshot(page, 'webhooks-deliveries-1280-en');
    await page.getByRole('button', { name: /^Attempts of Test ping/ }).click();
    await page.getByRole('dialog').getByText('ok, thanks').waitFor();
    await screenshot(page, 'webhooks-attempts-1280-en');
    await page.keyboard.press('Escape');

    // Resend: the same event id again.
    await page.getByRole('button', { name: /^Resend Test ping/ }).click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2);
    expect(received[1]!.headers['centrala-event-id']).toBe(ping.headers['centrala-event-id']);

    // In Croatian, and narrow.
    await useLanguage(page, 'hr');
    await page.goto('/admin/webhooks');
    await page.getByRole('button', { name: 'Isporuke' }).click();
    await page.getByTestId('webhook-deliveries').getByText('Isporučeno').first().waitFor();
    await screenshot(page, 'webhooks-deliveries-1280-hr');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/admin/webhooks');
    await page.getByText('Billing panel').waitFor();
    await screenshot(page, 'webhooks-list-390-hr');
  });
});
