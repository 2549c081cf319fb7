import type { FastifySchemaCompiler } from 'fastify';
import { Errors } from '../shared/errors.js';
import { controlCharacterErrors } from '../shared/text-rule.js';

/**
 * Wraps the validator compiler so the text rule runs first on every body,
 * query string and path parameters a route's schema declares: a new route
 * gets it without asking. (Fastify validates only declared parts, and a route
 * reads only what it declares: its types come from the schema.) Headers are
 * left to their schemas: Node already answers 400 to a control character in
 * one. A multipart form's payload is checked by the tickets
 * module's form reader (modules/tickets/form.ts).
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
