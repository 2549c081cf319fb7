import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/schema.js';
import { domainEvents, listener } from './emitter.js';
import { liveForm, type DomainEvent, type EventOf } from './list.js';

/** A Kysely that runs nothing and records the statements it was given. */
function recordingDb() {
  const statements: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (e) => void statements.push(e.query.sql),
  });
  return { db, statements };
}

const created = (ticketId: string): EventOf<'ticket.created'> => ({
  type: 'ticket.created',
  ticketId,
  reference: 'T-7KQ2-M9XD',
  subject: 'Server down',
  promise: { en: 'within 10 minutes', hr: 'u roku od 10 minuta' },
  recipients: { addresses: ['noc@example.com'], locale: 'en', clientArea: true },
});
const reply: EventOf<'ticket.replied'> = {
  type: 'ticket.replied',
  ticketId: 't1',
  messageId: 'm1',
  author: 'agent',
  internal: false,
  body: 'x'.repeat(20_000),
  ticket: { reference: 'T-7KQ2-M9XD', subject: 'Server down', accountId: 'a1', requesterId: 'u1', requesterEmail: null },
};

describe('the live form of an event', () => {
  it('keeps ids and flags, and leaves what only durable listeners need', () => {
    expect(liveForm(created('t1'))).toEqual({ type: 'ticket.created', ticketId: 't1' });
    expect(liveForm(reply)).toEqual({ type: 'ticket.replied', ticketId: 't1', internal: false });
    expect(liveForm({ type: 'ticket.changed', ticketId: 't1', customerSees: false })).toEqual({
      type: 'ticket.changed',
      ticketId: 't1',
      customerSees: false,
    });
    expect(liveForm({ type: 'sla.breached', ticketId: 't1' })).toEqual({ type: 'sla.breached', ticketId: 't1' });
    expect(liveForm({ type: 'user.changed', userId: 'u1' })).toEqual({ type: 'user.changed', userId: 'u1' });
  });

  it('fits a NOTIFY payload whatever the reply (8000 bytes at most)', () => {
    expect(JSON.stringify(liveForm(reply)).length).toBeLessThan(200);
  });
});

describe('emitting in a transaction', () => {
  it('hands each listener only the events it handles, then notifies every event', async () => {
    const heard: DomainEvent[][] = [];
    const events = domainEvents([
      listener({ name: 'replies', handles: ['ticket.replied'], run: async (_trx, e) => void heard.push(e) }),
      listener({ name: 'acknowledgements', handles: ['ticket.created'], rows: (e) => sql`insert into outbox_emails select ${e.length}` }),
    ]);
    const { db, statements } = recordingDb();
    await events.emit(db, [created('t1'), { type: 'ticket.presence', ticketId: 't1' }, reply]);
    expect(heard).toEqual([[reply]]);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^insert into outbox_emails/);
    expect(statements[1]).toContain('pg_notify');
  });

  it('does nothing for no events, and only notifies when no listener handles them', async () => {
    const events = domainEvents([
      listener({ name: 'acknowledgements', handles: ['ticket.created'], rows: () => sql`insert into outbox_emails` }),
    ]);
    const { db, statements } = recordingDb();
    await events.emit(db, []);
    expect(statements).toEqual([]);
    await events.emit(db, [{ type: 'user.changed', userId: 'u1' }]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain('pg_notify');
  });
});

describe('emitting inside one statement', () => {
  const compile = (db: Kysely<Database>, parts: ReturnType<ReturnType<typeof domainEvents>['inStatement']>) =>
    sql`with ticket as (select 1)${parts.ctes} select ${parts.notify}`.compile(db).sql;

  it('adds a CTE per listener that handles the events, and the notifications to the select', () => {
    const events = domainEvents([
      listener({ name: 'replies', handles: ['ticket.replied'], run: async () => undefined }),
      listener({ name: 'acknowledgements', handles: ['ticket.created'], rows: () => sql`insert into outbox_emails values (1)` }),
    ]);
    const text = compile(recordingDb().db, events.inStatement([created('t1'), created('t2')]));
    expect(text).toMatch(
      /^with ticket as \(select 1\), listener_1 as \(insert into outbox_emails values \(1\)\) select \(select count\(pg_notify/,
    );
  });

  it('adds no CTE when no listener handles them', () => {
    const events = domainEvents([listener({ name: 'acknowledgements', handles: ['ticket.created'], rows: () => sql`insert` })]);
    const text = compile(recordingDb().db, events.inStatement([{ type: 'ticket.changed', ticketId: 't1', customerSees: true }]));
    expect(text).toMatch(/^with ticket as \(select 1\) select \(select count\(pg_notify/);
  });

  it('refuses a listener that must read before it writes: it would cost the statement a round trip', () => {
    const events = domainEvents([listener({ name: 'replies', handles: ['ticket.replied'], run: async () => undefined })]);
    expect(() => events.inStatement([reply])).toThrow('listener replies reads before it writes');
  });
});
