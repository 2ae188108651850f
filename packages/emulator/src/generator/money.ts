import type { Currency } from '../model.ts';

/**
 * Fixed exchange rates (BRL per unit) used to price international offers and to convert commissions to the
 * producer's payout currency. Fixed on purpose: the same seed must give the same amounts every run.
 *
 * @example
 * const reais = 10 * BRL_PER_UNIT.USD; // 51
 */
export const BRL_PER_UNIT: Readonly<Record<Currency, number>> = {
  BRL: 1,
  USD: 5.1,
  EUR: 5.5,
  MXN: 0.29,
  COP: 0.00127,
  ARS: 0.0055,
  CLP: 0.0054,
  PEN: 1.37,
};

/**
 * Rounds to cents, the precision of every amount Hotmart returns.
 *
 * @example
 * round2(10 / 3); // 3.33
 */
export const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Converts an amount between currencies with the fixed rates, rounded to cents.
 *
 * @example
 * convert(100, 'USD', 'BRL'); // 510
 */
export function convert(value: number, from: Currency, to: Currency): number {
  return round2((value * BRL_PER_UNIT[from]) / BRL_PER_UNIT[to]);
}

/**
 * The rate that turns an amount in `from` into `to`, as the commissions endpoint reports
 * `exchange_rate_currency_payout` (reference §4.1).
 *
 * @example
 * exchangeRate('USD', 'BRL'); // 5.1
 */
export function exchangeRate(from: Currency, to: Currency): number {
  return Number((BRL_PER_UNIT[from] / BRL_PER_UNIT[to]).toPrecision(12));
}

/**
 * A BRL price converted to `currency` and rounded the way sellers price: whole hundreds for pesos, `.90`
 * endings for the rest.
 *
 * @example
 * marketPrice(197, 'USD'); // 38.9
 */
export function marketPrice(brl: number, currency: Currency): number {
  const raw = brl / BRL_PER_UNIT[currency];
  if (currency === 'COP' || currency === 'CLP' || currency === 'ARS')
    return Math.max(100, Math.round(raw / 100) * 100);
  if (currency === 'MXN') return Math.max(9, Math.round(raw));
  return Math.max(0.9, Math.floor(raw) + 0.9);
}

/**
 * Hotmart's percentage fee and fixed fee per currency, as the sales history's `hotmart_fee` reports them.
 *
 * @example
 * const fee = (97 * HOTMART_FEE_PERCENT) / 100 + fixedFee('BRL');
 */
export const HOTMART_FEE_PERCENT = 9.9;

/**
 * The fixed part of Hotmart's fee in `currency`.
 *
 * @example
 * fixedFee('BRL'); // 1
 */
export function fixedFee(currency: Currency): number {
  return currency === 'BRL' ? 1 : convert(1, 'BRL', currency);
}
