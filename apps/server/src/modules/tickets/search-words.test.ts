import { describe, expect, it } from 'vitest';
import { inflectedWordsQuery, stem } from './search-words.js';

describe('search words in any of their Croatian forms (issue 3, search)', () => {
  it.each([
    ['računi', 'račun'],
    ['računima', 'račun'],
    ['Računa', 'račun'],
    ['zaglavlja', 'zaglavlj'],
    ['zaglavlje', 'zaglavlj'],
    ['poslužitelja', 'poslužitelj'],
    ['poslužitelj', 'poslužitelj'],
    ['certifikatom', 'certifikat'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('keeps a stem of at least four letters, so short words stay whole', () => {
    expect(stem('disk')).toBe('disk');
    expect(stem('pune')).toBe('pune');
    expect(stem('mreža')).toBe('mrež');
  });

  it('matches each word as a prefix of its stem, all words required', () => {
    expect(inflectedWordsQuery('Računi za prosinac')).toBe('račun:* & za & prosinac:*');
    expect(inflectedWordsQuery('disk pun')).toBe('disk:* & pun');
  });

  it('lets nothing typed act as a tsquery operator', () => {
    expect(inflectedWordsQuery("a & b | !c <-> d:* 'e'")).toBe('a & b & c & d & e');
    expect(inflectedWordsQuery('  ...  ')).toBeNull();
  });

  it('takes web-search syntax as typed', () => {
    expect(inflectedWordsQuery('"disk je pun"')).toBeNull();
    expect(inflectedWordsQuery('ssl or certifikat')).toBeNull();
    expect(inflectedWordsQuery('certifikat -ssl')).toBeNull();
    expect(inflectedWordsQuery('e-pošta')).toBe('e & pošt:*');
  });
});
