/** Lower case without diacritics: "sacekajte" finds "Sačekajte", as the ticket search does. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Whether every word of `query` occurs in one of `texts`, ignoring case and diacritics. */
export function matchesQuery(query: string, ...texts: string[]): boolean {
  const haystack = folded(texts.join('\n'));
  return folded(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
