import { NewTicket, TicketDetail } from '@centrala/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdempotencyHeaders, keyedRequest, type IdempotencyKeys } from '../idempotency/index.js';
import { perAccount } from '../auth/index.js';
import { formAsked, presentDetail, ticketPolicies, withTicketForm, type AttachmentStore, type TicketDetailRow } from '../tickets/index.js';
import { clientAreaSubmission } from './client-area.js';
import type { IntakePipeline } from './pipeline.js';

export interface IntakeRoutesOptions {
  intake: IntakePipeline;
  store: AttachmentStore;
  idempotency: IdempotencyKeys;
  limits: { maxBytes: number; maxFiles: number };
  /** Per account (a customer) or per staff user, per minute; 0 = no limit. */
  ticketsPerMinute: number;
}

/**
 * The channels' doors into the pipeline that are HTTP routes: today the
 * client-area form (R1–R8). Each fills a Submission and hands it to intake;
 * the tickets module writes and presents the ticket.
 */
export const intakeRoutes: FastifyPluginAsyncZod<IntakeRoutesOptions> = async (app, o) => {
  const formLimits = { ...o.limits, store: o.store };

  app.post(
    '/api/client/tickets',
    {
      schema: {
        tags: ['client'],
        consumes: ['multipart/form-data'],
        form: NewTicket,
        headers: IdempotencyHeaders,
        response: { 201: TicketDetail },
      },
      config: perAccount(o.ticketsPerMinute),
    },
    async (req, reply) => {
      const { me } = ticketPolicies.customer(req);
      const detail = await withTicketForm(req, NewTicket, formLimits, async (form) => {
        const keyed = keyedRequest(req, me, formAsked(form));
        return o.idempotency.once(
          keyed,
          async () => {
            const created = await o.intake.submit(
              clientAreaSubmission({ userId: me.user.id, accountId: me.accountId, form: form.payload, files: form.files, keyed }),
            );
            return created.detail;
          },
          (first) => first.result as TicketDetailRow,
        );
      });
      // Built from what intake wrote: reading it back cost as much as the write.
      return reply.code(201).send(presentDetail(detail, 'customer'));
    },
  );
};
