import pino, { type Logger } from 'pino';

// Query parameters whose name says they may carry a credential (token, access_token, api_key, client_secret, password,
// code, session, auth, signature, a TOTP code, a JWT …): their values never reach the log.
const SECRET_QUERY = /([?&;][^=&#;]*(?:token|secret|passw|pwd|code|otp|jwt|key|session|auth|csrf|signature|sig)[^=&#;]*=)[^&#;]*/gi;

/**
 * `url` as it may be logged: every credential-like query parameter's value
 * `[redacted]`. (A connection URL's password is startup-error.ts's redactUrl.)
 */
function redactQuery(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/** `destination`: where the lines go (stdout by default; a test reads them). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    // People at a terminal get readable lines; services and log shippers get JSON.
    ...(process.stdout.isTTY &&
      !destination && {
        transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' } },
      }),
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', '*.password', '*.totp', 'password', 'totp'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactQuery(req.url),
        ip: req.ip,
      }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
