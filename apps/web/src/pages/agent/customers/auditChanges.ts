/** What one audit entry changed, field by field, for the history's "before → after" lines. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Bookkeeping the history would only repeat: who the row is, and when it was written (the entry has its own time). */
const HIDDEN = new Set(['id', 'accountId', 'createdAt', 'updatedAt']);

/**
 * The fields whose values differ between `before` and `after` (either may be null: a creation has no before), in
 * the order the after-snapshot lists them, then any only the before had. Values are compared as JSON, so a list of
 * addresses in a new order is a change and the same list is not.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = asRecord(before);
  const now = asRecord(after);
  const fields = [...new Set([...Object.keys(now), ...Object.keys(old)])].filter((field) => !HIDDEN.has(field));
  return fields
    .filter((field) => JSON.stringify(old[field] ?? null) !== JSON.stringify(now[field] ?? null))
    .map((field) => ({ field, before: old[field] ?? null, after: now[field] ?? null }));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
