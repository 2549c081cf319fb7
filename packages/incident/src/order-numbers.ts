/**
 * Order numbers: six digits introduced by '#' or by the word order/narudžba
 * (any case form, with or without diacritics, optionally followed by
 * no./nr./number/br./broj/ID). A bare six-digit number is never an order number.
 */
import type { Span } from './text.js';

export interface OrderMatch extends Span {
  orderNumber: string;
}

/** Words whose '#123456' is not an order: tickets, invoices, colours. */
const NOT_ORDER_BEFORE_HASH =
  /(?:ticket|tiket|invoice|ra[cč]un\p{L}*|faktur\p{L}*|case|issue|colou?r|boj\p{L}*)\s*(?:no\.?|nr\.?|br\.?|number|broj)?\s*[:=]?\s*$/iu;

const ORDER_WORD = String.raw`(?:\border(?:s)?|\bnarud(?:ž|z|zh)b\p{L}*|\bbroj\s+narud(?:ž|z|zh)b\p{L}*|\bbr\.\s*narud(?:ž|z|zh)b\p{L}*)`;
const LABEL = String.raw`(?:\s*(?:no\.?|nr\.?|number|num\.?|id|br\.?|broj|broja)(?![\p{L}\p{N}]))?`;
const SIX = String.raw`#?\s?(\d{6})(?!\d)`;
const JOIN = String.raw`\s*(?:,|;|/|&|\band\b|\bor\b|\bi\b|\bili\b)\s*`;

const BY_WORD = new RegExp(String.raw`${ORDER_WORD}${LABEL}\s*[:#=-]?\s*${SIX}((?:${JOIN}#?\s?\d{6}(?!\d))*)`, 'giu');
const SIX_DIGITS = /\d{6}/;
const BY_HASH = /(?<![\p{L}\p{N}_&/#])#\s?(\d{6})(?!\d)/gu;

export function findOrderMatches(text: string): OrderMatch[] {
  const found: OrderMatch[] = [];
  // Both patterns need six digits in a row; most texts have none, and BY_WORD is costly to try.
  if (!SIX_DIGITS.test(text)) return found;
  for (let m = BY_WORD.exec(text); m; m = BY_WORD.exec(text)) {
    // Positions of each number within the match.
    const base = m.index;
    const re = /\d{6}(?!\d)/g;
    const matched = m[0];
    for (let n = re.exec(matched); n; n = re.exec(matched)) {
      found.push({ start: base + n.index, end: base + n.index + 6, orderNumber: n[0] });
    }
  }
  for (let m = BY_HASH.exec(text); m; m = BY_HASH.exec(text)) {
    const start = m.index + m[0].length - 6;
    if (found.some((f) => f.start === start)) continue;
    if (NOT_ORDER_BEFORE_HASH.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    found.push({ start, end: start + 6, orderNumber: m[1]! });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Distinct order numbers, in order of first appearance. */
export function findOrderNumbers(text: string): string[] {
  return [...new Set(findOrderMatches(text).map((m) => m.orderNumber))];
}
