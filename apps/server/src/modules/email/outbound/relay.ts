import { readFileSync } from 'node:fs';
import { StartupError } from '../../../startup-error.js';
import type { Dkim, SmtpRelay } from './delivery.js';

/** What delivery reads of the configuration (config.ts), named here so the module needs no more of it. */
export interface RelaySettings {
  SMTP_RELAY_URL?: string | undefined;
  SMTP_RELAY_HOST?: string | undefined;
  SMTP_RELAY_PORT: number;
  SMTP_RELAY_SECURE: boolean;
  SMTP_RELAY_USER?: string | undefined;
  SMTP_RELAY_PASS?: string | undefined;
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY_FILE?: string | undefined;
}

/** The relay mail goes through, or null: no relay configured, the dev outbox keeps every mail. */
export function relayOf(c: RelaySettings): SmtpRelay | null {
  if (c.SMTP_RELAY_URL) {
    const url = new URL(c.SMTP_RELAY_URL);
    const secure = url.protocol === 'smtps:';
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      user: url.username ? decodeURIComponent(url.username) : null,
      pass: url.password ? decodeURIComponent(url.password) : null,
    };
  }
  if (c.SMTP_RELAY_HOST)
    return {
      host: c.SMTP_RELAY_HOST,
      port: c.SMTP_RELAY_PORT,
      secure: c.SMTP_RELAY_SECURE,
      user: c.SMTP_RELAY_USER ?? null,
      pass: c.SMTP_RELAY_PASS ?? null,
    };
  return null;
}

/** DKIM signing when all three settings are given; a key file that cannot be read stops the start. */
export function dkimOf(c: RelaySettings): Dkim | null {
  const given = [c.DKIM_DOMAIN, c.DKIM_SELECTOR, c.DKIM_PRIVATE_KEY_FILE].filter(Boolean).length;
  if (given === 0) return null;
  if (given < 3)
    throw new StartupError('DKIM signing needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE together (or none of them).');
  let privateKey: string;
  try {
    privateKey = readFileSync(c.DKIM_PRIVATE_KEY_FILE!, 'utf8');
  } catch (err) {
    throw new StartupError(`DKIM_PRIVATE_KEY_FILE=${c.DKIM_PRIVATE_KEY_FILE}: ${(err as Error).message}`);
  }
  if (!privateKey.includes('PRIVATE KEY'))
    throw new StartupError(`DKIM_PRIVATE_KEY_FILE=${c.DKIM_PRIVATE_KEY_FILE} holds no PEM private key.`);
  return { domainName: c.DKIM_DOMAIN!, keySelector: c.DKIM_SELECTOR!, privateKey };
}

/** The bare address of a From setting: `Centrala <support@x.hr>` → `support@x.hr`. */
export function addressOf(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/** The one start-log line about mail: where it goes, or that it goes nowhere. */
export function deliveryStartLine(relay: SmtpRelay | null, dkim: Dkim | null): string {
  if (!relay)
    return 'No SMTP relay configured (SMTP_RELAY_URL or SMTP_RELAY_HOST): nothing is sent; every mail, password resets included, stays in the dev outbox admins read (Admin → Outbox).';
  return `Mail is delivered through SMTP relay ${relay.host}:${relay.port}${relay.secure ? ' (TLS)' : ''}${dkim ? `, DKIM-signed as ${dkim.keySelector}._domainkey.${dkim.domainName}` : ', not DKIM-signed'}.`;
}
