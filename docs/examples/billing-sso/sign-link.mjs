// Signs a Centrala sign-in link for the customer logged in to your billing panel (docs/billing-sso.md). Node 18+.
import { createHmac, randomBytes } from 'node:crypto';

export function billingSsoLink(centralaUrl, secret, { contact, email = '', to = '' }) {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(18).toString('base64url'); // 24 characters, new for every link
  const canonical = ['v1', contact, email, ts, nonce, to].join('\n');
  const sig = createHmac('sha256', secret).update(canonical, 'utf8').digest('hex');
  const query = new URLSearchParams({ contact, ...(email && { email }), ts, nonce, ...(to && { to }), sig });
  return `${centralaUrl}/sso/billing?${query}`;
}
