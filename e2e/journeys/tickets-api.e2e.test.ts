import { describe, expect, inject, it } from 'vitest';
import { demoLogin, hasBrowser, logInHr, screenshot, useBrowser } from '../support/browser.js';

// Issue 13 point 5: an admin makes a token whose dialog says what each scope allows; monitoring opens a High ticket
// for a customer with it, as any system would (HTTP, no browser); the agent sees that it came through the API, and
// the token's reply and change by its name.

describe.runIf(hasBrowser)('the tickets API for other systems (issue 13 point 5)', () => {
  const { newPage } = useBrowser();

  it('a token made in the dialog opens a High ticket for a customer; the agent sees it came by API, answered by the token', async () => {
    const admin = await newPage();
    await logInHr(admin.page, 'admin');
    await admin.page.goto('/admin/api-tokens');
    await admin.page.getByRole('button', { name: 'Stvori token' }).click();
    const dialog = admin.page.getByRole('dialog');
    await dialog.waitFor();
    // Each scope says what it allows, in the reader's language.
    await dialog.getByText('Otvaranje tiketa za klijenta, odgovori, interne bilješke', { exact: false }).waitFor();
    await dialog.getByText('Popis, pretraga i čitanje tiketa', { exact: false }).waitFor();
    await dialog.getByLabel('Naziv').fill('Zabbix nadzor');
    await dialog.getByRole('checkbox', { name: 'tickets:write' }).check();
    await dialog.getByRole('checkbox', { name: 'tickets:read' }).check();
    await screenshot(admin.page, 'tickets-api-01-token-dialog-hr');
    await dialog.getByRole('button', { name: 'Stvori', exact: true }).click();
    const secret = (await admin.page.getByTestId('api-token-secret').locator('code').innerText()).trim();
    expect(secret).toMatch(/^ctr_/);
    await admin.context.close();

    // Monitoring, outside the browser: the demo customer's account, found by the API's own search, then the alert.
    const base = inject('baseUrl');
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const customer = demoLogin('client');
    const found = await (await fetch(`${base}/api/v1/tickets?limit=1&q=${encodeURIComponent(customer.email)}`, { headers })).json();
    const accountId = (found as { tickets: { accountId: string }[] }).tickets[0]!.accountId;
    const opened = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `journey-${Date.now()}` },
      body: JSON.stringify({
        accountId,
        priority: 'high',
        subject: 'web-01: HTTP provjera KRITIČNO',
        body: 'Zabbix: HTTP provjera na 203.0.113.10 nije uspjela 3 puta od 14:02 (Europe/Zagreb).\ncurl: (28) Connection timed out',
      }),
    });
    expect(opened.status).toBe(201);
    const { reference } = (await opened.json()) as { reference: string };

    const agent = await newPage();
    await logInHr(agent.page, 'agent');
    await agent.page.goto(`/agent/tickets/${reference}`);
    await agent.page.getByTestId('agent-ticket-view').waitFor();
    expect(await agent.page.getByTestId('trust-badge').first().innerText()).toBe('Preko API-ja');
    await screenshot(agent.page, 'tickets-api-02-agent-sees-api-ticket-hr');

    // The token answers the customer and resolves the ticket: the agent's page shows both, by the token's name.
    const reply = await fetch(`${base}/api/v1/tickets/${reference}/replies`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: 'Web-01 ponovno odgovara od 14:20; pratimo ga i dalje.', status: 'resolved' }),
    });
    expect(reply.status).toBe(201);
    await agent.page.getByText('Web-01 ponovno odgovara od 14:20', { exact: false }).waitFor({ timeout: 10_000 });
    await agent.page.getByText('Zabbix nadzor').first().waitFor();
    await screenshot(agent.page, 'tickets-api-03-token-reply-hr');
    await agent.context.close();
  });
});
