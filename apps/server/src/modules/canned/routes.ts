import {
  CANNED_PLACEHOLDERS,
  CannedResponse,
  CannedResponseInput,
  fillPlaceholders,
  Signature,
  TicketCannedResponses,
  unknownPlaceholders,
  type Locale,
} from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { policies, type UsersRepository } from '../auth/index.js';
import type { TicketQueries } from '../tickets/index.js';
import { cannedAccess, type CannedRepository, type Viewer } from './repository.js';

export interface CannedRoutesOptions {
  canned: CannedRepository;
  tickets: TicketQueries;
  users: UsersRepository;
}

const IdParams = z.object({ id: z.uuid() });
const RefParams = z.object({ reference: z.string().max(20) });
const known = CANNED_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');

/** Refuses a body whose placeholders could not be filled: the customer would get them as typed. */
function checkPlaceholders(body: string) {
  const unknown = unknownPlaceholders(body).join(', ');
  if (unknown === '') return;
  const message = text(
    `Unknown placeholder: ${unknown}. Use only ${known}.`,
    `Nepoznato polje za umetanje: ${unknown}. Koristite samo ${known}.`,
  );
  throw new AppError('canned.unknown_placeholder', message, [{ path: 'body', code: 'unknown_placeholder', message }]);
}

const notEditable = () =>
  new AppError(
    'canned.not_editable',
    text(
      'Only its author or an admin may change a shared response.',
      'Zajednički odgovor smiju mijenjati samo njegov autor i administratori.',
    ),
  );

/** Staff only: a customer is refused before anything is read (403), and nobody reaches another's personal response (404). */
export const cannedRoutes: FastifyPluginAsyncZod<CannedRoutesOptions> = async (app, { canned, tickets, users }) => {
  const viewerOf = (req: Parameters<typeof policies.staff>[0]): Viewer => {
    const { user } = policies.staff(req);
    return { id: user.id, role: user.role ?? 'agent', name: user.name };
  };
  const notFound = () => Errors.notFound('canned_response');

  app.get(
    '/api/agent/canned-responses',
    { schema: { tags: ['agent'], response: { 200: z.object({ responses: z.array(CannedResponse) }) } } },
    async (req) => ({ responses: await canned.visibleTo(viewerOf(req)) }),
  );

  app.post(
    '/api/agent/canned-responses',
    { schema: { tags: ['agent'], body: CannedResponseInput, response: { 201: CannedResponse } } },
    async (req, reply) => {
      const viewer = viewerOf(req);
      checkPlaceholders(req.body.body);
      return reply.code(201).send(await canned.create(req.body, viewer));
    },
  );

  app.put(
    '/api/agent/canned-responses/:id',
    { schema: { tags: ['agent'], params: IdParams, body: CannedResponseInput, response: { 200: CannedResponse } } },
    async (req) => {
      const viewer = viewerOf(req);
      const row = await canned.find(req.params.id, viewer);
      if (!row) throw notFound();
      if (!cannedAccess.edits(row, viewer)) throw notEditable();
      checkPlaceholders(req.body.body);
      return canned.update(row, req.body, viewer);
    },
  );

  app.delete('/api/agent/canned-responses/:id', { schema: { tags: ['agent'], params: IdParams } }, async (req, reply) => {
    const viewer = viewerOf(req);
    const row = await canned.find(req.params.id, viewer);
    if (!row) throw notFound();
    if (!cannedAccess.edits(row, viewer)) throw notEditable();
    await canned.remove(row.id);
    return reply.code(204).send();
  });

  // The reply box's picker: each response filled in for this ticket, in the customer's language first.
  app.get(
    '/api/agent/tickets/:reference/canned-responses',
    { schema: { tags: ['agent'], params: RefParams, response: { 200: TicketCannedResponses } } },
    async (req) => {
      const viewer = viewerOf(req);
      const ticket = await tickets.find(req.params.reference);
      if (!ticket) throw Errors.notFound('ticket');
      const requester = ticket.requester_id ? await users.findById(ticket.requester_id) : undefined;
      const customerName = requester?.name ?? (await tickets.summary(ticket.id))?.accountName ?? '';
      const language: Locale = requester?.locale ?? 'hr';
      const values = { 'customer.name': customerName, 'ticket.reference': ticket.reference, 'agent.name': viewer.name };
      const responses = (await canned.visibleTo(viewer))
        .map((response) => ({ ...response, filled: fillPlaceholders(response.body, values) }))
        // Stable: within each language the titles keep their order.
        .sort((a, b) => Number(b.locale === language) - Number(a.locale === language));
      return { language, responses };
    },
  );

  app.get('/api/agent/signature', { schema: { tags: ['agent'], response: { 200: Signature } } }, async (req) => ({
    signature: await canned.signatureOf(viewerOf(req).id),
  }));

  app.put('/api/agent/signature', { schema: { tags: ['agent'], body: Signature, response: { 200: Signature } } }, async (req) => {
    const viewer = viewerOf(req);
    await canned.setSignature(viewer.id, req.body.signature);
    return { signature: req.body.signature };
  });
};
