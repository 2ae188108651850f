import { isLocale, type Locale } from './locale.ts';

// Spanish is written differently in each country: `$1,500.00` in Mexico, `$ 1.500,00` in Argentina, `1500,00 €` in
// Spain. The buyer's currency is the best hint of the country they paid from, so the Spanish formatting follows the
// currency; currencies of no Spanish-speaking country (BRL, USD…) use Latin-American Spanish (`USD 1,500.00`), where
// `$` alone would be ambiguous.
const SPANISH_REGION_BY_CURRENCY: Readonly<Record<string, string>> = {
  MXN: 'es-MX',
  ARS: 'es-AR',
  COP: 'es-CO',
  CLP: 'es-CL',
  PEN: 'es-PE',
  UYU: 'es-UY',
  BOB: 'es-BO',
  PYG: 'es-PY',
  GTQ: 'es-GT',
  CRC: 'es-CR',
  DOP: 'es-DO',
  HNL: 'es-HN',
  NIO: 'es-NI',
  PAB: 'es-PA',
  VES: 'es-VE',
  EUR: 'es-ES',
};

const CURRENCY = /^[A-Za-z]{3}$/;

/**
 * The Intl locale tag used to format an amount of `currency` for a reader of `locale` (see the Spanish note above).
 *
 * @example
 * import { moneyFormatLocale } from './format-money.ts';
 * moneyFormatLocale('es', 'ARS'); // 'es-AR'
 * moneyFormatLocale('pt-BR', 'USD'); // 'pt-BR'
 */
export function moneyFormatLocale(locale: Locale, currency: string): string {
  if (locale !== 'es') return locale;
  return SPANISH_REGION_BY_CURRENCY[currency.toUpperCase()] ?? 'es-419';
}

/**
 * Formats an amount of money for a reader of `locale` with `Intl.NumberFormat` — never as a raw number. `value` is
 * in the currency's major unit, as Hotmart sends it (`1500` is one thousand five hundred reais, reference §3.1);
 * `currency` is an ISO 4217 code (case-insensitive). The digits after the decimal separator are the currency's own
 * (none for COP or CLP). Throws a `TypeError` for a non-finite value or a malformed currency code.
 *
 * @example
 * import { formatMoney } from './format-money.ts';
 * formatMoney(1500, 'BRL', 'pt-BR'); // 'R$ 1.500,00' (no-break space after R$)
 * formatMoney(1500, 'MXN', 'es'); // '$1,500.00' (as Intl writes it for es-MX)
 * formatMoney(10, 'USD', 'pt-BR'); // 'US$ 10,00'
 */
export function formatMoney(value: number, currency: string, locale: Locale): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`formatMoney: value must be a finite number, got ${String(value)}`);
  }
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    throw new TypeError(
      `formatMoney: currency must be a three-letter ISO 4217 code, got ${JSON.stringify(currency)}`,
    );
  }
  if (!isLocale(locale)) throw new TypeError(`formatMoney: unsupported locale ${JSON.stringify(locale)}`);
  const code = currency.toUpperCase();
  const key = `${locale}|${code}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(moneyFormatLocale(locale, code), { style: 'currency', currency: code });
    if (moneyFormatters.size >= MAX_FORMATTERS) moneyFormatters.clear();
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(value);
}

// Building an Intl formatter costs far more than using one; a process formats a handful of locale × currency pairs.
const MAX_FORMATTERS = 256;
const moneyFormatters = new Map<string, Intl.NumberFormat>();
