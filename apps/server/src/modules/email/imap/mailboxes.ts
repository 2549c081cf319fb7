import type { Mailbox, MailboxInput, MailboxPatch } from '@centrala/contracts';
import type { Selectable, Updateable } from 'kysely';
import type { Db } from '../../../db/pool.js';
import type { MailboxesTable } from '../../../db/schema.js';
import type { MailSeal } from '../seal.js';
import { problemOf } from './problems.js';

export type MailboxRow = Selectable<MailboxesTable>;

/** What the poller needs to log in: the row with its password opened. Never logged, never sent. */
export interface MailboxCredentials {
  row: MailboxRow;
  password: string;
}

/**
 * The mailboxes table (migration 0020): admins' edits, and the poller's
 * bookkeeping (UIDVALIDITY, last UID, last fetch, backlog, last error).
 * Passwords go in sealed with the server's key and come out only to the poller.
 */
export function mailboxesRepository(db: Db, seal: MailSeal) {
  return {
    async list(): Promise<Mailbox[]> {
      const rows = await db.selectFrom('mailboxes').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toApi);
    },

    async get(id: string): Promise<Mailbox | undefined> {
      const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApi(row);
    },

    /** The department a mailbox's mail is routed to (intake's email drain); null for no such mailbox, or none set. */
    async departmentOf(id: string): Promise<string | null> {
      const row = await db.selectFrom('mailboxes').select('department_id').where('id', '=', id).executeTakeFirst();
      return row?.department_id ?? null;
    },

    async create(input: MailboxInput): Promise<Mailbox> {
      const row = await db
        .insertInto('mailboxes')
        .values({
          name: input.name,
          host: input.host,
          port: input.port,
          tls: input.tls,
          username: input.username,
          password_sealed: seal.seal(input.password),
          folder: input.folder,
          processed_folder: input.processedFolder,
          department_id: input.departmentId,
          enabled: input.enabled,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toApi(row);
    },

    async update(id: string, patch: MailboxPatch): Promise<Mailbox | undefined> {
      const set: Updateable<MailboxesTable> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.host !== undefined) set.host = patch.host;
      if (patch.port !== undefined) set.port = patch.port;
      if (patch.tls !== undefined) set.tls = patch.tls;
      if (patch.username !== undefined) set.username = patch.username;
      if (patch.password !== undefined) set.password_sealed = seal.seal(patch.password);
      if (patch.processedFolder !== undefined) set.processed_folder = patch.processedFolder;
      if (patch.departmentId !== undefined) set.department_id = patch.departmentId;
      if (patch.enabled !== undefined) set.enabled = patch.enabled;
      if (patch.folder !== undefined) {
        set.folder = patch.folder;
        // Another folder has UIDs of its own: start it from its beginning (stored messages are recognised again).
        set.uid_validity = null;
        set.last_uid = null;
        set.backlog = null;
      }
      if (!Object.keys(set).length) return this.get(id);
      const row = await db.updateTable('mailboxes').set(set).where('id', '=', id).returningAll().executeTakeFirst();
      return row && toApi(row);
    },

    async remove(id: string): Promise<boolean> {
      const res = await db.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    /** The row with its password opened, for the poller and the connection test; throws when the key cannot open it. */
    async credentials(id: string): Promise<MailboxCredentials | undefined> {
      const row = await db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { row, password: seal.open(row.password_sealed) };
    },

    /** Ids of the mailboxes to poll. */
    async enabledIds(): Promise<string[]> {
      return (await db.selectFrom('mailboxes').select('id').where('enabled', '=', true).execute()).map((r) => r.id);
    },

    /** A folder's UIDVALIDITY seen: a new one (or the first) starts the folder over from UID 0. */
    async noteUidValidity(id: string, uidValidity: string): Promise<void> {
      await db
        .updateTable('mailboxes')
        .set({ uid_validity: uidValidity, last_uid: '0' })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('uid_validity', 'is', null), eb('uid_validity', '!=', uidValidity)]))
        .execute();
    },

    /** A message is stored (and moved): the folder is done up to `uid` under `uidValidity`. Never goes back. */
    async advance(id: string, uidValidity: string, uid: string, backlog: number): Promise<void> {
      await db
        .updateTable('mailboxes')
        .set({ last_uid: uid, backlog })
        .where('id', '=', id)
        .where('uid_validity', '=', uidValidity)
        .where((eb) => eb.or([eb('last_uid', 'is', null), eb('last_uid', '<', uid)]))
        .execute();
    },

    async noteBacklog(id: string, backlog: number): Promise<void> {
      await db.updateTable('mailboxes').set({ backlog }).where('id', '=', id).execute();
    },

    /** The folder was fetched to its end. */
    async noteFetched(id: string): Promise<void> {
      await db.updateTable('mailboxes').set({ last_fetch_at: new Date(), backlog: 0 }).where('id', '=', id).execute();
    },

    /** What went wrong, and when (`at`: an error noted late, once the database was back, keeps its own time). */
    async noteError(id: string, error: string, at = new Date()): Promise<void> {
      await db.updateTable('mailboxes').set({ last_error: error, last_error_at: at }).where('id', '=', id).execute();
    },
  };
}

export type MailboxesRepository = ReturnType<typeof mailboxesRepository>;

function toApi(r: MailboxRow): Mailbox {
  const fetched = r.last_fetch_at?.getTime() ?? null;
  const failed = r.last_error_at?.getTime() ?? null;
  return {
    id: r.id,
    name: r.name,
    host: r.host,
    port: r.port,
    tls: r.tls,
    username: r.username,
    hasPassword: r.password_sealed.length > 0,
    folder: r.folder,
    processedFolder: r.processed_folder,
    departmentId: r.department_id,
    enabled: r.enabled,
    status: {
      lastFetchAt: r.last_fetch_at?.toISOString() ?? null,
      backlog: r.backlog,
      lastError: problemOf(r.last_error),
      lastErrorAt: r.last_error_at?.toISOString() ?? null,
      state: failed !== null && (fetched === null || failed > fetched) ? 'error' : fetched === null ? 'never' : 'ok',
    },
    createdAt: r.created_at.toISOString(),
  };
}
