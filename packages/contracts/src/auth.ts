import { z } from 'zod';

export const Locale = z.enum(['hr', 'en']);
export type Locale = z.infer<typeof Locale>;

export const StaffRole = z.enum(['agent', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const Email = z
  .email()
  .max(254)
  .transform((e) => e.trim().toLowerCase());

/** Who is logged in, as the web app sees them. */
export const CurrentUser = z.object({
  id: z.string().uuid(),
  kind: z.enum(['client', 'staff']),
  email: z.string(),
  name: z.string(),
  role: StaffRole.nullable(),
  accountId: z.string().uuid().nullable(),
  locale: Locale,
  totpEnabled: z.boolean(),
  /** Admins must have TOTP; until they enrol, only enrolment is allowed. */
  mustEnrollTotp: z.boolean(),
  /** An admin asked for a new password (or made this staff user): until it is changed, only that is allowed. */
  mustChangePassword: z.boolean(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const Session = z.object({
  user: CurrentUser,
  /** Send back as the `x-csrf-token` header on every write. */
  csrfToken: z.string(),
});
export type Session = z.infer<typeof Session>;

/**
 * A recovery code as typed: 16 letters and digits, grouped by hyphens or spaces in any case (`k7mq-…`); the
 * groups are not part of the code.
 */
export const RecoveryCode = z
  .string()
  .max(64)
  .transform((code) => code.replace(/[\s-]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9]{16}$/));

export const LoginRequest = z.object({
  email: Email,
  password: z.string().min(1).max(1024),
  /** Six-digit code; required when the user has TOTP (without it, the same `auth.invalid_credentials` as a wrong password). */
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** Instead of `totp`: one of the user's unused recovery codes (refused and counted like a wrong code otherwise). */
  recoveryCode: RecoveryCode.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const PasswordResetRequest = z.object({ email: Email });
export const NewPassword = z.string().min(10).max(1024);
export const PasswordResetConfirm = z.object({ token: z.string().min(20).max(200), password: NewPassword });

export const TotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const TotpCode = z.object({ code: z.string().regex(/^\d{6}$/) });

/** Shown once, when TOTP is turned on or the codes are made anew; only their hashes are kept. */
export const RecoveryCodes = z.object({ codes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;
export const RecoveryCodesStatus = z.object({ remaining: z.number().int(), total: z.number().int() });
export type RecoveryCodesStatus = z.infer<typeof RecoveryCodesStatus>;
/** Making new codes voids the old ones, so it asks for the password again. */
export const RecoveryCodesRegenerate = z.object({ password: z.string().min(1).max(1024) });

/** The password must be new: a forced change back to the same one would change nothing. */
export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: NewPassword });
export type PasswordChange = z.infer<typeof PasswordChange>;

export const LocaleUpdate = z.object({ locale: Locale });
