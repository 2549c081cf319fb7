import { describe, expect, it } from 'vitest';
import { baseAddress } from './addresses.js';

describe('baseAddress', () => {
  it('folds case and drops a +tag, so a signed reply address is served with its mailbox', () => {
    expect(baseAddress(' Support+ABC123@Centrala.TEST ')).toBe('support@centrala.test');
    expect(baseAddress('billing@centrala.test')).toBe('billing@centrala.test');
    expect(baseAddress('+x@centrala.test')).toBe('+x@centrala.test');
    expect(baseAddress('not an address')).toBe('not an address');
  });
});
