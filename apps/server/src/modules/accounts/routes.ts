import { AccountWithServices, Service } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../shared/errors.js';
import { policies } from '../auth/index.js';
import type { AccountsRepository } from './repository.js';

export const accountsRoutes: FastifyPluginAsyncZod<{ accounts: AccountsRepository }> = async (app, { accounts }) => {
  app.get('/api/client/account', { schema: { tags: ['client'], response: { 200: AccountWithServices } } }, async (req) => {
    const { accountId } = policies.client(req);
    const account = await accounts.withServices(accountId);
    if (!account) throw Errors.notFound('account');
    return account;
  });

  app.get(
    '/api/client/services/:id',
    { schema: { tags: ['client'], params: z.object({ id: z.string() }), response: { 200: Service } } },
    async (req) => {
      const { accountId } = policies.client(req);
      // Someone else's id and a made-up id answer alike: 404.
      const service = z.uuid().safeParse(req.params.id).success ? await accounts.serviceOf(accountId, req.params.id) : undefined;
      if (!service) throw Errors.notFound('service');
      return service;
    },
  );

  app.get(
    '/api/agent/accounts',
    {
      schema: {
        tags: ['agent'],
        querystring: z.object({ q: z.string().max(200).default('') }),
        response: { 200: z.object({ accounts: z.array(AccountWithServices) }) },
      },
    },
    async (req) => {
      policies.staff(req);
      return { accounts: await accounts.search(req.query.q) };
    },
  );
};
