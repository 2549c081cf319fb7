import path from 'node:path';
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import { createLogger } from './logger.js';
import { domainEvents } from './events/index.js';
import { accountDisabledSql, accountsRepository, directory, knownAccounts } from './modules/accounts/index.js';
import { auditLog } from './modules/audit/index.js';
import {
  apiTokens,
  loginGuard,
  passwordChange,
  passwordReset,
  recoveryCodes,
  sessionsRepository,
  setPasswordOf,
  staffRepository,
  usersRepository,
} from './modules/auth/index.js';
import { cannedRepository } from './modules/canned/index.js';
import type { Logger } from 'pino';
import {
  addressOf,
  cachedResolver,
  dkimOf,
  emailSenders,
  mailAddresses,
  mailboxesRepository,
  mailIdentity,
  mailSeal,
  outbound,
  outbox,
  parseMail,
  relayOf,
  replyAddresses,
  serverKey,
  systemResolver,
  verifySender,
  type DnsResolver,
} from './modules/email/index.js';
import { idempotencyKeys } from './modules/idempotency/index.js';
import { importsRepository } from './modules/imports/index.js';
import { emailIntake, emailThreads, inboundMail, intakePipeline } from './modules/intake/index.js';
import { customerMailListeners } from './modules/notifications/index.js';
import { slaFigures, slaPolicies } from './modules/sla/index.js';
import { billingSignIn, ssoSettings } from './modules/sso/index.js';
import {
  accountTicketCountSql,
  agentOpener,
  ticketMerger,
  attachmentStore,
  attachmentSweep,
  departmentsRepository,
  presenceRepository,
  ticketCommands,
  ticketOpener,
  ticketQueries,
  ticketResponseTimes,
  ticketSlaTimers,
  webhookTickets,
} from './modules/tickets/index.js';
import { egressGuard, webhookDelivery, webhookListener, webhookSubscriptions, type Resolve } from './modules/webhooks/index.js';

/** MAIL_DNS=none: every lookup answers "no such domain" at once. */
const noDns: DnsResolver = () => Promise.reject(Object.assign(new Error('DNS lookups are off (MAIL_DNS=none)'), { code: 'ENOTFOUND' }));

export interface ModuleDeps {
  config: Config;
  /** The pool this process serves with; every module's queries and writes go through it. */
  db: Db;
  /** DNS for sender verification (SPF, DKIM, DMARC); tests and the bench answer it themselves. Default: the system's, cached. */
  dnsResolver?: DnsResolver;
  /** How webhook hosts are resolved for the egress guard; tests answer it themselves. Default: the system's. */
  webhookResolve?: Resolve;
}

/**
 * The one place the modules are built: each once per process, on one pool,
 * then handed to the roles (HTTP app, worker, CLI commands, demo data; later
 * the mail channels). A role takes the instances it needs from here and builds
 * none itself, so every role shares one SLA policy cache, one intake batcher
 * and one outbox.
 */
