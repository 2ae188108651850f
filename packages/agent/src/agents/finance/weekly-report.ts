import { formatDate } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { startOfLocalDay } from '../../store/mirror/reports-time.ts';
import { financeMessages } from './finance-messages.ts';
import type { IsoWeekDates } from './previous-week.ts';
import type { WeeklyFigures } from './weekly-figures.ts';

/**
 * The tabs of the finance spreadsheet the agent writes (settings `salesSheet`, `mrrSheet`, `affiliatesSheet`).
 *
 * @example
 * import type { FinanceTab } from './weekly-report.ts';
 * const tab: FinanceTab = 'mrr';
 */
export type FinanceTab = 'sales' | 'mrr' | 'affiliates';

/**
 * One tab's header row and its rows for a week: one row per currency, keyed in column A by `week|currency`.
 *
 * @example
 * import type { TabRows } from './weekly-report.ts';
 * const keys = (tab: TabRows) => tab.rows.map((row) => row[0]);
 */
export interface TabRows {
  headers: string[];
  rows: (string | number)[][];
}

/**
 * The week's rows for each finance tab. Amounts are numbers in the row's currency (column E), so the sheet can
 * sum and chart them — Google Sheets shows numbers in the spreadsheet's own locale; the period's dates are written
 * for people, in the seller's language.
 *
 * @example
 * import type { WeeklyFigures } from './weekly-figures.ts';
 * import { financeRows } from './weekly-report.ts';
 * declare const figures: WeeklyFigures;
 * const tabs = financeRows(figures, { week: '2026-W22', from: '2026-05-25', to: '2026-05-31' }, 'pt-BR');
 * console.log(tabs.sales.rows[0]?.[0]); // '2026-W22|BRL'
 */
export function financeRows(
  figures: WeeklyFigures,
  week: IsoWeekDates,
  locale: Locale,
): Record<FinanceTab, TabRows> {
  const t = financeMessages.t;
  const day = (date: string) =>
    formatDate(startOfLocalDay(date, figures.timeZone), locale, figures.timeZone, 'short');
  const lead = (currency: string) => [
    `${week.week}|${currency}`,
    week.week,
    day(week.from),
    day(week.to),
    currency,
  ];
  const leadHeaders = ['headerKey', 'headerWeek', 'headerFrom', 'headerTo', 'headerCurrency'] as const;
  const headers = (...keys: Parameters<typeof t>[1][]) =>
    [...leadHeaders, ...keys].map((key) => t(locale, key));
  return {
    sales: {
      headers: headers(
        'headerSales',
        'headerGross',
        'headerRefunds',
        'headerRefunded',
        'headerChargebacks',
        'headerChargedBack',
        'headerNet',
      ),
      rows: figures.sales.map((line) => [
        ...lead(line.currency),
        line.sales,
        line.gross,
        line.refunds,
        line.refundedAmount,
        line.chargebacks,
        line.chargebackAmount,
        line.net,
      ]),
    },
    mrr: {
      headers: headers(
        'headerOpening',
        'headerNew',
        'headerExpansion',
        'headerContraction',
        'headerChurn',
        'headerReactivation',
        'headerClosing',
      ),
      rows: figures.mrr.map((line) => [
        ...lead(line.currency),
        line.opening,
        line.new,
        line.expansion,
        line.contraction,
        line.churn,
        line.reactivation,
        line.closing,
      ]),
    },
    affiliates: {
      headers: headers(
        'headerAffiliates',
        'headerAffiliateSales',
        'headerAffiliateGross',
        'headerCommissions',
      ),
      rows: figures.affiliates.map((line) => [
        ...lead(line.currency),
        line.affiliates,
        line.sales,
        line.gross,
        line.commissions,
      ]),
    },
  };
}

/**
 * The Slack summary of a week, every amount formatted in the seller's language (`kit/i18n`).
 *
 * @example
 * import type { WeeklyFigures } from './weekly-figures.ts';
 * import { financeSummary } from './weekly-report.ts';
 * declare const figures: WeeklyFigures;
 * const text = financeSummary(figures, { week: '2026-W22', from: '2026-05-25', to: '2026-05-31' }, 'es');
 */
export function financeSummary(figures: WeeklyFigures, week: IsoWeekDates, locale: Locale): string {
  const t = financeMessages.t;
  const money = (value: number, currency: string) => formatMoney(value, currency, locale);
  const day = (date: string) =>
    formatDate(startOfLocalDay(date, figures.timeZone), locale, figures.timeZone, 'medium');
  const lines = [
    t(locale, 'summaryTitle', { week: week.week, period: `${day(week.from)} – ${day(week.to)}` }),
  ];

  lines.push(t(locale, 'salesTitle'));
  if (figures.sales.length === 0) lines.push(t(locale, 'noSales'));
  for (const line of figures.sales) {
    lines.push(
      t(locale, 'salesLine', {
        currency: line.currency,
        sales: line.sales,
        gross: money(line.gross, line.currency),
        refunds: line.refunds,
        refunded: money(line.refundedAmount, line.currency),
        chargebacks: line.chargebacks,
        chargedBack: money(line.chargebackAmount, line.currency),
        net: money(line.net, line.currency),
      }),
    );
  }
  if (figures.unpricedSales > 0) lines.push(t(locale, 'unpriced', { count: figures.unpricedSales }));

  lines.push(t(locale, 'mrrTitle'));
  if (figures.mrr.length === 0) lines.push(t(locale, 'noMrr'));
  for (const line of figures.mrr) {
    lines.push(
      t(locale, 'mrrLine', {
        currency: line.currency,
        opening: money(line.opening, line.currency),
        closing: money(line.closing, line.currency),
        new: money(line.new, line.currency),
        expansion: money(line.expansion, line.currency),
        contraction: money(line.contraction, line.currency),
        churn: money(line.churn, line.currency),
        reactivation: money(line.reactivation, line.currency),
      }),
    );
  }

  lines.push(t(locale, 'affiliatesTitle'));
  if (figures.affiliates.length === 0) lines.push(t(locale, 'noAffiliates'));
  for (const line of figures.affiliates) {
    lines.push(
      t(locale, 'affiliatesLine', {
        currency: line.currency,
        sales: line.sales,
        affiliates: line.affiliates,
        gross: money(line.gross, line.currency),
        commissions: money(line.commissions, line.currency),
      }),
    );
  }
  return lines.join('\n');
}
