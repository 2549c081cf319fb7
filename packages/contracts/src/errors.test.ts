import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from './errors.js';

describe('ErrorCodes (issue 11 point 4: one list of error codes, each with one HTTP status)', () => {
  it('names every code `area.reason`, in lower snake case', () => {
    for (const code of Object.keys(ErrorCodes)) expect(code).toMatch(/^[a-z][a-z_]*\.[a-z][a-z_]*$/);
  });

  it('gives every code an HTTP status that is a client or server error', () => {
    for (const [code, status] of Object.entries(ErrorCodes)) {
      expect({ code, status }).toEqual({ code, status: expect.any(Number) });
      expect(status >= 400 && status <= 599, `${code}: ${status}`).toBe(true);
      expect(STATUS_CODES[status], `${code}: ${status} is no HTTP status`).toBeDefined();
    }
  });

  it('keeps "not found" for what the path names (404) apart from what a body names (`unknown`, 400)', () => {
    for (const [code, status] of Object.entries(ErrorCodes)) {
      if (code.endsWith('.not_found')) expect(status, code).toBe(404);
      if (code.endsWith('.unknown')) expect(status, code).toBe(400);
    }
  });
});
