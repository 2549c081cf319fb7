/**
 * The HTML alternative of a mail we write as plain text: the text escaped,
 * line breaks kept, http(s) links made clickable. Nothing of the text can
 * become markup: every `<`, `&` and quote is escaped before links are found,
 * and a link's href is the escaped text itself.
 */
export function htmlOf(text: string): string {
  const escaped = escapeHtml(text);
  const linked = escaped.replace(LINK, (url) => {
    // A sentence's closing punctuation is not part of the link.
    const trail = /[.,;:!?)\]]+$/.exec(url)?.[0] ?? '';
    const href = url.slice(0, url.length - trail.length);
    return `<a href="${href}">${href}</a>${trail}`;
  });
  return (
    '<!doctype html><html><head><meta charset="utf-8"></head>' +
    `<body><div style="font-family:sans-serif;white-space:pre-wrap">${linked}</div></body></html>`
  );
}

const LINK = /\bhttps?:\/\/[^\s<>"']+/g;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
