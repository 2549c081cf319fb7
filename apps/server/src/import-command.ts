import { IMPORT_MAX_BYTES, type ImportKind, type ImportRowError, type ImportSummary } from '@centrala/contracts';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';
import { withModules } from './main.js';
import { formatOf } from './modules/imports/index.js';
import { AppError } from './shared/errors.js';

/**
 * `centrala import KIND FILE [--dry-run]`: the admin page's import from a terminal. The file is checked as the page
 * checks it; a file without bad rows is then imported here (not by the worker), printing its progress. Answers
 * whether it all went through: false for bad rows (dry run or not) or rows the directory refused.
 */
export async function importFile(config: Config, kind: ImportKind, file: string, dryRun: boolean): Promise<boolean> {
  const size = (await stat(file)).size;
  if (size > IMPORT_MAX_BYTES) {
    process.stderr.write(`${file} is larger than ${IMPORT_MAX_BYTES} bytes: split it and import the parts one after another.\n`);
    return false;
  }
  const content = await readFile(file);
  const ok = await withModules(config, async ({ imports }) => {
    let checked: ImportSummary;
    try {
      checked = await imports.create({
        kind,
        format: formatOf(file, content),
        fileName: path.basename(file),
        content,
        actor: { kind: 'cli', id: null, label: 'cli' },
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      process.stderr.write(`${file}: ${err.text.en}\n`);
      return false;
    }
    if (checked.state === 'invalid') {
      printRowErrors(checked.errors, checked.errorCount);
      console.log(`${checked.errorCount} bad row(s) of ${checked.totalRows}: nothing was imported. Fix the file and run this again.`);
      return false;
    }
    if (dryRun) {
      console.log(`All ${checked.totalRows} rows are valid. Dry run: nothing was written.`);
      return true;
    }
    const done = await imports.runNow(checked.id, (progress) => {
      const line = `imported ${progress.processed} of ${progress.totalRows} rows`;
      if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
      else console.log(line);
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    console.log(`created ${done.created}, updated ${done.updated}, unchanged ${done.unchanged}, refused ${done.failed}`);
    if (done.errors.length) printRowErrors(done.errors, done.errorCount);
    return done.failed === 0;
  });
  return ok === true;
}

function printRowErrors(errors: ImportRowError[], count: number): void {
  for (const e of errors) console.log(`row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message.en}`);
  if (count > errors.length) console.log(`… and ${count - errors.length} more`);
}
