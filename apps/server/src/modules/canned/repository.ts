import type { CannedResponse, CannedResponseInput, StaffRole } from '@centrala/contracts';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { CannedResponsesTable } from '../../db/schema.js';
import { userNameSql } from '../auth/index.js';

/** Who asks: what they may see and change follows from their id and role alone. */
export interface Viewer {
  id: string;
  role: StaffRole;
  name: string;
}

export type CannedRow = Selectable<CannedResponsesTable> & { author_name: string | null };

/**
 * The sharing rule, in one place. A personal response is its author's alone: nobody else sees it, not even an
 * admin (it is their own working text). A shared one every staff user sees and inserts; its author and any
 * admin edit and delete it (admins also look after the authorless ones Centrala was installed with).
 */
export const cannedAccess = {
  sees: (row: Pick<CannedRow, 'shared' | 'author_id'>, viewer: Viewer) => row.shared || row.author_id === viewer.id,
  edits: (row: Pick<CannedRow, 'shared' | 'author_id'>, viewer: Viewer) =>
    row.author_id === viewer.id || (row.shared && viewer.role === 'admin'),
};

function present(row: CannedRow, viewer: Viewer): CannedResponse {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    locale: row.locale,
    shared: row.shared,
    authorId: row.author_id,
    authorName: row.author_name,
    canEdit: cannedAccess.edits(row, viewer),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The canned responses and the staff's signatures; this module's two tables. */
export function cannedRepository(db: Db) {
  const rows = () =>
    db
      .selectFrom('canned_responses as c')
      .selectAll('c')
      .select(userNameSql(sql.ref('c.author_id')).as('author_name'));

  return {
    /** Every response the viewer may insert: the shared ones and their own, by title. */
    async visibleTo(viewer: Viewer): Promise<CannedResponse[]> {
      const found = await rows()
        // cannedAccess.sees, in SQL.
        .where((eb) => eb.or([eb('c.shared', '=', true), eb('c.author_id', '=', viewer.id)]))
        .orderBy('c.title')
        .orderBy('c.id')
        .execute();
      return found.map((row) => present(row, viewer));
    },

    /** One response, or undefined when it does not exist or the viewer may not see it (the two look alike). */
    async find(id: string, viewer: Viewer) {
      const row = await rows().where('c.id', '=', id).executeTakeFirst();
      return row && cannedAccess.sees(row, viewer) ? row : undefined;
    },

    async create(input: CannedResponseInput, viewer: Viewer): Promise<CannedResponse> {
      const { id } = await db
        .insertInto('canned_responses')
        .values({ ...input, author_id: viewer.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      return present(await rows().where('c.id', '=', id).executeTakeFirstOrThrow(), viewer);
    },

    /**
     * Saves a new version. A response made personal stays its author's; an authorless installed one made personal
     * becomes the personal response of the admin who did it (someone has to be able to see it).
     */
    async update(row: CannedRow, input: CannedResponseInput, viewer: Viewer): Promise<CannedResponse> {
      const author = !input.shared && row.author_id === null ? viewer.id : row.author_id;
      await db
        .updateTable('canned_responses')
        .set({ ...input, author_id: author, updated_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      // As saved, even when the viewer no longer sees it (an admin made another agent's shared response personal).
      return present(await rows().where('c.id', '=', row.id).executeTakeFirstOrThrow(), viewer);
    },

    async remove(id: string): Promise<void> {
      await db.deleteFrom('canned_responses').where('id', '=', id).execute();
    },

    /** The user's signature; empty when they have none. */
    async signatureOf(userId: string): Promise<string> {
      const row = await db.selectFrom('staff_signatures').select('signature').where('user_id', '=', userId).executeTakeFirst();
      return row?.signature ?? '';
    },

    async setSignature(userId: string, signature: string): Promise<void> {
      await db
        .insertInto('staff_signatures')
        .values({ user_id: userId, signature })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ signature, updated_at: new Date() }))
        .execute();
    },
  };
}
export type CannedRepository = ReturnType<typeof cannedRepository>;
