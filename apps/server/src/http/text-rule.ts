import type { FieldError } from '@centrala/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import { Errors, text } from './errors.js';

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
 * The one rule for text from outside, applied at the edge to every route's
 * body, query string and path parameters (and to a multipart form's JSON part):
 * a field error for each string, or object key, holding a control character.
 * An empty list when the input is clean.
 */
export function controlCharacterErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      if (CONTROL.test(value)) errors.push(controlCharacterError(path.join('.') || '(body)'));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, String(i)]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (CONTROL.test(key)) errors.push(controlCharacterError([...path, key.replace(new RegExp(CONTROL, 'g'), '?')].join('.')));
        else visit(item, [...path, key]);
      }
    }
  };
  visit(input, []);
  return errors;
}

const controlCharacterError = (path: string): FieldError => ({
  path,
  code: 'control_character',
  message: text(
    'Remove the control character (such as NUL) or broken character from this text; of the control characters only tabs and line breaks are allowed.',
    'Uklonite kontrolni (npr. NUL) ili neispravan znak iz ovog teksta; od kontrolnih znakova dopušteni su samo tabulator i prijelom retka.',
  ),
});

/**
 * Wraps the validator compiler so the text rule runs first on every body,
 * query string and path parameters a route's schema declares: a new route
 * gets it without asking. (Fastify validates only declared parts, and a route
 * reads only what it declares: its types come from the schema.) Headers are
 * left to their schemas: Node already answers 400 to a control character in
 * one. A multipart form's payload is checked by readTicketForm.
 */
export function withTextRule<S>(compile: FastifySchemaCompiler<S>): FastifySchemaCompiler<S> {
  return (route) => {
    const validate = compile(route);
    if (route.httpPart === 'headers') return validate;
    return (data: unknown) => {
      const errors = controlCharacterErrors(data);
      return errors.length ? { error: Errors.invalid(errors) } : validate(data);
    };
  };
}
