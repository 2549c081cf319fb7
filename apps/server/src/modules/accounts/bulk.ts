import type { AuditActor, AuditEntity, BulkError, BulkOutcome, BulkResult } from '@centrala/contracts';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Db } from '../../db/pool.js';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog, AuditRecord } from '../audit/index.js';

/** One record to write: created or upserted from a full input, or a record (`id`) changed by a patch. */
export type WriteRequest<Input, Patch> = { mode: 'create' | 'upsert'; input: Input } | { mode: 'update'; id: string; patch: Patch };

/** What a kind decided for one request: an error, or the row it is to be (`before` is the row it is now, if any). */
export type Plan<Row, Values> = { error: AppError } | { before: Row | null; values: Values };

/**
 * Claims a key (an external id, an address, an order number, a record) for one item of a batch; false when an
 * earlier item holds it: two items of one batch never write the same record or take the same unique value.
 */
export type Claim = (key: string) => boolean;

/**
 * What the directory's writes need of a kind of record (accounts, contacts, services). The engine below is the same
 * for all three: read what the batch may touch, decide each item, write the changed ones in one statement, record
 * them in the audit log, all in one transaction.
 */
export interface Kind<Input, Patch, Row extends { id: string }, Values extends { id: string }> {
  entity: Extract<AuditEntity, 'account' | 'contact' | 'service'>;
  /** Reads, in one or two queries, every row the batch may touch or collide with; answers the planner. */
  prepare(
    trx: Kysely<Database>,
    requests: WriteRequest<Input, Patch>[],
  ): Promise<(r: WriteRequest<Input, Patch>, claim: Claim) => Plan<Row, Values>>;
  /** Whether the planned values differ from the row: an unchanged row is neither rewritten nor audited. */
  differs(before: Row, values: Values): boolean;
  /**
   * Writes the rows in ONE statement (`insert … on conflict (id) do update … where the row differs`) and answers
   * those it wrote, each with whether it was inserted (`xmax = 0`).
   */
  write(trx: Kysely<Database>, values: Values[]): Promise<(Row & { inserted: boolean })[]>;
  accountOf(row: Row): string;
  /** What the audit log keeps of a row. */
  snapshot(row: Row): object;
  /** Its disabled instant, for kinds that are disabled rather than deleted: the audit's disable and enable. */
  disabledAt?(row: Row): unknown;
  /** What else follows from the written rows in the same transaction (sessions ended when access ended). */
  after?(trx: Kysely<Database>, changes: { before: Row | null; after: Row }[]): Promise<void>;
  /** Which error a unique constraint's name stands for, when a concurrent writer took a value first. */
  conflictOf(constraint: string): AppError | undefined;
}

export type ItemOutcome<Row> = { index: number; error: AppError } | { index: number; outcome: Exclude<BulkOutcome, 'error'>; row: Row };

/** At most this many records in one statement and one transaction. */
export const BATCH = 1000;

/**
 * Runs requests through a kind: in batches of up to 1000, each batch in one transaction with its audit entries.
 * A batch that meets a unique value a concurrent writer took after the batch read is run again (it then sees it);
 * if it meets one again, its items are written one by one, so one bad item fails only itself.
 */
export async function runWrites<Input, Patch, Row extends { id: string }, Values extends { id: string }>(
  db: Db,
  audit: AuditLog,
  kind: Kind<Input, Patch, Row, Values>,
  requests: WriteRequest<Input, Patch>[],
  actor: AuditActor,
): Promise<ItemOutcome<Row>[]> {
  const outcomes: ItemOutcome<Row>[] = [];
  for (let start = 0; start < requests.length; start += BATCH) {
    const batch = requests.slice(start, start + BATCH);
    const indexed = (o: ItemOutcome<Row>[]) => o.map((x) => ({ ...x, index: x.index + start }));
    outcomes.push(...indexed(await runBatch(db, audit, kind, batch, actor)));
  }
  return outcomes;
}

