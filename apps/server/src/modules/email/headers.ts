/**
 * What may go into a mail header. User text (a ticket's subject, a name) is
 * folded onto one line: a CR or LF in it would end the header and start
 * another (`Bcc:`), so every control character and Unicode line or paragraph
 * separator becomes a space. Addresses are checked, not mended.
 */
// C0 controls (CR, LF, TAB, NUL …), DEL, C1 controls (NEL), LINE and PARAGRAPH SEPARATOR.
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function headerText(value: string): string {
  return value.replace(BREAKS, ' ').trim();
}

// One bare local part and one domain: no space, comma, angle bracket or control character a header could use.
const ADDRESS = /^[\p{L}\p{N}.!#$%&'*+/=?^_`{|}~-]+@[\p{L}\p{N}.-]+$/u;

export class InvalidMailAddressError extends Error {}

/** Whether a mail can be written to this address: a sender's may be valid SMTP and still not one (`a@[127.0.0.1]`). */
export function isHeaderAddress(address: string): boolean {
  return ADDRESS.test(address);
}

export function headerAddress(address: string): string {
  if (!ADDRESS.test(address)) throw new InvalidMailAddressError(`not a mail address: ${JSON.stringify(address)}`);
  return address;
}

/**
 * Whether a Message-ID (without its angle brackets) can be written into In-Reply-To or References of a mail we send:
 * printable ASCII only. A sender's 8-bit (RFC 6532) id is kept for threading what arrives, but a relay without
 * SMTPUTF8 may refuse a mail whose headers carry it; our own ids and the reply address still thread the answer.
 */
export function isHeaderMessageId(id: string): boolean {
  return /^[\x21-\x3b\x3d\x3f-\x7e]{1,995}$/.test(id);
}
