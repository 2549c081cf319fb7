/** The query parameter of /login that names where to go after logging in. */
export const RETURN_PARAM = 'next';

const MAX_LENGTH = 2000;

/**
 * The path to return to after logging in, or null when `value` is not a plain path of this site. Only a
 * single leading `/` is accepted: `//host`, `/\host` (browsers read `\` as `/`), schemes, and control or
 * whitespace characters (which URL parsing drops, turning `/\t/host` into `//host`) are refused, so the
 * parameter cannot send anyone to another site. The login page itself is refused too, to avoid a loop.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return null;
  if (value[0] !== '/' || value[1] === '/' || value.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, 'https://centrala.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'https://centrala.invalid') return null;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return null;
  return value;
}

/** The login page's address that brings the user back to `path` (when it is a safe one) afterwards. */
export function loginPath(path: string): string {
  const back = safeReturnPath(path);
  return back === null ? '/login' : `/login?${new URLSearchParams({ [RETURN_PARAM]: back }).toString()}`;
}

// Set by a deliberate logout until the next login: the guards then send the user to a plain /login, not
// to one that would bring the next person to log in here back to this user's page.
let loggedOut = false;

export function markLoggedOut(value: boolean): void {
  loggedOut = value;
}

/** Where the guards send a visitor without a session who was on `path`. */
export function guardRedirect(path: string): string {
  return loggedOut ? '/login' : loginPath(path);
}
