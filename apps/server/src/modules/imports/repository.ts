import {
  BULK_MAX_ITEMS,
  IMPORT_MAX_ERRORS_SHOWN,
  type AuditActor,
  type BulkResult,
  type ImportFormat,
  type ImportKind,
  type ImportRowError,
  type ImportSummary,
  type LocalizedText,
} from '@centrala/contracts';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../db/pool.js';
import type { ImportsTable } from '../../db/schema.js';
import { AppError, Errors } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { readRows, type FileRow } from './read.js';
import { dryRun, type KnownAccounts } from './validate.js';

/** The directory's set-based upserts (modules/accounts): an import writes nothing else of the directory's. */
export interface DirectoryWriters {
  upsertAccounts(items: readonly unknown[], actor: AuditActor): Promise<BulkResult>;
  upsertContacts(items: readonly unknown[], actor: AuditActor): Promise<BulkResult>;
  upsertServices(items: readonly unknown[], actor: AuditActor): Promise<BulkResult>;
}

/** Who imports: an admin in the web app, or the operator's CLI. The audit log names them for every row written. */
export type ImportActor = { kind: 'staff'; id: string; label: string } | { kind: 'cli'; id: null; label: 'cli' };

export interface NewImport {
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  content: Buffer;
  actor: ImportActor;
}

/** The job that runs an import, one per import (worker.ts registers it). */
export const IMPORT_TASK = 'imports:run';

export function importsRepository(db: Db, deps: { knownAccounts: KnownAccounts; directory: DirectoryWriters }) {
  const summaryOf = async (id: string) => {
    const row = await db.selectFrom('imports').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && summary(row);
  };

  /** Marks a ready import running; refuses one that is not ready (bad rows, already running or done). */
  const markRunning = async (trx: Db, id: string) => {
    const started = await trx
      .updateTable('imports')
      .set({ state: 'running', started_at: sql`now()` })
      .where('id', '=', id)
      .where('state', '=', 'ready')
      .returning('id')
      .executeTakeFirst();
    if (started) return;
    const found = await trx.selectFrom('imports').select('state').where('id', '=', id).executeTakeFirst();
    if (!found) throw Errors.notFound('import');
    throw notReady(found.state);
  };

  const upsert = (kind: ImportKind, items: unknown[], actor: AuditActor): Promise<BulkResult> => {
    switch (kind) {
      case 'accounts':
        return deps.directory.upsertAccounts(items, actor);
      case 'contacts':
        return deps.directory.upsertContacts(items, actor);
      case 'services':
        return deps.directory.upsertServices(items, actor);
    }
  };

  return {
    /** The dry run: the file is checked whole and kept (to import) only when no row is bad. Writes no directory row. */
    async create({ kind, format, fileName, content, actor }: NewImport): Promise<ImportSummary> {
      const checked = await dryRun(kind, format, content, deps.knownAccounts);
      if (checked.totalRows === 0) throw new AppError('import.unreadable', text('The file has no rows.', 'Datoteka nema redaka.'));
      const valid = checked.errorCount === 0;
      const row = await db
        .insertInto('imports')
        .values({
          kind,
          format,
          file_name: fileName,
          state: valid ? 'ready' : 'invalid',
          content: valid ? content : null,
          total_rows: checked.totalRows,
          error_count: checked.errorCount,
          errors: JSON.stringify(checked.errors),
          actor_kind: actor.kind,
          actor_id: actor.id,
          actor_label: actor.label,
        })
        .returning(SUMMARY_COLUMNS)
        .executeTakeFirstOrThrow();
      return summary(row);
    },

    get: summaryOf,

    /** The admin's Import: marked running and its job queued in one transaction, so neither happens without the other. */
    async start(id: string): Promise<ImportSummary> {
      await db.transaction().execute(async (trx) => {
        await markRunning(trx, id);
        await sql`select graphile_worker.add_job(${IMPORT_TASK}, json_build_object('id', ${id}::text), job_key := ${`import:${id}`},
          max_attempts := ${IMPORT_MAX_ATTEMPTS})`.execute(trx);
      });
      return (await summaryOf(id))!;
    },

    /** The CLI's import: runs here, now, instead of in the worker. */
    async runNow(id: string, onProgress: (progress: ImportSummary) => void): Promise<ImportSummary> {
      await markRunning(db, id);
      await this.run(id, onProgress);
      return (await summaryOf(id))!;
    },

    /**
     * Writes a running import in batches through the directory, counting after each, in the file's order. Run
     * again (the job retried after a crash), it goes on from the rows counted; the batches it was writing are
     * written again, which the upserts make harmless (their rows come back `unchanged`). The rows go to the
     * directory as read: its upserts check each against the same contract the dry run did, once.
     */
    async run(id: string, onProgress: (progress: ImportSummary) => void = () => undefined): Promise<void> {
      const job = await db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
      if (!job || job.state !== 'running' || !job.content) return;
      const actor: AuditActor = { kind: job.actor_kind, id: job.actor_id, label: job.actor_label };
      const errors = job.errors as ImportRowError[];
      const write = async (rows: FileRow[]) => {
        const sent = rows.filter((r) => r.input && !r.problems.length);
        const result = sent.length
          ? await upsert(
              job.kind,
              sent.map((r) => r.input),
              actor,
            )
          : EMPTY_RESULT;
        const refused = [
          ...rows.flatMap((r) => (r.input && !r.problems.length ? [] : r.problems)),
          ...result.errors.map((e): ImportRowError => {
            const at = sent[e.index]!;
            return { row: at.row, column: e.field ? at.columnOf(e.field.split('.')[0]!) : null, code: e.code, message: e.message };
          }),
        ];
        return { rows: rows.length, result, refused };
      };
      const record = async ({ rows, result, refused }: Awaited<ReturnType<typeof write>>) => {
        errors.push(...refused.slice(0, Math.max(0, IMPORT_MAX_ERRORS_SHOWN - errors.length)));
        const progressed = await db
          .updateTable('imports')
          .set((eb) => ({
            processed: eb('processed', '+', rows),
            created: eb('created', '+', result.created),
            updated: eb('updated', '+', result.updated),
            unchanged: eb('unchanged', '+', result.unchanged),
            failed: eb('failed', '+', new Set(refused.map((e) => e.row)).size),
            error_count: eb('error_count', '+', refused.length),
            errors: JSON.stringify(errors),
          }))
          .where('id', '=', id)
          .returning(SUMMARY_COLUMNS)
          .executeTakeFirstOrThrow();
        onProgress(summary(progressed));
      };
      // Reading the next batch while the directory writes this one, and two batches written at once: the
      // directory's write is mostly waiting for PostgreSQL. Counted in order, so the counter only ever covers a prefix.
      const writing: Promise<Awaited<ReturnType<typeof write>>>[] = [];
      const send = (rows: FileRow[]) => {
        const written = write(rows);
        // Awaited in turn below; a later batch failing while an earlier one is awaited is not left unhandled.
        written.catch(() => undefined);
        writing.push(written);
      };
      let skip = job.processed;
      let batch: FileRow[] = [];
      for await (const row of readRows(job.kind, job.format, job.content)) {
        if (skip > 0) {
          skip -= 1;
          continue;
        }
        batch.push(row);
        if (batch.length < BULK_MAX_ITEMS) continue;
        send(batch);
        batch = [];
        if (writing.length >= BATCHES_IN_FLIGHT) await record(await writing.shift()!);
      }
      if (batch.length) send(batch);
      while (writing.length) await record(await writing.shift()!);
      await db
        .updateTable('imports')
        .set({ state: 'done', content: null, finished_at: sql`now()` })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    },

    /** The job's last attempt failed: the import stops, saying why (the rows already written stay). */
    async fail(id: string, reason: LocalizedText): Promise<void> {
      await db
        .updateTable('imports')
        .set({ state: 'failed', content: null, failure: JSON.stringify(reason), finished_at: sql`now()` })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    },
  };
}

