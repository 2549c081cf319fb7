import { ErrorCodes, type ErrorCode, type FieldError, type LocalizedText } from '@centrala/contracts';
import { text as t } from './text.js';

/**
 * An error meant for the API's caller: a stable code, the HTTP status the
 * code is listed with (`ErrorCodes` in @centrala/contracts), and a message in
 * both languages. Anything else thrown is an internal error and is answered
 * with a generic 500 that leaks nothing.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly text: LocalizedText,
    readonly fields?: FieldError[],
    /** What else the caller needs to act on this error, sent beside `code` (a reply collision's missed messages). */
    readonly details?: Record<string, unknown>,
  ) {
    super(text.en);
    this.status = ErrorCodes[code];
  }
}

/** What a path names that may not be there: `ticket` for `ticket.not_found`. */
export type NotFoundSubject = { [C in ErrorCode]: C extends `${infer What}.not_found` ? What : never }[ErrorCode];

/** How long a caller is asked to wait while the database is unreachable (a restart or failover takes seconds). */
export const RETRY_AFTER_SECONDS = 5;

/** The shared vocabulary of errors; modules add their own next to their code. */
export const Errors = {
  unauthenticated: () => new AppError('auth.unauthenticated', t('Please log in.', 'Prijavite se.')),
  /** The session was ended by disabling its user: said apart from `unauthenticated`, so the user knows why. */
  accountDisabled: () =>
    new AppError(
      'auth.account_disabled',
      t('Your account has been disabled. Ask an administrator.', 'Vaš račun je onemogućen. Obratite se administratoru.'),
    ),
  passwordChangeRequired: () =>
    new AppError('auth.password_change_required', t('Set a new password first.', 'Najprije postavite novu lozinku.')),
  forbidden: () => new AppError('auth.forbidden', t('You may not do this.', 'Nemate ovlasti za ovo.')),
  notFound: (what: NotFoundSubject) => new AppError(`${what}.not_found`, t('Not found.', 'Nije pronađeno.')),
  totpEnrolmentRequired: () =>
    new AppError(
      'auth.totp_enrollment_required',
      t('Set up two-factor authentication first.', 'Najprije postavite dvofaktorsku autentikaciju.'),
    ),
  csrf: () =>
    new AppError(
      'auth.csrf_invalid',
      t(
        'Your session form token is missing or stale; reload the page.',
        'Sigurnosni token obrasca nedostaje ili je istekao; osvježite stranicu.',
      ),
    ),
  invalidJson: () => new AppError('request.invalid_json', t('The request body is not valid JSON.', 'Tijelo zahtjeva nije ispravan JSON.')),
  tooLarge: () => new AppError('request.too_large', t('The request is too large.', 'Zahtjev je prevelik.')),
  /** Names the format the route takes, which is not always the JSON most routes take. */
  unsupportedMedia: (takes: 'application/json' | 'multipart/form-data') =>
    new AppError('request.unsupported_media_type', t(`Send the request body as ${takes}.`, `Pošaljite tijelo zahtjeva kao ${takes}.`)),
  invalid: (fields: FieldError[]) => new AppError('request.invalid', t('Some fields are not valid.', 'Neka polja nisu ispravna.'), fields),
  rateLimited: (seconds: number) =>
    new AppError(
      'request.rate_limited',
      t(`Too many attempts. Try again in ${seconds} s.`, `Previše pokušaja. Pokušajte ponovno za ${seconds} s.`),
    ),
  /** The database cannot be reached or cannot serve now: temporary, so the caller is told when to try again. */
  unavailable: (seconds = RETRY_AFTER_SECONDS) =>
    new AppError(
      'service.unavailable',
      t(
        `The service is briefly unavailable. Try again in ${seconds} s.`,
        `Usluga je trenutačno nedostupna. Pokušajte ponovno za ${seconds} s.`,
      ),
    ),
  internal: () =>
    new AppError(
      'server.internal',
      t('Something went wrong on our side. Please try again.', 'Došlo je do pogreške kod nas. Pokušajte ponovno.'),
    ),
} as const;
