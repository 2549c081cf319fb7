import { generateSecret, generateURI, verify } from 'otplib';

const ISSUER = 'Centrala';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/**
 * Accepts the current code and the one before (clock drift, slow typing), but
 * none from a time step at or before `lastStep`, the last one accepted: a code
 * seen over a shoulder or in a log is good once. Answers the code's time step,
 * to be stored as the new last one, or null.
 */
export async function checkTotp(secret: string, code: string, lastStep: string | number | null): Promise<number | null> {
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: [30, 5],
      ...(lastStep !== null && { afterTimeStep: Number(lastStep) }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
