const MAX_LENGTH = 200;
/** An extension kept whole when a long name is shortened; longer "extensions" are just part of the name. */
const MAX_EXTENSION = 16;

/**
 * A file name safe to store, to show and to put in a Content-Disposition
 * header: no path, no control or invisible format characters (a right-to-left
 * override shows "invoice\u202Efdp.exe" as "invoiceexe.pdf"), none of the
 * characters Windows refuses, at most 200 characters with the extension kept.
 */
export function safeFilename(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // Browsers send these three percent-encoded in a multipart file name (HTML's form encoding).
    .replace(/%22/g, '"')
    .replace(/%0D|%0A/gi, ' ')
    .normalize('NFC');
  // A run of spaces would push the real extension out of sight ("invoice.pdf        .exe"): one space is left.
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"<>|*?:]/gu, '_')
    .replace(/\s+/gu, ' ')
    .trim();
  const short = shorten(cleaned);
  return short && short !== '.' && short !== '..' ? short : 'attachment';
}

/** Cut by characters, not UTF-16 units (an emoji is not split), keeping the extension that says what the file is. */
function shorten(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= MAX_EXTENSION ? Array.from(name.slice(dot)) : [];
  return [...chars.slice(0, MAX_LENGTH - extension.length), ...extension].join('');
}
