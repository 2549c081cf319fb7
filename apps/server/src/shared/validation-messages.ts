import type { FieldError, LocalizedText } from '@centrala/contracts';
import type { z } from 'zod';
import { counted, localNumber, text, type CountedNoun } from './text.js';

/**
 * Turns zod issues into field errors with a message in both languages. The
 * code is zod's own issue code (plus the format for strings), stable enough
 * for clients to key on. `input` is what was validated: a field left empty
 * is told it is required, not that it is too short (issue 10 point 9).
 */
export function fieldErrors(issues: z.core.$ZodIssue[], input?: unknown): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    code: issueCode(issue),
    message:
      isBlank(valueAt(input, issue.path)) && issue.code === 'too_small' && issue.origin === 'string' ? REQUIRED : issueMessage(issue),
  }));
}

const REQUIRED: LocalizedText = { en: 'This field is required.', hr: 'Ovo polje je obavezno.' };

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Empty, or spaces only (which the contracts trim away). */
function isBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/** A contract's own rule (a refinement) may name its code and say itself in both languages, in its issue's `params`. */
function customParams(issue: z.core.$ZodIssue): { code?: string; en?: string; hr?: string } {
  return issue.code === 'custom' && issue.params ? (issue.params as { code?: string; en?: string; hr?: string }) : {};
}

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format') return `invalid_format.${issue.format}`;
  const own = customParams(issue).code;
  if (own) return own;
  return issue.code;
}

function issueMessage(issue: z.core.$ZodIssue): LocalizedText {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? REQUIRED
        : { en: `Expected ${issue.expected}.`, hr: `Očekivana vrijednost tipa ${issue.expected}.` };
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_format':
      return issue.format === 'email'
        ? { en: 'Enter a valid email address.', hr: 'Unesite ispravnu adresu e-pošte.' }
        : { en: 'The format is not valid.', hr: 'Oblik nije ispravan.' };
    case 'invalid_value':
      return { en: 'Choose one of the offered values.', hr: 'Odaberite jednu od ponuđenih vrijednosti.' };
    case 'custom': {
      const { en, hr } = customParams(issue);
      return en && hr ? { en, hr } : { en: 'This value is not valid.', hr: 'Ova vrijednost nije ispravna.' };
    }
    case 'unrecognized_keys':
      return { en: `Unknown fields: ${issue.keys.join(', ')}.`, hr: `Nepoznata polja: ${issue.keys.join(', ')}.` };
    default:
      return { en: 'This value is not valid.', hr: 'Ova vrijednost nije ispravna.' };
  }
}

const CHARACTERS: CountedNoun = { en: { one: 'character', other: 'characters' }, hr: { one: 'znak', few: 'znaka', other: 'znakova' } };
// Accusative, as in "Odaberite barem 1 stavku".
const ITEMS: CountedNoun = { en: { one: 'item', other: 'items' }, hr: { one: 'stavku', few: 'stavke', other: 'stavki' } };

/** `Enter at least` + `3 characters` + `.`, in both languages. */
const sentence = (en: string, hr: string, what: LocalizedText) => text(`${en} ${what.en}.`, `${hr} ${what.hr}.`);

function tooSmall(issue: z.core.$ZodIssueTooSmall): LocalizedText {
  const n = Number(issue.minimum);
  if (issue.origin === 'string') return sentence('Enter at least', 'Unesite barem', counted(n, CHARACTERS));
  if (issue.origin === 'array' || issue.origin === 'set') return sentence('Choose at least', 'Odaberite barem', counted(n, ITEMS));
  // An exclusive minimum (positive()) accepts no value equal to it: "at least 0" would invite the 0 just refused.
  return issue.inclusive === false
    ? sentence('Must be greater than', 'Mora biti veće od', localNumber(n))
    : sentence('Must be at least', 'Mora biti najmanje', localNumber(n));
}

function tooBig(issue: z.core.$ZodIssueTooBig): LocalizedText {
  const n = Number(issue.maximum);
  if (issue.origin === 'string') return sentence('Enter at most', 'Unesite najviše', counted(n, CHARACTERS));
  if (issue.origin === 'array' || issue.origin === 'set') return sentence('Choose at most', 'Odaberite najviše', counted(n, ITEMS));
  return issue.inclusive === false
    ? sentence('Must be less than', 'Mora biti manje od', localNumber(n))
    : sentence('Must be at most', 'Smije biti najviše', localNumber(n));
}
