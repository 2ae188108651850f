import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { getAgentSettings } from '../agents/settings.ts';
import { formatDate, formatDateTime } from '../kit/i18n/format-date.ts';
import { formatMoney, moneyFormatLocale } from '../kit/i18n/format-money.ts';
import { DEFAULT_LOCALE, type Locale } from '../kit/i18n/locale.ts';
import type { MessageParams } from '../kit/i18n/messages.ts';
import { issueCsrfToken } from '../server/auth/csrf-token.ts';
import { type AuthEnv, actorOf, type Principal } from '../server/auth/principal.ts';
import { knownLocale, localeFromAcceptLanguage } from '../server/auth/request-locale.ts';
import { roleAtLeast, type UserRecord, type UserRole } from '../store/access/user-record.ts';
import type { ResolvedDashboardDeps } from './dashboard-deps.ts';
import { type DashboardMessageKey, dashboardMessages } from './dashboard-messages.ts';

/**
 * The cookie that keeps the language picked with the dashboard's language switcher.
 *
 * @example
 * import { LANGUAGE_COOKIE } from './page-context.ts';
 * console.log(LANGUAGE_COOKIE); // 'hp_lang'
 */
export const LANGUAGE_COOKIE = 'hp_lang';

const FALLBACK_TIME_ZONE = 'America/Sao_Paulo';

/**
 * Everything a page needs to render for the person asking: their language, the seller's time zone, a fresh CSRF
 * token for its forms, and formatters for money, dates, numbers and durations in that language (kit/i18n: money
 * and dates are never shown raw).
 *
 * @example
 * import type { PageContext } from './page-context.ts';
 * const price = (page: PageContext) => page.money(1500, 'BRL'); // 'R$ 1.500,00' in pt-BR
 */
export interface PageContext {
  readonly locale: Locale;
  readonly timeZone: string;
  readonly user: UserRecord;
  readonly principal: Principal;
  /** The audit-log actor of the signed-in person (`user:<id>`). */
  readonly actor: string;
  /** A CSRF token for this page's forms (masked afresh for every page). */
  readonly csrf: string;
  /** The URL asked for. */
  readonly url: URL;
  t(key: DashboardMessageKey, params?: MessageParams): string;
  /** An amount in a currency, for this reader; an unknown currency code falls back to number + code. */
  money(value: number, currency: string): string;
  /** The Intl locale money of `currency` is written in (charts format their axes the same way). */
  moneyLocale(currency: string): string;
  dateTime(at: number): string;
  date(at: number): string;
  number(value: number, fractionDigits?: number): string;
  /** A duration in milliseconds, with a unit (`850 ms`, `1.2 s`, `3.5 min`). */
  duration(ms: number): string;
  /** True when the person's role is `minimum` or more powerful. */
  can(minimum: UserRole): boolean;
}

/**
 * The reader's language: `?lang=` when it names a supported locale, then the switcher's cookie, the user's own
 * locale, the browser's `Accept-Language`, and English.
 *
 * @example
 * import { dashboardLocale } from './page-context.ts';
 * const locale = dashboardLocale(c, user.locale); // 'es'
 */
export function dashboardLocale(c: Context, userLocale: Locale | null): Locale {
  return (
    knownLocale(c.req.query('lang')) ??
    knownLocale(getCookie(c, LANGUAGE_COOKIE)) ??
    userLocale ??
    localeFromAcceptLanguage(c.req.header('accept-language')) ??
    DEFAULT_LOCALE
  );
}

/**
 * The seller's time zone: the one configured for the dashboard, else the agent settings' (a damaged settings
 * document must not take the dashboard down, so it falls back to São Paulo, the settings' own default).
 *
 * @example
 * import { sellerTimeZone } from './page-context.ts';
 * const zone = await sellerTimeZone(deps); // 'America/Sao_Paulo'
 */
export async function sellerTimeZone(deps: ResolvedDashboardDeps): Promise<string> {
  if (deps.timeZone) return deps.timeZone;
  try {
    return (await getAgentSettings(deps.store)).timeZone;
  } catch {
    return FALLBACK_TIME_ZONE;
  }
}

/**
 * Builds the {@link PageContext} of a signed-in request (after `requireSession`).
 *
 * @example
 * import { createPageContext } from './page-context.ts';
 * const page = await createPageContext(c, deps);
 * page.t('navOverview'); // 'Visão geral'
 */
export async function createPageContext(
  c: Context<AuthEnv>,
  deps: ResolvedDashboardDeps,
): Promise<PageContext> {
  const principal = c.get('principal');
  if (principal.kind !== 'session') throw new TypeError('dashboard pages need a session principal');
  const locale = dashboardLocale(c, principal.user.locale);
  const timeZone = await sellerTimeZone(deps);
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let format = numbers.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
      numbers.set(digits, format);
    }
    return format;
  };
  const unit = (value: number, name: 'millisecond' | 'second' | 'minute' | 'hour', digits: number) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, maximumFractionDigits: digits }).format(value);

  return {
    locale,
    timeZone,
    user: principal.user,
    principal,
    actor: actorOf(principal),
    csrf: issueCsrfToken(principal.session.csrfSecret),
    url: new URL(c.req.url),
    t: (key, params) => dashboardMessages.t(locale, key, params),
    money(value, currency) {
      try {
        return formatMoney(value, currency, locale);
      } catch {
        // A payload can carry anything as its currency; show it, but never guess a symbol.
        return `${numberFormat(2).format(value)} ${String(currency).slice(0, 10)}`;
      }
    },
    moneyLocale: (currency) => moneyFormatLocale(locale, currency),
    dateTime: (at) => formatDateTime(at, locale, timeZone, 'medium'),
    date: (at) => formatDate(at, locale, timeZone, 'medium'),
    number: (value, digits = 0) => numberFormat(digits).format(value),
    duration(ms) {
      if (ms < 1000) return unit(Math.round(ms), 'millisecond', 0);
      if (ms < 60_000) return unit(ms / 1000, 'second', 1);
      if (ms < 3_600_000) return unit(ms / 60_000, 'minute', 1);
      return unit(ms / 3_600_000, 'hour', 1);
    },
    can: (minimum) => roleAtLeast(principal.user.role, minimum),
  };
}
