import { reportAffiliates } from '../../store/mirror/reports-affiliates.ts';
import { type CurrencyMrrMovement, reportMrrMovement } from '../../store/mirror/reports-mrr-movement.ts';
import { reportSales, type SalesFigures } from '../../store/mirror/reports-sales.ts';
import type { Store } from '../../store/port.ts';

/**
 * A week's affiliate figures in one currency: sales an affiliate brought in that sale currency, their gross, and the
 * affiliate commissions paid in that currency (commissions are in each affiliate's payout currency, reference §4.1,
 * so a currency may have commissions and no sales, or the reverse).
 *
 * @example
 * import type { AffiliateCurrencyFigures } from './weekly-figures.ts';
 * const share = (f: AffiliateCurrencyFigures) => (f.gross === 0 ? 0 : f.commissions / f.gross);
 */
export interface AffiliateCurrencyFigures {
  currency: string;
  /** Affiliates with a sale in this currency. */
  affiliates: number;
  sales: number;
  gross: number;
  commissions: number;
}

/**
 * The finance agent's figures of one period, per currency (never summed across currencies).
 *
 * @example
 * import type { WeeklyFigures } from './weekly-figures.ts';
 * const currencies = (f: WeeklyFigures) => new Set([...f.sales, ...f.mrr, ...f.affiliates].map((x) => x.currency));
 */
export interface WeeklyFigures {
  from: string;
  to: string;
  timeZone: string;
  connectionId: string | null;
  /** Sales, refunds and chargebacks of the sales ordered in the period (`reportSales` totals), by currency. */
  sales: SalesFigures[];
  /** The MRR bridge of the period (`reportMrrMovement`), by currency. */
  mrr: CurrencyMrrMovement[];
  affiliates: AffiliateCurrencyFigures[];
  /** Paid sales left out of `sales` because the mirror has no price or currency for them. */
  unpricedSales: number;
}

const cents = (amount: number) => Math.round(amount * 100);

/**
 * Reads a period's figures from the local mirror (no Hotmart call): the sales summary per currency, the MRR
 * movement (new, expansion, contraction, churn, reactivation), and the affiliate sales and commissions summed per
 * currency (in cents, so the sums are exact). Dates are local calendar days in `timeZone`; `connectionId` null
 * reports every connection together. Errors are the reports' (`StoreError`).
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { weeklyFigures } from './weekly-figures.ts';
 * declare const store: Store;
 * const figures = await weeklyFigures(store, { from: '2026-05-25', to: '2026-05-31', timeZone: 'America/Sao_Paulo', connectionId: null });
 * for (const line of figures.sales) console.log(line.currency, line.sales, line.gross);
 */
export async function weeklyFigures(
  store: Store,
  period: { from: string; to: string; timeZone: string; connectionId: string | null },
): Promise<WeeklyFigures> {
  const scope = {
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    connectionId: period.connectionId,
  };
  const sales = await reportSales(store, { ...scope, granularity: 'week', groupBy: [] });
  const mrr = await reportMrrMovement(store, scope);
  const affiliates = await reportAffiliates(store, scope);

  const byCurrency = new Map<
    string,
    { affiliates: Set<string>; sales: number; gross: number; commissions: number }
  >();
  const entry = (currency: string) => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = { affiliates: new Set(), sales: 0, gross: 0, commissions: 0 };
      byCurrency.set(currency, found);
    }
    return found;
  };
  for (const affiliate of affiliates.affiliates) {
    for (const revenue of affiliate.revenue) {
      const figures = entry(revenue.currency);
      figures.affiliates.add(affiliate.key);
      figures.sales += revenue.sales;
      figures.gross += cents(revenue.gross);
    }
    for (const commission of affiliate.commissions)
      entry(commission.currency).commissions += cents(commission.amount);
  }

  return {
    from: period.from,
    to: period.to,
    timeZone: period.timeZone,
    connectionId: period.connectionId,
    sales: sales.totals,
    mrr: mrr.currencies,
    affiliates: [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, figures]) => ({
        currency,
        affiliates: figures.affiliates.size,
        sales: figures.sales,
        gross: figures.gross / 100,
        commissions: figures.commissions / 100,
      })),
    unpricedSales: sales.unpriced,
  };
}
