import type { FieldError, LocalizedText } from '@centrala/contracts';

/**
 * An error meant for the API's caller: a stable code, an HTTP status, and a
 * message in both languages. Anything else thrown is an internal error and is
 * answered with a generic 500 that leaks nothing.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: LocalizedText,
    readonly fields?: FieldError[],
    /** What else the caller needs to act on this error, sent beside `code` (a reply collision's missed messages). */
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
  }
}

const t = (en: string, hr: string): LocalizedText => ({ en, hr });

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

/** How long a caller is asked to wait while the database is unreachable (a restart or failover takes seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** The shared vocabulary of errors; modules add their own next to their code. */
export const Errors = {
  unauthenticated: () => new AppError(401, 'auth.unauthenticated', t('Please log in.', 'Prijavite se.')),
  /** The session was ended by disabling its user: said apart from `unauthenticated`, so the user knows why. */
  accountDisabled: () =>
    new AppError(
      401,
      'auth.account_disabled',
      t('Your account has been disabled. Ask an administrator.', 'Vaš račun je onemogućen. Obratite se administratoru.'),
    ),
  passwordChangeRequired: () =>
    new AppError(403, 'auth.password_change_required', t('Set a new password first.', 'Najprije postavite novu lozinku.')),
  forbidden: () => new AppError(403, 'auth.forbidden', t('You may not do this.', 'Nemate ovlasti za ovo.')),
  notFound: (what = 'resource') => new AppError(404, `${what}.not_found`, t('Not found.', 'Nije pronađeno.')),
  totpEnrolmentRequired: () =>
    new AppError(
      403,
      'auth.totp_enrollment_required',
      t('Set up two-factor authentication first.', 'Najprije postavite dvofaktorsku autentikaciju.'),
    ),
  csrf: () =>
    new AppError(
      403,
      'auth.csrf_invalid',
      t(
        'Your session form token is missing or stale; reload the page.',
        'Sigurnosni token obrasca nedostaje ili je istekao; osvježite stranicu.',
      ),
    ),
  invalidJson: () =>
    new AppError(400, 'request.invalid_json', t('The request body is not valid JSON.', 'Tijelo zahtjeva nije ispravan JSON.')),
  tooLarge: () => new AppError(413, 'request.too_large', t('The request is too large.', 'Zahtjev je prevelik.')),
  /** Names the format the route takes, which is not always the JSON most routes take. */
  unsupportedMedia: (takes: 'application/json' | 'multipart/form-data') =>
    new AppError(415, 'request.unsupported_media_type', t(`Send the request body as ${takes}.`, `Pošaljite tijelo zahtjeva kao ${takes}.`)),
  invalid: (fields: FieldError[]) =>
    new AppError(400, 'request.invalid', t('Some fields are not valid.', 'Neka polja nisu ispravna.'), fields),
  rateLimited: (seconds: number) =>
    new AppError(
      429,
      'request.rate_limited',
      t(`Too many attempts. Try again in ${seconds} s.`, `Previše pokušaja. Pokušajte ponovno za ${seconds} s.`),
    ),
  conflict: (code: string, text: LocalizedText) => new AppError(409, code, text),
  /** The database cannot be reached or cannot serve now: temporary, so the caller is told when to try again. */
  unavailable: (seconds = RETRY_AFTER_SECONDS) =>
    new AppError(
      503,
      'service.unavailable',
      t(
        `The service is briefly unavailable. Try again in ${seconds} s.`,
        `Usluga je trenutačno nedostupna. Pokušajte ponovno za ${seconds} s.`,
      ),
    ),
  internal: () =>
    new AppError(
      500,
      'internal',
      t('Something went wrong on our side. Please try again.', 'Došlo je do pogreške kod nas. Pokušajte ponovno.'),
    ),
} as const;

export { t as text };
