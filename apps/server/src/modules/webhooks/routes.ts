import {
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryDetail,
  WebhookInput,
  WebhookPatch,
  WebhookSecret,
} from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Errors } from '../../shared/errors.js';
import { policies } from '../auth/index.js';
import type { Actor, WebhookSubscriptions } from './subscriptions.js';

export interface WebhookRoutesOptions {
  subscriptions: WebhookSubscriptions;
}

const IdParams = z.object({ id: z.uuid() });
const DeliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
const tags = ['admin', 'webhooks'];

/** The admin who asks, as the audit log names them. */
const admin = (req: FastifyRequest): Actor => {
  const me = policies.staff(req, 'admin');
  return { kind: 'staff', id: me.user.id, label: me.user.email };
};

/** Admins' webhooks (issue 13 point 6, docs/webhooks.md): subscriptions, their deliveries' log, resend, test ping. */
export const webhookRoutes: FastifyPluginAsyncZod<WebhookRoutesOptions> = async (app, { subscriptions }) => {
  app.addHook('preHandler', async (req) => {
    policies.staff(req, 'admin');
  });
  const found = async <T>(value: Promise<T | null>, what: 'webhook' | 'webhook_delivery' = 'webhook'): Promise<T> => {
    const v = await value;
    if (v === null) throw Errors.notFound(what);
    return v;
  };

  app.get('/api/admin/webhooks', { schema: { tags, response: { 200: z.object({ webhooks: z.array(Webhook) }) } } }, async () => ({
    webhooks: await subscriptions.list(),
  }));

  app.post('/api/admin/webhooks', { schema: { tags, body: WebhookInput, response: { 201: WebhookCreated } } }, async (req, reply) =>
    reply.code(201).send(await subscriptions.create(req.body, admin(req))),
  );

  app.get('/api/admin/webhooks/:id', { schema: { tags, params: IdParams, response: { 200: Webhook } } }, async (req) =>
    found(subscriptions.get(req.params.id)),
  );

  app.patch(
    '/api/admin/webhooks/:id',
    { schema: { tags, params: IdParams, body: WebhookPatch, response: { 200: Webhook } } },
    async (req) => found(subscriptions.update(req.params.id, req.body, admin(req))),
  );

  app.delete('/api/admin/webhooks/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
    if (!(await subscriptions.remove(req.params.id, admin(req)))) throw Errors.notFound('webhook');
    return reply.code(204).send();
  });

  app.post(
    '/api/admin/webhooks/:id/rotate-secret',
    { schema: { tags, params: IdParams, response: { 200: WebhookSecret } } },
    async (req) => ({
      secret: await found(subscriptions.rotate(req.params.id, admin(req))),
    }),
  );

  app.post(
    '/api/admin/webhooks/:id/ping',
    { schema: { tags, params: IdParams, response: { 202: z.object({ deliveryId: z.uuid() }) } } },
    async (req, reply) => reply.code(202).send({ deliveryId: await found(subscriptions.ping(req.params.id)) }),
  );

  app.get(
    '/api/admin/webhooks/:id/deliveries',
    { schema: { tags, params: IdParams, response: { 200: z.object({ deliveries: z.array(WebhookDelivery) }) } } },
    async (req) => {
      await found(subscriptions.get(req.params.id));
      return { deliveries: await subscriptions.deliveries(req.params.id) };
    },
  );

  app.get(
    '/api/admin/webhooks/:id/deliveries/:deliveryId',
    { schema: { tags, params: DeliveryParams, response: { 200: WebhookDeliveryDetail } } },
    async (req) => found(subscriptions.delivery(req.params.id, req.params.deliveryId), 'webhook_delivery'),
  );

  app.post('/api/admin/webhooks/:id/deliveries/:deliveryId/resend', { schema: { tags, params: DeliveryParams } }, async (req, reply) => {
    if (!(await subscriptions.resend(req.params.id, req.params.deliveryId))) throw Errors.notFound('webhook_delivery');
    return reply.code(202).send();
  });
};
