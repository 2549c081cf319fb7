import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditActor } from '@centrala/contracts';
import { sql } from 'kysely';
import type { Modules } from './modules.js';
import { hashPassword, newTotpSecret } from './modules/auth/index.js';
import { clientAreaSubmission } from './modules/intake/index.js';

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
      {
        name: 'Dedicated DS-2',
        order: '118820',
        product: 'Dedicated server DS-2',
        location: 'Frankfurt',
        ips: ['198.51.100.24', '198.51.100.25'],
      },
    ],
  },
  {
    name: 'Blue Harbor Hosting',
    email: 'ops@blueharbor.example',
    user: { name: 'Sam Carter', locale: 'en' as const },
    services: [
      { name: 'bh-db-primary', order: '120001', product: 'VPS Storage 16 GB', location: 'Amsterdam', ips: ['192.0.2.40'] },
      {
        name: 'bh-web-cluster',
        order: '120002',
        product: 'Cloud server C4',
        location: 'Amsterdam',
        ips: ['192.0.2.41', '2001:db8:40::41'],
      },
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

/** Who the directory's history says made the demo's records. */
const DEMO_ACTOR: AuditActor = { kind: 'system', id: null, label: 'demo' };

/**
 * Seeds a small provider: customer accounts with services, two agents and an
 * admin with TOTP. Passwords are made per installation and kept in
 * DATA_DIR/demo-logins.json (readable only by its owner) so they can be
 * printed at every start. Written through the modules that own the records
 * (the directory for accounts, contacts and services; auth for passwords and
 * staff), as the provisioning API and the CLI write them.
 *
 * Those are many transactions, so a process stopped part-way (Ctrl-C, OOM) leaves some of them: the marker file
 * (DATA_DIR/demo-seeding) says so until the end, and the next start runs the seed again. Every step finds what an
 * earlier run wrote and writes only what is missing; the passwords (and the admin's TOTP secret) are set anew, as
 * the logins file written at the end is the only place they are shown.
 */
export async function seedDemoData(modules: Modules, dataDir: string): Promise<DemoLogin[]> {
  const { auth, directory } = modules;
  // With an external DATABASE_URL nothing else may have made DATA_DIR yet.
  await mkdir(dataDir, { recursive: true });
  await writeFile(seedingMarker(dataDir), '');
  const logins: DemoLogin[] = [];
  for (const a of ACCOUNTS) {
    // Found by its address, not by an external id: that would read as a billing system's key on the customer page.
    const found = (await directory.accounts({ q: a.email, status: 'all', offset: 0, limit: 200 })).items.find((x) => x.email === a.email);
    const account = found ?? (await directory.createAccount({ name: a.name, email: a.email }, DEMO_ACTOR)).record;
    const login: DemoLogin = { role: 'client', email: a.email, password: password(), name: a.user.name };
    // An upsert without an external id matches the account's contact with this address: one contact however often it runs.
    await directory.upsertContact(
      { accountId: account.id, name: a.user.name, email: a.email, locale: a.user.locale, roles: [], canLogIn: true },
      DEMO_ACTOR,
    );
    // A new contact has no password (they set one by reset): the demo's is set as the operator's set-password does.
    await auth.setPasswordOf(a.email, await hashPassword(login.password));
    const orders = new Set((await directory.accountDetail(account.id))!.services.map((s) => s.orderNumber));
    for (const s of a.services.filter((x) => !orders.has(x.order)))
      await directory.createService(
        {
          accountId: account.id,
          name: s.name,
          orderNumber: s.order,
          product: s.product,
          location: s.location,
          status: 'active',
          ipAddresses: s.ips,
        },
        DEMO_ACTOR,
      );
    logins.push(login);
  }
  for (const s of STAFF) {
    const login: DemoLogin = {
      role: s.role,
      email: s.email,
      password: password(),
      name: s.name,
      ...(s.role === 'admin' && { totpSecret: newTotpSecret() }),
    };
    const passwordHash = await hashPassword(login.password);
    const existing = await auth.users.findByEmail(s.email);
    if (existing) {
      // Made by a run that stopped before the logins file: set again (which also ends any demand to change it).
      await auth.setPasswordOf(s.email, passwordHash);
      if (login.totpSecret) await auth.users.setTotp(existing.id, login.totpSecret, true);
    } else if (login.totpSecret) await auth.staff.createAdmin({ email: s.email, name: s.name, passwordHash, totpSecret: login.totpSecret });
    else {
      const agent = await auth.staff.create({ email: s.email, name: s.name, role: s.role, passwordHash, departmentIds: [] });
      // Staff made by an admin must change the password they were given; the demo's are printed to whoever started it.
      await auth.staff.update(agent.id, { mustChangePassword: false });
    }
    logins.push(login);
  }
  await writeFile(demoLoginsFile(dataDir), JSON.stringify(logins, null, 2), { mode: 0o600 });
  await seedDemoTickets(modules);
  await rm(seedingMarker(dataDir));
  return logins;
}

/** The demo provider's mail domain: the addresses customers write to. */
export const DEMO_MAIL_DOMAIN = 'centrala.test';

/** A few tickets through the real pipeline, so the queue and the client area are not empty on first start. */
async function seedDemoTickets({ db, auth, intake, tickets, inboundEmail }: Modules): Promise<void> {
  const departments = await tickets.departments.list();
  const department = async (slug: string) => departments.find((d) => d.slug === slug)!.id;
  // The addresses the SMTP receiver serves (issue 12 point 1): support@ → Technical, billing@ → Financial, abuse@ kept apart.
  for (const [address, slug, purpose] of [
    [`support@${DEMO_MAIL_DOMAIN}`, 'technical', 'support'],
    [`billing@${DEMO_MAIL_DOMAIN}`, 'financial', 'support'],
    [`abuse@${DEMO_MAIL_DOMAIN}`, 'technical', 'abuse'],
  ] as const) {
    if (!(await inboundEmail.addresses.lookup(address)))
      await inboundEmail.addresses.create({ address, departmentId: await department(slug), purpose });
  }
  const customer = async (email: string) => (await auth.users.findByEmail(email))!;
  const agent = (await auth.users.findByEmail(STAFF[0]!.email))!;
  // Each under a fixed source id: intake answers the same input submitted again (a resumed seed) with its first ticket.
  const submit = (sourceId: string, form: Parameters<typeof clientAreaSubmission>[0]) => {
    const submission = clientAreaSubmission(form);
    return intake.submit({ ...submission, inbound: { ...submission.inbound, sourceId } });
  };

  const ivana = await customer(ACCOUNTS[0]!.email);
  await submit('demo-1', {
    userId: ivana.id,
    accountId: ivana.account_id!,
    files: [],
    form: {
      departmentId: await department('technical'),
      priority: 'high',
      subject: 'web-01 ne odgovara',
      serviceId: null,
      description:
        'Poslužitelj web-01 VPS Pro (203.0.113.10) ne odgovara od 14:05 CET. Web stranice ne rade.\n\nPING 203.0.113.10: 56 data bytes\nRequest timeout for icmp_seq 0\nRequest timeout for icmp_seq 1',
      incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
    },
  });
  const sam = await customer(ACCOUNTS[2]!.email);
  const invoice = await submit('demo-2', {
    userId: sam.id,
    accountId: sam.account_id!,
    files: [],
    form: {
      departmentId: await department('financial'),
      priority: 'regular',
      subject: 'Invoice for order #120002',
      serviceId: null,
      description: 'Hello, the November invoice for bh-web-cluster (#120002) shows two months. Could you check it?',
      incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
    },
  });
  const invoiceRow = await db.selectFrom('tickets').selectAll().where('id', '=', invoice.id).executeTakeFirstOrThrow();
  // An agent's public reply sets the first response in its own transaction: none yet, no reply yet.
  if (invoiceRow.first_response_at === null)
    await tickets.commands.reply(
      invoiceRow,
      { type: 'agent', userId: agent.id, trust: 'staff' },
      {
        body: 'Hello Sam, thank you — we are checking the invoice with billing and will correct it today.',
        files: [],
      },
    );
  // Seeded in one instant, the answer would read as a 0 s first response on the
  // contact page (R16); place it as if it came 4 min 10 s after the question, 3 hours ago.
  // One statement, so it is done whole or not at all; done, the first response is exactly 250 s after the
  // creation, which the condition reads so that a resumed seed does not move it again.
  await sql`with backdated as (
      update tickets set created_at = created_at - interval '3 hours', updated_at = updated_at - interval '3 hours' + interval '250 seconds',
        first_response_at = created_at - interval '3 hours' + interval '250 seconds'
      where id = ${invoice.id} and first_response_at is distinct from created_at + interval '250 seconds'
      returning id
    ), messages as (
      update ticket_messages set created_at = created_at - interval '3 hours' + case when author_type = 'agent' then interval '250 seconds' else interval '0' end
      where ticket_id in (select id from backdated)
    )
    update ticket_events set created_at = created_at - interval '3 hours' + case when kind = 'created' then interval '0' else interval '250 seconds' end
    where ticket_id in (select id from backdated)`.execute(db);
  const marko = await customer(ACCOUNTS[1]!.email);
  await submit('demo-3', {
    userId: marko.id,
    accountId: marko.account_id!,
    files: [],
    form: {
      departmentId: await department('technical'),
      priority: 'regular',
      subject: 'Dodatna IP adresa',
      serviceId: null,
      description: 'Trebali bismo još jednu IPv4 adresu za Dedicated DS-2 (#118820). Koja je cijena?',
      incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
    },
  });
}

export function demoLoginsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-logins.json');
}

export async function readDemoLogins(dataDir: string): Promise<DemoLogin[] | undefined> {
  const file = demoLoginsFile(dataDir);
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as DemoLogin[]) : undefined;
}

/** Present from the seed's first write to its last: left by a seed that was stopped part-way. */
function seedingMarker(dataDir: string): string {
  return path.join(dataDir, 'demo-seeding');
}

/** Whether demo data is to be added: the database has no users yet, or a seed was stopped before it finished. */
export async function demoDataPending({ auth }: Modules, dataDir: string): Promise<boolean> {
  return existsSync(seedingMarker(dataDir)) || !(await auth.users.any());
}
