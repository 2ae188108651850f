/**
 * Days between charges for each plan periodicity (reference §5.2: `recurrency_period` is 7, 30, 60, 90, 180 or 360).
 * The plans endpoint names the periodicity only (reference §4.3).
 *
 * @example
 * import { RECURRENCY_DAYS_BY_PERIODICITY } from './monthly-amount.ts';
 * RECURRENCY_DAYS_BY_PERIODICITY.QUARTERLY; // 90
 */
export const RECURRENCY_DAYS_BY_PERIODICITY: Readonly<Record<string, number>> = Object.freeze({
  WEEKLY: 7,
  MONTHLY: 30,
  BIMONTHLY: 60,
  QUARTERLY: 90,
  BIANNUAL: 180,
  SEMIANNUAL: 180,
  ANNUAL: 360,
  YEARLY: 360,
});

/**
 * A recurring price as monthly revenue: Hotmart months are 30 days, so the price is scaled by 30 / days between
 * charges (7 → ×30/7, 30 → ×1, 90 → ÷3, 180 → ÷6, 360 → ÷12), rounded to cents. Null when the price or the period
 * is unknown or not positive: no MRR is guessed.
 *
 * @example
 * import { monthlyAmount } from './monthly-amount.ts';
 * monthlyAmount(360, 360); // 30
 * monthlyAmount(70, 7); // 300
 * monthlyAmount(99, null); // null
 */
export function monthlyAmount(
  price: number | null | undefined,
  periodDays: number | null | undefined,
): number | null {
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return null;
  if (typeof periodDays !== 'number' || !Number.isFinite(periodDays) || periodDays <= 0) return null;
  return Math.round(((price * 30) / periodDays) * 100) / 100;
}
