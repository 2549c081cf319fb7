import type { AccountInput, AccountPatch } from '@centrala/contracts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvents } from '../../events/index.js';
import { Errors } from '../../shared/errors.js';
import { endSessionsOf } from '../auth/index.js';
import type { Kind } from './bulk.js';
import { DirectoryErrors } from './errors.js';
import type { AccountRow } from './presenters.js';
import { anyOf, disabledAtOf, patched, sameInstant } from './writes-shared.js';

interface AccountValues {
  id: string;
  external_id: string | null;
  name: string;
  email: string;
  disabled_at: Date | string | null;
}

const inputOf = (row: AccountRow): AccountInput => ({
  ...(row.external_id !== null && { externalId: row.external_id }),
  name: row.name,
  email: row.email,
  disabled: row.disabled_at !== null,
});

/** Accounts: matched by id (a patch) or external id; one without an external id is always a new account. */
export const accountKind = (events: DomainEvents): Kind<AccountInput, AccountPatch, AccountRow, AccountValues> => ({
  entity: 'account',

  async prepare(trx, requests) {
    const rows = await trx
      .selectFrom('accounts')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb(
            'id',
            '=',
            anyOf(
              requests.map((r) => (r.mode === 'update' ? r.id : undefined)),
              'uuid',
            ),
          ),
          eb('external_id', '=', anyOf(requests.map((r) => (r.mode === 'update' ? r.patch.externalId : r.input.externalId)))),
        ]),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byExternalId = new Map(rows.filter((r) => r.external_id !== null).map((r) => [r.external_id!, r]));

    return (request, claim) => {
      const before =
        request.mode === 'update'
          ? byId.get(request.id)
          : request.input.externalId
            ? byExternalId.get(request.input.externalId)
            : undefined;
      if (request.mode === 'update' && !before) return { error: Errors.notFound('account') };
      if (request.mode === 'create' && before) return { error: DirectoryErrors.externalIdTaken('account') };
      const input = request.mode === 'update' ? patched(inputOf(before!), request.patch) : request.input;
      const holder = input.externalId === undefined ? undefined : byExternalId.get(input.externalId);
      if (holder && holder.id !== before?.id) return { error: DirectoryErrors.externalIdTaken('account') };
      if (input.externalId !== undefined && !claim(`external:${input.externalId}`))
        return { error: DirectoryErrors.externalIdTaken('account') };
      const id = before?.id ?? randomUUID();
      if (!claim(`id:${id}`)) return { error: DirectoryErrors.externalIdTaken('account') };
      return {
        before: before ?? null,
        values: {
          id,
          external_id: input.externalId ?? null,
          name: input.name,
          email: input.email,
          disabled_at: disabledAtOf(input.disabled, before?.disabled_at),
        },
      };
    };
  },

  differs: (before, v) =>
    before.external_id !== v.external_id ||
    before.name !== v.name ||
    before.email !== v.email ||
    !sameInstant(before.disabled_at, v.disabled_at),

  async write(trx, values) {
    const col = <K extends keyof AccountValues>(k: K) => values.map((v) => v[k]);
    const { rows } = await sql<AccountRow & { inserted: boolean }>`
      insert into accounts (id, external_id, name, email, disabled_at)
      select * from unnest(${col('id')}::uuid[], ${col('external_id')}::text[], ${col('name')}::text[], ${col('email')}::text[],
        ${col('disabled_at')}::timestamptz[])
      on conflict (id) do update set external_id = excluded.external_id, name = excluded.name, email = excluded.email,
        disabled_at = excluded.disabled_at, updated_at = now()
      where (accounts.external_id, accounts.name, accounts.email, accounts.disabled_at)
        is distinct from (excluded.external_id, excluded.name, excluded.email, excluded.disabled_at)
      returning accounts.*, (xmax = 0) as inserted`.execute(trx);
    return rows;
  },

  accountOf: (row) => row.id,
  snapshot: (row) => ({ externalId: row.external_id, name: row.name, email: row.email, disabledAt: row.disabled_at }),
  disabledAt: (row) => row.disabled_at,

  /** A disabled account's people cannot log in: their sessions end now, their live sockets close (tickets stay). */
  async after(trx, changes) {
    const disabled = changes
      .filter((c) => c.after.disabled_at !== null && (c.before === null || c.before.disabled_at === null))
      .map((c) => c.after.id);
    if (disabled.length === 0) return;
    const people = await trx.selectFrom('users').select('id').where('account_id', '=', anyOf(disabled, 'uuid')).execute();
    await endSessionsOf(
      trx,
      events,
      people.map((p) => p.id),
    );
  },

  conflictOf: (constraint) => (constraint === 'accounts_external_id_key' ? DirectoryErrors.externalIdTaken('account') : undefined),
});
