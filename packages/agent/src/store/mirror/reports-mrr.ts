import type { Store } from '../port.ts';
import { checkScope, type ReportScope } from './reports-scope.ts';
import { createParams, num, readMirror, sumSql, text } from './reports-sql.ts';
import { aliveAtSql, subscriptionsCte } from './reports-subscriptions.ts';
import { addDays, checkLocalDate, type LocalDate, startOfLocalDay } from './reports-time.ts';

/**
 * Params of `reportMrr`: the scope and the local date whose end the MRR is measured at.
 *
 * @example
 * import type { MrrParams } from './reports-mrr.ts';
 * const params: MrrParams = { date: '2026-05-31', timeZone: 'America/Sao_Paulo' };
 */
export interface MrrParams extends ReportScope {
  /** `YYYY-MM-DD`: MRR at the end of this day in `timeZone`. */
  date: LocalDate;
}

/**
 * The MRR of one currency.
 *
 * @example
 * import type { CurrencyMrr } from './reports-mrr.ts';
 * const brl: CurrencyMrr = { currency: 'BRL', mrr: 12_450.5, subscribers: 180, trial: { subscribers: 4, mrr: 199.6 } };
 */
export interface CurrencyMrr {
  currency: string;
  /** Monthly recurring revenue of the paying subscribers (trials excluded). */
  mrr: number;
  /** Paying subscribers. */
  subscribers: number;
  /** Subscriptions in their free trial, and the MRR they will add if they all convert — reported apart. */
  trial: { subscribers: number; mrr: number };
}

/**
 * What `reportMrr` returns.
 *
 * @example
 * import type { MrrReport } from './reports-mrr.ts';
 * const total = (report: MrrReport) => report.currencies.map((c) => `${c.currency} ${c.mrr}`);
 */
export interface MrrReport {
  date: LocalDate;
  timeZone: string;
  connectionId: string | null;
  /** The instant (epoch ms) measured: the start of the day after `date`, exclusive. */
  at: number;
  /** One entry per currency, sorted by currency code; never summed across currencies. */
  currencies: CurrencyMrr[];
  /** Alive subscriptions left out because their price, currency or billing period is unknown. */
  unpriced: number;
}

/**
 * MRR per currency at the end of a local date: every paying subscription's price normalised to a month
 * (`price × 30 / recurrency_period` days), summed per currency. Subscriptions in their free trial count 0 towards
 * MRR and are reported apart (`trial`). Lifecycle rules: see `reports-subscriptions.ts`.
 *
 * @example
 * import { reportMrr } from './reports-mrr.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportMrr(store, { date: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * for (const { currency, mrr } of report.currencies) console.log(currency, mrr);
 */
export async function reportMrr(store: Store, params: MrrParams): Promise<MrrReport> {
  const scope = checkScope(params);
  const date = checkLocalDate(params.date, 'date');
  const at = startOfLocalDay(addDays(date, 1), scope.timeZone);
  const [rows = []] = await readMirror(store, (dialect) => {
    const p = createParams();
    const cte = subscriptionsCte(dialect, scope.connectionId, p.bind);
    // Each use binds its own value: placeholders are positional.
    const paying = () => `monthly_cents IS NOT NULL AND paid_from < ${p.bind(at)}`;
    const trial = () => `monthly_cents IS NOT NULL AND paid_from >= ${p.bind(at)}`;
    const sql = `WITH ${cte}
      SELECT currency,
        SUM(CASE WHEN ${paying()} THEN 1 ELSE 0 END) AS subscribers,
        ${sumSql(dialect, `CASE WHEN ${paying()} THEN monthly_cents ELSE 0 END`)} AS mrr_cents,
        SUM(CASE WHEN ${trial()} THEN 1 ELSE 0 END) AS trial_subscribers,
        ${sumSql(dialect, `CASE WHEN ${trial()} THEN monthly_cents ELSE 0 END`)} AS trial_cents,
        SUM(CASE WHEN monthly_cents IS NULL THEN 1 ELSE 0 END) AS unpriced
      FROM subs
      WHERE ${aliveAtSql(at, p.bind)}
      GROUP BY currency`;
    return [{ sql, params: p.values }];
  });
  return { date, timeZone: scope.timeZone, connectionId: scope.connectionId, at, ...mrrFromRows(rows) };
}

/** Rows of `currency, subscribers, mrr_cents, trial_*, unpriced` as the per-currency list (sorted) and the unpriced count. */
function mrrFromRows(rows: readonly Record<string, unknown>[]): {
  currencies: CurrencyMrr[];
  unpriced: number;
} {
  let unpriced = 0;
  const currencies: CurrencyMrr[] = [];
  for (const row of rows) {
    unpriced += num(row, 'unpriced');
    const currency = text(row, 'currency');
    const subscribers = num(row, 'subscribers');
    const trialSubscribers = num(row, 'trial_subscribers');
    if (currency === null || subscribers + trialSubscribers === 0) continue;
    currencies.push({
      currency,
      mrr: num(row, 'mrr_cents') / 100,
      subscribers,
      trial: { subscribers: trialSubscribers, mrr: num(row, 'trial_cents') / 100 },
    });
  }
  currencies.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return { currencies, unpriced };
}
