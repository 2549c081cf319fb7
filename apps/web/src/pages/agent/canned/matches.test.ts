import { describe, expect, it } from 'vitest';
import { matchesQuery } from './matches';

describe('searching canned responses', () => {
  it('finds every word anywhere in the title or text, ignoring case and diacritics', () => {
    expect(matchesQuery('zaprimljeno provjera', 'Zaprimljeno, provjeravamo', 'Pozdrav')).toBe(true);
    expect(matchesQuery('dijagnostiku ping', 'Molimo dijagnostiku', 'izlaz naredbi ping')).toBe(true);
    expect(matchesQuery('posluzitelj dakovo', 'Poslužitelj', 'Đakovo')).toBe(true);
    expect(matchesQuery('traceroute invoice', 'Please send diagnostics', 'ping and traceroute')).toBe(false);
  });

  it('matches everything for an empty query', () => {
    expect(matchesQuery('  ', 'Anything')).toBe(true);
  });
});
