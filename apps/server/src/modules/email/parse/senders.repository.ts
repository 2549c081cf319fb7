import { sql } from 'kysely';
import { batched } from '../../../db/batched.js';
import type { Db } from '../../../db/pool.js';
import type { BounceReport } from './classify.js';

export interface BounceMark {
  since: Date;
  lastBounce: BounceReport;
}

export interface AutoReplyCap {
  /** Automatic replies (acknowledgements) one address may get per window. */
  limit: number;
  windowSeconds: number;
}

const DEFAULT_CAP: AutoReplyCap = { limit: 5, windowSeconds: 3600 };

/**
 * Per-address memory of the email channel (issue 12 point 5, table email_senders):
 * hard bounces, shown to agents, and the cap on automatic replies that keeps
 * mail loops and floods from being answered without end.
 */
export function emailSenders(db: Db) {
  const senders = {
    /**
     * Records a bounce against its recipient: a permanent one marks the address as bouncing (kept from its first one).
     * Anyone can send a DSN: call it for bounces of mails we sent (originalMessageId in outbox_emails.message_id).
     */
    async recordBounce(report: BounceReport): Promise<void> {
      const address = normal(report.recipient);
      if (!address) return;
      const json = JSON.stringify(report);
      await db
        .insertInto('email_senders')
        .values({ address, last_bounce: json, bouncing_since: report.permanent ? new Date() : null })
        .onConflict((oc) =>
          oc.column('address').doUpdateSet({
            last_bounce: json,
            bouncing_since: report.permanent
              ? sql<Date>`coalesce(email_senders.bouncing_since, now())`
              : sql<Date | null>`email_senders.bouncing_since`,
          }),
        )
        .execute();
    },

    /** The address works again (mail came from it, an agent cleared it): the bounce mark goes, the last report stays. */
    async clearBounce(address: string): Promise<void> {
      const a = normal(address);
      if (!a) return;
      await db.updateTable('email_senders').set({ bouncing_since: null }).where('address', '=', a).execute();
    },

    /** The bouncing ones among `addresses` (lower-cased keys), for showing beside requesters and recipients. */
    async bouncing(addresses: string[]): Promise<Map<string, BounceMark>> {
      const list = [...new Set(addresses.map(normal).filter((a): a is string => !!a))];
      if (!list.length) return new Map();
      const rows = await db
        .selectFrom('email_senders')
        .select(['address', 'bouncing_since', 'last_bounce'])
        .where('address', 'in', list)
        .where('bouncing_since', 'is not', null)
        .execute();
      return new Map(rows.map((r) => [r.address, { since: new Date(r.bouncing_since!), lastBounce: r.last_bounce as BounceReport }]));
    },

    /**
     * Whether an automatic reply (an acknowledgement) may go to `address` now, counting it if so: at most
     * `cap.limit` per address per window (5 an hour by default), none to a bouncing address. One statement, so two
     * nodes acknowledging at once cannot both take the last one. Callers ask only for mail that autoKind says a
     * person wrote, and send the reply only when this says true. Asks made together with the default cap (a drained
     * batch of mail) share one statement and one commit; the same address asked n times in it counts n, in order.
     */
    async mayAutoReply(address: string, cap: AutoReplyCap = DEFAULT_CAP): Promise<boolean> {
      const a = normal(address);
      if (!a || cap.limit <= 0) return false;
      if (cap === DEFAULT_CAP) return defaultCapAsk(a);
      const [answer] = await count([a], cap);
      return answer!;
    },
  };

  /**
   * Counts one acknowledgement per entry of `addresses` (normalised; repeats allowed) and answers, per entry in order,
   * whether it is within the cap. One upsert per address, in address order (two batches never wait on each other in
   * a cycle): an address asked n times adds n, and its asks took the counts sent-n+1 … sent.
   */
  async function count(addresses: string[], cap: AutoReplyCap): Promise<boolean[]> {
    const asked = new Map<string, number>();
    for (const a of addresses) asked.set(a, (asked.get(a) ?? 0) + 1);
    const list = [...asked.keys()].sort();
    const window = `${Math.max(1, Math.floor(cap.windowSeconds))} seconds`;
    const { rows } = await sql<{ address: string; sent: number; bouncing: boolean }>`
      insert into email_senders as s (address, acknowledgements_sent, window_start)
      select k.address, k.n, now() from unnest(${list}::text[], ${list.map((a) => asked.get(a)!)}::int[]) as k(address, n)
      on conflict (address) do update set
        acknowledgements_sent = case
          when s.window_start is null or s.window_start <= now() - ${window}::interval then excluded.acknowledgements_sent
          else least(s.acknowledgements_sent + excluded.acknowledgements_sent, 1000000) end,
        window_start = case
          when s.window_start is null or s.window_start <= now() - ${window}::interval then now()
          else s.window_start end
      returning address, acknowledgements_sent as sent, bouncing_since is not null as bouncing`.execute(db);
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    const taken = new Map<string, number>();
    return addresses.map((a) => {
      const row = byAddress.get(a)!;
      const k = (taken.get(a) ?? 0) + 1;
      taken.set(a, k);
      return !row.bouncing && row.sent - asked.get(a)! + k <= cap.limit;
    });
  }
  const defaultCapAsk = batched((addresses: string[]) => count(addresses, DEFAULT_CAP), { maxBatch: 64, maxInFlight: 2 });
  return senders;
}

export type EmailSenders = ReturnType<typeof emailSenders>;

function normal(address: string | null | undefined): string | null {
  const a = (address ?? '').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(a) && a.length <= 320 ? a : null;
}
