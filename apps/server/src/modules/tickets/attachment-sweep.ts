import type { Db } from '../../db/pool.js';
import type { AttachmentStore } from './attachment-store.js';

/**
 * How long an unreferenced file is kept. Far longer than any request: the
 * files of a submission still being written are never this old.
 */
export const ORPHAN_GRACE_MS = 24 * 60 * 60_000;

/** The job that removes attachment files no row names (left by writes that failed after their files landed). */
export function attachmentSweep(db: Db, store: AttachmentStore) {
  const referenced = async (sha256s: string[]) => {
    const rows = await db.selectFrom('attachments').select('sha256').distinct().where('sha256', 'in', sha256s).execute();
    return new Set(rows.map((r) => r.sha256));
  };
  return (graceMs = ORPHAN_GRACE_MS): Promise<number> => store.sweep(referenced, graceMs);
}
