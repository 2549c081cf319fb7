import { InboundMailRow, InboundReplayed, MailAddressEntry, MailAddressInput, MailAddressPatch } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/pool.js';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { policies } from '../auth/index.js';
import type { MailAddresses } from '../email/index.js';
import type { EmailIntake } from '../intake/index.js';

export interface MailAdminRoutesOptions {
  db: Db;
  addresses: MailAddresses;
  inbound: EmailIntake;
}

const IdParams = z.object({ id: z.uuid() });

/** Admins' mail-in screens (issue 12 points 1 and 2): the addresses served, and stored mail with its processing state. */
export const mailAdminRoutes: FastifyPluginAsyncZod<MailAdminRoutesOptions> = async (app, { db, addresses, inbound }) => {
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  app.get(
    '/api/admin/mail-addresses',
    { schema: { tags: ['admin'], response: { 200: z.object({ addresses: z.array(MailAddressEntry) }) } } },
    async () => ({ addresses: await addresses.list() }),
  );

  app.post(
    '/api/admin/mail-addresses',
    { schema: { tags: ['admin'], body: MailAddressInput, response: { 201: MailAddressEntry } } },
    async (req, reply) => reply.code(201).send(await refusingClashes(() => addresses.create(req.body))),
  );

  app.patch(
    '/api/admin/mail-addresses/:id',
    { schema: { tags: ['admin'], params: IdParams, body: MailAddressPatch, response: { 200: MailAddressEntry } } },
    async (req) => {
      const row = await refusingClashes(() => addresses.update(req.params.id, req.body));
      if (!row) throw Errors.notFound('mail_address');
      return row;
    },
  );

  app.delete(
    '/api/admin/mail-addresses/:id',
    { schema: { tags: ['admin'], params: IdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      if (!(await addresses.remove(req.params.id))) throw Errors.notFound('mail_address');
      return reply.code(204).send(null);
    },
  );

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
        .select(['id', 'state', 'received_at', 'mail_message_id', 'attempts', 'next_attempt_at', 'error', 'ticket_id', 'source'])
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

async function refusingClashes<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('mail_address.taken', text('This address is already served.', 'Ova adresa se već poslužuje.'), [
        { path: 'address', code: 'taken', message: text('This address is already in use.', 'Ova adresa se već koristi.') },
      ]);
    if (isForeignKeyViolation(err))
      throw new AppError('department.unknown', text('The department does not exist.', 'Odjel ne postoji.'), [
        { path: 'departmentId', code: 'not_found', message: text('Choose an existing department.', 'Odaberite postojeći odjel.') },
      ]);
    throw err;
  }
}
