import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppError } from '../../shared/errors.js';
import { DirectoryErrors } from './errors.js';
import { anyOf } from './writes-shared.js';

/** How a contact or a service names its account: by our id or by the billing system's. */
export interface AccountRef {
  accountId?: string | undefined;
  accountExternalId?: string | undefined;
}

/**
 * Resolves a batch's account references in one query; the answer's function gives an item's account id, or the
 * error naming the field that named no account.
 */
export async function accountRefs(trx: Kysely<Database>, refs: AccountRef[]) {
  const rows = await trx
    .selectFrom('accounts')
    .select(['id', 'external_id'])
    .where((eb) =>
      eb.or([
        eb(
          'id',
          '=',
          anyOf(
            refs.map((r) => r.accountId),
            'uuid',
          ),
        ),
        eb('external_id', '=', anyOf(refs.map((r) => r.accountExternalId))),
      ]),
    )
    .execute();
  const ids = new Set(rows.map((r) => r.id));
  const byExternalId = new Map(rows.filter((r) => r.external_id !== null).map((r) => [r.external_id!, r.id]));
  return (ref: AccountRef): { id: string } | { error: AppError } => {
    const id =
      ref.accountId !== undefined ? (ids.has(ref.accountId) ? ref.accountId : undefined) : byExternalId.get(ref.accountExternalId ?? '');
    return id !== undefined
      ? { id }
      : { error: DirectoryErrors.unknownAccount(ref.accountId !== undefined ? 'accountId' : 'accountExternalId') };
  };
}