export function buildModules({ config, db, dnsResolver, webhookResolve }: ModuleDeps) {
  // The key is read (or made in DATA_DIR) now: a broken key file stops the start, not the first reset mail.
  const key = serverKey(config.SECRET_KEY, config.dataDir);
  const seal = mailSeal(key);
  // Every outbox row gets its Message-ID, VERP return path and (ticket mail) signed Reply-To from this.
  const identity = mailIdentity(config.mailDomain, addressOf(config.mailFrom), replyAddresses(key));
  // The durable listeners of the domain events: each writes its rows in the transaction that emits its events.
  const events = domainEvents([...customerMailListeners(config.publicUrl, identity), webhookListener]);
  const egress = egressGuard({
    allowed: config.WEBHOOK_ALLOWED_NETWORKS,
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    ...(webhookResolve && { resolve: webhookResolve }),
  });
  const guard = loginGuard(db);
  const mail = outbox(db, seal, identity);
  const resolver = cachedResolver(dnsResolver ?? (config.MAIL_DNS === 'none' ? noDns : systemResolver()));
  const senders = emailSenders(db);
  const policies = slaPolicies(db);
  const store = attachmentStore(path.join(config.dataDir, 'attachments'));
  // Read now, so a DKIM key file that cannot be read stops the start.
  const relay = relayOf(config);
  const dkim = dkimOf(config);
  const ticketDeps = { db, policies, store, events };
  const ticketParts = {
    opener: ticketOpener({ db, store, events }),
    commands: ticketCommands(ticketDeps),
    // The requester's hard-bouncing addresses, shown to agents (issue 12 point 5): the email module's bounce marks.
    queries: ticketQueries(db, {
      bouncingAddresses: async (addresses) =>
        [...(await senders.bouncing(addresses))].map(([address, mark]) => ({ address, since: mark.since.toISOString() })),
    }),
  };
  const intake = intakePipeline({
    db,
    policies,
    tickets: ticketParts,
    emailThreads: emailThreads(db, replyAddresses(key), mail, ticketParts.queries),
  });
  const addresses = mailAddresses(db);
  const mailboxes = mailboxesRepository(db, seal);
  const audit = auditLog(db);
  // Login reads whether a contact's account is disabled in its one query: the accounts module's SQL (auth is below it).
  const users = usersRepository(db, { accountDisabledSql });
  const accounts = accountsRepository(db);
  const billingSso = ssoSettings(db, seal, audit, {
    configSecret: config.BILLING_SSO_SECRET,
    linkSeconds: config.BILLING_SSO_LINK_SECONDS,
    linkUrl: `${config.publicUrl}/sso/billing`,
  });
  // An account's ticket count is tickets' to read: handed in, as accounts is below tickets.
  const accountsDirectory = directory({ db, audit, events, ticketCountSql: accountTicketCountSql });
  return {
    db,
    events,
    auth: {
      users,
      sessions: sessionsRepository(db, config.SESSION_TTL_HOURS, events),
      guard,
      tokens: apiTokens(db),
      passwordReset: passwordReset(db, mail, config.publicUrl, events),
      passwordChange: passwordChange(db, guard, events),
      recovery: recoveryCodes(db),
      /** Staff users and their departments: the admin screens' and `create-admin`'s. */
      staff: staffRepository(db, events),
      /** The operator's `set-password`: a new password, and every session of the user ended. */
      setPasswordOf: (email: string, passwordHash: string) => setPasswordOf(db, events, email, passwordHash),
    },
    accounts,
    /** Who changed what (issue 13): written by each change's own transaction, read by the directory's pages. */
    audit,
    /** Accounts, contacts and services as staff manage them and a billing system syncs them (issue 13). */
    directory: accountsDirectory,
    /** The billing panel's signed sign-in link (issue 13 point 4): its settings (secret sealed) and its check. */
    sso: {
      settings: billingSso,
      signIn: billingSignIn({ db, audit, settings: billingSso, users, accounts, linkSeconds: config.BILLING_SSO_LINK_SECONDS }),
    },
    /** Files of accounts, contacts and services: checked whole, then written in batches through the directory (issue 13). */
    imports: importsRepository(db, { knownAccounts: knownAccounts(db), directory: accountsDirectory }),
    outbox: mail,
    /**
     * Delivery of the outbox (worker nodes): null when no relay is configured (the dev outbox keeps every mail).
     * `mailDelivery.start` claims, sends and marks; the worker runs it.
     */
    mailDelivery: {
      relay,
      dkim,
      build: (logger: Logger) =>
        relay ? outbound(db, { relay, dkim, from: config.mailFrom, seal, attachmentPath: store.pathOf, logger }) : null,
    },
    /** IMAP mailboxes (admins' settings, the poller's bookkeeping); passwords sealed with the server key. */
    mailboxes,
    canned: cannedRepository(db),
    sla: { policies, figures: slaFigures(ticketResponseTimes(db)) },
    tickets: {
      store,
      departments: departmentsRepository(db),
      commands: ticketParts.commands,
      /** An agent's new email ticket to a customer: the ticket and its first mail in one transaction. */
      agentOpener: agentOpener(ticketDeps),
      /** Merging a duplicate into another ticket of the same customer (issue 13 point 5). */
      merger: ticketMerger({ ...ticketDeps, audit }),
      queries: ticketParts.queries,
      presence: presenceRepository(db, events),
      sweepAttachments: attachmentSweep(db, store),
      /** Marks due SLA warnings and breaches on tickets; the worker's SLA scanner (modules/sla) calls it. */
      slaTimers: ticketSlaTimers(db, events),
    },
    intake,
    /** Mail in: the addresses served, intake's raw store (the SMTP receiver's and IMAP poller's), the drain into intake. */
    inboundEmail: {
      addresses,
      store: inboundMail(db),
      intake: emailIntake({
        db,
        submit: (s) => intake.submit(s),
        store,
        addresses,
        mailboxes,
        parse: parseMail,
        verify: (raw, envelope) => verifySender(raw, envelope, resolver),
        // A flood from one address (a loop the headers did not show, a storm) gets at most the cap of acknowledgements.
        mayAutoReply: (address) => senders.mayAutoReply(address),
        // Only a report about a mail we sent marks an address: a forged one names any address it likes.
        onBounce: async (report) => {
          if (await mail.sent(report.originalMessageId)) await senders.recordBounce(report);
        },
        limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENT_MAX_FILES },
        logger: createLogger(config.LOG_LEVEL).child({ part: 'email-intake' }),
      }),
    },
    idempotency: idempotencyKeys(db),
    /** Signed webhooks out: admins' subscriptions and, on worker nodes, the delivery the loop drives. */
    webhooks: {
      subscriptions: webhookSubscriptions(db, seal, egress, audit),
      build: (logger: Logger) =>
        webhookDelivery(db, { seal, guard: egress, tickets: webhookTickets(db), logger, timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    },
  };
}

export type Modules = ReturnType<typeof buildModules>;
