import { InboundMailRow, InboundReplayed } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/pool.js';
import { Errors } from '../../shared/errors.js';
import { policies } from '../auth/index.js';
import type { EmailIntake } from '../intake/index.js';

export interface MailAdminRoutesOptions {
  db: Db;
  inbound: EmailIntake;
}

const IdParams = z.object({ id: z.uuid() });

/** Admins' stored mail (issue 12 point 2): its processing state, and replaying it (the addresses served: mail-addresses.ts). */
export const mailAdminRoutes: FastifyPluginAsyncZod<MailAdminRoutesOptions> = async (app, { db, inbound }) => {
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
    async (req) => {
      let q = db
        .selectFrom('inbound')
        .select(['id', 'state', 'received_at', 'mail_message_id', 'attempts', 'next_attempt_at', 'error', 'ticket_id', 'source', 'payload'])
        .where('channel', '=', 'email')
        .orderBy('received_at', 'desc')
        .limit(200);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      const rows = await q.execute();
      return {
        messages: rows.map((r) => ({
          id: r.id,
          state: r.state,
          receivedAt: new Date(r.received_at).toISOString(),
          messageId: r.mail_message_id,
          attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
          error: r.error,
          ticketId: r.ticket_id,
          source: r.source,
          bounce: (r.payload as { bounce?: InboundMailRow['bounce'] } | null)?.bounce ?? null,
        })),
      };
    },
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
