import { describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';
import { freshTotpCode } from '../support/totp.js';

// Croatian is the default language, so these journeys read Croatian labels.
describe.runIf(hasBrowser)('sign-in journeys (issue 2)', () => {
  const { newPage } = useBrowser();

  it('a customer logs in and sees their services', async () => {
    const { page, context } = await newPage();
    const customer = demoLogin('client');
    await page.goto('/client');
    await expect.poll(() => page.url()).toContain('/login');
    await page.getByLabel('E-pošta').fill(customer.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(customer.password);
    await screenshot(page, '01-login');
    await page.getByRole('button', { name: 'Prijavi se' }).click();

    const rows = page.getByTestId('service-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const table = await page.getByTestId('services-table').innerText();
    expect(table).toContain('web-01 VPS Pro');
    expect(table).toContain('#104233');
    expect(table).toContain('2001:db8:10::10');
    expect(table).not.toContain('Dedicated DS-2'); // another customer's service
    await screenshot(page, '02-client-services');
    await context.close();
  });

  it('the language switch changes the UI to English and is remembered', async () => {
    const { page, context } = await newPage();
    const customer = demoLogin('client', 2);
    await page.goto('/login');
    await page.getByLabel('E-pošta').fill(customer.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(customer.password);
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    await page.getByTestId('services-table').waitFor();

    const switcher = page.getByTestId('language-switch');
    await switcher.getByText('EN', { exact: true }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByTestId('services-table').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, '03-client-services-en');
    await context.close();
  });

  it('a wrong password shows an error and no session', async () => {
    const { page, context } = await newPage();
    await page.goto('/login');
    await page.getByLabel('E-pošta').fill(demoLogin('client').email);
    await page.getByLabel('Lozinka', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('Adresa e-pošte, lozinka ili kôd iz aplikacije za autentifikaciju nisu ispravni');
    await screenshot(page, '04-login-error');
    await context.close();
  });

  it('an agent logs in to the console and finds a customer by order number', async () => {
    const { page, context } = await newPage();
    const agent = demoLogin('agent');
    await page.goto('/login');
    await page.getByLabel('E-pošta').fill(agent.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(agent.password);
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    await page.getByTestId('agent-console').waitFor();
    await page.goto('/agent/customers');
    await page.getByLabel('Pretraži klijente').fill('#118820');
    await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
    expect(await page.getByTestId('customer-row').innerText()).toContain('Kovačić Media');
    await screenshot(page, '05-agent-console');
    await context.close();
  });

  it('an admin logs in with a TOTP code and manages departments', async () => {
    const { page, context } = await newPage();
    const admin = demoLogin('admin');
    await page.goto('/login');
    await page.getByLabel('E-pošta').fill(admin.email);
    await page.getByLabel('Lozinka', { exact: true }).fill(admin.password);
    // The code goes with the password: the form never asks for it only after a right password (issue 9 point 8).
    await page.getByLabel('Autentifikacijski kôd').fill(await freshTotpCode(admin.totpSecret!));
    await screenshot(page, '06-admin-totp');
    await page.getByRole('button', { name: 'Prijavi se' }).click();
    await page.getByTestId('admin-shell').waitFor();
    await page.goto('/admin/departments');
    await page.getByText('Tehnički problemi').first().waitFor();
    expect(await page.getByText('Financijski problemi').count()).toBeGreaterThan(0);
    await screenshot(page, '07-admin-departments');
    await page.goto('/admin/users');
    await page.getByText(demoLogin('agent').email).waitFor();
    // Luka works in the Financial department: he gets its SLA alerts only.
    const luka = demoLogin('agent', 1);
    await page.locator(`input[aria-label="Odjeli čija SLA upozorenja prima ${luka.name}"]`).click();
    await page.getByRole('option', { name: 'Financijski problemi' }).click();
    await page.keyboard.press('Escape');
    await page.reload();
    const lukaRow = page.getByRole('row').filter({ hasText: luka.email });
    await lukaRow.getByText('Financijski problemi').waitFor();
    await screenshot(page, '08-admin-users');

    // Business hours for Regular tickets (R7; e-mail, not built yet, has no policy on screen since issue 10 point 1):
    // a day that closes before it opens is refused until fixed.
    await page.goto('/admin/sla');
    const ticketRegular = page.locator('[data-testid="sla-policy"][data-channel="ticket"][data-priority="regular"]');
    expect(await ticketRegular.getByTestId('sla-policy-hours').innerText()).toBe('0–24, svaki dan');
    await page.getByRole('button', { name: 'Promijeni radno vrijeme za Tiket Redovni' }).click();
    await page.getByRole('dialog').getByText('Radno vrijeme', { exact: true }).click();
    const mondayCloses = page.getByLabel('Zatvara — ponedjeljak');
    await mondayCloses.fill('07:00');
    await page.getByText('Vrijeme zatvaranja mora biti nakon vremena otvaranja.').waitFor();
    expect(await page.getByRole('button', { name: 'Spremi', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, '09-admin-business-hours');
    await mondayCloses.fill('16:00');
    await page.getByRole('button', { name: 'Spremi', exact: true }).click();
    await expect.poll(() => ticketRegular.getByTestId('sla-policy-hours').innerText()).toBe('pon–pet 08:00–16:00 · Europe/Zagreb');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await screenshot(page, '09-admin-sla-policies');
    // Back to 24/7: the journeys after this one file Regular tickets on the same server.
    await page.getByRole('button', { name: 'Promijeni radno vrijeme za Tiket Redovni' }).click();
    await page.getByRole('dialog').getByText('0–24, svaki dan', { exact: true }).click();
    await page.getByRole('button', { name: 'Spremi', exact: true }).click();
    await expect.poll(() => ticketRegular.getByTestId('sla-policy-hours').innerText()).toBe('0–24, svaki dan');
    await context.close();
  });
});
