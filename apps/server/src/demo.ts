import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './db/pool.js';
import { hashPassword, newTotpSecret } from './modules/auth/index.js';

export interface DemoLogin {
  role: 'client' | 'agent' | 'admin';
  email: string;
  password: string;
  name: string;
  totpSecret?: string;
}

const ACCOUNTS = [
  {
    name: 'Horvat d.o.o.',
    email: 'ivana.horvat@example.hr',
    user: { name: 'Ivana Horvat', locale: 'hr' as const },
    services: [
      { name: 'web-01 VPS Pro', order: '104233', product: 'VPS Pro 8 GB', location: 'Zagreb', ips: ['203.0.113.10', '2001:db8:10::10'] },
      { name: 'mail.horvat.hr', order: '104234', product: 'Mail hosting Business', location: 'Zagreb', ips: ['203.0.113.11'] },
    ],
  },
  {
    name: 'Kovačić Media',
    email: 'marko.kovacic@example.com',
    user: { name: 'Marko Kovačić', locale: 'hr' as const },
    services: [
      { name: 'Dedicated DS-2', order: '118820', product: 'Dedicated server DS-2', location: 'Frankfurt', ips: ['198.51.100.24', '198.51.100.25'] },
    ],
  },
  {
    name: 'Blue Harbor Hosting',
    email: 'ops@blueharbor.example',
    user: { name: 'Sam Carter', locale: 'en' as const },
    services: [
      { name: 'bh-db-primary', order: '120001', product: 'VPS Storage 16 GB', location: 'Amsterdam', ips: ['192.0.2.40'] },
      { name: 'bh-web-cluster', order: '120002', product: 'Cloud server C4', location: 'Amsterdam', ips: ['192.0.2.41', '2001:db8:40::41'] },
      { name: 'blueharbor.example shared', order: '120003', product: 'Web hosting Start', location: 'Zagreb', ips: [] },
    ],
  },
];

const STAFF = [
  { role: 'agent' as const, name: 'Ana Agentić', email: 'ana@centrala.test' },
  { role: 'agent' as const, name: 'Luka Lončar', email: 'luka@centrala.test' },
  { role: 'admin' as const, name: 'Admin Adminović', email: 'admin@centrala.test' },
];

const password = () => randomBytes(9).toString('base64url');

/**
 * Seeds a small provider: customer accounts with services, two agents and an
 * admin with TOTP. Passwords are made per installation and kept in
 * DATA_DIR/demo-logins.json (readable only by its owner) so they can be
 * printed at every start.
 */
export async function seedDemoData(db: Db, dataDir: string): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  await db.transaction().execute(async (trx) => {
    for (const a of ACCOUNTS) {
      const account = await trx.insertInto('accounts').values({ name: a.name, email: a.email }).returning('id').executeTakeFirstOrThrow();
      const login: DemoLogin = { role: 'client', email: a.email, password: password(), name: a.user.name };
      await trx
        .insertInto('users')
        .values({ kind: 'client', account_id: account.id, role: null, email: a.email, name: a.user.name, locale: a.user.locale, password_hash: await hashPassword(login.password) })
        .execute();
      await trx
        .insertInto('services')
        .values(a.services.map((s) => ({ account_id: account.id, name: s.name, order_number: s.order, product: s.product, location: s.location, ip_addresses: s.ips })))
        .execute();
      logins.push(login);
    }
    for (const s of STAFF) {
      const login: DemoLogin = { role: s.role, email: s.email, password: password(), name: s.name, ...(s.role === 'admin' && { totpSecret: newTotpSecret() }) };
      await trx
        .insertInto('users')
        .values({
          kind: 'staff', account_id: null, role: s.role, email: s.email, name: s.name, password_hash: await hashPassword(login.password),
          totp_secret: login.totpSecret ?? null, totp_enabled: login.totpSecret !== undefined,
        })
        .execute();
      logins.push(login);
    }
  });
  await writeFile(demoLoginsFile(dataDir), JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins;
}

export function demoLoginsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-logins.json');
}

export async function readDemoLogins(dataDir: string): Promise<DemoLogin[] | undefined> {
  const file = demoLoginsFile(dataDir);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as DemoLogin[]) : undefined;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
