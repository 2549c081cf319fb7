import type { Db } from '../../db/pool.js';
import { newToken, tokenHash } from './secrets.js';

export interface SessionUserRow {
  session_id: string;
  csrf_token: string;
  last_seen_at: Date;
  user_id: string;
  kind: 'client' | 'staff';
  role: 'agent' | 'admin' | null;
  account_id: string | null;
  email: string;
  name: string;
  locale: 'hr' | 'en';
  totp_enabled: boolean;
}

export function sessionsRepository(db: Db, ttlHours: number) {
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
    findLive(token: string): Promise<SessionUserRow | undefined> {
      return db
        .selectFrom('sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select([
          's.id as session_id', 's.csrf_token', 's.last_seen_at', 'u.id as user_id', 'u.kind', 'u.role',
          'u.account_id', 'u.email', 'u.name', 'u.locale', 'u.totp_enabled',
        ])
        .where('s.token_hash', '=', tokenHash(token))
        .where('s.expires_at', '>', new Date())
        .where('u.disabled_at', 'is', null)
        .executeTakeFirst() as Promise<SessionUserRow | undefined>;
    },

    /** Sliding expiry, written at most every few minutes to keep reads read-only. */
    touch(sessionId: string) {
      return db.updateTable('sessions').set({ last_seen_at: new Date(), expires_at: expiry() }).where('id', '=', sessionId).execute();
    },

    delete(sessionId: string) {
      return db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    },

    deleteAllOf(userId: string) {
      return db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    deleteExpired() {
      return db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute();
    },
  };
}
export type SessionsRepository = ReturnType<typeof sessionsRepository>;
