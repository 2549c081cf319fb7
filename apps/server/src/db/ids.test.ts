import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedUuid } from './ids.js';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID that the API accepts, sorting by creation time', () => {
    const early = timeOrderedUuid(Date.UTC(2026, 11, 6, 3, 0, 0));
    const later = timeOrderedUuid(Date.UTC(2026, 11, 6, 3, 0, 0, 1));
    expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(early).success).toBe(true);
    expect(early < later).toBe(true);
    expect(parseInt(early.replace('-', '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 6, 3, 0, 0));
    expect(new Set(Array.from({ length: 1000 }, () => timeOrderedUuid())).size).toBe(1000);
  });
});
