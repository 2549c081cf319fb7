import type { TicketSummary } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { customerSeesPatch, customerView, presentDetail, presentSummary, summaryFor, visibleTo } from './presenters.js';
import type { TicketDetailRow } from './repository.js';

const row: TicketDetailRow = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  reference: 'T-7KQ2-M4XD',
  subject: 'Mail down',
  status: 'awaiting_agent',
  priority: 'high',
  channel: 'ticket',
  trust: 'session',
  department_id: 'd1',
  account_id: 'a1',
  account_name: 'Horvat d.o.o.',
  service_name: 'mail.horvat.hr',
  assignee_id: 'u9',
  assignee_name: 'Ana Agent',
  first_response_at: null,
  due_at: '2026-12-06T10:10:00.000Z',
  sla_state: 'ok',
  priority_rank: 0,
  sort_key: '2026-12-06T10:10:00.000000Z',
  created_key: '2026-12-06T10:00:00.123456Z',
  updated_key: '2026-12-06T10:05:00.000000Z',
  incident: { ipAddresses: ['192.0.2.1'] },
  messages: [
    {
      id: 'm1',
      author_type: 'customer',
      body: 'It is down.',
      internal: false,
      trust: 'session',
      created_at: '2026-12-06T10:00:00.123Z',
      author_name: 'Ivo',
      files: [{ id: 'f1', filename: 'log.txt', content_type: 'text/plain', size_bytes: 3 }],
    },
  ],
  events: [
    {
      id: '7',
      kind: 'created',
      data: { promise: { en: 'in 10 minutes', hr: 'za 10 minuta' } },
      created_at: '2026-12-06T10:00:00.123Z',
      actor_name: null,
    },
  ],
} as unknown as TicketDetailRow;

describe('what a viewer sees of a ticket', () => {
  it('hides internal notes, assignments and staff-only history from a customer, and shows staff everything', () => {
    expect(visibleTo('customer')).toMatchObject({ internalNotes: false, assignee: false });
    expect(visibleTo('customer').eventKinds).not.toContain('assignee');
    expect(visibleTo('customer').eventKinds).not.toContain('note');
    expect(visibleTo('staff')).toMatchObject({ internalNotes: true, assignee: true, eventKinds: 'all' });
  });

  it("leaves the assignee out of a customer's summary, and out of nothing else", () => {
    const staff = presentSummary(row, 'staff');
    expect(staff).toMatchObject({ assigneeId: 'u9', assigneeName: 'Ana Agent', createdAt: '2026-12-06T10:00:00.123Z' });
    expect(presentSummary(row, 'customer')).toEqual({ ...staff, assigneeId: null, assigneeName: null });
    expect(customerView(staff)).toEqual(summaryFor('customer', staff));
    expect(summaryFor('staff', staff as TicketSummary)).toBe(staff);
  });

  it("points each viewer's file links at their own attachments route, and reads the promise recorded at filing", () => {
    const customer = presentDetail(row, 'customer');
    expect(customer.messages[0]!.attachments[0]!.url).toBe('/api/client/attachments/f1');
    expect(presentDetail(row, 'staff').messages[0]!.attachments[0]!.url).toBe('/api/agent/attachments/f1');
    expect(customer.assigneeName).toBeNull();
    expect(customer.promisedFirstResponse).toEqual({ en: 'in 10 minutes', hr: 'za 10 minuta' });
    expect(customer.incident).toMatchObject({ ipAddresses: ['192.0.2.1'], orderNumbers: [], missing: [] });
  });
});

describe("whether an agent's change shows to the customer", () => {
  const ticket = { department_id: 'd1', priority: 'regular', status: 'open', assignee_id: null } as const;

  it('does for a new department, priority or status', () => {
    expect(customerSeesPatch(ticket, { departmentId: '0190a0b0-0000-7000-8000-000000000002' })).toBe(true);
    expect(customerSeesPatch(ticket, { priority: 'high' })).toBe(true);
    expect(customerSeesPatch(ticket, { status: 'resolved' })).toBe(true);
  });

  it('does not for an assignment alone, nor for values the ticket already has', () => {
    expect(customerSeesPatch(ticket, { assigneeId: '0190a0b0-0000-7000-8000-000000000003' })).toBe(false);
    expect(customerSeesPatch(ticket, { priority: 'regular', status: 'open' })).toBe(false);
    expect(customerSeesPatch(ticket, {})).toBe(false);
  });
});

describe("a mail's EmailMeta (issue 12)", () => {
  const meta = {
    inboundId: '0190a0b0-0000-4000-8000-000000000009',
    messageId: 'x@example.com',
    from: { address: 'ivo@example.com', name: 'Ivo' },
    to: [],
    cc: [],
    subject: 'Mail down',
    fullText: 'It is down.\n> history',
    html: null,
    hasRemoteImages: false,
    verification: null,
    autoKind: 'human',
    warnings: [],
  };
  const mailed = { ...row, messages: row.messages.map((m) => ({ ...m, email: meta })) };

  it('is shown to staff, and to no customer even when the row carries it', () => {
    expect(visibleTo('customer').emailMeta).toBe(false);
    expect(presentDetail(mailed, 'staff').messages[0]!.email).toEqual(meta);
    expect(presentDetail(mailed, 'customer').messages[0]).not.toHaveProperty('email');
  });

  it('is null for a message that did not come by mail, or whose stored meta no longer reads', () => {
    expect(presentDetail(row, 'staff').messages[0]!.email).toBeNull();
    const broken = { ...row, messages: row.messages.map((m) => ({ ...m, email: { inboundId: 'nope' } })) };
    expect(presentDetail(broken, 'staff').messages[0]!.email).toBeNull();
  });
});
