import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModules, type Modules } from '../src/modules.js';
import { replyAddresses, serverKey, type MailSource, type ThreadKeys } from '../src/modules/email/index.js';
import { emailThreads } from '../src/modules/intake/index.js';
import { createCustomer, departmentId, useTestApp } from './helpers.js';
import { noDns } from './mail-in.js';

const ctx = useTestApp();

/**
 * Intake's decisions about a mail (issue 11 point 1): which ticket it continues and who sent it, each read through what
 * the table's owner exports: tickets' `exists` and `ofParticipant`, email's `outbox.ticketOfSent` and
 * `mailboxes.departmentOf`, and the sender fragments of auth, notifications and accounts.
 */
describe("intake's email threading, sender and mailbox routing, through the tables' owners", () => {
  let modules: Modules;
  let threads: ReturnType<typeof emailThreads>;
  let technical: string;
  let financial: string;
  const reply = () => replyAddresses(serverKey(ctx.config.SECRET_KEY, ctx.config.dataDir));
  const none: ThreadKeys = { replyToken: null, messageIds: [], threadRoot: null, subjectReference: null };
  const smtp = (from: string): MailSource => ({
    kind: 'smtp',
    mailFrom: from,
    rcptTo: ['support@centrala.test'],
    remoteIp: '127.0.0.1',
    helo: 'test',
  });

  beforeAll(async () => {
    modules = buildModules({ config: ctx.config, db: ctx.db, dnsResolver: noDns });
    threads = emailThreads(ctx.db, reply(), modules.outbox, modules.tickets.queries);
    technical = await departmentId(ctx.db, 'technical');
    financial = await departmentId(ctx.db, 'financial');
    await modules.inboundEmail.addresses.create({ address: 'support@centrala.test', departmentId: technical, purpose: 'support' });
  });

  /** A mail stored as the receiver stores it and drained as the worker drains it: the ticket it went to. */
  async function mailIn(
    from: string,
    messageId: string,
    { headers = '', source = smtp(from) }: { headers?: string; source?: MailSource } = {},
  ) {
    await modules.inboundEmail.store.store(
      Buffer.from(
        `Message-ID: <${messageId}>\r\nFrom: ${from}\r\nTo: support@centrala.test\r\n${headers}Subject: Mail ${messageId}\r\n\r\nText.\r\n`,
      ),
      source,
    );
    await modules.inboundEmail.intake.drain();
    return ctx.db
      .selectFrom('inbound')
      .innerJoin('tickets', 'tickets.id', 'inbound.ticket_id')
      .select(['tickets.id', 'tickets.reference', 'tickets.account_id', 'tickets.requester_id', 'tickets.trust', 'tickets.department_id'])
      .where('inbound.mail_message_id', '=', messageId)
      .executeTakeFirstOrThrow();
  }

  it('follows a signed reply address only to a ticket that is there', async () => {
    const ticket = await mailIn('signed@example.org', 'signed-1@example.org');
    const tokenOf = (id: string) => /\+([^@]+)@/.exec(reply().addressFor(id, 'support@centrala.test'))![1]!;
    expect(await modules.tickets.queries.exists(ticket.id)).toBe(true);
    expect(await threads.ticketOf({ ...none, replyToken: tokenOf(ticket.id) }, null)).toBe(ticket.id);
    // Signed by us, but for no ticket here.
    expect(await modules.tickets.queries.exists(randomUUID())).toBe(false);
    expect(await threads.ticketOf({ ...none, replyToken: tokenOf(randomUUID()) }, null)).toBeNull();
  });

  it('follows the nearest Message-ID it answers: a mail we received, else one we sent', async () => {
    const a = await mailIn('first@example.org', 'recv-a@example.org');
    const b = await mailIn('second@example.org', 'recv-b@example.org');
    expect(await threads.ticketOf({ ...none, messageIds: ['unknown@example.org', 'recv-b@example.org', 'recv-a@example.org'] }, null)).toBe(
      b.id,
    );

    // Our acknowledgements of the two, each kept with its ticket and Message-ID (migration 0019).
    const sent = await ctx.db
      .selectFrom('outbox_emails')
      .select(['ticket_id', 'message_id'])
      .where('ticket_id', 'in', [a.id, b.id])
      .execute();
    const sentFor = (id: string) => sent.find((r) => r.ticket_id === id)!.message_id!;
    expect(await modules.outbox.ticketOfSent(['unknown@example.org', sentFor(a.id), sentFor(b.id)])).toBe(a.id);
    expect(await modules.outbox.ticketOfSent(['unknown@example.org'])).toBeNull();
    expect(await threads.ticketOf({ ...none, messageIds: ['unknown@example.org', sentFor(b.id)] }, null)).toBe(b.id);
  });

  it("threads a subject reference only for the ticket's participants", async () => {
    const customer = await createCustomer(ctx.db);
    const opened = await mailIn(customer.email, 'part-1@example.com', { headers: 'Cc: colleague@other.example\r\n' });
    const contact = (email: string, disabled: boolean) =>
      ctx.db
        .insertInto('users')
        .values({
          kind: 'client',
          account_id: customer.accountId,
          role: null,
          email,
          name: email,
          disabled_at: disabled ? new Date() : null,
        })
        .execute();
    await contact(`second-${opened.reference.toLowerCase()}@example.com`, false);
    await contact(`gone-${opened.reference.toLowerCase()}@example.com`, true);

    const ofParticipant = (address: string) => modules.tickets.queries.ofParticipant(opened.reference, address);
    // Its requester's address, an address on its CC, an enabled contact of its account.
    expect(await ofParticipant(customer.email)).toBe(opened.id);
    expect(await ofParticipant('colleague@other.example')).toBe(opened.id);
    expect(await ofParticipant(`second-${opened.reference.toLowerCase()}@example.com`)).toBe(opened.id);
    // A disabled contact, a stranger, and a reference no ticket has.
    expect(await ofParticipant(`gone-${opened.reference.toLowerCase()}@example.com`)).toBeNull();
    expect(await ofParticipant('stranger@evil.example')).toBeNull();
    expect(await modules.tickets.queries.ofParticipant('T-2222-2222', customer.email)).toBeNull();

    // A client-area ticket keeps no address of its own: its requester user's is theirs.
    const form = await modules.intake.submit({
      channel: 'ticket',
      trust: 'session',
      requester: { kind: 'user', userId: customer.userId, accountId: customer.accountId },
      inbound: { sourceId: randomUUID(), payload: {} },
      subject: 'From the form',
      body: 'Text.',
      files: [],
      stated: {
        departmentId: technical,
        priority: 'regular',
        serviceId: null,
        incident: { ipOrOrder: '', startedAtLocal: null, startedAtZone: null, diagnostics: '' },
      },
    });
    expect(await modules.tickets.queries.ofParticipant(form.reference, customer.email)).toBe(form.id);

    expect(await threads.ticketOf({ ...none, subjectReference: opened.reference }, 'colleague@other.example')).toBe(opened.id);
    expect(await threads.ticketOf({ ...none, subjectReference: opened.reference }, 'stranger@evil.example')).toBeNull();
  });

  it("knows a sender as a client user, else an account's notification address, else an account's own; a disabled account's as no one", async () => {
    const customer = await createCustomer(ctx.db);
    const suffix = customer.accountId.slice(0, 8);
    const other = await ctx.db
      .insertInto('accounts')
      .values({ name: `Office ${suffix}`, email: `office-${suffix}@example.com` })
      .returning('id')
      .executeTakeFirstOrThrow();
    // One address the customer's account lists for notifications and the other account has as its own: the first wins.
    await ctx.db
      .insertInto('notification_addresses')
      .values([
        { account_id: customer.accountId, kind: 'support', email: `noc-${suffix}@example.com` },
        { account_id: customer.accountId, kind: 'support', email: `office-${suffix}@example.com` },
      ])
      .execute();
    const third = await ctx.db
      .insertInto('accounts')
      .values({ name: `Own ${suffix}`, email: `own-${suffix}@example.com` })
      .returning('id')
      .executeTakeFirstOrThrow();

    expect(await mailIn(customer.email, `user-${suffix}@example.com`)).toMatchObject({
      account_id: customer.accountId,
      requester_id: customer.userId,
      trust: 'email_claimed',
    });
    expect(await mailIn(`noc-${suffix}@example.com`, `noc-${suffix}@example.com`)).toMatchObject({
      account_id: customer.accountId,
      requester_id: null,
      trust: 'email_claimed',
    });
    expect(await mailIn(`office-${suffix}@example.com`, `office-${suffix}@example.com`)).toMatchObject({
      account_id: customer.accountId,
      requester_id: null,
    });
    expect(await mailIn(`own-${suffix}@example.com`, `own-${suffix}@example.com`)).toMatchObject({
      account_id: third.id,
      requester_id: null,
      trust: 'email_claimed',
    });

    // The customer's account disabled: its notification address falls through to the account whose own it is.
    await ctx.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', customer.accountId).execute();
    expect(await mailIn(`office-${suffix}@example.com`, `office-again-${suffix}@example.com`)).toMatchObject({
      account_id: other.id,
      requester_id: null,
    });
    expect(await mailIn(customer.email, `user-again-${suffix}@example.com`)).toMatchObject({
      account_id: null,
      requester_id: null,
      trust: 'anonymous',
    });
  });

  it("routes a mail fetched from an IMAP mailbox to that mailbox's department", async () => {
    const box = await modules.mailboxes.create({
      name: 'Billing box',
      host: 'imap.example.org',
      port: 993,
      tls: true,
      username: 'billing',
      password: 'secret',
      folder: 'INBOX',
      processedFolder: null,
      departmentId: financial,
      enabled: false,
    });
    expect(await modules.mailboxes.departmentOf(box.id)).toBe(financial);
    expect(await modules.mailboxes.departmentOf(randomUUID())).toBeNull();
    const fetched = await mailIn('box@example.org', 'imap-1@example.org', {
      source: { kind: 'imap', mailboxId: box.id, uidValidity: '1', uid: '1' },
    });
    // Its recipient, support@, would route it to the technical department.
    expect(fetched.department_id).toBe(financial);
  });
});
