import { ContactPage, SlaFigures, SlaPolicy, SlaPolicyPatch, TicketPriority, type ContactMethod } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../shared/errors.js';
import { policies as who } from '../auth/index.js';
import { businessHoursProblems } from './business-hours.js';
import type { SlaFiguresService } from './figures.js';
import type { SlaPolicies } from './policies.repository.js';
import { firstResponsePromise } from './promise.js';

export const slaRoutes: FastifyPluginAsyncZod<{
  figures: SlaFiguresService;
  policies: SlaPolicies;
  /** The support addresses customers may write to (the email module's), for the contact page. */
  emailAddresses: () => Promise<string[]>;
}> = async (app, o) => {
  app.get('/api/admin/sla/figures', { schema: { tags: ['admin'], response: { 200: SlaFigures } } }, async (req) => {
    who.staff(req, 'admin');
    return o.figures.dashboard();
  });

  app.get(
    '/api/admin/sla/policies',
    { schema: { tags: ['admin'], response: { 200: z.object({ policies: z.array(SlaPolicy) }) } } },
    async (req) => {
      who.staff(req, 'admin');
      return { policies: await o.policies.list() };
    },
  );

  app.patch(
    '/api/admin/sla/policies/:id',
    { schema: { tags: ['admin'], params: z.object({ id: z.uuid() }), body: SlaPolicyPatch, response: { 200: SlaPolicy } } },
    async (req) => {
      who.staff(req, 'admin');
      const problems = req.body.businessHours ? businessHoursProblems(req.body.businessHours) : [];
      if (problems.length) throw Errors.invalid(problems);
      const policy = await o.policies.update(req.params.id, req.body);
      if (!policy) throw Errors.notFound('sla_policy');
      return policy;
    },
  );

  // Public (R16): anyone may see the promises and how well they are kept. The promises are those of this moment
  // (business hours), the ones an acknowledgement would state; a minute's caching keeps them current enough.
  app.get('/api/public/contact', { schema: { tags: ['public'], response: { 200: ContactPage } } }, async (_req, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return o.figures.contactPage(promisesNow, o.emailAddresses);
  });

  /**
   * A promise changes at most once a minute (business hours are whole minutes), and stating one while closed walks
   * the calendar minute by minute (tens of milliseconds for a closed weekend): a public page must not pay that on
   * every request, so each node states them once per minute and policy.
   */
  let stated: { key: string; promises: ContactMethod['promises'] } | undefined;
  async function promisesNow(channel: ContactMethod['channel']): Promise<ContactMethod['promises']> {
    const minute = Math.floor(Date.now() / 60_000);
    const policies = await Promise.all(
      TicketPriority.options.map(async (priority) => ({ priority, policy: await o.policies.for(channel, priority) })),
    );
    const key = JSON.stringify([channel, minute, policies]);
    if (stated?.key !== key) {
      // As of the minute's last instant: what holds then holds for the whole minute (a target may only run over a closing later).
      const at = new Date(minute * 60_000 + 59_999);
      stated = { key, promises: policies.map(({ priority, policy }) => ({ priority, promise: firstResponsePromise(policy, at) })) };
    }
    return stated.promises;
  }
};
