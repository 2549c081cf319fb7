import { ImportKind } from '@centrala/contracts';
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { generate } from 'otplib';
import { describeSettings, loadConfig } from './config.js';
import { demoDataPending, readDemoLogins, seedDemoData } from './demo.js';
import { serve, withModules, type Running } from './main.js';
import { hashPassword, newTotpSecret } from './modules/auth/index.js';
import { importFile } from './import-command.js';
import { StartupError } from './startup-error.js';

const HELP = `centrala <command>

  serve                      run Centrala (HTTP, web app, background jobs)
  migrate                    apply database migrations and exit
  demo                       add the demo provider, customers and staff to an empty database
  create-admin --email E --name N [--password P]
                             create an admin (with TOTP) and print the login
  set-password EMAIL [--password P]
                             set a user's password (a random one is printed) and end their sessions
  import KIND FILE [--dry-run]
                             import accounts, contacts or services from a CSV or JSON file (docs/import.md):
                             every row is checked first; with --dry-run nothing more (exit code 1 on bad rows)
  totp-code EMAIL            print the current TOTP code of a demo login
  config                     list the settings read from the environment
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      // Until serve() has started the embedded PostgreSQL there is nothing to stop.
      let stopDatabaseNow: () => void = () => undefined;
      reportEscapedErrors(() => stopDatabaseNow());
      const running = await serve(loadConfig());
      stopDatabaseNow = running.stopNow;
      stopOnSignals(running);
      return;
    }
    case 'migrate':
      await withModules(loadConfig());
      console.log('Database is up to date.');
      return;
    case 'demo': {
      const config = loadConfig();
      await withModules(config, async (modules) => {
        if (!(await demoDataPending(modules, config.dataDir))) {
          console.log('The database already has users; demo data is added only to an empty database.');
          return;
        }
        const logins = await seedDemoData(modules, config.dataDir);
        for (const l of logins) console.log(`${l.role.padEnd(7)} ${l.email.padEnd(28)} ${l.password}`);
      });
      return;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
      });
      if (!values.email || !values.name) throw new UsageError('create-admin needs --email and --name');
      const email = values.email.trim().toLowerCase();
      const password = values.password ?? randomBytes(12).toString('base64url');
      if (password.length < 10) throw new UsageError('the password needs at least 10 characters');
      const secret = newTotpSecret();
      await withModules(loadConfig(), async ({ auth }) =>
        auth.staff.createAdmin({ email, name: values.name!, passwordHash: await hashPassword(password), totpSecret: secret }),
      );
      console.log(
        `Admin created.\n  email        ${email}\n  password     ${password}\n  TOTP secret  ${secret}  (add it to an authenticator app)`,
      );
      return;
    }
    case 'set-password': {
      // Without an SMTP relay no reset mail reaches anyone: this is how an operator gives a user a new password.
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { password: { type: 'string' } } });
      const email = positionals[0]?.trim().toLowerCase();
      if (!email) throw new UsageError('set-password needs the email of the user');
      const password = values.password ?? randomBytes(12).toString('base64url');
      if (password.length < 10) throw new UsageError('the password needs at least 10 characters');
      const found = await withModules(loadConfig(), async ({ auth }) => auth.setPasswordOf(email, await hashPassword(password)));
      if (!found) throw new UsageError(`no user has the email ${email}`);
      console.log(`Password set; every session of ${email} has ended.${values.password ? '' : `\n  password     ${password}`}`);
      return;
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean' } } });
      const kind = ImportKind.safeParse(positionals[0]);
      const file = positionals[1];
      if (!kind.success || !file) throw new UsageError(`import needs the kind (${ImportKind.options.join(', ')}) and the file`);
      const ok = await importFile(loadConfig(), kind.data, file, values['dry-run'] === true);
      if (!ok) process.exitCode = 1;
      return;
    }
    case 'totp-code': {
      const email = rest[0]?.toLowerCase();
      const login = (await readDemoLogins(loadConfig().dataDir))?.find((l) => l.email === email && l.totpSecret);
      if (!login?.totpSecret) throw new UsageError(`${email ?? '(no email)'} is not a demo login with TOTP`);
      console.log(await generate({ secret: login.totpSecret }));
      return;
    }
    case 'config':
      for (const s of describeSettings()) console.log(`${s.name.padEnd(28)} ${s.description}`);
      return;
    default:
      process.stdout.write(HELP);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

/**
 * SIGTERM or Ctrl-C: a graceful stop (requests drain up to SHUTDOWN_TIMEOUT_MS,
 * PostgreSQL stops last). A second one exits at once.
 */
function stopOnSignals(running: Running): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      process.stderr.write(`\n${signal} again: exiting now\n`);
      running.stopNow();
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`\n${signal}: shutting down (again to exit at once)\n`);
    void running.stop().then(() => process.exit(0));
  };
  // An HTTP process of WEB_PROCESSES is stopped by its primary (SIGTERM); the terminal's Ctrl-C reaches it too, and is not its to act on.
  process.on('SIGINT', cluster.isWorker ? () => undefined : () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
}

class UsageError extends Error {}

/**
 * The last resort for an error that no callback caught (each one should:
 * socket handlers, timers, the realtime bus and the job runner catch their
 * own; issue 9 point 2). Written straight to stderr with its stack, which a
 * log transport might lose when the process exits.
 * - An uncaught exception leaves the process in an unknown state: it exits
 *   (code 1) for its supervisor to start it again, first asking the embedded
 *   PostgreSQL to stop (`stopNow`; in its own process group, it would outlive us).
 * - A rejected promise nobody awaited keeps serving: graphile-worker does not
 *   await marking a job done, so a database connection lost in the middle of
 *   that must not take HTTP and sockets down with it.
 */
function reportEscapedErrors(stopNow: () => void): void {
  const described = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.on('uncaughtException', (err, origin) => {
    process.stderr.write(`centrala: FATAL ${origin} that no handler caught; exiting:\n${described(err)}\n`);
    stopNow();
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`centrala: ERROR a promise rejected with no handler (a bug to fix); still serving:\n${described(reason)}\n`);
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Known failures (a setting to fix) get their message alone; anything else also its stack, to debug.
  if (err instanceof StartupError || err instanceof UsageError) {
    process.stderr.write(`centrala: ${err.message}\n`);
  } else {
    process.stderr.write(`centrala: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
