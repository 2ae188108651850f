import { LOCALES, type Locale } from '../../kit/i18n/locale.ts';
import { renderHtmlPage, SELF_CONTAINED_PAGE_HEADERS } from '../html-page.ts';
import { authMessages } from './auth-messages.ts';
import { CSRF_FIELD } from './csrf-token.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * Headers of every page the auth routes render: no caching (a sign-in page holds a CSRF token), no framing
 * (clickjacking of the sign-in form), nothing loaded from anywhere (the pages are self-contained), forms posting
 * only back to this origin.
 *
 * @example
 * import { PAGE_HEADERS } from './auth-pages.ts';
 * const response = new Response('<!doctype html>…', { headers: { ...PAGE_HEADERS } });
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...SELF_CONTAINED_PAGE_HEADERS,
  'referrer-policy': 'same-origin',
});

const META = { robots: 'noindex' } as const;

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  'pt-BR': 'Português (Brasil)',
  es: 'Español',
  en: 'English',
};

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;
    font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#1d2330}
  main{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:#fff;border-radius:12px;
    box-shadow:0 2px 12px rgba(0,0,0,.08)}
  h1{font-size:1.4rem;margin:0 0 .25rem}
  p.intro{margin:0 0 1.25rem;color:#566}
  label{display:block;font-weight:600;margin:.75rem 0 .25rem}
  input[type=email],input[type=password]{width:100%;padding:.6rem .7rem;border:1px solid #c5cad3;border-radius:8px;
    font:inherit}
  button{margin-top:1.25rem;width:100%;padding:.7rem;border:0;border-radius:8px;background:#f04e23;color:#fff;
    font:inherit;font-weight:600;cursor:pointer}
  .notice{padding:.6rem .8rem;border-radius:8px;margin-bottom:1rem}
  .notice.error{background:#fdecea;color:#8a1c0b}
  .notice.info{background:#e8f3ec;color:#17502c}
  nav{margin-top:1.5rem;font-size:.85rem;color:#566}
  nav a{color:#1d5fbf;margin-right:.6rem}
`;

/**
 * What the sign-in page shows.
 *
 * @example
 * import type { LoginPageView } from './auth-pages.ts';
 * const view: LoginPageView = { locale: 'es', next: '/runs', csrf: 'token', notice: { kind: 'error', text: '…' } };
 */
export interface LoginPageView {
  locale: Locale;
  /** Where to go after signing in (already checked to be a local path). */
  next: string;
  /** The login form's CSRF token (also in the `hp_login_csrf` cookie). */
  csrf: string;
  /** The e-mail typed before, kept after a failed attempt. */
  email?: string;
  notice?: { kind: 'error' | 'info'; text: string };
}

/**
 * The sign-in page in the reader's language: e-mail, password, the hidden `next` and CSRF fields, and links to the
 * other two languages. Every interpolated value is HTML-escaped.
 *
 * @example
 * import { renderLoginPage } from './auth-pages.ts';
 * const html = renderLoginPage({ locale: 'pt-BR', next: '/', csrf: 'abc' });
 */
export function renderLoginPage(view: LoginPageView): string {
  const t = (key: Parameters<typeof authMessages.t>[1]) => escapeHtml(authMessages.t(view.locale, key));
  const notice = view.notice
    ? `<p class="notice ${view.notice.kind}" role="${view.notice.kind === 'error' ? 'alert' : 'status'}">${escapeHtml(view.notice.text)}</p>`
    : '';
  const languages = LOCALES.filter((locale) => locale !== view.locale)
    .map((locale) => {
      const query = new URLSearchParams({ lang: locale, next: view.next }).toString();
      return `<a href="/login?${escapeHtml(query)}" hreflang="${locale}" lang="${locale}">${escapeHtml(LANGUAGE_NAMES[locale])}</a>`;
    })
    .join('');
  return page(
    view.locale,
    authMessages.t(view.locale, 'pageTitle'),
    `<h1>${t('heading')}</h1>
    <p class="intro">${t('intro')}</p>
    ${notice}
    <form method="post" action="/login">
      <input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(view.csrf)}">
      <input type="hidden" name="next" value="${escapeHtml(view.next)}">
      <input type="hidden" name="lang" value="${escapeHtml(view.locale)}">
      <label for="email">${t('emailLabel')}</label>
      <input id="email" name="email" type="email" autocomplete="username" required maxlength="254"
        value="${escapeHtml(view.email ?? '')}"${view.email ? '' : ' autofocus'}>
      <label for="password">${t('passwordLabel')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required
        maxlength="1024"${view.email ? ' autofocus' : ''}>
      <button type="submit">${t('submit')}</button>
    </form>
    <nav aria-label="${t('languageLabel')}">${t('languageLabel')}: ${languages}</nav>`,
  );
}

/**
 * A short page explaining why a signed-in request was refused (CSRF check failed, role too low), with a link back.
 *
 * @example
 * import { renderAccessErrorPage } from './auth-pages.ts';
 * const html = renderAccessErrorPage('en', 'forbidden');
 */
export function renderAccessErrorPage(locale: Locale, reason: 'csrfFailed' | 'forbidden'): string {
  return page(
    locale,
    authMessages.t(locale, 'errorTitle'),
    `<h1>${escapeHtml(authMessages.t(locale, 'errorTitle'))}</h1>
    <p class="notice error" role="alert">${escapeHtml(authMessages.t(locale, reason))}</p>
    <nav><a href="/login?lang=${escapeHtml(encodeURIComponent(locale))}">${escapeHtml(authMessages.t(locale, 'backToSignIn'))}</a></nav>`,
  );
}

function page(locale: Locale, title: string, body: string): string {
  return renderHtmlPage({ locale, title, style: STYLE, meta: META, body });
}
