import type { FieldError, LocalizedText } from '@centrala/contracts';
import { text as t } from './text.js';

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
