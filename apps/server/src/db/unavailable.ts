/**
 * Whether an error means the database cannot be reached or cannot serve now
 * (down, restarting, overloaded, too slow), as opposed to a fault in the
 * request or in our code. Such a failure is temporary: the caller is told to
 * try again (503), a background task waits and tries again.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // Connecting to several addresses (IPv4 and IPv6) fails with one error per address.
  if (err instanceof AggregateError && err.errors.some(isDatabaseUnavailable)) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many connections, disk full),
    // 57P (shutting down, starting up, crashed) and 57014 (statement timeout or a cancel).
    if (/^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-5]$/.test(code) || code === '57014') return true;
  }
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(err.message));
}

/** Socket errors of a connection that cannot be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres reports these without a code. */
const CONNECTION_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/, // the pool's connectionTimeoutMillis
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
];
