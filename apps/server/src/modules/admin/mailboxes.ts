import { Mailbox, MailboxInput, MailboxPatch, MailboxTestResult } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isForeignKeyViolation } from '../../db/errors.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { policies } from '../auth/index.js';
import { ImapProblem, probeMailbox, problemMessage, type MailboxesRepository } from '../email/index.js';

export interface MailboxRoutesOptions {
  mailboxes: MailboxesRepository;
}

const IdParams = z.object({ id: z.uuid() });

/**
 * Admins' IMAP mailboxes (issue 12 point 1b): list with each one's last fetch,
 * backlog and last error; add, edit, remove; test a connection. The password
 * is write-only.
 */
export const mailboxRoutes: FastifyPluginAsyncZod<MailboxRoutesOptions> = async (app, { mailboxes }) => {
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });

  app.get(
    '/api/admin/mailboxes',
    { schema: { tags: ['admin'], response: { 200: z.object({ mailboxes: z.array(Mailbox) }) } } },
    async () => ({ mailboxes: await mailboxes.list() }),
  );

  app.post('/api/admin/mailboxes', { schema: { tags: ['admin'], body: MailboxInput, response: { 201: Mailbox } } }, async (req, reply) => {
    try {
      return reply.code(201).send(await mailboxes.create(req.body));
    } catch (err) {
      if (isForeignKeyViolation(err)) throw unknownDepartment();
      throw err;
    }
  });

  app.get(
    '/api/admin/mailboxes/:id',
    { schema: { tags: ['admin'], params: IdParams, response: { 200: Mailbox } } },
    async (req) => (await mailboxes.get(req.params.id)) ?? notFound(),
  );

  app.patch(
    '/api/admin/mailboxes/:id',
    { schema: { tags: ['admin'], params: IdParams, body: MailboxPatch, response: { 200: Mailbox } } },
    async (req) => {
      try {
        return (await mailboxes.update(req.params.id, req.body)) ?? notFound();
      } catch (err) {
        if (isForeignKeyViolation(err)) throw unknownDepartment();
        throw err;
      }
    },
  );

  app.delete('/api/admin/mailboxes/:id', { schema: { tags: ['admin'], params: IdParams } }, async (req, reply) => {
    if (!(await mailboxes.remove(req.params.id))) notFound();
    return reply.code(204).send();
  });

  // Before saving: the same test on the settings in the form.
  app.post(
    '/api/admin/mailboxes/test',
    { schema: { tags: ['admin'], body: MailboxInput, response: { 200: MailboxTestResult } } },
    async (req) => ({ ok: true as const, ...(await probe(req.body, req.body.password)) }),
  );

  app.post(
    '/api/admin/mailboxes/:id/test',
    { schema: { tags: ['admin'], params: IdParams, response: { 200: MailboxTestResult } } },
    async (req) => {
      let creds;
      try {
        creds = await mailboxes.credentials(req.params.id);
      } catch {
        throw new AppError('mailbox.auth_failed', problemMessage('mailbox.password_unreadable'));
      }
      if (!creds) notFound();
      return { ok: true as const, ...(await probe(creds.row, creds.password)) };
    },
  );
};

/** A connection test; a failure is an API error saying what failed, in hr and en. */
async function probe(server: Parameters<typeof probeMailbox>[0], password: string) {
  try {
    return await probeMailbox(server, password);
  } catch (err) {
    if (!(err instanceof ImapProblem)) throw err;
    const code =
      err.code === 'mailbox.move_failed' || err.code === 'mailbox.store_failed' || err.code === 'mailbox.password_unreadable'
        ? 'mailbox.connection_failed'
        : err.code;
    const message = problemMessage(err.code);
    throw new AppError(code, err.detail ? { en: `${message.en} (${err.detail})`, hr: `${message.hr} (${err.detail})` } : message);
  }
}

function notFound(): never {
  throw Errors.notFound('mailbox');
}

const unknownDepartment = () =>
  new AppError('department.unknown', text('No such department.', 'Nema takvog odjela.'), [
    { path: 'departmentId', code: 'not_found', message: text('Choose an existing department.', 'Odaberite postojeći odjel.') },
  ]);
