/**
 * Text made safe to hand to PostgreSQL's `to_tsvector`. Its default parser reads `<` as the start of an HTML tag or
 * comment and, on `<!--` repeated with no end, takes time growing with the square of the length: 80 kB took 15 s, so a
 * 100 kB mail body ran into the statement timeout on every retry and never became a ticket. No word starts with
 * `<`, so it is searched as a space.
 */
export function searchable(text: string): string {
  return text.replaceAll('<', ' ');
}
