import { sql, type RawBuilder } from 'kysely';

/** `= any($1::type[])`: one parameter for a batch's values, whatever their number (none included). */
export const anyOf = (values: readonly (string | undefined | null)[], type: 'uuid' | 'text' = 'text'): RawBuilder<string> =>
  sql<string>`any(${values.filter((v): v is string => typeof v === 'string')}::${sql.raw(type)}[])`;

/** A full input with a patch's fields laid over it (a field the patch leaves out stays as it is). */
export function patched<T extends object>(base: T, patch: Partial<T>): T {
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** When a record is to be disabled: kept as it was when the input does not say, the first instant kept when it does. */
export function disabledAtOf(disabled: boolean | undefined, current: Date | string | null | undefined): Date | string | null {
  if (disabled === undefined) return current ?? null;
  return disabled ? (current ?? new Date()) : null;
}

/** PostgreSQL's array literal of simple values (roles, addresses: validated, no quotes or commas), for unnest. */
export const arrayLiteral = (values: readonly string[]) => `{${values.join(',')}}`;

/** Same instant, or both null. */
export const sameInstant = (a: Date | string | null, b: Date | string | null) =>
  a === null || b === null ? a === b : new Date(a).getTime() === new Date(b).getTime();

export const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
