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
    expect(errors[1]!.message.hr).toBe('Unesite barem 2 znaka.');
  });

  it('say a missing field is required', () => {
    const result = Schema.safeParse({});
    expect(fieldErrors(result.error!.issues)[0]!.message.en).toBe('This field is required.');
  });
});

describe('counts in field errors', () => {
  const message = (schema: z.ZodType, value: unknown) => fieldErrors(schema.safeParse(value).error!.issues)[0]!.message;

  it('give characters the plural form of the count in en and in each of the three Croatian forms', () => {
    expect(message(z.string().min(1), '')).toEqual({ en: 'Enter at least 1 character.', hr: 'Unesite barem 1 znak.' });
    expect(message(z.string().min(3), '')).toEqual({ en: 'Enter at least 3 characters.', hr: 'Unesite barem 3 znaka.' });
    expect(message(z.string().min(5), '')).toEqual({ en: 'Enter at least 5 characters.', hr: 'Unesite barem 5 znakova.' });
    expect(message(z.string().max(21), 'x'.repeat(22)).hr).toBe('Unesite najviše 21 znak.');
    expect(message(z.string().max(22), 'x'.repeat(23)).hr).toBe('Unesite najviše 22 znaka.');
    // 11–14 take the "other" form (znakova) although they end in 1–4.
    expect(message(z.string().max(11), 'x'.repeat(12)).hr).toBe('Unesite najviše 11 znakova.');
    expect(message(z.string().max(12), 'x'.repeat(13)).hr).toBe('Unesite najviše 12 znakova.');
    expect(message(z.string().max(20_000), 'x'.repeat(20_001))).toEqual({
      en: 'Enter at most 20,000 characters.',
      hr: 'Unesite najviše 20.000 znakova.',
    });
  });

  it('count items of a list', () => {
    expect(message(z.array(z.string()).min(1), [])).toEqual({ en: 'Choose at least 1 item.', hr: 'Odaberite barem 1 stavku.' });
    expect(message(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual({
      en: 'Choose at most 2 items.',
      hr: 'Odaberite najviše 2 stavke.',
    });
    expect(message(z.array(z.string()).max(50), Array(51).fill('a'))).toEqual({
      en: 'Choose at most 50 items.',
      hr: 'Odaberite najviše 50 stavki.',
    });
  });

  it('say "greater than" for an exclusive bound, such as an SLA target that must be positive', () => {
    expect(message(z.number().int().positive(), 0)).toEqual({ en: 'Must be greater than 0.', hr: 'Mora biti veće od 0.' });
    expect(message(z.number().lt(10), 10)).toEqual({ en: 'Must be less than 10.', hr: 'Mora biti manje od 10.' });
    expect(message(z.number().min(1024), 5)).toEqual({ en: 'Must be at least 1,024.', hr: 'Mora biti najmanje 1.024.' });
    expect(message(z.number().max(100), 101)).toEqual({ en: 'Must be at most 100.', hr: 'Smije biti najviše 100.' });
  });
});

describe('an empty required field (issue 10 point 9)', () => {
  const Form = z.object({ subject: z.string().trim().min(3), tags: z.array(z.string()).min(1) });

  it('is told it is required, not its minimum length', () => {
    const input = { subject: '', tags: [] };
    const [subject] = fieldErrors(Form.safeParse(input).error!.issues, input);
    expect(subject!.message).toEqual({ en: 'This field is required.', hr: 'Ovo polje je obavezno.' });
    expect(subject!.code).toBe('too_small');
  });

  it('spaces only count as empty, since the contracts trim them away', () => {
    const input = { subject: '   ', tags: ['a'] };
    expect(fieldErrors(Form.safeParse(input).error!.issues, input)[0]!.message.en).toBe('This field is required.');
  });

  it('a value that is there but short still hears the minimum', () => {
    const input = { subject: 'ab', tags: ['a'] };
    expect(fieldErrors(Form.safeParse(input).error!.issues, input)[0]!.message).toEqual({
      en: 'Enter at least 3 characters.',
      hr: 'Unesite barem 3 znaka.',
    });
  });

  it('an empty list is not a blank field: it is told how many to choose', () => {
    const input = { subject: 'abc', tags: [] };
    expect(fieldErrors(Form.safeParse(input).error!.issues, input)[0]!.message.en).toBe('Choose at least 1 item.');
  });
});
