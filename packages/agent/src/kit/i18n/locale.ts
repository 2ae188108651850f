/**
 * The languages hotpilot writes to buyers and sellers in. Hotmart sells mostly in Brazil and Spanish-speaking Latin
 * America, so every text a person reads ships in Brazilian Portuguese, Spanish and English.
 *
 * @example
 * import type { Locale } from './locale.ts';
 * const greeting: Record<Locale, string> = { 'pt-BR': 'Olá', es: 'Hola', en: 'Hello' };
 */
export type Locale = 'pt-BR' | 'es' | 'en';

/**
 * Every supported locale, in the order texts are shown when all three appear together.
 *
 * @example
 * import { LOCALES } from './locale.ts';
 * for (const locale of LOCALES) console.log(locale); // pt-BR, es, en
 */
export const LOCALES: readonly Locale[] = Object.freeze(['pt-BR', 'es', 'en'] as const);

/**
 * The locale used when nothing better is known (a buyer outside the Portuguese- and Spanish-speaking world).
 *
 * @example
 * import { DEFAULT_LOCALE } from './locale.ts';
 * const locale = DEFAULT_LOCALE; // 'en'
 */
export const DEFAULT_LOCALE: Locale = 'en';

/**
 * True when `value` is exactly one of the supported locale tags.
 *
 * @example
 * import { isLocale } from './locale.ts';
 * isLocale('pt-BR'); // true
 * isLocale('pt_BR'); // false — use resolveLocale for loose input
 */
export function isLocale(value: unknown): value is Locale {
  return value === 'pt-BR' || value === 'es' || value === 'en';
}

// Countries whose buyers read Portuguese or Spanish best. Portugal and the African Portuguese-speaking countries get
// Brazilian Portuguese: closer to them than English.
const PORTUGUESE_COUNTRIES = new Set(['BR', 'PT', 'AO', 'MZ', 'CV', 'GW', 'ST', 'TL']);
const SPANISH_COUNTRIES = new Set([
  'AR',
  'BO',
  'CL',
  'CO',
  'CR',
  'CU',
  'DO',
  'EC',
  'ES',
  'GQ',
  'GT',
  'HN',
  'MX',
  'NI',
  'PA',
  'PE',
  'PR',
  'PY',
  'SV',
  'UY',
  'VE',
]);

/**
 * What {@link resolveLocale} reads: a locale or language tag, a country ISO code, or both (the locale wins).
 *
 * @example
 * import type { LocaleHint } from './locale.ts';
 * const hint: LocaleHint = { locale: 'FR', country: 'BR' };
 */
export type LocaleHint =
  | string
  | null
  | undefined
  | { locale?: string | null | undefined; country?: string | null | undefined };

/**
 * Maps whatever describes a person's language to a supported {@link Locale}: POSIX and BCP 47 tags (`pt_BR`, `pt`,
 * `es_MX`, `es-419`, `en_US`), Hotmart's `locale` strings (`pt_BR`, and bare upper-case codes such as `FR` in
 * `sales/users`), or a buyer's country ISO code (`BR` → pt-BR; `MX`, `CO`, `AR`, `ES`… → es; anything else → en).
 * A language tag is read first; a bare two-letter code that is not pt/es/en is read as a country. A language we
 * don't ship (`fr_CA`) falls back to its region when that region speaks Portuguese or Spanish (`ca_ES` → es),
 * otherwise to `fallback`.
 *
 * @example
 * import { resolveLocale } from './locale.ts';
 * resolveLocale('pt_BR'); // 'pt-BR'
 * resolveLocale('es-419'); // 'es'
 * resolveLocale('MX'); // 'es'
 * resolveLocale({ locale: null, country: 'BR' }); // 'pt-BR'
 * resolveLocale('FR'); // 'en'
 */
export function resolveLocale(input: LocaleHint, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (input !== null && typeof input === 'object') {
    return fromTag(input.locale) ?? fromTag(input.country) ?? fallback;
  }
  return fromTag(input) ?? fallback;
}

function fromTag(raw: unknown): Locale | null {
  if (typeof raw !== 'string') return null;
  const parts = raw.trim().replaceAll('_', '-').split('-').filter(Boolean);
  const first = parts[0];
  if (first === undefined || !/^[a-z]{2,3}$/i.test(first)) return null;
  const language = languageLocale(first);
  if (language) return language;
  // `FR_CA`, `ca-ES`: a language we don't ship; its region may still tell us Spanish or Portuguese.
  const region = parts.slice(1).find((part) => /^[a-z]{2}$/i.test(part));
  if (region) return countryLocale(region);
  // A bare code that is not one of our languages: Hotmart puts country ISO codes here (checkout_country.iso).
  return parts.length === 1 && first.length === 2 ? countryLocale(first) : null;
}

function languageLocale(code: string): Locale | null {
  switch (code.toLowerCase()) {
    case 'pt':
    case 'por':
      return 'pt-BR';
    case 'es':
    case 'spa':
      return 'es';
    case 'en':
    case 'eng':
      return 'en';
    default:
      return null;
  }
}

function countryLocale(code: string): Locale | null {
  const upper = code.toUpperCase();
  if (PORTUGUESE_COUNTRIES.has(upper)) return 'pt-BR';
  if (SPANISH_COUNTRIES.has(upper)) return 'es';
  return null;
}
