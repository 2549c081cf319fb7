import { setImmediate } from 'node:timers/promises';
import {
  AccountInput,
  ContactInput,
  IMPORT_MAX_ERRORS_SHOWN,
  ServiceInput,
  type ImportFormat,
  type ImportKind,
  type ImportRowError,
} from '@centrala/contracts';
import type { z } from 'zod';
import { controlCharacterErrors } from '../../shared/text-rule.js';
import { text } from '../../shared/text.js';
import { fieldErrors } from '../../shared/validation-messages.js';
import { readRows, type FileRow } from './read.js';

/** A row is valid exactly when the provisioning API would take it: the contract's schema is the one check. */
const ROW_SCHEMAS = { accounts: AccountInput, contacts: ContactInput, services: ServiceInput } as const;
type RowInput<K extends ImportKind> = z.output<(typeof ROW_SCHEMAS)[K]>;
type AnyRow = RowInput<ImportKind>;

interface CheckedRow {
  row: number;
  /** The row as the directory takes it, when it passed the contract; else its errors. */
  item: AnyRow | null;
  errors: ImportRowError[];
  columnOf: FileRow['columnOf'];
}

/** Each row of the file checked against its kind's contract, in the file's order. */
export async function* checkedRows(kind: ImportKind, format: ImportFormat, content: Buffer): AsyncGenerator<CheckedRow> {
  const schema = ROW_SCHEMAS[kind];
  for await (const fileRow of readRows(kind, format, content)) {
    const { row, problems, columnOf } = fileRow;
    if (!fileRow.input) {
      yield { row, item: null, errors: problems, columnOf };
      continue;
    }
    // The API's text rule, which a file skips (it is no route's body): a NUL passed the schema and failed the import.
    const control = controlCharacterErrors(fileRow.input).map((e) => ({
      row,
      column: columnOf(e.path.split('.')[0]!),
      code: e.code,
      message: e.message,
    }));
    if (control.length) {
      yield { row, item: null, errors: [...problems, ...control], columnOf };
      continue;
    }
    const parsed = schema.safeParse(fileRow.input);
    if (parsed.success) yield { row, item: problems.length ? null : parsed.data, errors: problems, columnOf };
    else yield { row, item: null, errors: [...problems, ...contractErrors(fileRow, parsed.error.issues)], columnOf };
  }
}

function contractErrors(fileRow: FileRow, issues: z.core.$ZodIssue[]): ImportRowError[] {
  return fieldErrors(issues, fileRow.input).map((e, i) => {
    const issue = issues[i]!;
    const field = issue.path[0] === undefined ? null : String(issue.path[0]);
    return { row: fileRow.row, column: field && fileRow.columnOf(columnFieldOf(fileRow, issue, field)), code: e.code, message: e.message };
  });
}

/**
 * The field whose column an issue is told in. "Name the account by one of accountId and accountExternalId" is the
 * account's column the file has (the billing system's id unless the file names accounts by ours).
 */
function columnFieldOf(fileRow: FileRow, issue: z.core.$ZodIssue, field: string): string {
  if (issue.code !== 'custom' || field !== 'accountId') return field;
  return fileRow.has('accountId') && !fileRow.has('accountExternalId') ? 'accountId' : 'accountExternalId';
}

/** Which of the accounts a file names exist (by the billing system's id, or by ours). */
export type KnownAccounts = (refs: { externalIds: string[]; ids: string[] }) => Promise<{ externalIds: Set<string>; ids: Set<string> }>;

export interface DryRun {
  totalRows: number;
  errorCount: number;
  /** The first bad rows' errors, by row. */
  errors: ImportRowError[];
}

/**
 * The dry run: every row checked against the contract, the external ids (and order numbers, contacts' emails)
 * that the file repeats, and the accounts that contacts and services name (which must exist). Writes nothing.
 */
