import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from './validation-messages.js';

describe('field errors', () => {
  const Schema = z.object({ email: z.email(), name: z.string().min(2), role: z.enum(['agent', 'admin']), age: z.number().max(3) });

  it('give a path, a stable code and a message in hr and en for each problem', () => {
    const result = Schema.safeParse({ email: 'nope', name: 'x', role: 'cook', age: 9 });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!.issues);
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['email', 'invalid_format.email'],
      ['name', 'too_small'],
      ['role', 'invalid_value'],
      ['age', 'too_big'],
    ]);
    expect(errors[0]!.message).toEqual({ en: 'Enter a valid email address.', hr: 'Unesite ispravnu adresu e-pošte.' });
    expect(errors[1]!.message.hr).toBe('Unesite barem 2 znakova.');
  });

  it('say a missing field is required', () => {
    const result = Schema.safeParse({});
    expect(fieldErrors(result.error!.issues)[0]!.message.en).toBe('This field is required.');
  });
});
