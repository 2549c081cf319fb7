import { batched } from '../../db/batched.js';
import { timeOrderedUuid } from '../../db/ids.js';
import type { Db } from '../../db/pool.js';
import { rawKeys, type MailSource, type MailStore, type RawKeys } from '../email/index.js';

/** Mails stored at the same moment (several SMTP sessions, a poller's fetch) share one insert and one commit. */
const STORE_BATCH = 32;

/**
 * The one place a received mail is written (issue 12 point 2): one insert, durable when it returns, before the
 * sender is answered `250` or the IMAP message is moved. The same mail stored twice (an SMTP retry, by SMTP and
 * IMAP, a restarted poller, two sessions at once) meets the (channel, source_id) key and answers the first row's id.
 * Intake's, as `inbound` is; the email module's receiver and poller are handed it as their MailStore.
 */
export function inboundMail(db: Db): MailStore {
  const insert = batched(
    async (mails: { raw: Buffer; source: MailSource; keys: RawKeys }[]): Promise<{ id: string; duplicate: boolean }[]> => {
      const inserted = await db
        .insertInto('inbound')
        .values(
          mails.map(({ raw, source, keys }) => ({
            id: timeOrderedUuid(),
            channel: 'email',
            source_id: keys.sourceId,
            payload: JSON.stringify({ size: raw.length }),
            raw,
            sha256: keys.sha256,
            mail_message_id: keys.messageId,
            thread_root: keys.threadRoot,
            source: JSON.stringify(source),
          })),
        )
        .onConflict((oc) => oc.columns(['channel', 'source_id']).doNothing())
        .returning(['id', 'source_id'])
        .execute();
      const fresh = new Map(inserted.map((r) => [r.source_id, r.id]));
      const missing = [...new Set(mails.map((m) => m.keys.sourceId).filter((k) => !fresh.has(k)))];
      const earlier = missing.length
        ? new Map(
            (
              await db
                .selectFrom('inbound')
                .select(['id', 'source_id'])
                .where('channel', '=', 'email')
                .where('source_id', 'in', missing)
                .execute()
            ).map((r) => [r.source_id, r.id]),
          )
        : new Map<string, string>();
      // Within one batch the same mail twice: the first is the new row, the others its duplicates.
      const answered = new Set<string>();
      return mails.map(({ keys }) => {
        const id = fresh.get(keys.sourceId);
        if (id !== undefined && !answered.has(keys.sourceId)) {
          answered.add(keys.sourceId);
          return { id, duplicate: false };
        }
        const first = id ?? earlier.get(keys.sourceId);
        if (first === undefined) throw new Error('a stored mail vanished');
        return { id: first, duplicate: true };
      });
    },
    { maxBatch: STORE_BATCH, maxInFlight: 4 },
  );
  return {
    async store(raw: Buffer, source: MailSource): Promise<{ id: string; duplicate: boolean }> {
      return insert({ raw, source, keys: rawKeys(raw) });
    },
  };
}
