import { z } from 'zod';

/**
 * Sign-in from the billing panel (issue 13 point 4; docs/billing-sso.md): the admin settings under
 * /api/admin/billing-sso. The shared secret is answered once, by the request that makes it.
 */
export const BillingSsoSettings = z.object({
  enabled: z.boolean(),
  /** Whether a secret exists (stored, or BILLING_SSO_SECRET); the secret itself is never sent again. */
  secretSet: z.boolean(),
  secretSetAt: z.string().nullable(),
  /** BILLING_SSO_SECRET is set: the link is on with that secret, and this page cannot change either. */
  fromConfig: z.boolean(),
  /** How long a link is accepted after its `ts`, in seconds. */
  linkSeconds: z.number().int(),
  /** The address the billing panel sends its customers to, before the query. */
  linkUrl: z.string(),
});
export type BillingSsoSettings = z.infer<typeof BillingSsoSettings>;

export const BillingSsoUpdate = z.object({ enabled: z.boolean() });
export type BillingSsoUpdate = z.infer<typeof BillingSsoUpdate>;

export const BillingSsoSecret = z.object({ secret: z.string(), settings: BillingSsoSettings });
export type BillingSsoSecret = z.infer<typeof BillingSsoSecret>;

/** Every code a refused link is sent to the refusal page with (`/sso/refused?code=`). */
export const BillingSsoRefusal = z.enum([
  'sso.not_enabled',
  'sso.link_invalid',
  'sso.redirect_invalid',
  'sso.signature_invalid',
  'sso.link_expired',
  'sso.link_used',
  'sso.contact_unknown',
  'sso.contact_disabled',
  'sso.login_not_allowed',
]);
export type BillingSsoRefusal = z.infer<typeof BillingSsoRefusal>;
