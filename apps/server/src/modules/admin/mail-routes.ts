import { InboundMailRow, InboundReplayed } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../shared/errors.js';
import { policies } from '../auth/index.js';
import type { EmailIntake } from '../intake/index.js';

export interface MailAdminRoutesOptions {
  /** Intake's email drain: its stored mail (table `inbound`, intake's) listed, and replayed. */
  inbound: EmailIntake;
}

const IdParams = z.object({ id: z.uuid() });

/** Admins' stored mail (issue 12 point 2): its processing state, and replaying it (the addresses served: mail-addresses.ts). */
export const mailAdminRoutes: FastifyPluginAsyncZod<MailAdminRoutesOptions> = async (app, { inbound }) => {
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  app.get(
    '/api/admin/inbound',
    {
      schema: {
        tags: ['admin'],
        querystring: z.object({ state: z.enum(['received', 'processed', 'failed']).optional() }),
        response: { 200: z.object({ messages: z.array(InboundMailRow) }) },
      },
    },
    async (req) => ({ messages: await inbound.list(req.query.state) }),
  );

  app.post(
    '/api/admin/inbound/:id/replay',
    { schema: { tags: ['admin'], params: IdParams, response: { 202: InboundReplayed } } },
    async (req, reply) => {
      const state = await inbound.replay(req.params.id);
      if (state === 'not_found') throw Errors.notFound('inbound');
      return reply.code(202).send({ id: req.params.id, state });
    },
  );
};
