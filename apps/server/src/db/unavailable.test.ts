import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable (issue 9 point 5: the database down answers 503, not 500)', () => {
  it('knows a server that is down, restarting, overloaded or too slow', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '53300', '57014']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
  });

  it("knows node-postgres's connection failures, which carry no code", () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      expect(isDatabaseUnavailable(new Error(message)), message).toBe(true);
    }
  });

  it('looks into the per-address errors of a refused connection', () => {
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''))).toBe(true);
  });

  it('leaves faults of the request or the code alone', () => {
    for (const err of [
      withCode('23505', 'duplicate key value'),
      withCode('22P02', 'invalid input syntax for type uuid'),
      withCode('42P01', 'relation does not exist'),
      new TypeError('Cannot read properties of undefined'),
      'Connection terminated',
      undefined,
    ]) {
      expect(isDatabaseUnavailable(err)).toBe(false);
    }
  });
});
