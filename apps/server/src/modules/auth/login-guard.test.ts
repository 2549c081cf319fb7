import { describe, expect, it } from 'vitest';
import { clientNetwork, lockMs } from './login-guard.js';

describe('lockMs (issue 9 point 7)', () => {
  it('locks from the fifth failure for 1, 2, 4 … minutes', () => {
    expect([1, 4].map((n) => lockMs(n))).toEqual([0, 0]);
    expect([5, 6, 7].map((n) => lockMs(n))).toEqual([60_000, 120_000, 240_000]);
  });

  it('stays at an hour however many failures, never overflowing', () => {
    for (const n of [11, 42, 43, 1_000, 2 ** 31 - 1]) expect(lockMs(n)).toBe(3_600_000);
  });

  it('locks from the first failure when an account is under a distributed guess', () => {
    expect(lockMs(1, 1)).toBe(60_000);
  });
});

describe('clientNetwork', () => {
  it('is an IPv4 address itself, also written IPv4-mapped', () => {
    expect(clientNetwork('203.0.113.9')).toBe('203.0.113.9');
    expect(clientNetwork('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it("is an IPv6 address's /64, however it is written", () => {
    expect(clientNetwork('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
