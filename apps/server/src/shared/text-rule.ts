import type { FieldError } from '@centrala/contracts';
import { text } from './text.js';

/**
 * C0 control characters other than tab, line feed and carriage return, and
 * half a UTF-16 surrogate pair. NUL is refused by PostgreSQL in any text, and a
 * lone surrogate in JSON (`"\ud800"`) by its jsonb: a 500 deep in a write,
 * after attachments landed. The other controls are invisible, break mail
 * headers and terminals, and no form or program sends them in good faith.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Deeper than any form or API body goes. JSON.parse builds a value nested as
 * deep as the body allows (a 1 MB body of `[` is 10^6 levels), and walking it
 * recursively would overflow the stack: a 500 from one request.
 */
const MAX_DEPTH = 32;

/**
 * The one rule for text from outside, applied at the edge to every route's
 * body, query string and path parameters (http/text-rule.ts) and to a multipart
 * form's JSON part (the tickets module's form reader):
 * a field error for each string, or object key, holding a control character,
 * and one for a value nested deeper than MAX_DEPTH (not looked into further).
 * An empty list when the input is clean. Walks with its own stack, never the
 * call stack.
 */
export function controlCharacterErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  // Children go on in reverse, so fields are reported in the order they were sent.
  const pending: { value: unknown; path: string[]; badKey?: boolean }[] = [{ value: input, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, badKey } = next;
    if (badKey) {
      errors.push(controlCharacterError(path.map((key) => key.replace(new RegExp(CONTROL, 'g'), '?')).join('.')));
    } else if (typeof value === 'string') {
      if (CONTROL.test(value)) errors.push(controlCharacterError(path.join('.') || '(body)'));
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= MAX_DEPTH) {
        errors.push(tooDeepError(path.join('.')));
        continue;
      }
      const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
      for (const [key, item] of entries.reverse()) pending.push({ value: item, path: [...path, key], badKey: CONTROL.test(key) });
    }
  }
  return errors;
}

const tooDeepError = (path: string): FieldError => ({
  path,
  code: 'too_deep',
  message: text(`This value is nested more than ${MAX_DEPTH} levels deep.`, `Ova je vrijednost ugniježđena dublje od ${MAX_DEPTH} razina.`),
});

const controlCharacterError = (path: string): FieldError => ({
  path,
  code: 'control_character',
  message: text(
    'Remove the control character (such as NUL) or broken character from this text; of the control characters only tabs and line breaks are allowed.',
    'Uklonite kontrolni (npr. NUL) ili neispravan znak iz ovog teksta; od kontrolnih znakova dopušteni su samo tabulator i prijelom retka.',
  ),
});
