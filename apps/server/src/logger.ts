import pino, { type Logger } from 'pino';

// Query parameters that carry secrets (reset links); their values never reach the log.
const SECRET_QUERY = /([?&](?:token|code|secret)=)[^&]*/gi;

export function createLogger(level: string): Logger {
  return pino({
    level,
    // People at a terminal get readable lines; services and log shippers get JSON.
    ...(process.stdout.isTTY && {
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
        url: req.url.replace(SECRET_QUERY, '$1[redacted]'),
        ip: req.ip,
      }),
    },
  });
}