export type ImportsRepository = ReturnType<typeof importsRepository>;

/** A job that keeps failing (the database away for long, a bug) is tried this many times before the import fails. */
export const IMPORT_MAX_ATTEMPTS = 5;

/** Batches the directory writes at once for one import (each its own transaction). */
const BATCHES_IN_FLIGHT = 2;

const EMPTY_RESULT: BulkResult = { created: 0, updated: 0, unchanged: 0, errors: [], items: [] };

const notReady = (state: ImportsTable['state']) =>
  new AppError(
    'import.not_ready',
    state === 'invalid'
      ? text(
          'The file has bad rows: fix them and upload the file again.',
          'Datoteka ima neispravne retke: ispravite ih i ponovno učitajte datoteku.',
        )
      : text('This import has already been started.', 'Ovaj uvoz je već pokrenut.'),
  );

/** Everything but the file, which only the job reads. */
const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'format',
  'file_name',
  'state',
  'total_rows',
  'processed',
  'created',
  'updated',
  'unchanged',
  'failed',
  'error_count',
  'errors',
  'failure',
  'created_at',
  'finished_at',
] as const;

function summary(row: Pick<Selectable<ImportsTable>, (typeof SUMMARY_COLUMNS)[number]>): ImportSummary {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    fileName: row.file_name,
    state: row.state,
    totalRows: row.total_rows,
    processed: row.processed,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    errorCount: row.error_count,
    errors: row.errors as ImportRowError[],
    failure: (row.failure as LocalizedText | null) ?? null,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
