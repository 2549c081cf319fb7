/**
 * The part of a mail's text a person wrote for this message (issue 12 point 3):
 * quoted history and the signature trimmed. Agents see this as the message;
 * the full text stays one click away, so the trimming may err on cutting.
 * Recognised: a "On … wrote:" / "Dana … je napisao/la:" line (one or two lines
 * long, as clients wrap it), Outlook's "-----Original Message-----" or
 * "From: … Sent: …" block (English and Croatian), a `-- ` signature separator,
 * and a trailing block of `>` quoted lines.
 */
export function shownText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i += 1) {
    if (startsHistory(lines, i) || isSignatureSeparator(lines[i]!)) {
      end = i;
      break;
    }
  }
  let kept = lines.slice(0, end);
  // A trailing block of quoted lines (bottom-quoting is rare; a quote at the end is history).
  let last = kept.length;
  while (last > 0 && (kept[last - 1]!.trim() === '' || /^\s*>/.test(kept[last - 1]!))) last -= 1;
  kept = kept.slice(0, last);
  while (kept.length && MOBILE_SIGNATURE.test(kept[kept.length - 1]!.trim())) kept.pop();
  const shown = kept.join('\n').trim();
  // All of it was history (a forward with no note): show it all rather than nothing.
  return shown || text.trim();
}

const WROTE = /\b(wrote|napisao(\/la|\(la\)|\/la)?( je)?|napisala( je)?|piše|schrieb|a écrit|escribió|ha scritto)\s*:\s*$/i;
const WROTE_START = /^\s*(On|Dana|Dne|Am|Le|El|Il|U)\s\S/;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(Original Message|Izvorna poruka|Originalna poruka|Forwarded message|Proslijeđena poruka|Prosljeđena poruka)\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(From|Od|Šalje|Pošiljatelj)\s*:\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(Sent|Date|Poslano|Datum|Šalje)\s*:\*?\s+\S/i;
const UNDERSCORES = /^\s*_{10,}\s*$/;
const MOBILE_SIGNATURE = /^(Sent from my \w+.*|Poslano s mog(a)? \w+.*|Poslano iz \w+.*|Get Outlook for \w+.*)$/i;

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (ORIGINAL_MESSAGE.test(line)) return true;
  const next = lines[i + 1];
  // "On … wrote:" (also wrapped onto a second line), or any short "… napisao je:" line a quote follows.
  if (WROTE_START.test(line)) {
    if (WROTE.test(line)) return true;
    if (next !== undefined && next.length < 80 && WROTE.test(`${line} ${next}`)) return true;
  }
  if (line.length < 300 && WROTE.test(line) && /^\s*>/.test(lines.slice(i + 1).find((l) => l.trim() !== '') ?? '')) {
    return true;
  }
  if (UNDERSCORES.test(line) && OUTLOOK_FROM.test(lines[i + 1] ?? '')) return true;
  if (OUTLOOK_FROM.test(line)) {
    for (let j = i + 1; j <= i + 3 && j < lines.length; j += 1) if (OUTLOOK_SENT.test(lines[j]!)) return true;
  }
  return false;
}

function isSignatureSeparator(line: string): boolean {
  return line === '-- ' || line === '--';
}
