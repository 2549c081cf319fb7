import { z } from 'zod';

/**
 * What an admin may subscribe a URL to (issue 13 point 6; docs/webhooks.md). Each is made from a domain event; later
 * issues add theirs here and in the webhooks module's listener. `ticket.replied` is a public message only (the
 * customer's or an agent's reply): internal notes never leave.
 */
export const WEBHOOK_EVENT_TYPES = ['ticket.created', 'ticket.replied', 'ticket.status_changed', 'sla.warning', 'sla.breached'] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** An admin's test ping, sent on request to one subscription; never subscribed to. */
export const WEBHOOK_PING = 'ping' as const;

/** https://…, or http://… where the server allows it (WEBHOOK_ALLOW_HTTP); the egress guard checks the address. */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => URL.canParse(v) && ['https:', 'http:'].includes(new URL(v).protocol) && !new URL(v).username && !new URL(v).password, {
    message: 'an https:// address without a user name or password',
  });

export const WebhookInput = z.object({
  url: WebhookUrl,
  description: z.string().trim().max(200).default(''),
  eventTypes: z.array(WebhookEventType).min(1),
  active: z.boolean().default(true),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

export const WebhookPatch = z.object({
  url: WebhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: z.array(WebhookEventType).min(1).optional(),
  active: z.boolean().optional(),
});
export type WebhookPatch = z.infer<typeof WebhookPatch>;

/** A subscription as admins see it: never its secret. */
export const Webhook = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  /** Deliveries waiting for a (next) attempt, and those that gave up, in the last week. */
  pending: z.number().int(),
  failed: z.number().int(),
  lastDeliveryAt: z.string().nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The secret, shown once: at creation and at rotation. */
export const WebhookCreated = z.object({ webhook: Webhook, secret: z.string() });
export type WebhookCreated = z.infer<typeof WebhookCreated>;
export const WebhookSecret = z.object({ secret: z.string() });

export const WebhookDeliveryState = z.enum(['queued', 'sending', 'delivered', 'failed']);

export const WebhookAttempt = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  durationMs: z.number().int(),
  /** The start of the receiver's answer, as text, at most 2 KiB. */
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

export const WebhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  createdAt: z.string(),
  state: WebhookDeliveryState,
  attempts: z.number().int(),
  /** When queued: the next attempt. */
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryDetail = WebhookDelivery.extend({ log: z.array(WebhookAttempt) });
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetail>;
