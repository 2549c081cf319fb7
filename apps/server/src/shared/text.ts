import type { LocalizedText } from '@centrala/contracts';

/** A message in both languages the product speaks: `text('Not found.', 'Nije pronađeno.')`. */
export const text = (en: string, hr: string): LocalizedText => ({ en, hr });

/**
 * A noun in each plural form its language has, in the grammatical case the
 * sentence needs: English has one and other, Croatian one (1, 21), few (2–4,
 * 22–24) and other (5–20, 25…).
 */
export interface CountedNoun {
  en: Record<'one' | 'other', string>;
  hr: Record<'one' | 'few' | 'other', string>;
}

// The same locales as the web app's, so numbers read the same there and in the server's messages.
export const locales = { en: 'en-GB', hr: 'hr-HR' } as const;
const plurals = { en: new Intl.PluralRules(locales.en), hr: new Intl.PluralRules(locales.hr) };
const numbers = { en: new Intl.NumberFormat(locales.en), hr: new Intl.NumberFormat(locales.hr) };

/** A number as each language writes it: `20,000` / `20.000`. */
export const localNumber = (n: number): LocalizedText => ({ en: numbers.en.format(n), hr: numbers.hr.format(n) });

const form = (forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }, rule: Intl.LDMLPluralRule) =>
  forms[rule] ?? forms.other;

/** `3 characters` / `3 znaka`: the count with its noun in the form CLDR's plural rules choose. */
export function counted(n: number, noun: CountedNoun): LocalizedText {
  const number = localNumber(n);
  return { en: `${number.en} ${form(noun.en, plurals.en.select(n))}`, hr: `${number.hr} ${form(noun.hr, plurals.hr.select(n))}` };
}
