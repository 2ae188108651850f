import { describe, expect, it } from 'vitest';
import { PAGE_HEADERS } from '../../src/server/auth/auth-pages.ts';
import { BUYER_PAGE_HEADERS } from '../../src/server/buyer-pages.ts';
import { renderHtmlPage, SELF_CONTAINED_PAGE_HEADERS } from '../../src/server/html-page.ts';

describe('renderHtmlPage', () => {
  it('writes the document around the body, escaping the locale, title and meta values', () => {
    const html = renderHtmlPage({
      locale: 'pt-BR',
      title: 'Ana & "Bia" <b>',
      style: 'p{margin:0}',
      meta: { robots: 'noindex, nofollow', referrer: 'no-referrer' },
      body: '<p>Olá</p>',
    });
    expect(html).toBe(`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>Ana &amp; &quot;Bia&quot; &lt;b&gt;</title>
<style>p{margin:0}</style>
</head>
<body>
<main>
<p>Olá</p>
</main>
</body>
</html>
`);
    expect(
      renderHtmlPage({ locale: 'en', title: 't', style: '', meta: { robots: '"x' }, body: '' }),
    ).toContain('<meta name="robots" content="&quot;x">\n<title>t</title>');
  });

  it('gives the sign-in and buyer pages the same policy, each with its own referrer policy', () => {
    const csp =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    expect(SELF_CONTAINED_PAGE_HEADERS['content-security-policy']).toBe(csp);
    expect(PAGE_HEADERS).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'content-security-policy': csp,
    });
    expect(BUYER_PAGE_HEADERS).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'x-robots-tag': 'noindex, nofollow',
      'content-security-policy': csp,
    });
    expect(Object.isFrozen(PAGE_HEADERS) && Object.isFrozen(BUYER_PAGE_HEADERS)).toBe(true);
  });
});
