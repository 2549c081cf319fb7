import { generateSecret, generateURI, verify } from 'otplib';

const ISSUER = 'Centrala';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret });
}

/** Accepts the current code and the one before (clock drift, slow typing). */
export async function checkTotp(secret: string, code: string): Promise<boolean> {
  try {
    return (await verify({ secret, token: code, epochTolerance: [30, 5] })).valid;
  } catch {
    return false;
  }
}
