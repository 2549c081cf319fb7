import { sql } from 'kysely';
import type { Db } from '../../db/pool.js';
import { isUuid } from '../../db/ids.js';

/**
 * Which of the named accounts exist, by the billing system's id or by ours: an import's dry run asks before it
 * lets a contact or a service name an account. Ids that are not UUIDs are simply unknown.
 * One array parameter each, so a file naming 100,000 accounts is still one query.
 */
export function knownAccounts(db: Db) {
  return async ({ externalIds, ids }: { externalIds: string[]; ids: string[] }) => {
    const uuids = ids.filter((id) => isUuid(id));
    const [byExternal, byId] = await Promise.all([
      externalIds.length
        ? db
            .selectFrom('accounts')
            .select('external_id')
            .where(sql<boolean>`external_id = any(${externalIds}::text[])`)
            .execute()
        : Promise.resolve([]),
      uuids.length
        ? db
            .selectFrom('accounts')
            .select('id')
            .where(sql<boolean>`id = any(${uuids}::uuid[])`)
            .execute()
        : Promise.resolve([]),
    ]);
    return {
      externalIds: new Set(byExternal.map((r) => r.external_id!)),
      ids: new Set(byId.map((r) => r.id)),
    };
  };
}
