import type { FieldError, LocalizedText } from '@centrala/contracts';
import type { z } from 'zod';

/**
 * Turns zod issues into field errors with a message in both languages. The
 * code is zod's own issue code (plus the format for strings), stable enough
 * for clients to key on.
 */
export function fieldErrors(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    code: issueCode(issue),
    message: issueMessage(issue),
  }));
}

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format') return `invalid_format.${issue.format}`;
  return issue.code;
}

function issueMessage(issue: z.core.$ZodIssue): LocalizedText {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { en: 'This field is required.', hr: 'Ovo polje je obavezno.' }
        : { en: `Expected ${issue.expected}.`, hr: `Očekivana vrijednost tipa ${issue.expected}.` };
    case 'too_small':
      return issue.origin === 'string'
        ? { en: `Enter at least ${issue.minimum} characters.`, hr: `Unesite barem ${issue.minimum} znakova.` }
        : { en: `Must be at least ${issue.minimum}.`, hr: `Mora biti barem ${issue.minimum}.` };
    case 'too_big':
      return issue.origin === 'string'
        ? { en: `Enter at most ${issue.maximum} characters.`, hr: `Unesite najviše ${issue.maximum} znakova.` }
        : { en: `Must be at most ${issue.maximum}.`, hr: `Smije biti najviše ${issue.maximum}.` };
    case 'invalid_format':
      return issue.format === 'email'
        ? { en: 'Enter a valid email address.', hr: 'Unesite ispravnu adresu e-pošte.' }
        : { en: 'The format is not valid.', hr: 'Oblik nije ispravan.' };
    case 'invalid_value':
      return { en: 'Choose one of the offered values.', hr: 'Odaberite jednu od ponuđenih vrijednosti.' };
    case 'unrecognized_keys':
      return { en: `Unknown fields: ${issue.keys.join(', ')}.`, hr: `Nepoznata polja: ${issue.keys.join(', ')}.` };
    default:
      return { en: 'This value is not valid.', hr: 'Ova vrijednost nije ispravna.' };
  }
}
