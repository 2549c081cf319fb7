import { describe, expect, it } from 'vitest';
import { checkStartTime } from './newTicketForm';

describe('the start time typed in the new-ticket form', () => {
  // 24 November 2026, 12:00 in Zagreb (CET, UTC+1).
  const now = Date.parse('2026-11-24T11:00:00Z');

  it('is the instant it names in its zone', () => {
    expect(checkStartTime('2026-11-24T10:30', 'Europe/Zagreb', now)).toEqual({ at: new Date('2026-11-24T09:30:00Z'), problem: null });
  });

  it('is refused in the future, with the server’s ten minutes for clock drift', () => {
    expect(checkStartTime('2026-11-24T12:10', 'Europe/Zagreb', now)?.problem).toBeNull();
    expect(checkStartTime('2026-11-24T12:11', 'Europe/Zagreb', now)?.problem).toBe('future');
    // The zone decides: 05:00 tomorrow in Tokyo is still ahead, 05:00 today in New York has passed.
    expect(checkStartTime('2026-11-25T05:00', 'Asia/Tokyo', now)?.problem).toBe('future');
    expect(checkStartTime('2026-11-24T05:00', 'America/New_York', now)?.problem).toBeNull();
  });

  it('is nothing when left empty, and invalid without a known zone', () => {
    expect(checkStartTime('', 'Europe/Zagreb', now)).toBeNull();
    expect(checkStartTime('2026-11-24T10:30', '', now)?.problem).toBe('invalid');
    expect(checkStartTime('2026-11-24T10:30', 'Mars/Olympus', now)?.problem).toBe('invalid');
  });
});
