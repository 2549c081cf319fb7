import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { demoDataPending, readDemoLogins, seedDemoData } from '../src/demo.js';
import type { Db } from '../src/db/pool.js';
import { buildModules } from '../src/modules.js';
import { useTestApp, type TestContext } from './helpers.js';

/** What the demo writes, counted. */
async function counts(db: Db) {
  const { rows } = await sql<Record<string, number>>`select
      (select count(*)::int from accounts) as accounts,
      (select count(*)::int from users) as users,
      (select count(*)::int from services) as services,
      (select count(*)::int from tickets) as tickets,
      (select count(*)::int from ticket_messages) as messages,
      (select count(*)::int from ticket_messages where author_type = 'agent') as agent_messages,
      (select count(*)::int from ticket_events) as events,
      (select count(*)::int from inbound) as inbound,
      (select count(*)::int from outbox_emails) as mails,
      (select count(*)::int from mail_addresses) as addresses`.execute(db);
  return rows[0]!;
}

const marker = (ctx: TestContext) => path.join(ctx.dataDir, 'demo-seeding');
const modulesOf = (ctx: TestContext) => buildModules({ config: ctx.config, db: ctx.db });
/** The answered demo ticket's times: backdated once, they must not move again. */
const answered = (db: Db) =>
  db
    .selectFrom('tickets')
    .select(['created_at', 'first_response_at'])
    .where('subject', '=', 'Invoice for order #120002')
    .executeTakeFirstOrThrow();

describe('demo data: a seed stopped part-way is finished by the next one, never doubled', () => {
  const clean = useTestApp();
  const broken = useTestApp();

  it('seeding again with the marker left (a crash after the last write) changes no counts and backdates once', async () => {
    const modules = modulesOf(clean);
    expect(await demoDataPending(modules, clean.dataDir)).toBe(true);
    await seedDemoData(modules, clean.dataDir);
    expect(existsSync(marker(clean))).toBe(false);
    expect(await demoDataPending(modules, clean.dataDir)).toBe(false);
    const first = await counts(clean.db);
    expect(first).toMatchObject({ accounts: 3, users: 6, services: 6, tickets: 3, agent_messages: 1, addresses: 3 });
    const times = await answered(clean.db);

    await writeFile(marker(clean), '');
    expect(await demoDataPending(modules, clean.dataDir)).toBe(true);
    const logins = await seedDemoData(modules, clean.dataDir);
    expect(await counts(clean.db)).toEqual(first);
    expect(await answered(clean.db)).toEqual(times);
    expect(existsSync(marker(clean))).toBe(false);
    // The logins printed are the ones that work: the admin's TOTP secret was set anew with its password.
    expect(await readDemoLogins(clean.dataDir)).toEqual(logins);
    const admin = await modules.auth.users.findByEmail('admin@centrala.test');
    expect(admin?.totp_secret).toBe(logins.find((l) => l.role === 'admin')!.totpSecret);
  });

  it('a seed the database refuses part-way (the agent reply) leaves the marker; the next seed ends complete', async () => {
    const modules = modulesOf(broken);
    await sql`create function refuse_demo_reply() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(
      broken.db,
    );
    await sql`create trigger refuse_demo_reply before insert on ticket_messages for each row when (new.author_type = 'agent')
      execute function refuse_demo_reply()`.execute(broken.db);
    await expect(seedDemoData(modules, broken.dataDir)).rejects.toThrow('refused');
    expect(existsSync(marker(broken))).toBe(true);
    expect(await demoDataPending(modules, broken.dataDir)).toBe(true);
    await sql`drop trigger refuse_demo_reply on ticket_messages`.execute(broken.db);

    const logins = await seedDemoData(modules, broken.dataDir);
    expect(existsSync(marker(broken))).toBe(false);
    expect(await counts(broken.db)).toEqual(await counts(clean.db));
    expect(await readDemoLogins(broken.dataDir)).toEqual(logins);
    const { created_at, first_response_at } = await answered(broken.db);
    expect(new Date(first_response_at!).getTime() - new Date(created_at).getTime()).toBe(250_000);
  });
});
