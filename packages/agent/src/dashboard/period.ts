import { html, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';

const PERIODS = [7, 30, 90] as const;

/**
 * The period links every "over the last N days" page offers, the current one marked.
 *
 * @example
 * import { periodLinks } from './period.ts';
 * periodLinks(page, '/cart-recovery', 30);
 */
export function periodLinks(page: PageContext, path: string, current: number): SafeHtml {
  return html`<nav class="periods" aria-label="${page.t('periodLabel')}">${PERIODS.map(
    (days) =>
      html`<a href="${path}?days=${days}"${days === current ? html` aria-current="true"` : ''}>${page.t('lastDays', { days })}</a>`,
  )}</nav>`;
}

/**
 * The chosen period in days (`?days=7|30|90`, default 30).
 *
 * @example
 * import { periodDays } from './period.ts';
 * periodDays('90'); // 90
 * periodDays('1000'); // 30
 */
export function periodDays(value: string | undefined): number {
  return PERIODS.find((days) => String(days) === value) ?? 30;
}
