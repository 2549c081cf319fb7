/**
 * Croatian inflects: a customer writes "račun", "računa", "računi",
 * "računima", and PostgreSQL has no Croatian stemmer. A search word is
 * therefore cut to its stem by its inflectional ending and matched as a
 * prefix of the words in tickets ("računa" finds "račun" and "računi").
 * A stem keeps at least STEM_MIN letters, so short words stay exact and a
 * prefix never matches half the dictionary.
 */
const STEM_MIN = 4;

/**
 * Endings that also end the stems of common nouns: the participle's -l- and
 * the infinitive's -t- are the last letter of "kanal", "model", "modul",
 * "paket", "limit". Cut from a word that short, "kanala" would search
 * "kana…" and "modeli" "mode…" (modem); they need one letter more of stem.
 */
const NOUN_STEM_MIN = STEM_MIN + 1;

/** Case and number endings of nouns and adjectives. */
const NOUN_ENDINGS = [
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

/**
 * Verb endings (issue 10 point 8: "odgovaraju" did not find "odgovara"), those
 * the nouns' list lacks: the present tense (-am -aš -a -amo -ate -aju, -im -iš
 * -i -imo -ite -e, -em -eš -e -emo -ete -u -ju) and the infinitive's -ći.
 */
const VERB_ENDINGS = ['amo', 'ate', 'aju', 'imo', 'ite', 'emo', 'ete', 'am', 'aš', 'iš', 'eš', 'ju', 'ći'];

/** The infinitive's -ti and the past participle's -la -lo -li -le (its -o is a noun ending too): see NOUN_STEM_MIN. */
const CONSONANT_VERB_ENDINGS = ['ti', 'la', 'lo', 'li', 'le'];

/**
 * Each ending with the stem it must leave, longest first so "-ima" wins over
 * "-a" and "-aju" over "-u" (two endings of one length never both end a word).
 */
const ENDINGS: [ending: string, stemMin: number][] = [
  ...[...NOUN_ENDINGS, ...VERB_ENDINGS].map((e): [string, number] => [e, STEM_MIN]),
  ...CONSONANT_VERB_ENDINGS.map((e): [string, number] => [e, NOUN_STEM_MIN]),
].sort((a, b) => b[0].length - a[0].length);

/** Quotes, "or" and a leading minus are the web-search syntax: such a query is taken word for word. */
const SEARCH_SYNTAX = /["]|(^|\s)(or|-)(\s|$)|(^|\s)-\S/iu;

/** Digits alone: in the index also as the signed number PostgreSQL reads after a hyphen ("R-2026-1187": r, -2026, -1187). */
const NUMBER = /^[0-9]+$/;

export function stem(word: string): string {
  const lower = word.toLowerCase();
  for (const [ending, stemMin] of ENDINGS) {
    if (lower.endsWith(ending) && lower.length - ending.length >= stemMin) return lower.slice(0, -ending.length);
  }
  return lower;
}

/**
 * A to_tsquery text that finds every word of `q` in any of its forms, or
 * null to search `q` as typed (web-search syntax, or nothing to search).
 * A number is found inside a hyphenated code too ("1187" in "R-2026-1187").
 * Only letters, digits and the minus of such a number reach the text, so
 * nothing in `q` acts as an operator.
 */
export function inflectedWordsQuery(q: string): string | null {
  if (SEARCH_SYNTAX.test(q)) return null;
  const words = q.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (!words.length) return null;
  return words
    .map((word) => {
      const s = stem(word);
      const term = s.length >= STEM_MIN ? `${s}:*` : s;
      return NUMBER.test(s) ? `(${term} | -${term})` : term;
    })
    .join(' & ');
}
