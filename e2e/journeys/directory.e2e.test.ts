import { randomInt, randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, signInAs, useBrowser } from '../support/browser.js';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** The page as it is, at a laptop's width and at a phone's; left at the laptop's. */
async function screenshots(page: Page, name: string): Promise<void> {
  // From the top: a full-page picture of a scrolled page draws the fixed header across its middle.
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(PHONE);
  // The app frame folds its navigation away with a transition: photograph the page once it has settled.
  await page.waitForTimeout(400);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(LAPTOP);
}

/**
 * A ticket of the account, as an agent starts one by writing to the customer (no screen of this journey's own does
 * that; the agent-email journey walks that page).
 */
async function ticketFor(page: Page, accountId: string, subject: string): Promise<string> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const departments = (await (await page.request.get('/api/agent/departments')).json()) as { departments: { id: string }[] };
  const res = await page.request.post('/api/agent/tickets', {
    headers: { 'x-csrf-token': me.csrfToken },
    multipart: {
      payload: JSON.stringify({
        accountId,
        departmentId: departments.departments[0]!.id,
        priority: 'regular',
        subject,
        body: 'Vaš poslužitelj ćemo ponovno pokrenuti u srijedu u 22:00.',
      }),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/**
 * Issue 13 point 1: an admin creates a customer, a contact and a service with an IPv6 range, edits the service, reads
 * the change in the history, disables the customer (its tickets still there); an agent sees it all read-only.
 */
describe.runIf(hasBrowser)('the customer directory (issue 13 point 1)', () => {
  const { newPage } = useBrowser();
  let admin: { context: BrowserContext; page: Page };
  const tag = randomUUID().slice(0, 6);
  const customerName = `Oblak ${tag} d.o.o.`;
  const orderNumber = String(randomInt(100_000, 1_000_000));
  let customerPath = '';

  beforeAll(async () => {
    admin = await newPage('hr-HR');
    await signInAs(admin.page, 'admin');
  }, 120_000);
  afterAll(async () => {
    await admin?.context.close();
  });

  it('an admin creates a customer, a contact and a service, edits it and reads the history, then disables the customer (hr)', async () => {
    const { page } = admin;
    await page.goto('/agent/customers');
    await page.getByRole('button', { name: 'Novi klijent' }).click();
    let dialog = page.getByRole('dialog', { name: 'Novi klijent' });
    // Sent empty: each field says what it needs, in Croatian.
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    await dialog.getByText('Ovo polje je obavezno').first().waitFor();
    await dialog.getByLabel('Naziv').fill(customerName);
    await dialog.getByLabel('E-pošta').fill(`racuni.${tag}@example.hr`);
    await dialog.getByLabel('Vanjski ID').fill(`WHMCS-${tag}`);
    await screenshots(page, 'directory-01-new-customer-hr');
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    await page.getByTestId('customer-view').waitFor();
    customerPath = new URL(page.url()).pathname;
    expect(customerPath).toMatch(/^\/agent\/customers\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: customerName }).waitFor();

    // A contact who is the owner and the technical contact, writing in English, without a login.
    await page.getByRole('button', { name: 'Dodaj kontakt' }).click();
    dialog = page.getByRole('dialog', { name: 'Novi kontakt' });
    await dialog.getByLabel('Ime').fill('Marko Marić');
    await dialog.getByLabel('E-pošta').fill(`marko.${tag}@example.hr`);
    await dialog.getByLabel('Jezik').click();
    await page.getByRole('option', { name: 'engleski' }).click();
    await dialog.getByRole('checkbox', { name: 'Vlasnik' }).check();
    await dialog.getByRole('checkbox', { name: 'Tehnički' }).check();
    await dialog.getByRole('switch', { name: 'Smije se prijaviti u korisničko sučelje' }).uncheck();
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    const contact = page.getByTestId('contact-row').filter({ hasText: 'Marko Marić' });
    await contact.waitFor();
    expect(await contact.innerText()).toMatch(/engleski[\s\S]*Vlasnik[\s\S]*Tehnički[\s\S]*Bez prijave/);

    // A service: a line that is no address is named by its line number, then fixed.
    await page.getByRole('button', { name: 'Dodaj uslugu' }).click();
    dialog = page.getByRole('dialog', { name: 'Nova usluga' });
    await dialog.getByLabel('Naziv').fill(`vps-${tag}.oblak.hr`);
    await dialog.getByLabel('Broj narudžbe').fill(`#${orderNumber}`);
    await dialog.getByLabel('Proizvod').fill('VPS M');
    await dialog.getByLabel('Lokacija').fill('Zagreb');
    const ips = dialog.getByLabel('IP adrese i rasponi');
    await ips.fill('203.0.113.7\n\nnije-adresa\n2001:db8:13::/48');
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    await dialog.getByText('Redak 3 nije IPv4/IPv6 adresa ni raspon').waitFor();
    await screenshots(page, 'directory-02-service-bad-line-hr');
    await ips.fill('203.0.113.7\n2001:db8:13::/48');
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    const service = page.getByTestId('service-row').filter({ hasText: `vps-${tag}.oblak.hr` });
    await service.waitFor();
    expect(await service.innerText()).toContain(`#${orderNumber}`);
    expect(await service.innerText()).toContain('2001:db8:13::/48');

    // Edited: suspended, and one more range.
    await page.getByRole('button', { name: `Uredi uslugu vps-${tag}.oblak.hr` }).click();
    dialog = page.getByRole('dialog', { name: 'Uredi uslugu' });
    await dialog.getByLabel('Status').click();
    await page.getByRole('option', { name: 'Suspendirana' }).click();
    await dialog.getByLabel('IP adrese i rasponi').fill('203.0.113.7\n2001:db8:13::/48\n198.51.100.0/24');
    await dialog.getByRole('button', { name: 'Spremi' }).click();
    await dialog.waitFor({ state: 'detached' });
    await service.getByText('Suspendirana').waitFor();

    // The history says who changed what: the status and the addresses, before and after.
    const edit = page.getByTestId('audit-entry').filter({ hasText: `Izmjena: Usluga „vps-${tag}.oblak.hr”` });
    await edit.waitFor();
    const lines = await edit.getByTestId('audit-change').allInnerTexts();
    expect(lines).toContainEqual(expect.stringMatching(/^Status:.*Aktivna.*→.*Suspendirana/s));
    expect(lines.join('\n')).toContain('198.51.100.0/24');
    expect(await edit.innerText()).toContain(demoLogin('admin').email);
    expect(await page.getByTestId('audit-entry').filter({ hasText: 'Stvaranje: Kontakt „Marko Marić”' }).count()).toBe(1);
    await screenshots(page, 'directory-03-customer-with-history-hr');

    // Disabled, after a confirmation that says its tickets stay; and they do.
    const reference = await ticketFor(page, customerPath.split('/').at(-1)!, `Održavanje ${tag}`);
    await page.reload();
    await page.getByTestId('customer-ticket').filter({ hasText: reference }).waitFor();
    await page.getByRole('button', { name: 'Onemogući klijenta' }).click();
    dialog = page.getByRole('dialog', { name: `Onemogućiti klijenta ${customerName}?` });
    expect(await dialog.innerText()).toContain('Tiketi ostaju');
    await screenshots(page, 'directory-04-disable-confirmation-hr');
    await dialog.getByRole('button', { name: 'Onemogući', exact: true }).click();
    await page.getByTestId('customer-disabled').waitFor();
    expect(await page.getByTestId('customer-view').getAttribute('data-disabled')).toBe('true');
    await page.getByTestId('customer-ticket').filter({ hasText: reference }).waitFor();
    await page.getByTestId('audit-entry').filter({ hasText: 'Onemogućavanje: Klijent' }).waitFor();
    await screenshots(page, 'directory-05-disabled-tickets-kept-hr');

    // The list finds it by the service's range (an address inside it) and shows it disabled.
    await page.goto('/agent/customers');
    await page.getByLabel('Pretraži klijente').fill('2001:db8:13::42');
    const row = page.getByTestId('customer-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain(customerName);
    expect(await row.getByTestId('status-badge').textContent()).toBe('Onemogućen');
    await screenshots(page, 'directory-06-search-by-ip-hr');
  }, 180_000);

  it('an agent sees the customer read-only, with no button to change anything (en)', async () => {
    expect(customerPath).not.toBe('');
    const { page, context } = await newPage('en-GB');
    await context.addInitScript(() => localStorage.setItem('centrala.locale', 'en'));
    try {
      await signInAs(page, 'agent');
      await page.goto('/agent/customers');
      await page.getByRole('heading', { name: 'Customers' }).waitFor();
      expect(await page.getByRole('button', { name: 'New customer' }).count()).toBe(0);
      await page.getByLabel('Search customers').fill(`WHMCS-${tag}`);
      await expect.poll(() => page.getByTestId('customer-row').count()).toBe(1);
      await screenshots(page, 'directory-07-agent-list-en');
      await page.getByRole('link', { name: customerName }).click();
      await page.getByTestId('customer-view').waitFor();
      await page.getByTestId('contact-row').filter({ hasText: 'Marko Marić' }).waitFor();
      await page.getByTestId('service-row').first().waitFor();
      await page.getByTestId('audit-entry').first().waitFor();
      expect(await page.getByTestId('contact-row').innerText()).toMatch(/English[\s\S]*Owner[\s\S]*Technical/);
      await page.getByText('This customer is disabled').waitFor();
      // Read-only: not one write button on the page.
      for (const name of ['Edit customer', 'Disable customer', 'Enable customer', 'Add contact', 'Add service', /^Edit /, /^Disable /]) {
        expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0);
      }
      const edit = page.getByTestId('audit-entry').filter({ hasText: `Changed: Service “vps-${tag}.oblak.hr”` });
      expect(await edit.getByTestId('audit-change').allInnerTexts()).toContainEqual(
        expect.stringMatching(/^Status:.*Active.*→.*Suspended/s),
      );
      await screenshots(page, 'directory-08-agent-customer-read-only-en');
    } finally {
      await context.close();
    }
  }, 120_000);
});
