import { sql, type Kysely } from 'kysely';
import { batched } from '../../db/batched.js';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import type { DomainEvents } from '../../events/index.js';
import { newToken, tokenHash } from './secrets.js';

export interface SessionUserRow {
  session_id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  user_id: string;
  kind: 'client' | 'staff';
  role: 'agent' | 'admin' | null;
  account_id: string | null;
  email: string;
  name: string;
  locale: 'hr' | 'en';
  totp_enabled: boolean;
  must_change_password: boolean;
}

/** Why a cookie's session is over when the answer is worth telling its browser. */
export type SessionEndedReason = 'account_disabled';

/**
 * Ends every session of these users, in the caller's transaction (a contact disabled or barred from logging in, their
 * account disabled): marked rather than deleted, so a browser still holding one is told why; their live sockets are
 * closed on commit.
 */
export async function endSessionsOf(trx: Kysely<Database>, events: DomainEvents, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await trx
    .updateTable('sessions')
    .set({ ended_reason: 'account_disabled' })
    .where('user_id', '=', sql<string>`any(${userIds}::uuid[])`)
    .where('ended_reason', 'is', null)
    .execute();
  await events.emit(
    trx,
    userIds.map((userId) => ({ type: 'user.changed', userId })),
  );
}

export function sessionsRepository(db: Db, ttlHours: number, events: DomainEvents) {
  const expiry = () => new Date(Date.now() + ttlHours * 3_600_000);
  return {
    /** Returns the cookie value; only its hash is stored. */
    async create(userId: string, meta: { ip: string; userAgent: string | undefined }): Promise<{ token: string; csrfToken: string }> {
      const token = newToken();
      const csrfToken = newToken();
      await db
        .insertInto('sessions')
        .values({
          token_hash: tokenHash(token),
          user_id: userId,
          csrf_token: csrfToken,
          expires_at: expiry(),
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      return { token, csrfToken };
    },

    /** The live session behind a cookie, with its user; disabled users have none. */
    findLive: batched(
      async (tokens: string[]): Promise<(SessionUserRow | undefined)[]> => {
        const hashes = tokens.map(tokenHash);
        const rows = (await db
          .selectFrom('sessions as s')
          .innerJoin('users as u', 'u.id', 's.user_id')
          .select([
            's.token_hash',
            's.id as session_id',
            's.csrf_token',
            's.last_seen_at',
            's.expires_at',
            'u.id as user_id',
            'u.kind',
            'u.role',
            'u.account_id',
            'u.email',
            'u.name',
            'u.locale',
            'u.totp_enabled',
            'u.must_change_password',
          ])
          .where('s.token_hash', '=', sql<Buffer>`any(${hashes}::bytea[])`)
          .where('s.expires_at', '>', new Date())
          .where('s.ended_reason', 'is', null)
          .where('u.disabled_at', 'is', null)
          .execute()) as (SessionUserRow & { token_hash: Buffer })[];
        return hashes.map((h) => rows.find((r) => r.token_hash.equals(h)));
      },
      // Every API request looks its session up: concurrent ones share the round trip.
      { maxBatch: 100, maxInFlight: 4 },
    ),

    /** Why the session behind a cookie that is no longer live ended, when it was kept to say so (a disabled user's). */
    async endedReason(token: string): Promise<SessionEndedReason | undefined> {
      const row = await db
        .selectFrom('sessions')
        .select('ended_reason')
        .where('token_hash', '=', tokenHash(token))
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      return row?.ended_reason ?? undefined;
    },

    /** Sliding expiry, written at most every few minutes to keep reads read-only. */
    touch(sessionId: string) {
      return db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: expiry() }).where('id', '=', sessionId).execute();
    },

    // Ending sessions tells the realtime gateway, which closes the sockets they opened (in the same transaction: only once they are gone).
    async delete(sessionId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const ended = await trx.deleteFrom('sessions').where('id', '=', sessionId).returning('user_id').executeTakeFirst();
        if (ended) await events.emit(trx, [{ type: 'user.changed', userId: ended.user_id }]);
      });
    },

    async deleteAllOf(userId: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await events.emit(trx, [{ type: 'user.changed', userId }]);
      });
    },

    deleteExpired() {
      return db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
    },
  };
}
export type SessionsRepository = ReturnType<typeof sessionsRepository>;
