import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiScope, ApiToken } from '@centrala/contracts';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { ApiTokensTable } from '../../db/schema.js';
import { newToken, tokenHash } from './secrets.js';

// `ctr_<prefix>_<secret>`: the prefix finds the row, the secret is only hashed.
const TOKEN_PATTERN = /^ctr_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export function apiTokens(db: Db) {
  return {
    async create(input: { name: string; scopes: ApiScope[]; createdBy: string }): Promise<{ token: ApiToken; secret: string }> {
      const prefix = randomBytes(8).toString('hex').slice(0, 10);
      const secret = `ctr_${prefix}_${newToken()}`;
      const row = await db
        .insertInto('api_tokens')
        .values({ name: input.name, prefix, token_hash: tokenHash(secret), scopes: input.scopes, created_by: input.createdBy })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { token: present(row), secret };
    },

    async list(): Promise<ApiToken[]> {
      return (await db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute()).map(present);
    },

    async revoke(id: string): Promise<boolean> {
      const r = await db
        .updateTable('api_tokens')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    },

    /** The token's id, name and scopes if the bearer secret is live, else undefined. */
    async verify(secret: string): Promise<{ id: string; name: string; scopes: ApiScope[] } | undefined> {
      const match = TOKEN_PATTERN.exec(secret);
      if (!match) return undefined;
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('prefix', '=', match[1]!)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row || !timingSafeEqual(row.token_hash, tokenHash(secret))) return undefined;
      await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
      return { id: row.id, name: row.name, scopes: row.scopes as ApiScope[] };
    },
  };
}
export type ApiTokens = ReturnType<typeof apiTokens>;

function present(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: `ctr_${row.prefix}`,
    scopes: row.scopes as ApiScope[],
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
