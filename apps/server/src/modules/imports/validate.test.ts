import { IMPORT_EXAMPLES, type ImportFormat, type ImportKind } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { delimiterOf, formatOf } from './read.js';
import { checkedRows, dryRun, type KnownAccounts } from './validate.js';

// Issue 13 point 3: the dry run of an import file, row by row (the accounts that exist are these two).
const accounts: KnownAccounts = async ({ externalIds, ids }) => ({
  externalIds: new Set(externalIds.filter((id) => ['C-1001', 'C-1002'].includes(id))),
  ids: new Set(ids.filter((id) => id === '0b6f2a3e-9c1d-4e5f-8a7b-1c2d3e4f5a6b')),
});

const check = (kind: ImportKind, file: string, format: ImportFormat = 'csv') => dryRun(kind, format, Buffer.from(file), accounts);

async function items(kind: ImportKind, file: string) {
  const out = [];
  for await (const row of checkedRows(kind, 'csv', Buffer.from(file))) out.push(row.item);
  return out;
}

const SERVICES_HEADER = 'external_id,account_external_id,name,order_number,product,location,ip_addresses';

describe('reading a CSV file', () => {
  it('takes a UTF-8 BOM, a `;` delimiter, quoted cells with the delimiter and quotes inside, and header aliases', async () => {
    const file =
      '\uFEFFExternal ID;Client ID;Service name;Order;Product;Datacenter;IPs\r\n' +
      'S-1;C-1001;"web; the ""main"" one";#100001;VPS;Zagreb;"192.0.2.1, 2001:db8::1"\r\n';
    expect(await items('services', file)).toEqual([
      {
        externalId: 'S-1',
        accountExternalId: 'C-1001',
        name: 'web; the "main" one',
        orderNumber: '100001',
        product: 'VPS',
        location: 'Zagreb',
        status: 'active',
        ipAddresses: ['192.0.2.1', '2001:db8::1'],
      },
    ]);
  });

  it('detects the delimiter from the header row, ignoring delimiters inside quotes', () => {
    expect(delimiterOf('a;b;c\n1,2,3')).toBe(';');
    expect(delimiterOf('"a;b;c",d,e\n')).toBe(',');
    expect(delimiterOf('a\tb\tc\n')).toBe('\t');
  });

  it('knows JSON by the name or the first character', () => {
    expect(formatOf('export.JSON', Buffer.from('x'))).toBe('json');
    expect(formatOf('upload', Buffer.from('\uFEFF  [{"a":1}]'))).toBe('json');
    expect(formatOf('upload', Buffer.from('external_id,name'))).toBe('csv');
  });

  it('refuses an unknown column by name, listing the columns there are', async () => {
    const err = await check('accounts', 'external_id,name,email,phone\nC-9,A,a@example.com,123\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('import.unreadable');
    expect((err as AppError).text.en).toContain('“phone”');
    expect((err as AppError).text.en).toContain('external_id, name, email, disabled');
  });

  it('refuses a file that is not UTF-8 (a Windows-1250 export) and CSV that is broken, naming the line', async () => {
    const cp1250 = Buffer.concat([Buffer.from('name,email\nKova'), Buffer.from([0xe8]), Buffer.from(',a@example.com\n')]);
    await expect(dryRun('accounts', 'csv', cp1250, accounts)).rejects.toMatchObject({ code: 'import.unreadable' });
    const err = (await check('accounts', 'name,email\nA,a@example.com\n"B,b@example.com\n').catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('import.unreadable');
    expect(err.text.en).toMatch(/line 3/);
  });
});

describe('the dry run', () => {
  it('passes the example files offered for download', async () => {
    expect(await check('accounts', IMPORT_EXAMPLES.accounts)).toEqual({ totalRows: 2, errorCount: 0, errors: [] });
    expect(await check('contacts', IMPORT_EXAMPLES.contacts)).toMatchObject({ totalRows: 2, errorCount: 0 });
    expect(await check('services', IMPORT_EXAMPLES.services)).toMatchObject({ totalRows: 3, errorCount: 0 });
  });

  it('lists each bad row with its line, the column as the file names it, and the reason in hr and en', async () => {
    const file = [
      SERVICES_HEADER,
      'S-1,C-1001,web-1,100001,VPS,Zagreb,192.0.2.1',
      'S-2,C-1001,web-2,100002,VPS,Zagreb,192.0.2.300',
      'S-3,C-1001,web-3,12345,VPS,Zagreb,',
      'S-1,C-1002,web-4,100004,VPS,Zagreb,',
      'S-5,C-4040,web-5,100005,VPS,Zagreb,',
      'S-6,C-1002,web-6,100001,VPS,Zagreb,',
      'S-7,C-1002,,100007,VPS,Zagreb,',
      'S-8,C-1002,web-8,100008,VPS',
    ].join('\n');
    const result = await check('services', file);
    expect(result.totalRows).toBe(8);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'ip_addresses', 'ip_address'],
      [4, 'order_number', 'order_number'],
      [5, 'external_id', 'duplicate'],
      [6, 'account_external_id', 'account_unknown'],
      [7, 'order_number', 'duplicate'],
      [8, 'name', 'invalid_type'],
      [9, null, 'column_count'],
      [9, 'location', 'invalid_type'],
    ]);
    expect(result.errorCount).toBe(8);
    const ip = result.errors[0]!;
    expect(ip.message.en).toMatch(/IPv4 or IPv6/);
    expect(ip.message.hr).toMatch(/IPv4 ili IPv6/);
    expect(result.errors[2]!.message).toEqual({
      en: '“S-1” is also on row 2 of this file.',
      hr: '„S-1” se već nalazi u retku 2 ove datoteke.',
    });
    expect(result.errors[3]!.message.en).toContain('C-4040');
    expect(result.errors[5]!.message.en).toBe('This field is required.');
  });

  it('says a contact names no account, and a yes/no cell that is neither', async () => {
    const file = [
      'external_id,account_id,name,email,roles,can_log_in',
      'U-1,0b6f2a3e-9c1d-4e5f-8a7b-1c2d3e4f5a6b,Ana,ana@example.hr,owner billing,da',
      'U-2,,Ivo,ivo@example.hr,,maybe',
      'U-3,not-a-uuid,Iva,ANA@example.hr,cook,no',
    ].join('\n');
    const result = await check('contacts', file);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'can_log_in', 'invalid_value'],
      [3, 'account_id', 'account_ref'],
      [4, 'account_id', 'invalid_format.uuid'],
      [4, 'roles', 'invalid_value'],
    ]);
    const missingRef = await check('contacts', 'external_id,name,email\nU-1,Ana,ana@example.hr\n');
    expect(missingRef.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'account_external_id', 'account_ref']]);
  });

  it('finds the same contact email twice in a file, whatever its case', async () => {
    const file = 'account_external_id,name,email\nC-1001,Ana,ana@example.hr\nC-1002,Ana N.,Ana@Example.hr\n';
    expect((await check('contacts', file)).errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'email', 'duplicate']]);
  });

  it('reads JSON: an array of objects with the API fields; an unknown field or a non-object is its row’s error', async () => {
    const file = JSON.stringify([
      { externalId: 'C-1', name: 'Example', email: 'billing@example.hr' },
      { externalId: 'C-2', name: 'Typo', emial: 'x@example.hr' },
      'C-3',
    ]);
    const result = await check('accounts', file, 'json');
    expect(result.totalRows).toBe(3);
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'emial', 'unknown_field'],
      [2, 'email', 'invalid_type'],
      [3, null, 'not_an_object'],
    ]);
    await expect(check('accounts', '{"name":"x"}', 'json')).rejects.toMatchObject({ code: 'import.unreadable' });
  });
});
