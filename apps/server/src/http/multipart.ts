import type { FastifySchema } from 'fastify';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifySchema {
    /** A multipart route's JSON `payload` part, for the API document (the tickets module's form reader checks it, not Fastify). */
    form?: z.ZodType;
  }
}

/**
 * The OpenAPI transform's view of a route: a multipart route's form becomes
 * its documented body (the `payload` part, sent as JSON text or as
 * `application/json`, and the `attachments` files), so the API document, and
 * the tests generated from it, know what it takes.
 */
export function documentedForm<T extends { schema: FastifySchema }>(input: T): T {
  const form = input.schema?.form;
  if (!form) return input;
  const { form: _form, ...schema } = input.schema;
  const body = z.object({
    payload: form,
    attachments: z
      .array(z.string().meta({ format: 'binary' }))
      .optional()
      .describe('Files, each one part named attachments'),
  });
  return { ...input, schema: { ...schema, body } };
}
