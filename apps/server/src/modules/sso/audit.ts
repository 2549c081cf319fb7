import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * The sign-in link's rows in the audit log (migration 0026; actions `sign_in` and `refuse` from 0028). Written here
 * until the directory's audit module (w-directory) is merged; then this becomes a call to it.
 */
export interface SsoAuditEntry {
  actor: { kind: 'staff' | 'system'; id: string | null; label: string };
  action: 'sign_in' | 'refuse' | 'update' | 'enable' | 'disable';
  /** The contact the link named, when it is known. */
  contact?: { id: string; accountId: string | null } | undefined;
  before?: unknown;
  after: unknown;
}

/** No contact (a refused link naming none we know; the settings): the row's entity id is the nil UUID. */
const NO_CONTACT = '00000000-0000-0000-0000-000000000000';

export function writeSsoAudit(db: Kysely<Database>, e: SsoAuditEntry): Promise<unknown> {
  return db
    .insertInto('audit_log')
    .values({
      actor_kind: e.actor.kind,
      actor_id: e.actor.id,
      actor_label: e.actor.label,
      entity: 'sso',
      entity_id: e.contact?.id ?? NO_CONTACT,
      account_id: e.contact?.accountId ?? null,
      action: e.action,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: JSON.stringify(e.after),
    })
    .execute();
}
