import { LOCALES, type Locale } from '../kit/i18n/locale.ts';
import { CSRF_FIELD } from '../server/auth/csrf-token.ts';
import type { DashboardMessageKey } from './dashboard-messages.ts';
import { dashboardMessages } from './dashboard-messages.ts';
import { type HtmlValue, html, joinHtml, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';

/**
 * The sections of the dashboard, in menu order.
 *
 * @example
 * import { NAV_SECTIONS } from './page-layout.ts';
 * NAV_SECTIONS[0]?.path; // '/'
 */
export const NAV_SECTIONS = Object.freeze([
  { id: 'overview', path: '/', label: 'navOverview' },
  { id: 'events', path: '/events', label: 'navEvents' },
  { id: 'runs', path: '/runs', label: 'navRuns' },
  { id: 'quarantine', path: '/quarantine', label: 'navQuarantine' },
  { id: 'cart-recovery', path: '/cart-recovery', label: 'navCartRecovery' },
  { id: 'subscriptions', path: '/subscriptions', label: 'navSubscriptions' },
  { id: 'agents', path: '/agents', label: 'navAgents' },
  { id: 'time-saved', path: '/time-saved', label: 'navTimeSaved' },
  { id: 'connections', path: '/connections', label: 'navConnections' },
  { id: 'approvals', path: '/approvals', label: 'navApprovals' },
  { id: 'audit', path: '/audit', label: 'navAudit' },
] as const satisfies readonly { id: string; path: string; label: DashboardMessageKey }[]);

/**
 * One section id of {@link NAV_SECTIONS}.
 *
 * @example
 * import type { NavSection } from './page-layout.ts';
 * const active: NavSection = 'runs';
 */
export type NavSection = (typeof NAV_SECTIONS)[number]['id'];

/**
 * What a page puts inside the shared layout.
 *
 * @example
 * import { html } from './html.ts';
 * import type { PageView } from './page-layout.ts';
 * const view: PageView = { title: 'Runs', section: 'runs', body: html`<p>…</p>` };
 */
export interface PageView {
  title: string;
  section: NavSection;
  body: SafeHtml;
  /** Load uPlot (pages with charts). */
  charts?: boolean;
  /** A message shown above the body (e.g. the outcome of a form). */
  notice?: { kind: 'info' | 'error'; text: string } | null;
}

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = {
  'pt-BR': 'Português',
  es: 'Español',
  en: 'English',
};

/**
 * The notice a redirect asked for with `?notice=<name>` (only names of the catalogue's `notice_*` messages are
 * shown, so a crafted link can't put arbitrary text on the page).
 *
 * @example
 * import { noticeFromQuery } from './page-layout.ts';
 * const notice = noticeFromQuery(page); // { kind: 'info', text: 'Run queued again.' } for ?notice=runReplayed
 */
export function noticeFromQuery(page: PageContext): PageView['notice'] {
  const name = page.url.searchParams.get('notice');
  if (!name || !/^[A-Za-z]{1,40}$/.test(name)) return null;
  const key = `notice_${name}`;
  if (!dashboardMessages.has(key)) return null;
  const kind = page.url.searchParams.get('kind') === 'error' ? 'error' : 'info';
  return { kind, text: page.t(key) };
}

/**
 * The hidden CSRF field every dashboard form carries.
 *
 * @example
 * import { csrfField } from './page-layout.ts';
 * const field = csrfField(page); // <input type="hidden" name="_csrf" value="…">
 */
export function csrfField(page: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${page.csrf}">`;
}

/**
 * A one-button POST form (replay, cancel, approve…), with the CSRF token and an optional confirmation question
 * the client script asks first.
 *
 * @example
 * import { actionButton } from './page-layout.ts';
 * actionButton(page, '/runs/r1/cancel', 'Cancel', { confirm: 'Cancel this run?', danger: true });
 */
export function actionButton(
  page: PageContext,
  action: string,
  label: string,
  options: { confirm?: string; danger?: boolean; fields?: Record<string, string>; testId?: string } = {},
): SafeHtml {
  const fields = Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form class="inline" method="post" action="${action}"${
    options.confirm ? html` data-confirm="${options.confirm}"` : ''
  }>${csrfField(page)}${fields}<button type="submit"${options.danger ? html` class="danger"` : ''}${
    options.testId ? html` data-testid="${options.testId}"` : ''
  }>${label}</button></form>`;
}

/**
 * "Newer" / "older" links of a keyset-paginated table: the first page, and the next one after `next` (the query
 * keeps its filters).
 *
 * @example
 * import { pager } from './page-layout.ts';
 * pager(page, 'eyJ0IjoxfQ'); // links to ?cursor=eyJ0IjoxfQ and back to the first page
 */
export function pager(page: PageContext, next: string | null, parameter = 'cursor'): SafeHtml {
  const first = new URL(page.url);
  first.searchParams.delete(parameter);
  first.searchParams.delete('notice');
  const links: SafeHtml[] = [];
  if (page.url.searchParams.has(parameter)) {
    links.push(html`<a href="${first.pathname}${first.search}">${page.t('pagerNewest')}</a>`);
  }
  if (next !== null) {
    const older = new URL(first);
    older.searchParams.set(parameter, next);
    links.push(html`<a rel="next" href="${older.pathname}${older.search}">${page.t('pagerOlder')}</a>`);
  }
  return links.length === 0 ? html`` : html`<nav class="pager">${joinHtml(links, ' · ')}</nav>`;
}

/**
 * A table with a header row, or a short "nothing here" line when there are no rows.
 *
 * @example
 * import { html } from './html.ts';
 * import { table } from './page-layout.ts';
 * table(page, ['Name', 'When'], [html`<tr><td>x</td><td>y</td></tr>`]);
 */
export function table(
  page: PageContext,
  headers: readonly string[],
  rows: readonly HtmlValue[],
  options: { id?: string; empty?: string } = {},
): SafeHtml {
  if (rows.length === 0) return html`<p class="empty">${options.empty ?? page.t('emptyTable')}</p>`;
  return html`<div class="table-wrap"><table${options.id ? html` id="${options.id}"` : ''}>
<thead><tr>${headers.map((header) => html`<th scope="col">${header}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/**
 * The whole HTML document of a dashboard page: menu, language switcher, sign-out, notice and body. Every value
 * in it is escaped by {@link html}.
 *
 * @example
 * import { html } from './html.ts';
 * import { renderPage } from './page-layout.ts';
 * const document = renderPage(page, { title: 'Runs', section: 'runs', body: html`<p>…</p>` });
 */
export function renderPage(page: PageContext, view: PageView): string {
  const notice = view.notice === undefined ? noticeFromQuery(page) : view.notice;
  const back = `${page.url.pathname}${page.url.search}`;
  const menu = NAV_SECTIONS.map(
    (section) =>
      html`<a href="${section.path}"${section.id === view.section ? html` aria-current="page"` : ''}>${page.t(section.label)}</a>`,
  );
  const languages = LOCALES.map(
    (locale) =>
      html`<button type="submit" name="lang" value="${locale}" lang="${locale}"${
        locale === page.locale ? html` aria-pressed="true"` : ''
      }>${LANGUAGE_NAMES[locale]}</button>`,
  );
  const charts = view.charts
    ? html`<link rel="stylesheet" href="/assets/uPlot.min.css"><script src="/assets/uPlot.iife.min.js" defer></script>`
    : '';
  return `<!doctype html>\n${html`<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${view.title} · hotpilot</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
${charts}
<script src="/assets/dashboard.js" defer></script>
</head>
<body data-locale="${page.locale}" data-time-zone="${page.timeZone}">
<header class="top">
<a class="brand" href="/">hotpilot</a>
<nav class="menu" aria-label="${page.t('menuLabel')}">${menu}</nav>
<div class="who">
<span class="user">${page.user.name} · ${page.t(`role_${page.user.role}`)}</span>
<form class="inline languages" method="post" action="/language" aria-label="${page.t('languageLabel')}">${csrfField(page)}<input type="hidden" name="next" value="${back}">${languages}</form>
<form class="inline" method="post" action="/logout">${csrfField(page)}<button type="submit">${page.t('signOut')}</button></form>
</div>
</header>
<main>
<h1>${view.title}</h1>
${notice ? html`<p class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</p>` : ''}
${view.body}
</main>
</body>
</html>
`}`;
}
