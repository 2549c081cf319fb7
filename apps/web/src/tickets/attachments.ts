/**
 * The server's default attachment limits (ATTACHMENT_MAX_FILES, ATTACHMENT_MAX_BYTES). It enforces its own;
 * the customer's dropzone and the agent's picker check these so nobody waits for an upload that will be refused.
 */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** The server sends images inline (with a safe content type) only when asked; downloads stay attachments. */
export const inlineUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}inline=1`;

/**
 * A file name as its shortenable start and its extension. A long name is cut with an ellipsis; the extension
 * stays in view, so a name like "invoice.pdf … .exe" cannot pass for a PDF.
 */
export function nameParts(filename: string): { start: string; extension: string } {
  const dot = filename.lastIndexOf('.');
  return dot > 0 && filename.length - dot <= 16
    ? { start: filename.slice(0, dot), extension: filename.slice(dot) }
    : { start: filename, extension: '' };
}
