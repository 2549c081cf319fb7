import { ServedAddress, ServedAddressInput, ServedAddressPatch } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { policies } from '../auth/index.js';
import type { MailAddresses } from '../email/index.js';

export interface MailAddressRoutesOptions {
  addresses: MailAddresses;
}

const IdParams = z.object({ id: z.uuid() });

/** Admins' "Email addresses" (issue 12 point 1): the addresses the SMTP receiver serves, each to a department and purpose. */
export const mailAddressRoutes: FastifyPluginAsyncZod<MailAddressRoutesOptions> = async (app, { addresses }) => {
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  const written = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw taken();
      if (isForeignKeyViolation(err)) throw unknownDepartment();
      throw err;
    }
  };

  app.get(
    '/api/admin/mail-addresses',
    { schema: { tags: ['admin'], response: { 200: z.object({ addresses: z.array(ServedAddress) }) } } },
    async () => ({ addresses: await addresses.list() }),
  );

  app.post(
    '/api/admin/mail-addresses',
    { schema: { tags: ['admin'], body: ServedAddressInput, response: { 201: ServedAddress } } },
    async (req, reply) => reply.code(201).send(await written(() => addresses.create(req.body))),
  );

  app.patch(
    '/api/admin/mail-addresses/:id',
    { schema: { tags: ['admin'], params: IdParams, body: ServedAddressPatch, response: { 200: ServedAddress } } },
    async (req) => {
      const patch = Object.fromEntries(Object.entries(req.body).filter(([, v]) => v !== undefined));
      // Nothing to change: the address as it is (an empty UPDATE is no statement).
      if (Object.keys(patch).length === 0) return (await addresses.list()).find((a) => a.id === req.params.id) ?? notFound();
      return (await written(() => addresses.update(req.params.id, patch))) ?? notFound();
    },
  );

  app.delete('/api/admin/mail-addresses/:id', { schema: { tags: ['admin'], params: IdParams } }, async (req, reply) => {
    if (!(await addresses.remove(req.params.id))) notFound();
    return reply.code(204).send();
  });
};

const notFound = (): never => {
  throw Errors.notFound('mail_address');
};
const taken = () =>
  new AppError('mail_address.taken', text('This address is already served.', 'Ova adresa se već poslužuje.'), [
    { path: 'address', code: 'taken', message: text('This address is already in the list.', 'Ova adresa je već na popisu.') },
  ]);
const unknownDepartment = () =>
  new AppError('department.unknown', text('The department does not exist.', 'Odjel ne postoji.'), [
    { path: 'departmentId', code: 'not_found', message: text('Choose an existing department.', 'Odaberite postojeći odjel.') },
  ]);
