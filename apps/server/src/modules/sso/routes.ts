import { BillingSsoSecret, BillingSsoSettings, BillingSsoUpdate } from '@centrala/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { policies, type SessionOpener } from '../auth/index.js';
import type { SsoSettings } from './settings.js';
import type { BillingSignIn } from './sign-in.js';

export interface SsoRoutesOptions {
  signIn: BillingSignIn;
  settings: SsoSettings;
  openSession: SessionOpener;
  loginRateLimitPerMinute: number;
}

/** Long enough for every well-formed field; anything past it is refused before the handler reads it. */
const LinkQuerystring = z.object({
  contact: z.string().max(200).optional(),
  email: z.string().max(300).optional(),
  ts: z.string().max(20).optional(),
  nonce: z.string().max(200).optional(),
  to: z.string().max(600).optional(),
  sig: z.string().max(100).optional(),
});

/**
 * The billing panel's sign-in link (issue 13 point 4; docs/billing-sso.md) and its admin settings. The link is a
 * browser's navigation: every answer is a 303, to the client area with a new session, or to the refusal page that
 * names the code and says what to do. It is rate-limited as the login is.
 */
export const ssoRoutes: FastifyPluginAsyncZod<SsoRoutesOptions> = async (app, opts) => {
  const { signIn, settings } = opts;

  app.get(
    '/sso/billing',
    {
      config: { rateLimit: { max: opts.loginRateLimitPerMinute, timeWindow: 60_000 } },
      // A malformed link still gets the refusal page, not a JSON error a customer cannot read.
      attachValidation: true,
      schema: {
        tags: ['auth'],
        summary: "Sign in through the billing panel's signed link",
        description: 'Answers 303: to the client area (or `to`) with a session cookie, or to `/sso/refused?code=…`.',
        querystring: LinkQuerystring,
      },
    },
    async (req, reply) => {
      // A query the schema refused is checked as an empty link: refused as malformed (or as off), and audited.
      const outcome = await signIn.signIn(req.validationError ? {} : req.query, req.ip);
      if (!outcome.ok) return reply.redirect(`/sso/refused?code=${outcome.code}`, 303);
      await opts.openSession(req, reply, outcome.userId);
      return reply.redirect(outcome.to, 303);
    },
  );

  await app.register(async (scope) => {
    const admin = scope.withTypeProvider<ZodTypeProvider>();
    admin.addHook('preHandler', async (req) => {
      policies.staff(req, 'admin');
    });
    const staffOf = (req: FastifyRequest) => {
      const { user } = policies.user(req);
      return { kind: 'staff' as const, id: user.id, label: user.email };
    };

    admin.get('/api/admin/billing-sso', { schema: { tags: ['admin'], response: { 200: BillingSsoSettings } } }, () => settings.view());

    admin.put(
      '/api/admin/billing-sso',
      { schema: { tags: ['admin'], body: BillingSsoUpdate, response: { 200: BillingSsoSettings } } },
      async (req) => {
        if ((await settings.view()).fromConfig) throw fromConfig();
        if (!(await settings.setEnabled(req.body.enabled, staffOf(req)))) throw secretMissing();
        return settings.view();
      },
    );

    // The only answer that carries the secret.
    admin.post('/api/admin/billing-sso/secret', { schema: { tags: ['admin'], response: { 200: BillingSsoSecret } } }, async (req) => {
      if ((await settings.view()).fromConfig) throw fromConfig();
      const secret = await settings.rotate(staffOf(req));
      return { secret, settings: await settings.view() };
    });
  });
};

const fromConfig = () =>
  new AppError(
    'sso.secret_from_config',
    text(
      "BILLING_SSO_SECRET in the server's settings sets this; change it there.",
      'Ovo određuje BILLING_SSO_SECRET u postavkama poslužitelja; promijenite ga ondje.',
    ),
  );
const secretMissing = () =>
  new AppError(
    'sso.secret_missing',
    text('Make the shared secret first, then turn the link on.', 'Najprije izradite zajedničku tajnu, zatim uključite poveznicu.'),
  );
