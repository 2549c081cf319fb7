/**
 * Examples of a route's request body for the OpenAPI document. Kept beside the schema rather than as its zod `meta`:
 * zod drops a root schema's metadata from its input JSON Schema when a field transforms (an address lowercased),
 * so the HTTP app's document transform (http/app.ts) puts them on the body after converting it.
 */
const examples = new WeakMap<object, unknown[]>();

/** A copy of the schema (one schema may serve several routes, each with its own examples), its examples noted. */
export function withExamples<S extends { clone(): S }>(schema: S, ...values: unknown[]): S {
  const copy = schema.clone();
  examples.set(copy, values);
  return copy;
}

export function examplesOf(schema: unknown): unknown[] | undefined {
  return typeof schema === 'object' && schema !== null ? examples.get(schema) : undefined;
}
