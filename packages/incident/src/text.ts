/** Small text helpers shared by the finders. No Node-only APIs. */

/** Lower-case and strip diacritics, so 'Poslužitelj' and 'posluzitelj' compare equal. 'đ' becomes 'd'. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export interface Line {
  /** Offset of the first character of the line in the full text. */
  start: number;
  /** Offset just past the last character (before the line break). */
  end: number;
  text: string;
  /** Inside a ``` fenced block (fence lines themselves excluded). */
  inFence: boolean;
  /** The line is a ``` fence opener or closer. */
  isFence: boolean;
}

const FENCE = /^\s*(```|~~~)/;

/** Split into lines, marking which are inside fenced code blocks (an unclosed fence runs to the end). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let open: string | null = null;
  let start = 0;
  for (const raw of text.split(/\r\n|\n|\r/)) {
    const end = start + raw.length;
    const fence = FENCE.exec(raw);
    if (fence) {
      const marker = fence[1]!;
      if (open === null) open = marker;
      else if (open === marker) open = null;
      lines.push({ start, end, text: raw, inFence: false, isFence: true });
    } else {
      lines.push({ start, end, text: raw, inFence: open !== null, isFence: false });
    }
    start = end + (text.startsWith('\r\n', end) ? 2 : 1);
  }
  return lines;
}

export interface Span {
  start: number;
  end: number;
}

/** Which characters of a text are taken; checking a span costs its length, not the number of spans. */
export class Coverage {
  private readonly taken: Uint8Array;

  constructor(length: number) {
    this.taken = new Uint8Array(length + 1);
  }

  add(span: Span): void {
    this.taken.fill(1, span.start, span.end);
  }

  overlaps(span: Span): boolean {
    for (let i = span.start; i < span.end; i++) if (this.taken[i]) return true;
    return false;
  }
}

/** The line containing `pos` (lines as from splitLines, sorted by start). */
export function lineAt<T extends Span>(lines: readonly T[], pos: number): T {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]!;
}
