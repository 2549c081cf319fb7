/**
 * Croatian inflects: a customer writes "račun", "računa", "računi",
 * "računima", and PostgreSQL has no Croatian stemmer. A search word is
 * therefore cut to its stem by its inflectional ending and matched as a
 * prefix of the words in tickets ("računa" finds "račun" and "računi").
 * A stem keeps at least STEM_MIN letters, so short words stay exact and a
 * prefix never matches half the dictionary.
 */
const STEM_MIN = 4;

/** Case and number endings of nouns and adjectives, longest first so "-ima" wins over "-a". */
const ENDINGS = [
  'ovima',
  'evima',
  'ama',
  'ima',
  'oga',
  'ega',
  'omu',
  'emu',
  'om',
  'em',
  'ih',
  'im',
  'og',
  'eg',
  'oj',
  'a',
  'e',
  'i',
  'o',
  'u',
];

/** Quotes, "or" and a leading minus are the web-search syntax: such a query is taken word for word. */
const SEARCH_SYNTAX = /["]|(^|\s)(or|-)(\s|$)|(^|\s)-\S/iu;

export function stem(word: string): string {
  const lower = word.toLowerCase();
  for (const ending of ENDINGS) {
    if (lower.endsWith(ending) && lower.length - ending.length >= STEM_MIN) return lower.slice(0, -ending.length);
  }
  return lower;
}

/**
 * A to_tsquery text that finds every word of `q` in any of its forms, or
 * null to search `q` as typed (web-search syntax, or nothing to search).
 * Only letters and digits reach the text, so nothing in `q` acts as an operator.
 */
export function inflectedWordsQuery(q: string): string | null {
  if (SEARCH_SYNTAX.test(q)) return null;
  const words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return null;
  return words
    .map((word) => {
      const s = stem(word);
      return s.length >= STEM_MIN ? `${s}:*` : s;
    })
    .join(' & ');
}
