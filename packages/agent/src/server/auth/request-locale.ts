import type { Context } from 'hono';
import { DEFAULT_LOCALE, type Locale, resolveLocale } from '../../kit/i18n/locale.ts';

/**
 * The supported locale a language tag names, or null when it names none. `resolveLocale` always answers (with its
 * fallback); asking it with two different fallbacks tells "the tag named this locale" from "the fallback was used".
 *
 * @example
 * import { knownLocale } from './request-locale.ts';
 * knownLocale('es-MX'); // 'es'
 * knownLocale('fr'); // null
 */
export function knownLocale(tag: string | null | undefined): Locale | null {
  if (typeof tag !== 'string' || tag.trim() === '' || tag.length > 35) return null;
  const first = resolveLocale(tag, 'en');
  return first === resolveLocale(tag, 'es') ? first : null;
}

/**
 * The first supported locale of an `Accept-Language` header, by quality (`q`), or null.
 *
 * @example
 * import { localeFromAcceptLanguage } from './request-locale.ts';
 * localeFromAcceptLanguage('fr-CA, es;q=0.8, en;q=0.5'); // 'es'
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (typeof header !== 'string' || header.length > 1000) return null;
  const ranked = header
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';');
      const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const entry of ranked) {
    const locale = knownLocale(entry.tag);
    if (locale) return locale;
  }
  return null;
}

/**
 * The locale of a page: `?lang=` when it names a supported locale (the person picked it), else the signed-in
 * user's, else the browser's `Accept-Language`, else English.
 *
 * @example
 * import { requestLocale } from './request-locale.ts';
 * const locale = requestLocale(c, user?.locale); // 'pt-BR'
 */
export function requestLocale(c: Context, userLocale?: Locale | null): Locale {
  return (
    knownLocale(c.req.query('lang')) ??
    userLocale ??
    localeFromAcceptLanguage(c.req.header('accept-language')) ??
    DEFAULT_LOCALE
  );
}
