import type { ContactInput, ContactPatch, ContactRole } from '@centrala/contracts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvents } from '../../events/index.js';
import { Errors } from '../../shared/errors.js';
import { endSessionsOf } from '../auth/index.js';
import { accountRefs } from './account-refs.js';
import type { Kind } from './bulk.js';
import { DirectoryErrors } from './errors.js';
import type { ContactRow } from './presenters.js';
import { anyOf, arrayLiteral, disabledAtOf, patched, sameInstant, sameList } from './writes-shared.js';

interface ContactValues {
  id: string;
  account_id: string;
  external_id: string | null;
  name: string;
  email: string;
  locale: 'hr' | 'en';
  roles: ContactRole[];
  can_log_in: boolean;
  disabled_at: Date | string | null;
}

type ContactFields = Omit<ContactInput, 'accountId' | 'accountExternalId'>;
const fieldsOf = (row: ContactRow): ContactFields => ({
  ...(row.external_id !== null && { externalId: row.external_id }),
  name: row.name,
  email: row.email,
  locale: row.locale,
  roles: row.roles,
  canLogIn: row.can_log_in,
  disabled: row.disabled_at !== null,
});

/**
 * Contacts, the client users of an account: matched by id (a patch), by external id, or (a sync that has none, or
 * meets a contact staff made by hand) by their address within the same account. An address is one user's only.
 */
export const contactKind = (events: DomainEvents): Kind<ContactInput, ContactPatch, ContactRow, ContactValues> => ({
  entity: 'contact',

  async prepare(trx, requests) {
    const inputs = requests.map((r) => (r.mode === 'update' ? r.patch : r.input));
    const [rows, accountOf] = await Promise.all([
      trx
        .selectFrom('users')
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
            eb('external_id', '=', anyOf(inputs.map((i) => i.externalId))),
            eb('email', '=', anyOf(inputs.map((i) => i.email))),
          ]),
        )
        .execute(),
      accountRefs(
        trx,
        requests.flatMap((r) => (r.mode === 'update' ? [] : [r.input])),
      ),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const byExternalId = new Map(rows.filter((r) => r.external_id !== null).map((r) => [r.external_id!, r]));
    const byEmail = new Map(rows.map((r) => [r.email, r]));

    return (request, claim) => {
      let before: ContactRow | undefined;
      let accountId: string;
      let fields: ContactFields;
      if (request.mode === 'update') {
        before = byId.get(request.id);
        if (!before || before.kind !== 'client') return { error: Errors.notFound('contact') };
        accountId = before.account_id!;
        fields = patched(fieldsOf(before), request.patch);
      } else {
        const account = accountOf(request.input);
        if ('error' in account) return account;
        accountId = account.id;
        fields = request.input;
        if (request.mode === 'upsert') {
          const sameAddress = byEmail.get(fields.email);
          const unsynced = sameAddress?.kind === 'client' && sameAddress.account_id === accountId && sameAddress.external_id === null;
          before =
            (fields.externalId !== undefined ? byExternalId.get(fields.externalId) : undefined) ?? (unsynced ? sameAddress : undefined);
        }
      }
      if (before && before.account_id !== accountId) return { error: DirectoryErrors.accountFixed('contact') };
      const externalHolder = fields.externalId === undefined ? undefined : byExternalId.get(fields.externalId);
      if (externalHolder && externalHolder.id !== before?.id) return { error: DirectoryErrors.externalIdTaken('contact') };
      const emailHolder = byEmail.get(fields.email);
      if (emailHolder && emailHolder.id !== before?.id) return { error: DirectoryErrors.emailTaken() };
      const id = before?.id ?? randomUUID();
      if (fields.externalId !== undefined && !claim(`external:${fields.externalId}`))
        return { error: DirectoryErrors.externalIdTaken('contact') };
      if (!claim(`email:${fields.email}`) || !claim(`id:${id}`)) return { error: DirectoryErrors.emailTaken() };
      return {
        before: before ?? null,
        values: {
          id,
          account_id: accountId,
          external_id: fields.externalId ?? before?.external_id ?? null,
          name: fields.name,
          email: fields.email,
          locale: fields.locale,
          roles: fields.roles,
          can_log_in: fields.canLogIn,
          disabled_at: disabledAtOf(fields.disabled, before?.disabled_at),
        },
      };
    };
  },

  differs: (b, v) =>
    b.external_id !== v.external_id ||
    b.name !== v.name ||
    b.email !== v.email ||
    b.locale !== v.locale ||
    !sameList(b.roles, v.roles) ||
    b.can_log_in !== v.can_log_in ||
    !sameInstant(b.disabled_at, v.disabled_at),

  async write(trx, values) {
    const col = <K extends keyof ContactValues>(k: K) => values.map((v) => v[k]);
    // A new contact has no password: they set one by reset or arrive through the billing panel's signed link.
    const { rows } = await sql<ContactRow & { inserted: boolean }>`
      insert into users (id, kind, account_id, external_id, name, email, locale, roles, can_log_in, disabled_at)
      select id, 'client', account_id, external_id, name, email, locale, roles::text[], can_log_in, disabled_at
      from unnest(${col('id')}::uuid[], ${col('account_id')}::uuid[], ${col('external_id')}::text[], ${col('name')}::text[],
        ${col('email')}::text[], ${col('locale')}::text[], ${values.map((v) => arrayLiteral(v.roles))}::text[],
        ${col('can_log_in')}::boolean[], ${col('disabled_at')}::timestamptz[])
        as i(id, account_id, external_id, name, email, locale, roles, can_log_in, disabled_at)
      on conflict (id) do update set external_id = excluded.external_id, name = excluded.name, email = excluded.email,
        locale = excluded.locale, roles = excluded.roles, can_log_in = excluded.can_log_in, disabled_at = excluded.disabled_at,
        updated_at = now()
      where users.kind = 'client' and (users.external_id, users.name, users.email, users.locale, users.roles, users.can_log_in, users.disabled_at)
        is distinct from (excluded.external_id, excluded.name, excluded.email, excluded.locale, excluded.roles, excluded.can_log_in, excluded.disabled_at)
      returning users.*, (xmax = 0) as inserted`.execute(trx);
    return rows;
  },

  accountOf: (row) => row.account_id!,
  snapshot: (row) => ({
    externalId: row.external_id,
    name: row.name,
    email: row.email,
    locale: row.locale,
    roles: row.roles,
    canLogIn: row.can_log_in,
    disabledAt: row.disabled_at,
  }),
  disabledAt: (row) => row.disabled_at,

  /** A contact disabled or barred from logging in is logged out at once, on every device. */
  async after(trx, changes) {
    const ended = changes
      .filter(
        ({ before, after }) =>
          before && ((after.disabled_at !== null && before.disabled_at === null) || (before.can_log_in && !after.can_log_in)),
      )
      .map((c) => c.after.id);
    await endSessionsOf(trx, events, ended);
  },

  conflictOf: (constraint) =>
    constraint === 'users_email_key'
      ? DirectoryErrors.emailTaken()
      : constraint === 'users_external_id_key'
        ? DirectoryErrors.externalIdTaken('contact')
        : undefined,
});
