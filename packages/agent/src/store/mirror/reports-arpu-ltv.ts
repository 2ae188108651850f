import type { Store } from '../port.ts';
import { churnStatement, monthlyChurn } from './reports-churn.ts';
import { checkScope, type ReportScope } from './reports-scope.ts';
import { createParams, num, readMirror, sumSql, text } from './reports-sql.ts';
import { aliveAtSql, subscriptionsCte } from './reports-subscriptions.ts';
import { type LocalDate, localPeriod } from './reports-time.ts';

/**
 * Params of `reportArpuLtv`: ARPU at the end of `to`, churn measured over `from` … `to` (both included).
 *
 * @example
 * import type { ArpuLtvParams } from './reports-arpu-ltv.ts';
 * const params: ArpuLtvParams = { from: '2026-03-03', to: '2026-05-31', timeZone: 'America/Sao_Paulo' };
 */
export interface ArpuLtvParams extends ReportScope {
  from: LocalDate;
  to: LocalDate;
}

/**
 * Why a currency has no LTV: nobody pays at the end (`no_subscribers`), nobody was paying at the start so churn
 * can't be measured (`no_history`), or nobody churned — at zero churn the expected lifetime, and so LTV, is
 * unbounded and is not reported as a number (`no_churn`).
 *
 * @example
 * import type { LtvGap } from './reports-arpu-ltv.ts';
 * const gap: LtvGap = 'no_churn';
 */
export type LtvGap = 'no_subscribers' | 'no_history' | 'no_churn';

/**
 * ARPU and LTV of one currency.
 *
 * @example
 * import type { CurrencyArpuLtv } from './reports-arpu-ltv.ts';
 * const lifetimeMonths = (c: CurrencyArpuLtv) => (c.monthlyChurnRate ? 1 / c.monthlyChurnRate : null);
 */
export interface CurrencyArpuLtv {
  currency: string;
  /** Paying subscribers at the end of `to`. */
  subscribers: number;
  /** Their MRR. */
  mrr: number;
  /** `mrr ÷ subscribers`: monthly revenue per paying subscriber; null without subscribers. */
  arpu: number | null;
  /** Paying subscribers of this currency at the start of `from`. */
  activeAtStart: number;
  /** How many of them ended by the end of `to`. */
  cancelled: number;
  /** `cancelled ÷ activeAtStart` over the period; null when `activeAtStart` is 0. */
  churnRate: number | null;
  /** The period rate over 30 days, `1 − (1 − rate)^(30 ÷ days)`. */
  monthlyChurnRate: number | null;
  /** `arpu ÷ monthlyChurnRate`: expected revenue of a subscriber over their lifetime; null when `ltvGap` says why. */
  ltv: number | null;
  ltvGap: LtvGap | null;
}

/**
 * What `reportArpuLtv` returns.
 *
 * @example
 * import type { ArpuLtvReport } from './reports-arpu-ltv.ts';
 * const ltvs = (report: ArpuLtvReport) => report.currencies.map((c) => [c.currency, c.ltv]);
 */
export interface ArpuLtvReport {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  connectionId: string | null;
  days: number;
  /** Sorted by currency code; never mixed across currencies. */
  currencies: CurrencyArpuLtv[];
}

/**
 * ARPU and LTV per currency. ARPU is the MRR of the paying subscribers at the end of `to` divided by their number
 * (trials excluded, as in `reportMrr`). LTV is ARPU divided by the monthly churn rate of that currency's
 * subscribers, measured as in `reportChurnRate` over `from` … `to` and compounded to 30 days. With zero churn LTV
 * is null (`ltvGap: 'no_churn'`) rather than infinite or an arbitrary cap; widen the window to measure churn.
 *
 * @example
 * import { reportArpuLtv } from './reports-arpu-ltv.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportArpuLtv(store, { from: '2026-03-03', to: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * for (const c of report.currencies) console.log(c.currency, c.arpu, c.ltv ?? c.ltvGap);
 */
export async function reportArpuLtv(store: Store, params: ArpuLtvParams): Promise<ArpuLtvReport> {
  const scope = checkScope(params);
  const { start, end, days } = localPeriod(params.from, params.to, scope.timeZone);
  const [payingRows = [], churnRows = []] = await readMirror(store, (dialect) => {
    const p = createParams();
    const cte = subscriptionsCte(dialect, scope.connectionId, p.bind);
    const sql = `WITH ${cte}
      SELECT currency, COUNT(*) AS subscribers, ${sumSql(dialect, 'monthly_cents')} AS mrr_cents
      FROM subs
      WHERE monthly_cents IS NOT NULL AND ${aliveAtSql(end, p.bind)} AND paid_from < ${p.bind(end)}
      GROUP BY currency`;
    return [{ sql, params: p.values }, churnStatement(dialect, scope, start, end)];
  });

  const byCurrency = new Map<
    string,
    { subscribers: number; cents: number; active: number; cancelled: number }
  >();
  const entry = (currency: string) => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = { subscribers: 0, cents: 0, active: 0, cancelled: 0 };
      byCurrency.set(currency, found);
    }
    return found;
  };
  for (const row of payingRows) {
    const currency = text(row, 'currency');
    if (currency === null) continue;
    entry(currency).subscribers += num(row, 'subscribers');
    entry(currency).cents += num(row, 'mrr_cents');
  }
  for (const row of churnRows) {
    const currency = text(row, 'currency');
    if (currency === null) continue;
    entry(currency).active += num(row, 'active');
    entry(currency).cancelled += num(row, 'cancelled');
  }

  const currencies: CurrencyArpuLtv[] = [...byCurrency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, c]) => {
      const mrr = c.cents / 100;
      const arpu = c.subscribers === 0 ? null : mrr / c.subscribers;
      const churnRate = c.active === 0 ? null : c.cancelled / c.active;
      const monthlyChurnRate = churnRate === null ? null : monthlyChurn(churnRate, days);
      const ltvGap: LtvGap | null =
        arpu === null
          ? 'no_subscribers'
          : monthlyChurnRate === null
            ? 'no_history'
            : monthlyChurnRate === 0
              ? 'no_churn'
              : null;
      return {
        currency,
        subscribers: c.subscribers,
        mrr,
        arpu,
        activeAtStart: c.active,
        cancelled: c.cancelled,
        churnRate,
        monthlyChurnRate,
        ltv: ltvGap === null && arpu !== null && monthlyChurnRate ? arpu / monthlyChurnRate : null,
        ltvGap,
      };
    });
  return {
    from: params.from,
    to: params.to,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    days,
    currencies,
  };
}
