import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real IMAP server for a test: Debian's dovecot (`dovecot-imapd`; .ci/run
 * installs it) started as a child process with a config, passwd file and
 * maildirs of the test's own in a temp dir, listening on 127.0.0.1:`port`
 * with plaintext login allowed there. No system config or service is
 * touched; `stop()` ends it by its PID. `restart()` kills it and starts it
 * again on the same port and mail (a server crash).
 */
export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The temp dir holding config, log and mail. */
  dir: string;
  stop(): Promise<void>;
  /** SIGKILL, then up again on the same port with the same mail. */
  restart(): Promise<void>;
  /** Killed (SIGKILL) and not started again, until `start()`. */
  kill(): Promise<void>;
  start(): Promise<void>;
  log(): Promise<string>;
}

const DOVECOT = '/usr/sbin/dovecot';

export async function startDovecot(port: number, user = 'support@centrala.test', password = 'imap-test-password'): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'centrala-dovecot-'));
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  // As root, dovecot's login and internal processes run as its own users and the mail as `dovecot`; otherwise as us.
  const me = os.userInfo().username;
  const group = root ? 'dovecot' : (groupName(process.getgid!()) ?? me);
  const mailUser = root ? 'dovecot' : me;
  const mail = path.join(dir, 'mail');
  const home = path.join(dir, 'home');
  for (const d of [mail, home]) {
    await mkdir(d);
    await chmod(d, 0o777);
  }
  await writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const conf = path.join(dir, 'dovecot.conf');
  await writeFile(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${root ? 'dovecot' : me}
default_internal_group = ${root ? 'dovecot' : group}
default_login_user = ${root ? 'dovenull' : me}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:${mail}/%u
# IDLE tells of new mail within a second (inotify where it works, else this check).
mailbox_idle_check_interval = 1 secs
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUser} gid=${root ? 'dovecot' : group} home=${home}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );

  let child: ChildProcess | undefined;
  const start = async () => {
    // A process group of its own: a kill takes the master and every imap process with it, as a crash of the machine would.
    const c = spawn(DOVECOT, ['-F', '-c', conf], { stdio: 'ignore', detached: true });
    child = c;
    c.on('error', () => undefined);
    await untilListening(port, c);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    process.kill(-c.pid!, 'SIGKILL');
    await exited;
    // The master's children (imap, auth) go when their master does; the port frees once they have.
    await untilClosed(port);
  };
  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    dir,
    start,
    kill,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      const c = child;
      child = undefined;
      if (c && c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((resolve) => c.once('exit', resolve));
        process.kill(c.pid!, 'SIGTERM');
        await exited;
        try {
          process.kill(-c.pid!, 'SIGKILL'); // any process of its group left behind
        } catch {
          // none
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
    log: () => readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => ''),
  };
}

function groupName(gid: number): string | undefined {
  try {
    return readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((f) => f[2] === String(gid))?.[0];
  } catch {
    return undefined;
  }
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function untilListening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    if (await tryConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}

async function untilClosed(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && (await tryConnect(port))) await new Promise((r) => setTimeout(r, 50));
}
