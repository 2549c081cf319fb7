import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';

/**
 * Colours for swagger-ui's own, which fail WCAG AA contrast (white on its green POST badge is 1.9:1, its grey
 * version badge 3.9:1): each method badge, the version badges, links and the Authorize button darkened to at
 * least 4.5:1 (issue 10 point 10).
 */
const ACCESSIBLE_CSS = `
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1b5fa8; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #16794a; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #9a5200; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b42318; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #0b7262; }
.swagger-ui .opblock.opblock-head .opblock-summary-method { background: #7a3fb5; }
.swagger-ui .opblock.opblock-options .opblock-summary-method { background: #1d5c8c; }
.swagger-ui .info .title small { background: #4a5160; }
.swagger-ui .info .title small.version-stamp { background: #3d5a00; }
.swagger-ui .info .title small pre { color: #ffffff; }
.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui .info .link { color: #1b5fa8; }
.swagger-ui .btn.authorize { color: #16794a; border-color: #16794a; }
.swagger-ui .btn.authorize svg { fill: #16794a; }
.swagger-ui .opblock-tag small, .swagger-ui .opblock .opblock-summary-description { color: #3b4151; }
/* Where a parameter goes ("(header)", "(query)"): swagger's grey on an operation's tint was 3.5:1. */
.swagger-ui .parameter__in, .swagger-ui .parameter__extension, .swagger-ui .parameter__deprecated { color: #4a5160; }
/* Examples wrap instead of scrolling sideways: a scrolling box no keyboard can reach (axe: scrollable-region-focusable). */
.swagger-ui .example, .swagger-ui pre.microlight { white-space: pre-wrap !important; overflow-wrap: anywhere; overflow: visible !important; max-height: none !important; }
`;

/**
 * The API docs at /api/docs: swagger-ui without its top bar (a logo image without text, an unlabelled URL field and a
 * nameless dark-mode button — three of its four critical axe violations) and without deep links, whose anchors
 * inside each operation's expand button made nested interactive controls.
 */
export const apiDocsOptions: FastifySwaggerUiOptions = {
  routePrefix: '/api/docs',
  uiConfig: { layout: 'BaseLayout', deepLinking: false },
  theme: { title: 'Centrala API', css: [{ filename: 'accessible.css', content: ACCESSIBLE_CSS }] },
};
