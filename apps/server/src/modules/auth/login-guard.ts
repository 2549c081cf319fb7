import { isIPv6 } from 'node:net';
import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';

/**
 * Login protection (README, "Login protection"). Failures are counted per
 * (email as typed, client network): five in a row from one network lock that
 * network out of that email for 1, 2, 4 … minutes, at most an hour. Another
 * network is not held back, so nobody can lock the owner out from elsewhere.
 * When an email has drawn many failures in the last hour from all networks
 * together (a distributed guess), each network gets one failure before its
 * lock instead of five: guessing slows down, the owner still gets in from a
 * network that has not failed. Unknown emails are counted like known ones, so
 * a lock says nothing about which addresses exist.
 */
export const FREE_FAILURES = 5;
export const UNDER_ATTACK_FAILURES = 20;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3_600_000;
// 2^6 minutes is past the hour: more doublings only grow a number nobody uses.
const MOST_DOUBLINGS = 6;

/** How long a network is locked out of an email after its `failures`-th failure in a row. */
export function lockMs(failures: number, freeFailures = FREE_FAILURES): number {
  if (failures < freeFailures) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(failures - freeFailures, MOST_DOUBLINGS), LONGEST_LOCK_MS);
}

/**
 * The network a client address stands for: an IPv4 address itself, an IPv6
 * address its /64 (one customer line or host is given a whole /64).
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const full =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill('0'), ...groups(tail)];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export function loginGuard(db: Db) {
  return {
    async isLocked(email: string, client: string): Promise<boolean> {
      const row = await db
        .selectFrom('login_failures')
        .select(sql<boolean>`locked_until > now()`.as('locked'))
        .where('email', '=', email)
        .where('client', '=', clientNetwork(client))
        .executeTakeFirst();
      return row?.locked === true;
    },

    /** Counts a refused attempt (wrong password or code, unknown email, locked, disabled) and locks when due. */
    async recordFailure(email: string, client: string): Promise<void> {
      const network = clientNetwork(client);
      // A network's count starts again after a quiet day; the email's total is its last hour.
      const { rows } = await sql<{ failures: number; recent: number }>`
        with recent as (
          select coalesce(sum(failures), 0)::integer as n from login_failures
          where email = ${email} and last_failed_at > now() - interval '1 hour')
        insert into login_failures as f (email, client, failures, last_failed_at)
        values (${email}, ${network}, 1, now())
        on conflict (email, client) do update set
          failures = case when f.last_failed_at < now() - interval '1 day' then 1 else f.failures + 1 end,
          last_failed_at = now()
        returning failures, (select n from recent) as recent`.execute(db);
      const { failures, recent } = rows[0]!;
      const ms = lockMs(failures, recent >= UNDER_ATTACK_FAILURES ? 1 : FREE_FAILURES);
      if (ms === 0) return;
      await db
        .updateTable('login_failures')
        .set({ locked_until: sql`greatest(locked_until, now() + ${ms} * interval '1 ms')` })
        .where('email', '=', email)
        .where('client', '=', network)
        .execute();
    },

    /** A login that got in clears its own network's count, not the others'. */
    async recordSuccess(email: string, client: string): Promise<void> {
      await db.deleteFrom('login_failures').where('email', '=', email).where('client', '=', clientNetwork(client)).execute();
    },

    /** Forgets networks that have been quiet for a day and are not locked (run by a job). */
    async deleteStale(): Promise<number> {
      const result = await db
        .deleteFrom('login_failures')
        .where('last_failed_at', '<', sql<Date>`now() - interval '1 day'`)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
export type LoginGuard = ReturnType<typeof loginGuard>;
