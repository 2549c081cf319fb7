import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { redactUrl, StartupError } from './startup-error.js';

/** `localhost:5432` parses as a URL of scheme "localhost:": accept only what pg can connect to. */
const PostgresUrl = z.url().refine(
  (value) => {
    if (!URL.canParse(value)) return true; // z.url() has said so already
    const url = new URL(value);
    return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '';
  },
  { message: 'must be a postgres:// URL with a host, e.g. postgres://user:password@localhost:5432/centrala' },
);

/**
 * Every setting Centrala reads, from the environment, validated once at start.
 * The README's "Configuration" table is written from this list; keep them together.
 */
const Env = z.object({
  DATABASE_URL: PostgresUrl.optional().describe('External PostgreSQL; unset = embedded PostgreSQL in DATA_DIR/postgres'),
  DATA_DIR: z.string().default('./data').describe('Where the embedded PostgreSQL and attachments live'),
  EMBEDDED_PG_PORT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(65535)
    .default(54329)
    .describe('Port of the embedded PostgreSQL (127.0.0.1 only)'),
  HOST: z.string().default('127.0.0.1').describe('Address the HTTP server listens on (0.0.0.0 for all)'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  PUBLIC_URL: z.url().optional().describe('The address users reach Centrala at; used in emailed links. Default http://HOST:PORT'),
  TRUST_PROXY: z.stringbool().default(false).describe('Trust X-Forwarded-* from a load balancer'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14)
    .describe('How long a login lasts without activity'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024)
    .describe('Largest JSON request body'),
  SECRET_KEY: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Seals reset links in stored mail for the relay; at least 32 characters; unset = a random key in DATA_DIR/secret.key. The same on every node',
    ),
  METRICS_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('Bearer token that /metrics asks for, at least 16 characters; unset = /metrics answers 404'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Login and password-reset attempts per client address per minute, across all nodes'),
  BILLING_SSO_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      "The billing panel sign-in link's shared secret, at least 32 characters; set = the link is on with it and the admin page cannot change it. Unset = admins turn it on and make the secret (stored sealed)",
    ),
  BILLING_SSO_LINK_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(120)
    .default(90)
    .describe("How long the billing panel's sign-in link is accepted after it was signed, in seconds"),
  MAX_SOCKETS_PER_SESSION: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Most live connections (browser tabs) one login may hold open on a node'),
  MAX_SOCKETS_PER_USER: z.coerce
    .number()
    .int()
    .min(1)
    .default(50)
    .describe('Most live connections one user may hold open on a node, over all their logins'),
  TICKET_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('New tickets per customer account per minute, across all nodes (429 request.rate_limited beyond; 0 = no limit)'),
  REPLY_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(0)
    .default(30)
    .describe('Replies per customer account, or per agent, per minute, across all nodes (429 request.rate_limited beyond; 0 = no limit)'),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024)
    .describe('Largest attachment, per file'),
  ATTACHMENT_MAX_FILES: z.coerce.number().int().min(1).max(50).default(10).describe('Most attachments per ticket or reply'),
  TICKET_AUTO_CLOSE_DAYS: z.coerce
    .number()
    .min(0.0001)
    .default(7)
    .describe('Close tickets awaiting the customer or resolved after this many quiet days'),
  SLA_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(1000)
    .describe('Longest wait of the SLA timer scan on worker nodes: SLA warnings and breaches fire within this of their instant'),
  SMTP_RELAY_URL: z
    .url()
    .refine((v) => !URL.canParse(v) || ['smtp:', 'smtps:'].includes(new URL(v).protocol), {
      message: 'must be smtp://[user:password@]host[:port] or smtps://…',
    })
    .optional()
    .describe(
      'SMTP relay mail is sent through, smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465; or set SMTP_RELAY_HOST. Unset (both) = nothing is sent: mail stays in the dev outbox admins read',
    ),
  SMTP_RELAY_HOST: z.string().optional().describe('SMTP relay host, when SMTP_RELAY_URL is not used'),
  SMTP_RELAY_PORT: z.coerce.number().int().min(1).max(65535).default(587).describe('SMTP relay port (with SMTP_RELAY_HOST)'),
  SMTP_RELAY_SECURE: z
    .stringbool()
    .default(false)
    .describe('TLS from the first byte (port 465) rather than STARTTLS (with SMTP_RELAY_HOST)'),
  SMTP_RELAY_USER: z.string().optional().describe('SMTP relay login (with SMTP_RELAY_HOST)'),
  SMTP_RELAY_PASS: z.string().optional().describe('SMTP relay password (with SMTP_RELAY_HOST)'),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/i, 'a domain name, e.g. support.example.hr')
    .optional()
    .describe("Domain of our Message-IDs, bounce (VERP) and reply addresses; default PUBLIC_URL's host"),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'an address, or Name <address>')
    .optional()
    .describe(
      'From of every mail, e.g. "Centrala podrška <support@example.hr>"; its address is the signed reply address\'s mailbox. Default Centrala <support@MAIL_DOMAIN>',
    ),
  DKIM_DOMAIN: z
    .string()
    .optional()
    .describe('DKIM signing domain (d=); signing is on when DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE are all set'),
  DKIM_SELECTOR: z.string().optional().describe('DKIM selector (s=); its public key is published at SELECTOR._domainkey.DOMAIN'),
  DKIM_PRIVATE_KEY_FILE: z.string().optional().describe('PEM file of the DKIM private key (RSA or Ed25519)'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('Longest wait of the mail delivery loop on worker nodes; written mail wakes it at once (NOTIFY)'),
  WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().refine(isNetwork, { message: 'a comma-separated list of networks, e.g. 10.1.2.0/24,fd00:1::/64' })))
    .describe(
      'Private networks webhooks may still be sent to, comma-separated CIDR (10.1.2.0/24, fd00:1::/64, 127.0.0.1/32); unset = public addresses only (loopback, RFC 1918, CGNAT, link-local, ULA, multicast are refused)',
    ),
  WEBHOOK_ALLOW_HTTP: z.stringbool().default(false).describe('Allow http:// webhook URLs (default https:// only)'),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000).describe('How long a webhook receiver has to answer'),
  WEBHOOK_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(128)
    .describe('Webhook requests in flight at once per worker node; at most a quarter of them (at least 1) to one subscription'),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('Longest wait of the webhook delivery loop on worker nodes; a queued delivery wakes it at once (NOTIFY)'),
  DEMO_DATA: z.enum(['auto', 'always', 'never']).default('auto').describe('auto = seed demo data when the database has no users'),
  ROLES: z
    .string()
    .default('web,worker,smtp')
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['web', 'worker', 'smtp', 'imap'])).min(1))
    .describe(
      'What this node runs, comma-separated: web (HTTP, web app), worker (background jobs), smtp (the mail receiver on SMTP_PORT), imap (fetch the IMAP mailboxes)',
    ),
  SMTP_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Address the SMTP receiver listens on (0.0.0.0 for all; point the MX or an MTA at it)'),
  SMTP_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(2525)
    .describe('SMTP receiver port (role smtp); 25 needs the right to bind it'),
  SMTP_TLS_CERT: z.string().optional().describe('PEM certificate file: with SMTP_TLS_KEY, the receiver offers STARTTLS'),
  SMTP_TLS_KEY: z.string().optional().describe('PEM private key file for SMTP_TLS_CERT'),
  SMTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024)
    .describe('Largest mail the receiver accepts; a larger one is refused with 552'),
  SMTP_MAX_CONNECTIONS_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Connections one client address may hold open to the receiver (421 beyond); 0 = no limit'),
  SMTP_MESSAGES_PER_MINUTE_PER_CLIENT: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe('Mails one client address may send per minute (451, retry later, beyond); 0 = no limit'),
  SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).default(200).describe('Connections the receiver holds open in all'),
  MAIL_DNS: z
    .enum(['system', 'none'])
    .default('system')
    .describe(
      "DNS for sender verification (SPF, DKIM, DMARC): the system's resolver, or none (offline: no sender is verified; tests, benchmarks)",
    ),
  INBOUND_POLL_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(50)
    .default(1000)
    .describe('Longest wait before a worker node processes stored mail another node received (its own is processed at once)'),
  IMAP_POLL_SECONDS: z.coerce
    .number()
    .min(0.1)
    .default(60)
    .describe(
      'On imap nodes, the longest wait between two fetches of a mailbox (IDLE fetches new mail at once where the server offers it)',
    ),
  WEB_PROCESSES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe('Node processes serving HTTP on this node (one per core it may use); jobs run in the first'),
  WEB_DIST_DIR: z.string().optional().describe('Built web app to serve; default apps/web/dist'),
  DB_CONNECT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5000)
    .describe('Longest wait for a database connection before a request fails'),
  DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(10_000)
    .describe(
      'Longest statement of a request or job (PostgreSQL cancels it); a frozen server is given up on 1 s later. Migrations have none',
    ),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe('On SIGTERM/Ctrl-C, how long requests in flight may finish before their connections are closed'),
});

