import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoLogin, hasBrowser, screenshot, useBrowser } from '../support/browser.js';

async function logIn(page: Page, role: 'client' | 'agent', index: number) {
  const who = demoLogin(role, index);
  await page.goto('/login');
  await page.locator('input[type=email]').fill(who.email);
  await page.locator('input[type=password]').fill(who.password);
  await page.locator('button[type=submit]').click();
}

/** English on this device only (as the language switch would remember it), without changing the demo account's language. */
async function preferEnglish(context: BrowserContext) {
  await context.addInitScript(() => localStorage.setItem('centrala.locale', 'en'));
}

/** The demo customer `index` files a Regular technical ticket; answers its reference. */
async function fileTicket(page: Page, index: number, labels: { department: string; subject: string; description: string; send: string }) {
  await logIn(page, 'client', index);
  await page.getByTestId('services-table').waitFor();
  await page.goto('/client/tickets/new');
  await page.getByTestId('new-ticket-form').waitFor();
  await page.getByTestId('department-picker').getByText(labels.department, { exact: true }).click();
  await page.getByLabel(labels.subject).fill('FTP upload slow');
  await page.getByLabel(labels.description).fill('Uploads to the FTP server stop at 100 kB/s since this morning.');
  await page.getByRole('button', { name: labels.send }).click();
  const view = page.getByTestId('ticket-view');
  await view.waitFor();
  return (await view.getAttribute('data-reference'))!;
}

/**
 * Empties the agent's signature on the canned-responses page: the demo agents are shared with the other
 * journeys, whose replies must go out as they type them.
 */
async function clearSignature(page: Page, labels: { signature: string; save: string; saved: string }) {
  await page.goto('/agent/canned-responses');
  const card = page.getByTestId('signature-card');
  await card.getByLabel(labels.signature).fill('');
  await card.getByRole('button', { name: labels.save }).click();
  await page.getByText(labels.saved).last().waitFor();
}

const phone = { width: 390, height: 844 };
const laptop = { width: 1280, height: 800 };

