import { describe, expect, it } from 'vitest';
import { ipList, ipText, linesOfItems } from './ipLines';

describe('IP addresses typed one per line (issue 13 point 1)', () => {
  it('takes the non-blank lines, trimmed', () => {
    expect(ipList('  192.0.2.10 \n\n2001:db8::/48\r\n   \n10.0.0.0/8\n')).toEqual(['192.0.2.10', '2001:db8::/48', '10.0.0.0/8']);
    expect(ipList('')).toEqual([]);
  });

  it('writes a list back one per line', () => {
    expect(ipText(['192.0.2.10', '2001:db8::/48'])).toBe('192.0.2.10\n2001:db8::/48');
  });

  it('names the typed line of a refused item, counting the blank lines the list skipped', () => {
    const text = '192.0.2.10\n\nnot an address\n2001:db8::/48\n\n300.1.1.1';
    expect(linesOfItems(text, [1])).toEqual([3]);
    expect(linesOfItems(text, [3, 1, 1])).toEqual([3, 6]);
    expect(linesOfItems(text, [9])).toEqual([]);
  });
});
