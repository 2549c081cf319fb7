import { describe, expect, it } from 'vitest';
import { newTicketReference, TICKET_REFERENCE } from './reference.js';

describe('ticket references (R8)', () => {
  it('look like T-XXXX-XXXX with no confusable characters', () => {
    for (let i = 0; i < 500; i++) {
      const ref = newTicketReference();
      expect(ref).toMatch(TICKET_REFERENCE);
      expect(ref.slice(2)).not.toMatch(/[01ILOU]/);
    }
  });

  it('are never six digits, so never taken for an order number', () => {
    expect(newTicketReference()).not.toMatch(/^#?\d{6}$/);
  });

  it('do not repeat', () => {
    const refs = new Set(Array.from({ length: 10_000 }, newTicketReference));
    expect(refs.size).toBe(10_000);
  });
});
