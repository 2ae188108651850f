import type { Locale } from '../kit/i18n/locale.ts';
import { escapeHtml } from './auth/escape-html.ts';

/**
 * Headers every self-contained HTML page of the server shares (the sign-in and buyer pages): never cached, never
 * framed, no content sniffing, and a content security policy that loads nothing from anywhere, runs no script and
 * lets forms post only back to this origin. Each page family adds its own `referrer-policy`.
 *
 * @example
 * import { SELF_CONTAINED_PAGE_HEADERS } from './html-page.ts';
 * const headers = { ...SELF_CONTAINED_PAGE_HEADERS, 'referrer-policy': 'same-origin' };
 */
export const SELF_CONTAINED_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
});

/**
 * A self-contained page: its language, title (plain text), inline CSS, extra `<meta name content>` pairs in
 * order (robots, referrer…) and body HTML (already escaped by the caller).
 *
 * @example
 * import type { HtmlPage } from './html-page.ts';
 * const page: HtmlPage = { locale: 'en', title: 'Thanks', style: 'p{margin:0}', meta: { robots: 'noindex' }, body: '<p>Done</p>' };
 */
export interface HtmlPage {
  locale: Locale;
  title: string;
  style: string;
  meta: Readonly<Record<string, string>>;
  body: string;
}

/**
 * The HTML document around a page's body, inside `<main>`: charset, viewport, the page's meta tags, its title and
 * inline style. The locale, title and meta values are escaped; the body and style are written as given.
 *
 * @example
 * import { renderHtmlPage } from './html-page.ts';
 * const html = renderHtmlPage({
 *   locale: 'es', title: 'Gracias', style: '', meta: { robots: 'noindex' }, body: '<p>Listo</p>',
 * });
 * html.startsWith('<!doctype html>'); // true
 */
export function renderHtmlPage(page: HtmlPage): string {
  const meta = Object.entries(page.meta)
    .map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">\n`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(page.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${meta}<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
<main>
${page.body}
</main>
</body>
</html>
`;
}
