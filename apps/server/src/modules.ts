import path from 'node:path';
import type { Config } from './config.js';
import type { Db } from './db/pool.js';
import { createLogger } from './logger.js';
import { domainEvents } from './events/index.js';
import { accountsRepository } from './modules/accounts/index.js';
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
import { inboundMail, interimParseMail, mailAddresses, mailSeal, outbox, serverKey } from './modules/email/index.js';
import { idempotencyKeys } from './modules/idempotency/index.js';
import { emailIntake, intakePipeline } from './modules/intake/index.js';
import { customerMailListeners } from './modules/notifications/index.js';
import { slaFigures, slaPolicies } from './modules/sla/index.js';
import {
  attachmentStore,
  attachmentSweep,
  departmentsRepository,
  presenceRepository,
  ticketCommands,
  ticketQueries,
  ticketResponseTimes,
  ticketSlaTimers,
} from './modules/tickets/index.js';

export interface ModuleDeps {
  config: Config;
  /** The pool this process serves with; every module's queries and writes go through it. */
  db: Db;
}

/**
 * The one place the modules are built: each once per process, on one pool,
 * then handed to the roles (HTTP app, worker, CLI commands, demo data; later
 * the mail channels). A role takes the instances it needs from here and builds
 * none itself, so every role shares one SLA policy cache, one intake batcher
 * and one outbox.
 */
export function buildModules({ config, db }: ModuleDeps) {
  // The durable listeners of the domain events: each writes its rows in the transaction that emits its events.
  const events = domainEvents([...customerMailListeners(config.publicUrl)]);
  const guard = loginGuard(db);
  // The key is read (or made in DATA_DIR) now: a broken key file stops the start, not the first reset mail.
  const mail = outbox(db, mailSeal(serverKey(config.SECRET_KEY, config.dataDir)));
  const policies = slaPolicies(db);
  const store = attachmentStore(path.join(config.dataDir, 'attachments'));
  const ticketDeps = { db, policies, store, events };
  const intake = intakePipeline(ticketDeps);
  const addresses = mailAddresses(db);
  return {
    db,
    events,
    auth: {
      users: usersRepository(db),
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
    accounts: accountsRepository(db),
    outbox: mail,
    canned: cannedRepository(db),
    sla: { policies, figures: slaFigures(ticketResponseTimes(db)) },
    tickets: {
      store,
      departments: departmentsRepository(db),
      commands: ticketCommands(ticketDeps),
      // The requester's hard-bouncing addresses come from the email module's `bouncingAddresses(addresses)` (issue 12
      // point 5, email_senders, helper `parse`): `ticketQueries(db, { bouncingAddresses })` once it is there.
      queries: ticketQueries(db),
      presence: presenceRepository(db, events),
      sweepAttachments: attachmentSweep(db, store),
      /** Marks due SLA warnings and breaches on tickets; the worker's SLA scanner (modules/sla) calls it. */
      slaTimers: ticketSlaTimers(db, events),
    },
    intake,
    /** Mail in: the addresses served, the raw store (SMTP receiver, IMAP poller), the drain into intake. */
    inboundEmail: {
      addresses,
      store: inboundMail(db),
      intake: emailIntake({
        db,
        submit: (s) => intake.submit(s),
        store,
        addresses,
        // parse/'s parseMail (and verifySender, emailTrust) replace these when that area is merged.
        parse: interimParseMail,
        limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, maxFiles: config.ATTACHMENT_MAX_FILES },
        logger: createLogger(config.LOG_LEVEL).child({ part: 'email-intake' }),
      }),
    },
    idempotency: idempotencyKeys(db),
  };
}

export type Modules = ReturnType<typeof buildModules>;
