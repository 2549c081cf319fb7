import { z } from 'zod';
import { LocalizedText } from './errors.js';

/**
 * Import of accounts, contacts and services from a CSV or JSON file (issue 13 point 3): a dry run validates every
 * row and writes nothing; the import runs only after a dry run without errors, in batches, as a background job.
 */

export const ImportKind = z.enum(['accounts', 'contacts', 'services']);
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportFormat = z.enum(['csv', 'json']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/**
 * `invalid`: the dry run found bad rows (nothing can be imported; fix the file and upload it again);
 * `ready`: every row is valid, waiting for the admin's Import; `running`: the job is writing batches;
 * `done`: every batch written; `failed`: the job gave up (its reason in `failure`).
 */
export const ImportState = z.enum(['invalid', 'ready', 'running', 'done', 'failed']);
export type ImportState = z.infer<typeof ImportState>;

/** Files larger than this are refused before they are read whole (100,000 services take about 9 MB). */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
/** How many bad rows an import keeps and shows; the count of all of them is `errorCount`. */
export const IMPORT_MAX_ERRORS_SHOWN = 200;

/** One bad row: where it is in the file and why it cannot be imported. */
export const ImportRowError = z.object({
  /** CSV: the line of the file the row starts on (the header is line 1). JSON: the item's position, from 1. */
  row: z.number().int(),
  /** The column as the file names it (JSON: the field), or null when the row as a whole is at fault. */
  column: z.string().nullable(),
  code: z.string(),
  message: LocalizedText,
});
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportSummary = z.object({
  id: z.uuid(),
  kind: ImportKind,
  format: ImportFormat,
  fileName: z.string(),
  state: ImportState,
  /** Data rows in the file. */
  totalRows: z.number().int(),
  /** Rows the job has sent to the directory so far; equals totalRows when done. */
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Rows the directory refused while importing (a conflict that arose after the dry run). */
  failed: z.number().int(),
  /** Bad rows in all; `errors` lists the first of them, by row. */
  errorCount: z.number().int(),
  errors: z.array(ImportRowError),
  failure: LocalizedText.nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** The columns a CSV of each kind may have (JSON: the same fields in camelCase, as the provisioning API takes them). */
export const IMPORT_COLUMNS: Record<ImportKind, readonly string[]> = {
  accounts: ['external_id', 'name', 'email', 'disabled'],
  contacts: ['external_id', 'account_external_id', 'account_id', 'name', 'email', 'locale', 'roles', 'can_log_in', 'disabled'],
  services: ['external_id', 'account_external_id', 'account_id', 'name', 'order_number', 'product', 'location', 'status', 'ip_addresses'],
};

/** A small, valid file of each kind: offered for download on the Import page and shown in docs/import.md. */
export const IMPORT_EXAMPLES: Record<ImportKind, string> = {
  accounts: ['external_id,name,email', 'C-1001,Example d.o.o.,billing@example.hr', 'C-1002,Ivana Horvat,ivana.horvat@example.com', ''].join(
    '\n',
  ),
  contacts: [
    'external_id,account_external_id,name,email,locale,roles,can_log_in',
    'U-2001,C-1001,Marko Kovač,marko@example.hr,hr,owner billing,yes',
    'U-2002,C-1001,Ana Novak,ana@example.hr,en,technical,no',
    '',
  ].join('\n'),
  services: [
    'external_id,account_external_id,name,order_number,product,location,status,ip_addresses',
    'S-3001,C-1001,web-1.example.hr,#100231,VPS L,Zagreb,active,192.0.2.10 2001:db8::10',
    'S-3002,C-1001,db-1.example.hr,100232,Dedicated R1,Zagreb,active,192.0.2.0/28',
    'S-3003,C-1002,shop.example.com,100233,Shared hosting,Frankfurt,suspended,',
    '',
  ].join('\n'),
};
