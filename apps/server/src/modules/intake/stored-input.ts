import type { MessageSource } from '../tickets/index.js';

/**
 * A stored raw input (intake's `inbound` row) a customer's message is made of, for the tickets module's
 * customerMessage: claimed and marked processed inside the message's own transaction, so the row and the message are
 * durable together and a replay racing the drain writes nothing twice.
 */
export function storedInput(inboundId: string): MessageSource {
  return {
    async claim(trx) {
      const stored = await trx
        .selectFrom('inbound')
        .select(['state', 'message_id'])
        .where('id', '=', inboundId)
        .forUpdate()
        .executeTakeFirst();
      return stored?.state === 'processed' ? { processedAs: stored.message_id ?? '' } : null;
    },
    async processed(trx, made) {
      await trx
        .updateTable('inbound')
        .set({
          state: 'processed',
          ticket_id: made.ticketId,
          message_id: made.messageId,
          processed_at: made.at,
          error: null,
          next_attempt_at: null,
        })
        .where('id', '=', inboundId)
        .execute();
    },
  };
}
