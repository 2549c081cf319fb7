/**
 * A start that failed because of a setting or the machine around it (a port
 * taken, a folder closed, a database that does not answer). The operator fixes
 * it, not the code: the CLI prints the message alone, as one line naming the
 * setting and the fix, and no stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The URL with its password replaced, for messages: secrets never reach logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** Why a server could not listen, said in terms of its setting (PORT for HTTP, SMTP_PORT for the mail receiver). */
export function listenFailure(err: unknown, host: string, port: number, setting: 'PORT' | 'SMTP_PORT' = 'PORT'): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `${setting} ${port} is taken on ${host} (another program listens there): set ${setting} to a free port or stop that program.`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `${setting} ${port} needs privileges this user lacks: set ${setting} to 1024 or above (and put a proxy in front).`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    const hostSetting = setting === 'SMTP_PORT' ? 'SMTP_HOST' : 'HOST';
    return new StartupError(
      `${hostSetting} ${host} is no address of this machine: set ${hostSetting} to one of its addresses, 127.0.0.1 or 0.0.0.0.`,
    );
  }
  return err;
}

/** Why DATA_DIR cannot be used, said in terms of DATA_DIR. */
export function dataDirFailure(err: unknown, dir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'EEXIST', 'ENOSPC'].includes(code)) {
    return new StartupError(
      `DATA_DIR ${dir} is not a folder Centrala can write (${code}): set DATA_DIR to a writable folder (e.g. DATA_DIR=/var/lib/centrala).`,
    );
  }
  return err;
}

/** Why the database in DATABASE_URL refused the first connection, and what to change. */
export function databaseFailure(err: unknown, url: string): unknown {
  const e = err as NodeJS.ErrnoException & { code?: string };
  const where = redactUrl(url);
  const unset = 'or unset it to use the embedded PostgreSQL';
  switch (e.code) {
    case 'ECONNREFUSED':
      return new StartupError(`DATABASE_URL ${where} refused the connection: start PostgreSQL there, fix DATABASE_URL, ${unset}.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`DATABASE_URL ${where} names a host that does not resolve: fix the host in DATABASE_URL, ${unset}.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new StartupError(`DATABASE_URL ${where} is unreachable (${e.code}): check the host, port and firewall, ${unset}.`);
    case '28P01':
    case '28000':
      return new StartupError(`DATABASE_URL ${where} refused the login (${e.message}): fix the user and password in DATABASE_URL.`);
    case '3D000':
      return new StartupError(`DATABASE_URL ${where}: ${e.message}; create it (createdb) or name an existing database in DATABASE_URL.`);
  }
  if (/timeout/i.test(e.message ?? '')) {
    return new StartupError(
      `DATABASE_URL ${where} did not answer in time: check that PostgreSQL runs there and is not overloaded, ${unset}.`,
    );
  }
  return err;
}