/** A CIDR network (10.0.0.0/8, fd00::/8) or one address. */
function isNetwork(value: string): boolean {
  const [address = '', prefix] = value.split('/');
  const family = isIP(address);
  if (!family) return false;
  if (prefix === undefined) return true;
  const n = Number(prefix);
  return /^\d+$/.test(prefix) && n <= (family === 6 ? 128 : 32);
}

export type Config = z.infer<typeof Env> & { publicUrl: string; webDistDir: string; dataDir: string; mailDomain: string; mailFrom: string };

export class ConfigError extends StartupError {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        const raw = env[name];
        // The database password never reaches a message.
        const given =
          raw === undefined
            ? raw
            : name === 'DATABASE_URL' || name === 'SMTP_RELAY_URL'
              ? redactUrl(raw)
              : name === 'SMTP_RELAY_PASS'
                ? '***'
                : raw;
        return `${name}=${given === undefined ? '(unset)' : JSON.stringify(given)}: ${i.message}`;
      }),
    );
  }
  const c = parsed.data;
  const repoRoot = path.resolve(import.meta.dirname, '../../..');
  const publicUrl = (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST}:${c.PORT}`).replace(/\/$/, '');
  const mailDomain = c.MAIL_DOMAIN ?? new URL(publicUrl).hostname;
  return {
    ...c,
    dataDir: path.resolve(c.DATA_DIR),
    publicUrl,
    mailDomain,
    mailFrom: c.MAIL_FROM ?? `Centrala <support@${mailDomain}>`,
    webDistDir: path.resolve(c.WEB_DIST_DIR ?? path.join(repoRoot, 'apps/web/dist')),
  };
}

/** The documented settings, for `centrala config` and the README. */
export function describeSettings(): { name: string; description: string }[] {
  return Object.entries(Env.shape).map(([name, schema]) => ({ name, description: schema.description ?? '' }));
}
