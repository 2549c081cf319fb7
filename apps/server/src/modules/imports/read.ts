import type { ImportFormat, ImportKind, ImportRowError, LocalizedText } from '@centrala/contracts';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../../shared/errors.js';
import { text } from '../../shared/text.js';
import { CellProblem, cellValue, columnNameOf, fieldsOf, readHeader, type FileColumn } from './columns.js';

/** One row of a file, as the contract's input (fields named as the contract names them), not yet validated. */
export interface FileRow {
  /** CSV: the line of the file the row ends on (the header is line 1). JSON: the item's position, from 1. */
  row: number;
  /** Null for a JSON item that is not an object: nothing to check but that. */
  input: Record<string, unknown> | null;
  /** Cells that could not become their field's type (a "maybe" where yes or no belongs), and rows that are not rows. */
  problems: ImportRowError[];
  /** The column the file names a contract field by (JSON: the field itself). */
  columnOf(field: string): string;
  /** Whether the file has a column for the field (JSON: the item has the field). */
  has(field: string): boolean;
}

/**
 * The rows of an uploaded file, one by one: CSV (UTF-8 with or without a BOM; `,`, `;` or tab between cells, the
 * one the header row uses; quoted cells; the header names the columns) or JSON (an array of objects with the
 * contract's fields). A file that cannot be read as rows at all throws `import.unreadable`, naming the line.
 */
export function readRows(kind: ImportKind, format: ImportFormat, content: Buffer): AsyncGenerator<FileRow> {
  const source = decoded(content);
  return format === 'csv' ? csvRows(kind, source) : jsonRows(kind, source);
}

/** The format a file is in, by its name, else by its first character. */
export function formatOf(fileName: string, content: Buffer): ImportFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.(csv|txt)$/i.test(fileName)) return 'csv';
  return content
    .toString('utf8', 0, 64)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('[')
    ? 'json'
    : 'csv';
}

const unreadable = (message: LocalizedText) => new AppError('import.unreadable', message);

function decoded(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    throw unreadable(
      text(
        'The file is not UTF-8 text. Save it as “CSV UTF-8” (or JSON in UTF-8) and upload it again.',
        'Datoteka nije UTF-8 tekst. Spremite je kao „CSV UTF-8” (ili JSON u UTF-8) i ponovno je učitajte.',
      ),
    );
  }
}

/** The cell separator the header row uses most: `;` (a spreadsheet in a locale with a decimal comma), `,` or tab. */
export function delimiterOf(source: string): string {
  const candidates = [',', ';', '\t'];
  const counts = new Map(candidates.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of source) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return candidates.reduce((best, c) => (counts.get(c)! > counts.get(best)! ? c : best));
}

async function* csvRows(kind: ImportKind, source: string): AsyncGenerator<FileRow> {
  const parser = parse(source, {
    bom: true,
    delimiter: delimiterOf(source.replace(/^\uFEFF/, '')),
    info: true,
    skip_empty_lines: true,
    // A row with too few or too many cells is that row's error, not the file's.
    relax_column_count: true,
  });
  let columns: FileColumn[] | undefined;
  let columnOf: FileRow['columnOf'] = (field) => columnNameOf(kind, field);
  let has: FileRow['has'] = () => false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        const header = readHeader(kind, record);
        if ('problem' in header) throw unreadable(header.problem);
        columns = header.columns;
        const headers = new Map(columns.map((c) => [c.field, c.header]));
        columnOf = (field) => headers.get(field) ?? columnNameOf(kind, field);
        has = (field) => headers.has(field);
        continue;
      }
      yield { ...csvRow(record, info.lines, columns), columnOf, has };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw unreadable(
        text(`The file is not valid CSV near line ${line}: ${err.message}`, `Datoteka nije ispravan CSV oko retka ${line}: ${err.message}`),
      );
    }
    throw err;
  }
  if (!columns) throw unreadable(text('The file is empty.', 'Datoteka je prazna.'));
}

function csvRow(record: string[], line: number, columns: FileColumn[]): Pick<FileRow, 'row' | 'input' | 'problems'> {
  const problems: ImportRowError[] = [];
  const input: Record<string, unknown> = {};
  if (record.length !== columns.length) {
    problems.push({
      row: line,
      column: null,
      code: 'column_count',
      message: text(
        `The row has ${record.length} cells; the header has ${columns.length} columns.`,
        `Redak ima ${record.length} ćelija; zaglavlje ima ${columns.length} stupaca.`,
      ),
    });
  }
  columns.forEach((column, i) => {
    const value = cellValue(column.type, record[i] ?? '');
    if (value instanceof CellProblem) problems.push({ row: line, column: column.header, code: 'invalid_value', message: value.message });
    else if (value !== undefined) input[column.field] = value;
  });
  return { row: line, input, problems };
}

async function* jsonRows(kind: ImportKind, source: string): AsyncGenerator<FileRow> {
  let items: unknown;
  try {
    items = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw unreadable(
      text(`The file is not valid JSON: ${(err as Error).message}`, `Datoteka nije ispravan JSON: ${(err as Error).message}`),
    );
  }
  if (!Array.isArray(items))
    throw unreadable(
      text('The JSON file must be an array of objects, one per row.', 'JSON datoteka mora biti niz objekata, jedan po retku.'),
    );
  const columnOf = (field: string) => field;
  const known = new Set(fieldsOf(kind));
  let row = 0;
  for (const item of items as unknown[]) {
    row += 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      const message = text(`Item ${row} is not an object.`, `Stavka ${row} nije objekt.`);
      yield { row, input: null, problems: [{ row, column: null, code: 'not_an_object', message }], columnOf, has: () => false };
      continue;
    }
    // A misspelt field would be dropped without a word, its value lost: said instead, as an unknown CSV column is.
    const problems = Object.keys(item)
      .filter((field) => !known.has(field))
      .map((field) => ({
        row,
        column: field,
        code: 'unknown_field',
        message: text(`Unknown field; the fields are: ${[...known].join(', ')}.`, `Nepoznato polje; polja su: ${[...known].join(', ')}.`),
      }));
    yield { row, input: item as Record<string, unknown>, problems, columnOf, has: (field) => field in item };
  }
}
