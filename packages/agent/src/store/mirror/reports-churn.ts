import type { Store } from '../port.ts';
import { type CheckedScope, checkScope, type ReportScope } from './reports-scope.ts';
import {
  createParams,
  num,
  type ReportDialect,
  type ReportStatement,
  readMirror,
  text,
} from './reports-sql.ts';
import { aliveAtSql, subscriptionsCte } from './reports-subscriptions.ts';
import { type LocalDate, localPeriod } from './reports-time.ts';

/**
 * Params of `reportChurnRate`: the scope and a period of local dates, both included.
 *
 * @example
 * import type { ChurnParams } from './reports-churn.ts';
 * const params: ChurnParams = { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' };
 */
export interface ChurnParams extends ReportScope {
  from: LocalDate;
  to: LocalDate;
}

/**
 * What `reportChurnRate` returns.
 *
 * @example
 * import type { ChurnReport } from './reports-churn.ts';
 * const percent = (report: ChurnReport) => (report.rate ?? 0) * 100;
 */
export interface ChurnReport {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  connectionId: string | null;
  /** Calendar days in the period. */
  days: number;
  /** Paying subscribers at the start of `from` (trials excluded). */
  activeAtStart: number;
  /** How many of them ended during the period. */
  cancelled: number;
  /** `cancelled ÷ activeAtStart`; null when nobody was paying at the start. */
  rate: number | null;
  /** The rate over a 30-day month: `1 − (1 − rate)^(30 ÷ days)`; null like `rate`. */
  monthlyRate: number | null;
  /** The ended subscriptions by their status (CANCELLED_BY_CUSTOMER, CANCELLED_BY_SELLER, …), most first. */
  byStatus: { status: string; count: number }[];
}

/**
 * The churn counts of one cohort: those paying at `start`, and how many of them ended in `[start, end)`, per
 * currency and status. Shared with the ARPU/LTV report.
 *
 * @example
 * import { churnStatement } from './reports-churn.ts';
 * const statement = churnStatement('sqlite', { connectionId: null, timeZone: 'UTC' }, 0, 86_400_000);
 */
export function churnStatement(
  dialect: ReportDialect,
  scope: CheckedScope,
  start: number,
  end: number,
): ReportStatement {
  const p = createParams();
  const cte = subscriptionsCte(dialect, scope.connectionId, p.bind);
  const sql = `WITH ${cte}
    SELECT currency, status, COUNT(*) AS active,
      SUM(CASE WHEN ended_at IS NOT NULL AND ended_at < ${p.bind(end)} THEN 1 ELSE 0 END) AS cancelled
    FROM subs
    WHERE ${aliveAtSql(start, p.bind)} AND paid_from < ${p.bind(start)}
    GROUP BY currency, status`;
  return { sql, params: p.values };
}

/**
 * A period churn rate turned into a monthly (30-day) one, compounding: `1 − (1 − rate)^(30 ÷ days)`.
 *
 * @example
 * import { monthlyChurn } from './reports-churn.ts';
 * monthlyChurn(0.1, 30); // 0.1
 * monthlyChurn(0.19, 60); // ≈ 0.1
 */
export function monthlyChurn(rate: number, days: number): number {
  if (rate >= 1) return 1;
  return 1 - (1 - rate) ** (30 / days);
}

/**
 * Subscriber churn over a period of local dates: of the subscribers paying at the start of `from` (free trials
 * excluded), the share whose subscription ended by the end of `to` — cancelled by the buyer, the seller or
 * Hotmart, or finished (INACTIVE). Subscribers who joined during the period are not in the cohort, so the rate is
 * between 0 and 1. DELAYED and OVERDUE subscriptions have not churned (Hotmart still retries their charges).
 *
 * @example
 * import { reportChurnRate } from './reports-churn.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportChurnRate(store, { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * console.log(report.cancelled, '/', report.activeAtStart, report.rate);
 */
export async function reportChurnRate(store: Store, params: ChurnParams): Promise<ChurnReport> {
  const scope = checkScope(params);
  const { start, end, days } = localPeriod(params.from, params.to, scope.timeZone);
  const [rows = []] = await readMirror(store, (dialect) => [churnStatement(dialect, scope, start, end)]);
  let activeAtStart = 0;
  let cancelled = 0;
  const byStatus = new Map<string, number>();
  for (const row of rows) {
    activeAtStart += num(row, 'active');
    const ended = num(row, 'cancelled');
    cancelled += ended;
    const status = text(row, 'status') ?? 'UNKNOWN';
    if (ended > 0) byStatus.set(status, (byStatus.get(status) ?? 0) + ended);
  }
  const rate = activeAtStart === 0 ? null : cancelled / activeAtStart;
  return {
    from: params.from,
    to: params.to,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    days,
    activeAtStart,
    cancelled,
    rate,
    monthlyRate: rate === null ? null : monthlyChurn(rate, days),
    byStatus: [...byStatus.entries()]
      .map(([status, count]) => ({ status, count }))
      .sort((a, b) => b.count - a.count || (a.status < b.status ? -1 : 1)),
  };
}
