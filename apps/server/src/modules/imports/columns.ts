import { IMPORT_COLUMNS, type ImportKind, type LocalizedText } from '@centrala/contracts';
import { text } from '../../shared/text.js';

/**
 * What a CSV's columns mean: each known column is a field of the kind's contract (the provisioning API's input),
 * found by its name or an obvious alias, and each cell becomes that field's value. Validation itself is the
 * contract's: here cells only become the types the contract takes.
 */

type CellType = 'text' | 'lowercase' | 'yesNo' | 'list';
interface Column {
  field: string;
  type: CellType;
  aliases: string[];
}

const COMMON: Record<string, Column> = {
  external_id: { field: 'externalId', type: 'text', aliases: ['extid'] },
  account_external_id: {
    field: 'accountExternalId',
    type: 'text',
    aliases: ['account', 'clientid', 'customerid', 'clientexternalid', 'customerexternalid'],
  },
  account_id: { field: 'accountId', type: 'text', aliases: [] },
  email: { field: 'email', type: 'text', aliases: ['emailaddress', 'mail'] },
  disabled: { field: 'disabled', type: 'yesNo', aliases: ['isdisabled'] },
};

const COLUMNS: Record<ImportKind, Record<string, Column>> = {
  accounts: {
    ...COMMON,
    name: { field: 'name', type: 'text', aliases: ['accountname', 'company', 'companyname', 'clientname', 'customername'] },
  },
  contacts: {
    ...COMMON,
    name: { field: 'name', type: 'text', aliases: ['fullname', 'contactname'] },
    locale: { field: 'locale', type: 'lowercase', aliases: ['language', 'lang'] },
    roles: { field: 'roles', type: 'list', aliases: ['role'] },
    can_log_in: { field: 'canLogIn', type: 'yesNo', aliases: ['login', 'loginallowed'] },
  },
  services: {
    ...COMMON,
    name: { field: 'name', type: 'text', aliases: ['servicename', 'hostname', 'domain'] },
    order_number: { field: 'orderNumber', type: 'text', aliases: ['order', 'orderno', 'ordernum', 'orderid'] },
    product: { field: 'product', type: 'text', aliases: ['productname', 'plan', 'package'] },
    location: { field: 'location', type: 'text', aliases: ['datacenter', 'region'] },
    status: { field: 'status', type: 'lowercase', aliases: [] },
    ip_addresses: { field: 'ipAddresses', type: 'list', aliases: ['ipaddress', 'ip', 'ips', 'addresses'] },
  },
};

/** `External ID`, `externalId` and `external-id` are one name. */
const normalized = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A column of a file: where it is, what the file calls it, and the field it fills. */
export interface FileColumn {
  header: string;
  field: string;
  type: CellType;
}

export type HeaderResult = { columns: FileColumn[] } | { problem: LocalizedText };

/** The header row's columns, or why the file cannot be read as the kind's rows (an unknown or repeated column). */
export function readHeader(kind: ImportKind, headers: string[]): HeaderResult {
  const known = new Map<string, [string, Column]>();
  for (const name of IMPORT_COLUMNS[kind]) {
    const column = COLUMNS[kind][name]!;
    for (const alias of [name, column.field, ...column.aliases]) known.set(normalized(alias), [name, column]);
  }
  const columns: FileColumn[] = [];
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  for (const header of headers.map((h) => h.trim())) {
    const match = known.get(normalized(header));
    if (!match) {
      unknown.push(header || '(empty)');
      continue;
    }
    const [name, column] = match;
    const earlier = seen.get(name);
    if (earlier !== undefined)
      return {
        problem: text(
          `The columns “${earlier}” and “${header}” are the same column (${name}); keep one.`,
          `Stupci „${earlier}” i „${header}” isti su stupac (${name}); ostavite jedan.`,
        ),
      };
    seen.set(name, header);
    columns.push({ header, field: column.field, type: column.type });
  }
  if (unknown.length) {
    const list = unknown.map((h) => `“${h}”`).join(', ');
    const allowed = IMPORT_COLUMNS[kind].join(', ');
    return {
      problem: text(
        `Unknown columns for ${kind}: ${list}. The columns are: ${allowed}.`,
        `Nepoznati stupci za ${KIND_HR[kind]}: ${list}. Stupci su: ${allowed}.`,
      ),
    };
  }
  return { columns };
}

const KIND_HR: Record<ImportKind, string> = { accounts: 'račune', contacts: 'kontakte', services: 'usluge' };

/** A cell that cannot become its field's type: said in the row's errors like the contract's own. */
export class CellProblem {
  constructor(readonly message: LocalizedText) {}
}

const YES = new Set(['yes', 'y', 'true', '1', 'da', 'd']);
const NO = new Set(['no', 'n', 'false', '0', 'ne']);

/**
 * A cell's value for the contract: an empty cell is no value (the field's default, or "required"); lists
 * (IP addresses, roles) are separated by spaces, commas, semicolons or `|`.
 */
export function cellValue(type: CellType, raw: string): unknown {
  const cell = raw.trim();
  if (cell === '') return undefined;
  switch (type) {
    case 'text':
      return cell;
    case 'lowercase':
      return cell.toLowerCase();
    case 'list':
      return cell.split(/[\s,;|]+/).filter(Boolean);
    case 'yesNo': {
      const word = cell.toLowerCase();
      if (YES.has(word)) return true;
      if (NO.has(word)) return false;
      return new CellProblem(text('Write yes or no (also true/false, 1/0, da/ne).', 'Upišite da ili ne (ili yes/no, true/false, 1/0).'));
    }
  }
}

/** The CSV column to name for a contract field the file has no column of (a required one, left out). */
export function columnNameOf(kind: ImportKind, field: string): string {
  return IMPORT_COLUMNS[kind].find((name) => COLUMNS[kind][name]!.field === field) ?? field;
}

/** The contract's fields a row of the kind may have: a JSON item's keys. */
export function fieldsOf(kind: ImportKind): string[] {
  return IMPORT_COLUMNS[kind].map((name) => COLUMNS[kind][name]!.field);
}
