import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The billing panel's signed sign-in link (docs/billing-sso.md): what is signed, how, and where the link may send
 * the browser. Pure, so the panel-side snippets in docs/examples are tested against the same rules.
 */
export interface LinkFields {
  /** The contact's id in the billing system (users.external_id). */
  contact: string;
  /** Optional; when given, it must be the contact's address. '' when absent. */
  email: string;
  /** Unix seconds when the panel made the link. */
  ts: string;
  nonce: string;
  /** Optional client-area path to land on. '' when absent. */
  to: string;
}

const LINK_VERSION = 'v1';

/**
 * `v1\n<contact>\n<email>\n<ts>\n<nonce>\n<to>`: every field in a fixed place, absent ones empty. No field may hold
 * a line break (the checks before refuse one), so no two different links sign the same string.
 */
export function canonicalString(f: LinkFields): string {
  return [LINK_VERSION, f.contact, f.email, f.ts, f.nonce, f.to].join('\n');
}

/** Lower-case hex HMAC-SHA256 of the canonical string, keyed with the secret's UTF-8 bytes. */
export function linkSignature(secret: string, f: LinkFields): string {
  return createHmac('sha256', secret).update(canonicalString(f), 'utf8').digest('hex');
}

/** Compared in constant time: how long the answer takes tells nothing of how much of a forged signature was right. */
export function signatureMatches(secret: string, f: LinkFields, sig: string): boolean {
  const expected = Buffer.from(linkSignature(secret, f), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What a well-formed link's fields look like; checked before anything else, so the canonical string is unambiguous. */
export const FIELD_RULES = {
  contact: /^[^\p{Cc}]{1,100}$/u,
  email: /^([^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]{1,189})?$/u,
  ts: /^\d{1,12}$/,
  nonce: /^[A-Za-z0-9_-]{16,128}$/,
  sig: /^[0-9a-fA-F]{64}$/,
} as const;

const DEFAULT_DESTINATION = '/client';

/**
 * Where `to` may send the browser: only a path of the client area on this very server, never another host (no open
 * redirect). `//evil.example`, `https:`, backslashes (browsers read `\` as `/`), dot segments and percent-encoded
 * forms of any of these are refused; so is anything that resolves, against our own origin, outside `/client`.
 * Answers the path to redirect to, or null when `to` must be refused. An absent `to` is the client area's start.
 */
export function clientAreaPath(to: string): string | null {
  if (to === '') return DEFAULT_DESTINATION;
  if (to.length > 500 || !/^\/client(?:[/?#]|$)/.test(to)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return null;
  }
  for (const form of [to, decoded]) {
    if (/[\\\p{Cc}\s]|\/\/|(^|\/)\.\.?(\/|$|\?|#)/u.test(form)) return null;
  }
  // The percent-decoded form must also stay in the client area (`/client%2F..%2Fadmin`).
  if (!/^\/client(?:[/?#]|$)/.test(decoded)) return null;
  const origin = 'http://centrala.invalid';
  const url = new URL(to, origin);
  if (url.origin !== origin || !/^\/client(?:\/|$)/.test(url.pathname)) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
