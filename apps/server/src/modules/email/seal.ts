import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals a mail body that holds a secret (a reset link) with the server's key,
 * AES-256-GCM: the stored row and the admins who read the outbox get nothing
 * usable; the relay that delivers it opens it.
 */
export interface MailSeal {
  seal(text: string): Buffer;
  open(sealed: Buffer): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function mailSeal(key: Buffer): MailSeal {
  if (key.length !== 32) throw new Error('the sealing key must be 32 bytes');
  return {
    seal(text) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