describe.runIf(hasBrowser)('canned responses that agents manage (issue 10 point 6)', () => {
  const { newPage } = useBrowser();

  it('an agent writes a response with placeholders and a signature, uses it in a reply, the customer gets it filled in', async () => {
    const customer = await newPage();
    const reference = await fileTicket(customer.page, 1, {
      department: 'Tehnički problemi',
      subject: 'Naslov',
      description: 'Opis',
      send: 'Pošalji tiket',
    });

    const { page, context } = await newPage();
    await logIn(page, 'agent', 0);
    await page.getByTestId('agent-console').waitFor();
    await page.getByRole('link', { name: 'Pripremljeni odgovori' }).click();
    await page.getByRole('heading', { name: 'Pripremljeni odgovori', level: 1 }).waitFor();

    // The signature first: it goes under every reply to a customer.
    const signatureCard = page.getByTestId('signature-card');
    await signatureCard.getByLabel('Potpis').fill('Ana Agentić\nTehnička podrška, Centrala');
    await signatureCard.getByRole('button', { name: 'Spremi' }).click();
    await page.getByText('Potpis je spremljen').waitFor();

    // A mistyped placeholder is refused before anything is saved, in words.
    await page.getByRole('button', { name: 'Novi odgovor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Novi pripremljeni odgovor' });
    await dialog.getByLabel('Naslov').fill('Provjera FTP-a');
    const body = dialog.getByLabel('Tekst');
    // Focus goes back to the text after a placeholder button, where the agent goes on typing.
    const focusedLabel = () =>
      page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.labels?.[0]?.textContent?.replace(/\s*\*$/, ''));
    await body.fill('Poštovani {{customer.nme}},');
    await body.blur();
    await dialog.getByText('Nepoznato polje za umetanje: {{customer.nme}}. Koristite samo {{customer.name}}').waitFor();
    await screenshot(page, 'canned-01-unknown-placeholder-hr-1280');

    // The placeholder buttons insert at the cursor.
    await body.fill('Poštovani ');
    await dialog.getByRole('button', { name: 'Ime korisnika' }).click();
    await expect.poll(focusedLabel).toBe('Tekst');
    await page.keyboard.type(',\n\nvaš zahtjev ');
    await dialog.getByRole('button', { name: 'Oznaka tiketa' }).click();
    await expect.poll(focusedLabel).toBe('Tekst');
    await page.keyboard.type(' provjeravamo i javit ćemo se čim znamo više.');
    expect(await body.inputValue()).toBe(
      'Poštovani {{customer.name}},\n\nvaš zahtjev {{ticket.reference}} provjeravamo i javit ćemo se čim znamo više.',
    );
    await dialog.getByText('Nepoznato polje').waitFor({ state: 'detached' });
    await dialog.getByRole('switch', { name: 'Podijeli sa svim djelatnicima' }).click();
    await dialog.getByRole('button', { name: 'Stvori' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const item = page.locator('[data-testid="canned-item"][data-title="Provjera FTP-a"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Zajednički');
    await screenshot(page, 'canned-02-page-hr-1280');

    // In the ticket: the picker by keyboard, searched, the response filled in for this ticket, the signature shown.
    await page.goto(`/agent/tickets/${reference}`);
    await page.getByTestId('agent-ticket-view').waitFor();
    const preview = page.getByTestId('signature-preview');
    expect(await preview.getByTestId('signature-text').innerText()).toBe('Ana Agentić\nTehnička podrška, Centrala');
    await page.getByTestId('canned-responses').focus();
    await page.keyboard.press('Enter');
    const searchHr = page.getByRole('textbox', { name: 'Pretraži pripremljene odgovore' });
    // The search takes the focus a moment after the list opens; keys typed before that would be lost ("tp" of "ftp").
    await expect.poll(() => searchHr.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
    await page.keyboard.type('ftp');
    await expect.poll(() => page.getByTestId('canned-option').count()).toBe(1);
    await screenshot(page, 'canned-03-picker-hr-1280');
    await page.keyboard.press('Enter');
    const reply = page.getByTestId('reply-body');
    const filled = `Poštovani Marko Kovačić,\n\nvaš zahtjev ${reference} provjeravamo i javit ćemo se čim znamo više.`;
    await expect.poll(() => reply.inputValue()).toBe(filled);
    // The cursor is back in the reply, after the inserted text.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reply-body');
    await screenshot(page, 'canned-04-reply-with-signature-hr-1280');

    // An internal note gets no signature, and the box says so by not showing it.
    await page.getByTestId('reply-mode').getByText('Interna bilješka').click();
    await preview.waitFor({ state: 'detached' });
    await page.getByTestId('reply-mode').getByText('Odgovor', { exact: true }).click();
    await preview.waitFor();
    await reply.press('Control+Enter');
    await page.getByText('Odgovor je poslan').first().waitFor();

    // The customer sees the filled text with the signature under it, and no placeholder.
    const answer = customer.page.locator('[data-testid="message"][data-author="agent"]');
    await expect.poll(() => answer.count(), { timeout: 20_000 }).toBe(1);
    const seen = await answer.innerText();
    expect(seen).toContain('Poštovani Marko Kovačić,');
    expect(seen).toContain(`vaš zahtjev ${reference} provjeravamo`);
    expect(seen).toContain('Ana Agentić\nTehnička podrška, Centrala');
    expect(seen).not.toContain('{{');
    await screenshot(customer.page, 'canned-05-customer-sees-reply-hr-1280');

    // The same screens on a phone.
    await page.setViewportSize(phone);
    await page.goto(`/agent/tickets/${reference}`);
    await page.getByTestId('signature-preview').waitFor();
    await screenshot(page, 'canned-06-ticket-hr-390');
    await page.goto('/agent/canned-responses');
    await item.waitFor();
    await screenshot(page, 'canned-07-page-hr-390');
    await customer.page.setViewportSize(phone);
    // Loaded again at this width: a resize alone leaves the desktop navigation sliding out of the picture.
    await customer.page.reload();
    await answer.waitFor();
    await screenshot(customer.page, 'canned-08-customer-sees-reply-hr-390');
    await clearSignature(page, { signature: 'Potpis', save: 'Spremi', saved: 'Potpis je spremljen' });

    await context.close();
    await customer.context.close();
  });

  it('in English, another agent finds the shared response read-only and the customer’s language first in the picker', async () => {
    const customer = await newPage('en-GB');
    // Sam Carter's account speaks English.
    const reference = await fileTicket(customer.page, 2, {
      department: 'Technical problems',
      subject: 'Subject',
      description: 'Description',
      send: 'Send ticket',
    });

    const { page, context } = await newPage('en-GB');
    await preferEnglish(context);
    await page.setViewportSize(phone);
    await logIn(page, 'agent', 1);
    await page.getByTestId('agent-console').waitFor();
    await page.goto('/agent/canned-responses');
    const item = page.locator('[data-testid="canned-item"][data-title="Provjera FTP-a"]');
    await item.waitFor();
    expect(await item.innerText()).toContain('Only its author or an admin can change it.');
    expect(await item.getByRole('button').count()).toBe(0);
    await screenshot(page, 'canned-09-page-en-390');

    await page.goto(`/agent/tickets/${reference}`);
    await page.getByTestId('agent-ticket-view').waitFor();
    expect(await page.getByTestId('signature-preview').innerText()).toContain('Your replies go without a signature.');
    // From the reply box to the signature field and back: the reply box then shows what goes out.
    await page.getByRole('link', { name: 'Add a signature' }).click();
    await page.getByRole('heading', { name: 'Canned responses', level: 1 }).waitFor();
    const signature = page.getByTestId('signature-card').getByLabel('Signature');
    await expect.poll(() => signature.evaluate((el) => el === document.activeElement)).toBe(true);
    await signature.fill('Luka Lončar — Centrala support');
    await page.getByTestId('signature-card').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signature saved').waitFor();
    await page.goBack();
    await expect.poll(() => page.getByTestId('signature-text').textContent()).toBe('Luka Lončar — Centrala support');
    await page.getByTestId('canned-responses').click();
    const picker = page.getByTestId('canned-picker');
    await picker.waitFor();
    // Opened by mouse too, the search has the focus: typing searches, arrows and Escape work at once.
    const search = page.getByRole('textbox', { name: 'Search canned responses' });
    await expect.poll(() => search.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
    const locales = await picker.getByTestId('canned-option').evaluateAll((options) => options.map((o) => o.getAttribute('data-locale')));
    expect(locales[0]).toBe('en');
    expect(locales.indexOf('hr')).toBeGreaterThan(locales.lastIndexOf('en'));
    await picker.getByText('English (the customer’s language)').waitFor();
    await screenshot(page, 'canned-10-picker-en-390');
    // The accessibility check between can leave the focus elsewhere on a busy machine: the keys go to the search.
    await search.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });
    expect(await page.getByTestId('reply-body').inputValue()).toBe('');

    await page.setViewportSize(laptop);
    await page.getByTestId('canned-responses').click();
    await expect.poll(() => search.evaluate((el) => el === document.activeElement), { timeout: 5_000 }).toBe(true);
    await page.keyboard.type('diagnostics');
    await expect.poll(() => page.getByTestId('canned-option').count()).toBe(1);
    await screenshot(page, 'canned-11-picker-en-1280');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('reply-body').inputValue()).toContain('please send the output of ping and traceroute');
    await screenshot(page, 'canned-12-reply-en-1280');
    await page.goto('/agent/canned-responses');
    await item.waitFor();
    await screenshot(page, 'canned-13-page-en-1280');
    await clearSignature(page, { signature: 'Signature', save: 'Save', saved: 'Signature saved' });

    await context.close();
    await customer.context.close();
  });
});
