/** The parts of a zod issue the messages below need. */
export interface Issue {
  code: string;
  path: PropertyKey[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  /** A contract's own rule may say itself in both languages here (as the server's validation-messages.ts reads it). */
  params?: unknown;
}

/** A message of the `validation` catalogue and its values. */
export type IssueMessage =
  | { key: 'validation.required' | 'validation.pickOne' | 'validation.email' | 'validation.invalid' }
  | { key: 'validation.minLength' | 'validation.maxLength'; count: number }
  | { text: { en: string; hr: string } };

/**
 * What to say about a zod issue, given the value the field holds: an empty field (or spaces only, which the
 * contracts trim away) is required, not "too short" (issue 10 point 9).
 */
export function issueMessage(issue: Issue, value: unknown): IssueMessage {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined || value === null ? { key: 'validation.required' } : { key: 'validation.invalid' };
    case 'too_small':
      if (issue.origin === 'array') return { key: 'validation.pickOne' };
      if (typeof value === 'string' && value.trim() === '') return { key: 'validation.required' };
      return issue.minimum === 1 ? { key: 'validation.required' } : { key: 'validation.minLength', count: Number(issue.minimum) };
    case 'too_big':
      return { key: 'validation.maxLength', count: Number(issue.maximum) };
    case 'invalid_format':
      return issue.format === 'email' ? { key: 'validation.email' } : { key: 'validation.invalid' };
    case 'custom':
      return ownWords(issue.params) ?? { key: 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** The message a refinement gave in both languages (an order number, an IP address), if it gave one. */
function ownWords(params: unknown): { text: { en: string; hr: string } } | null {
  if (typeof params !== 'object' || params === null) return null;
  const { en, hr } = params as { en?: unknown; hr?: unknown };
  return typeof en === 'string' && typeof hr === 'string' ? { text: { en, hr } } : null;
}

/** The value at a zod issue's path within the validated input. */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