async function runBatch<Input, Patch, Row extends { id: string }, Values extends { id: string }>(
  db: Db,
  audit: AuditLog,
  kind: Kind<Input, Patch, Row, Values>,
  requests: WriteRequest<Input, Patch>[],
  actor: AuditActor,
): Promise<ItemOutcome<Row>[]> {
  const once = (rs: WriteRequest<Input, Patch>[]) => db.transaction().execute((trx) => writeBatch(trx, audit, kind, rs, actor));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return await once(requests);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  const outcomes: ItemOutcome<Row>[] = [];
  for (const [index, request] of requests.entries()) {
    try {
      outcomes.push({ ...(await once([request]))[0]!, index });
    } catch (err) {
      const conflict = isUniqueViolation(err) ? kind.conflictOf((err as { constraint?: string }).constraint ?? '') : undefined;
      if (!conflict) throw err;
      outcomes.push({ index, error: conflict });
    }
  }
  return outcomes;
}

async function writeBatch<Input, Patch, Row extends { id: string }, Values extends { id: string }>(
  trx: Kysely<Database>,
  audit: AuditLog,
  kind: Kind<Input, Patch, Row, Values>,
  requests: WriteRequest<Input, Patch>[],
  actor: AuditActor,
): Promise<ItemOutcome<Row>[]> {
  const plan = await kind.prepare(trx, requests);
  const claimed = new Set<string>();
  const claim: Claim = (key) => !claimed.has(key) && claimed.add(key) !== undefined;
  const outcomes: ItemOutcome<Row>[] = [];
  const toWrite: { index: number; before: Row | null; values: Values }[] = [];
  for (const [index, request] of requests.entries()) {
    const p = plan(request, claim);
    if ('error' in p) outcomes.push({ index, error: p.error });
    else if (p.before && !kind.differs(p.before, p.values)) outcomes.push({ index, outcome: 'unchanged', row: p.before });
    else toWrite.push({ index, ...p });
  }
  const written = new Map(
    (toWrite.length
      ? await kind.write(
          trx,
          toWrite.map((w) => w.values),
        )
      : []
    ).map((r) => [r.id, r]),
  );
  const records: AuditRecord[] = [];
  const changes: { before: Row | null; after: Row }[] = [];
  for (const { index, before, values } of toWrite) {
    const row = written.get(values.id);
    // Not written: a concurrent writer had made it so already (the statement's own "differs" check said so).
    if (!row) {
      outcomes.push({ index, outcome: 'unchanged', row: before! });
      continue;
    }
    const { inserted, ...after } = row;
    outcomes.push({ index, outcome: inserted ? 'created' : 'updated', row: after as unknown as Row });
    changes.push({ before, after: after as unknown as Row });
    records.push({
      entity: kind.entity,
      entityId: row.id,
      accountId: kind.accountOf(row),
      action: inserted ? 'create' : actionOf(kind.disabledAt, before!, row),
      before: before && kind.snapshot(before),
      after: kind.snapshot(row),
    });
  }
  await audit.record(trx, actor, records);
  if (kind.after && changes.length) await kind.after(trx, changes);
  return outcomes.sort((a, b) => a.index - b.index);
}

function actionOf<Row>(disabledAt: ((row: Row) => unknown) | undefined, before: Row, after: Row): AuditRecord['action'] {
  if (!disabledAt) return 'update';
  const was = disabledAt(before) !== null;
  const is = disabledAt(after) !== null;
  return was === is ? 'update' : is ? 'disable' : 'enable';
}

export function bulkError(index: number, error: AppError): BulkError {
  return { index, code: error.code, message: error.fields?.[0]?.message ?? error.text, field: error.fields?.[0]?.path ?? null };
}

/** The answer to a bulk request: counts, errors (validation's and the writes'), each item's id and outcome. */
export function bulkResult(count: number, invalid: BulkError[], outcomes: ItemOutcome<{ id: string }>[], positions: number[]): BulkResult {
  const items: BulkResult['items'] = Array.from({ length: count }, (_, index) => ({ index, id: null, outcome: 'error' as const }));
  const errors = [...invalid];
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const o of outcomes) {
    const index = positions[o.index]!;
    if ('error' in o) errors.push(bulkError(index, o.error));
    else {
      counts[o.outcome]++;
      items[index] = { index, id: o.row.id, outcome: o.outcome };
    }
  }
  return { ...counts, errors: errors.sort((a, b) => a.index - b.index), items };
}

/** A single write's outcome as a route answers it: the row, or the item's error thrown. */
export function single<Row>(outcome: ItemOutcome<Row>): { outcome: Exclude<BulkOutcome, 'error'>; row: Row } {
  if ('error' in outcome) throw outcome.error;
  return outcome;
}
