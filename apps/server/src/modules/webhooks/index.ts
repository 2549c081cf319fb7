// Signed webhooks out (issue 13 point 6, docs/webhooks.md): subscriptions, the listener that queues deliveries in the
// emitting transaction, the worker's delivery loop, the egress guard, and the admins' routes.
export { webhookDelivery, type WebhookDelivery } from './delivery.js';
export { egressGuard, parseCidr, type EgressGuard, type Resolve } from './egress.js';
export { webhookEventsOf, webhookListener } from './listener.js';
export { startWebhookLoop } from './loop.js';
export { webhookRoutes } from './routes.js';
export { signatureHeader, verifySignature } from './signature.js';
export { webhookSubscriptions, type WebhookSubscriptions } from './subscriptions.js';
