/**
 * The document a mail's sanitised HTML is shown in (issue 12 point 3): an iframe's `srcdoc`, in a frame sandboxed
 * without allow-scripts, allow-same-origin, allow-popups or allow-top-navigation, under a CSP that lets nothing load
 * but data: images and inline styles (and, once the agent allows them for this message, remote images). The server
 * sanitised the HTML already (sanitize-html); this is the second wall, for whatever a sanitiser lets through.
 */
export interface FrameOptions {
  /** The agent clicked "Show remote images" for this message: data-remote-src becomes src, and the CSP allows them. */
  remoteImages: boolean;
  /** `cid:` Content-ID → the data: URL of the message's inline attachment. */
  inline: Record<string, string>;
  /** The frame's language (the agent's). */
  lang: string;
}

export function cspOf(remoteImages: boolean): string {
  return `default-src 'none'; img-src data:${remoteImages ? ' https: http:' : ''}; style-src 'unsafe-inline'; form-action 'none'`;
}

/** What may stay in the frame's body: no element that runs, loads, navigates or submits by itself. */
const REMOVED =
  'script, iframe, frame, frameset, object, embed, applet, base, meta, link, form, noscript, portal, template, video, audio, source, track';

/** The srcdoc for `html` (already sanitised), with the given images; DOMParser builds it, nothing of it runs here. */
export function mailSrcdoc(html: string, o: FrameOptions): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of [...doc.querySelectorAll(REMOVED)]) el.remove();
  for (const el of [...doc.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'formaction' || name === 'srcset' || name === 'ping' || name === 'http-equiv')
        el.removeAttribute(attr.name);
      else if (
        (name === 'href' || name === 'src' || name === 'action' || name === 'xlink:href') &&
        /^\s*(javascript|vbscript|data:text)/i.test(attr.value)
      )
        el.removeAttribute(attr.name);
    }
  }
  for (const img of [...doc.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    if (/^cid:/i.test(src)) {
      const found = o.inline[contentIdOf(src)];
      if (found) img.setAttribute('src', found);
      else img.removeAttribute('src');
    } else if (src && !/^data:image\//i.test(src)) {
      // A remote image the sanitiser left as src: held back like the others.
      img.setAttribute('data-remote-src', src);
      img.removeAttribute('src');
    }
    const remote = img.getAttribute('data-remote-src');
    if (remote && o.remoteImages && /^https?:\/\//i.test(remote)) img.setAttribute('src', remote);
  }
  // Links open nowhere: a new window is not allowed by the sandbox, and the frame's own page is not replaced.
  for (const a of [...doc.querySelectorAll('a[href]')]) {
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener noreferrer');
  }
  const style =
    'body{margin:8px;font-family:system-ui,sans-serif;font-size:14px;line-height:1.45;color:#1a1b1e;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}img:not([src]){outline:1px dashed #adb5bd;min-width:16px;min-height:16px}';
  return (
    '<!doctype html><html lang="' +
    escapeAttr(o.lang) +
    '"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="' +
    escapeAttr(cspOf(o.remoteImages)) +
    '"><meta name="referrer" content="no-referrer"><style>' +
    style +
    '</style></head><body>' +
    doc.body.innerHTML +
    '</body></html>'
  );
}

/** `cid:<id>` → the Content-ID as the EmailMeta's `cids` names it (URL-decoded, no <>). */
export function contentIdOf(src: string): string {
  let id = src.replace(/^cid:/i, '').trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // kept as written
  }
  return id.replace(/^<|>$/g, '');
}

/** The message's `cid:` references in `html`. */
export function contentIdsIn(html: string): string[] {
  return [...new Set([...html.matchAll(/src\s*=\s*["']?(cid:[^"'\s>]+)/gi)].map((m) => contentIdOf(m[1]!)))];
}

/**
 * The attachment a Content-ID names: by the EmailMeta's `cids` map, else by the Content-ID's part before `@` as a
 * filename (Outlook's `image001.png@01D9…`), else by the whole of it.
 */
export function attachmentForCid<A extends { filename: string }>(
  cid: string,
  cids: Record<string, string> | undefined,
  files: A[],
): A | undefined {
  const named = cids?.[cid];
  if (named) return files.find((f) => f.filename === named);
  const local = cid.split('@')[0]!;
  return files.find((f) => f.filename === cid) ?? files.find((f) => f.filename === local);
}

/** The header block of a raw message: everything before the first empty line. */
export function headerBlock(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return end === -1 ? raw : raw.slice(0, end);
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
