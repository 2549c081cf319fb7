import type { AuditAction, AuditActor, AuditEntity, AuditEntry, AuditPage } from '@centrala/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { AuditLogTable, Database } from '../../db/schema.js';

/** One change, as its writer records it in the transaction that made it. */
export interface AuditRecord {
  entity: AuditEntity;
  entityId: string;
  /** The account it belongs to, so the account's page shows its history; null when none. */
  accountId: string | null;
  action: AuditAction;
  before: object | null;
  after: object | null;
}

/** Which history to read: an account's (its own and its contacts' and services'), or one record's. */
export type AuditScope = { accountId: string } | { entity: AuditEntity; entityId: string };

const PAGE = 50;
// A bulk write of 1000 records is one insert; 9 parameters a row stays well under PostgreSQL's 65,535.
const ROWS_PER_INSERT = 1000;

/**
 * The audit log (issue 13): who changed what, when, before and after. Writers call `record` inside the transaction
 * of their change, so an entry exists exactly when its change does.
 */
export function auditLog(db: Db) {
  return {
    async record(trx: Kysely<Database>, actor: AuditActor, records: AuditRecord[]): Promise<void> {
      for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
        await trx
          .insertInto('audit_log')
          .values(
            records.slice(i, i + ROWS_PER_INSERT).map((r) => ({
              actor_kind: actor.kind,
              actor_id: actor.id,
              actor_label: actor.label,
              entity: r.entity,
              entity_id: r.entityId,
              account_id: r.accountId,
              action: r.action,
              before: r.before === null ? null : JSON.stringify(r.before),
              after: r.after === null ? null : JSON.stringify(r.after),
            })),
          )
          .execute();
      }
    },

    /** Newest first, a page at a time; `cursor` is the last id of the page before. */
    async list(scope: AuditScope, cursor?: string, limit = PAGE): Promise<AuditPage> {
      let q = db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit + 1);
      q =
        'accountId' in scope
          ? q.where('account_id', '=', scope.accountId)
          : q.where('entity', '=', scope.entity).where('entity_id', '=', scope.entityId);
      if (cursor) q = q.where('id', '<', cursor);
      const rows = await q.execute();
      const entries = rows.slice(0, limit).map(present);
      return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
    },
  };
}
export type AuditLog = ReturnType<typeof auditLog>;

function present(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actor: { kind: row.actor_kind, id: row.actor_id, label: row.actor_label },
    entity: row.entity,
    entityId: row.entity_id,
    accountId: row.account_id,
    action: row.action,
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
  };
}
