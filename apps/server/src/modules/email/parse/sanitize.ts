import sanitizeHtml from 'sanitize-html';

/**
 * A mail's HTML made safe to show to agents (issue 12 point 3): no script, no
 * event handler, no form, frame, object or style sheet, no javascript: or
 * data: URL; CSS only as a few harmless properties with plain values (no
 * url(), no position, so nothing can cover the page or load anything).
 * Images: `cid:` references stay (the UI points them at the mail's inline
 * attachments); remote images are disabled — their address moves to
 * `data-remote-src` until an agent allows them — as loading one tells the
 * sender when and where the mail was read.
 */
export function sanitizeMailHtml(html: string): { html: string; hasRemoteImages: boolean } {
  let hasRemoteImages = false;
  const clean = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'style'), 'img', 'font', 'center', 'del', 'ins'],
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'select', 'iframe', 'object'],
    allowedAttributes: {
      a: ['href', 'name', 'title', 'rel', 'target'],
      img: ['src', 'data-remote-src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'align', 'cellpadding', 'cellspacing', 'border'],
      font: ['color', 'size', 'face'],
      ol: ['start', 'type'],
      '*': ['style', 'dir', 'lang', 'align'],
    },
    allowedStyles: {
      '*': {
        color: [COLOR],
        'background-color': [COLOR],
        'text-align': [/^(left|right|center|justify)$/i],
        'font-weight': [/^(normal|bold|bolder|lighter|[1-9]00)$/i],
        'font-style': [/^(normal|italic|oblique)$/i],
        'text-decoration': [/^(none|underline|line-through|overline)$/i],
        'font-size': [/^\d{1,3}(\.\d{1,2})?(px|pt|em|rem|%)$/i],
        'font-family': [/^[\w\s,'"-]{1,100}$/],
        'white-space': [/^(normal|pre|pre-wrap|pre-line|nowrap)$/i],
      },
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    // http(s) on img only reaches data-remote-src: the transform below takes it out of src.
    allowedSchemesByTag: { img: ['cid', 'http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'data-remote-src'],
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const { src, srcset: _srcset, 'data-remote-src': _forged, ...rest } = attribs;
        const url = (src ?? '').trim();
        if (/^https?:\/\//i.test(url)) {
          hasRemoteImages = true;
          return { tagName, attribs: { ...rest, 'data-remote-src': url } };
        }
        if (/^cid:/i.test(url)) return { tagName, attribs: { ...rest, src: url } };
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: clean, hasRemoteImages };
}

const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\(\s*[\d.%\s,]+\))$/i;

const VOID_OR_IMPLIED = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'td',
  'th',
  'tr',
  'option',
  'dt',
  'dd',
]);

/**
 * How deep the HTML's elements nest, roughly (tags a parser closes by itself are not counted), in one linear pass.
 * sanitize-html takes time with the product of depth and size: HTML nested thousands deep is no layout but an attack,
 * and is not sanitised at all (MAX_HTML_DEPTH).
 */
export function htmlDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(\/?)>/g)) {
    const name = match[2]!.toLowerCase();
    if (match[1]) depth = Math.max(0, depth - 1);
    else if (!match[3] && !VOID_OR_IMPLIED.has(name)) deepest = Math.max(deepest, (depth += 1));
  }
  return deepest;
}

export const MAX_HTML_DEPTH = 200;