export async function dryRun(kind: ImportKind, format: ImportFormat, content: Buffer, knownAccounts: KnownAccounts): Promise<DryRun> {
  const errors: ImportRowError[] = [];
  const unique = uniqueChecks(kind);
  const accountRefs = new Map<string, { ref: AccountRef; rows: number[] }>();
  let columnOf: FileRow['columnOf'] = (field) => field;
  let totalRows = 0;
  for await (const checked of checkedRows(kind, format, content)) {
    totalRows += 1;
    // The rows come without waiting on anything: a million of them would hold the event loop (and every other
    // request) for the half minute they take, so other work gets its turn between batches.
    if (totalRows % 1000 === 0) await setImmediate();
    errors.push(...checked.errors);
    columnOf = checked.columnOf;
    if (!checked.item) continue;
    for (const check of unique) errors.push(...check(checked.row, checked.item, columnOf));
    const ref = accountRefOf(checked.item);
    if (ref) {
      const key = `${ref.field}:${ref.value}`;
      const entry = accountRefs.get(key) ?? { ref, rows: [] };
      entry.rows.push(checked.row);
      accountRefs.set(key, entry);
    }
  }
  errors.push(...(await unknownAccounts([...accountRefs.values()], knownAccounts, columnOf)));
  errors.sort((a, b) => a.row - b.row);
  return { totalRows, errorCount: errors.length, errors: errors.slice(0, IMPORT_MAX_ERRORS_SHOWN) };
}

interface AccountRef {
  field: 'accountExternalId' | 'accountId';
  value: string;
}

function accountRefOf(item: AnyRow): AccountRef | null {
  if ('accountExternalId' in item && item.accountExternalId) return { field: 'accountExternalId', value: item.accountExternalId };
  if ('accountId' in item && item.accountId) return { field: 'accountId', value: item.accountId };
  return null;
}

/** A field whose value must not repeat within the file: the second row would overwrite the first. */
function uniqueChecks(kind: ImportKind): ((row: number, item: AnyRow, columnOf: FileRow['columnOf']) => ImportRowError[])[] {
  const fields: { field: string; value: (item: AnyRow) => string | undefined }[] = [
    { field: 'externalId', value: (item) => item.externalId },
  ];
  if (kind === 'services') fields.push({ field: 'orderNumber', value: (item) => (item as RowInput<'services'>).orderNumber });
  if (kind === 'contacts') fields.push({ field: 'email', value: (item) => (item as RowInput<'contacts'>).email });
  return fields.map(({ field, value }) => {
    const firstRow = new Map<string, number>();
    return (row, item, columnOf) => {
      const v = value(item);
      if (v === undefined) return [];
      const first = firstRow.get(v);
      if (first === undefined) {
        firstRow.set(v, row);
        return [];
      }
      return [
        {
          row,
          column: columnOf(field),
          code: 'duplicate',
          message: text(`“${v}” is also on row ${first} of this file.`, `„${v}” se već nalazi u retku ${first} ove datoteke.`),
        },
      ];
    };
  });
}

async function unknownAccounts(
  refs: { ref: AccountRef; rows: number[] }[],
  knownAccounts: KnownAccounts,
  columnOf: FileRow['columnOf'],
): Promise<ImportRowError[]> {
  if (!refs.length) return [];
  const known = await knownAccounts({
    externalIds: refs.filter((r) => r.ref.field === 'accountExternalId').map((r) => r.ref.value),
    ids: refs.filter((r) => r.ref.field === 'accountId').map((r) => r.ref.value),
  });
  return refs
    .filter(({ ref }) => !(ref.field === 'accountExternalId' ? known.externalIds : known.ids).has(ref.value))
    .flatMap(({ ref, rows }) =>
      rows.map((row) => ({
        row,
        column: columnOf(ref.field),
        code: 'account_unknown',
        message: text(
          `No account has the ${ref.field === 'accountId' ? 'id' : 'external id'} “${ref.value}”. Import the accounts first.`,
          `Nijedan račun nema ${ref.field === 'accountId' ? 'oznaku' : 'vanjsku oznaku'} „${ref.value}”. Najprije uvezite račune.`,
        ),
      })),
    );
}
