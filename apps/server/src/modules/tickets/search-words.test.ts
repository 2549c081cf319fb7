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

  // Issue 10 point 8: every form of a verb is cut to a stem that is a prefix of every other form.
  it.each([
    ['odgovarati', ['odgovaram', 'odgovaraš', 'odgovara', 'odgovaramo', 'odgovarate', 'odgovaraju'], 'odgovar'],
    ['odgovarati', ['odgovarao', 'odgovarala', 'odgovaralo', 'odgovarali', 'odgovarale', 'odgovarati'], 'odgovara'],
    ['popraviti', ['popravim', 'popraviš', 'popravi', 'popravimo', 'popravite', 'poprave'], 'poprav'],
    ['popraviti', ['popravio', 'popravila', 'popravilo', 'popravili', 'popravile', 'popraviti'], 'popravi'],
    ['obrisati', ['obrišem', 'obrišeš', 'obriše', 'obrišemo', 'obrišete', 'obrišu'], 'obriš'],
    ['preusmjeriti', ['preusmjerimo', 'preusmjerite'], 'preusmjer'],
    ['kupovati', ['kupuju'], 'kupu'],
    ['pomoći', ['pomoći'], 'pomo'],
  ])('the forms of %s: %j → %s', (_verb, forms, expected) => {
    for (const form of forms) expect(stem(form), form).toBe(expected);
  });

  it('finds "odgovara" from "odgovaraju" and the other way round', () => {
    expect('odgovara'.startsWith(stem('odgovaraju'))).toBe(true);
    expect('odgovaraju'.startsWith(stem('odgovara'))).toBe(true);
    expect(inflectedWordsQuery('ne odgovaraju')).toBe('ne & odgovar:*');
  });

  // The verb endings must not cut nouns shorter than before (issue 10 point 8, non-regression).
  it.each([
    ['računi', 'račun'],
    ['zaglavlju', 'zaglavl'],
    ['konfiguraciju', 'konfiguraci'],
    ['poslužitelju', 'poslužitel'],
    ['certifikati', 'certifika'],
    ['mreži', 'mrež'],
    // A noun stem ending in -l or -t keeps it: the participle's -la -li and the infinitive's -ti need a five-letter stem.
    ['kanala', 'kanal'],
    ['kanali', 'kanal'],
    ['modeli', 'model'],
    ['modula', 'modul'],
    ['hotele', 'hotel'],
    ['paketi', 'paket'],
    ['limiti', 'limit'],
    ['pošti', 'pošt'],
    // Short words stay whole, as before.
    ['radi', 'radi'],
    ['rade', 'rade'],
    ['pišu', 'pišu'],
    ['ima', 'ima'],
    ['kraju', 'kraj'],
    ['broju', 'broj'],
  ])('noun %s → %s', (word, expected) => {
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

  it('finds a number inside a hyphenated code too, where PostgreSQL reads it as negative (issue 10 point 8)', () => {
    expect(inflectedWordsQuery('1187')).toBe('(1187:* | -1187:*)');
    expect(inflectedWordsQuery('R-2026-1187')).toBe('r & (2026:* | -2026:*) & (1187:* | -1187:*)');
    expect(inflectedWordsQuery('web 01')).toBe('web & (01 | -01)');
    // Only ASCII digits: other numerals are words.
    expect(inflectedWordsQuery('٣٤')).toBe('٣٤');
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
