import { describe, expect, it } from 'vitest';
import { hasNewTicketInput, parseNewTicketDraft } from './newTicketDraft';
import { initialNewTicketValues, type NewTicketValues } from './newTicketForm';

const filled: NewTicketValues = {
  departmentId: 'd1',
  priority: 'high',
  serviceId: 's1',
  subject: 'Server down',
  description: 'web-01 answers no pings since 10:00',
  incident: { ipOrOrder: '192.0.2.10', startedAtLocal: '2026-11-24T10:00', startedAtZone: 'Europe/London', diagnostics: 'mtr attached' },
};

describe('the new-ticket draft', () => {
  it('reads back what was kept', () => {
    expect(parseNewTicketDraft(JSON.parse(JSON.stringify(filled)))).toEqual(filled);
  });

  it('falls back to the initial values for anything missing or of the wrong kind', () => {
    expect(parseNewTicketDraft({})).toEqual(initialNewTicketValues);
    expect(parseNewTicketDraft({ priority: 'urgent', subject: 42, serviceId: '', incident: { startedAtZone: '' } })).toEqual(
      initialNewTicketValues,
    );
    expect(parseNewTicketDraft(null)).toBeNull();
    expect(parseNewTicketDraft('subject')).toBeNull();
    expect(parseNewTicketDraft([filled])).toBeNull();
  });

  it('is worth keeping only with something typed or attached', () => {
    expect(hasNewTicketInput(initialNewTicketValues, 0)).toBe(false);
    expect(hasNewTicketInput({ ...initialNewTicketValues, departmentId: 'd1', priority: 'high' }, 0)).toBe(false);
    expect(hasNewTicketInput({ ...initialNewTicketValues, subject: '  ' }, 0)).toBe(false);
    expect(hasNewTicketInput({ ...initialNewTicketValues, description: 'x' }, 0)).toBe(true);
    expect(hasNewTicketInput(initialNewTicketValues, 1)).toBe(true);
  });
});
