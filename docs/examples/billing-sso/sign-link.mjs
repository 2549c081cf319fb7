// Signs a Centrala sign-in link for the customer logged in to your billing panel (docs/billing-sso.md).
// Node 18+, no dependencies. The integration test apps/server/test/billing-sso.int.test.ts signs its links with it.
import { createHmac, randomBytes } from 'node:crypto';

/**
 * @param {string} centralaUrl  e.g. "https://support.example.com"
 * @param {string} secret       the shared secret from Centrala's admin page "Billing panel sign-in"
 * @param {{ contact: string, email?: string, to?: string }} who  the contact's id in your billing system;
 *   optionally its email (checked by Centrala) and a client-area path to land on ("/client/tickets")
 */
export function billingSsoLink(centralaUrl, secret, { contact, email = '', to = '' }) {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(18).toString('base64url'); // 24 characters, used once
  const canonical = ['v1', contact, email, ts, nonce, to].join('\n');
  const sig = createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');
  const query = new URLSearchParams({ contact, ...(email && { email }), ts, nonce, ...(to && { to }), sig });
  return `${centralaUrl}/sso/billing?${query}`;
}
