import type { Store } from '../port.ts';
import { checkScope, type ReportScope } from './reports-scope.ts';
import { createParams, num, readMirror, text } from './reports-sql.ts';
import { aliveAtSql, subscriptionsCte } from './reports-subscriptions.ts';
import { addDays, checkLocalDate, type LocalDate, startOfLocalDay } from './reports-time.ts';

/**
 * Params of `reportSubscribersByPlan`: the date counted and, optionally, a date to compare with.
 *
 * @example
 * import type { SubscribersByPlanParams } from './reports-subscribers-by-plan.ts';
 * const params: SubscribersByPlanParams = { date: '2026-05-31', compareTo: '2026-04-30', timeZone: 'America/Sao_Paulo' };
 */
export interface SubscribersByPlanParams extends ReportScope {
  /** `YYYY-MM-DD`: subscribers at the end of this day. */
  date: LocalDate;
  /** `YYYY-MM-DD`: also count at the end of this day, and give the change. */
  compareTo?: LocalDate | null | undefined;
}

/**
 * Subscribers of one plan at a date: paying ones and those in their free trial.
 *
 * @example
 * import type { PlanCount } from './reports-subscribers-by-plan.ts';
 * const count: PlanCount = { subscribers: 120, trials: 3 };
 */
export interface PlanCount {
  /** Paying subscribers. */
  subscribers: number;
  /** Subscriptions in their free trial (not in `subscribers`). */
  trials: number;
}

/**
 * One product/plan line.
 *
 * @example
 * import type { PlanSubscribers } from './reports-subscribers-by-plan.ts';
 * const growth = (line: PlanSubscribers) => line.change ?? 0;
 */
export interface PlanSubscribers extends PlanCount {
  productId: string | null;
  productName: string | null;
  planId: string | null;
  planName: string | null;
  /** The same counts at `compareTo`; null when no comparison was asked for. */
  previous: PlanCount | null;
  /** `subscribers − previous.subscribers`; null without a comparison. */
  change: number | null;
}

/**
 * What `reportSubscribersByPlan` returns.
 *
 * @example
 * import type { SubscribersByPlanReport } from './reports-subscribers-by-plan.ts';
 * const names = (report: SubscribersByPlanReport) => report.plans.map((p) => p.planName);
 */
export interface SubscribersByPlanReport {
  date: LocalDate;
  compareTo: LocalDate | null;
  timeZone: string;
  connectionId: string | null;
  /** Sorted by paying subscribers (most first), then product and plan id. */
  plans: PlanSubscribers[];
  totals: PlanCount & { previous: PlanCount | null; change: number | null };
}

/**
 * Subscribers per product and plan at the end of a local date — paying and in trial apart — optionally next to the
 * same counts at another date. Lifecycle rules (alive, trial, what is left out): see `reports-subscriptions.ts`;
 * subscriptions without a known price are counted here too (a count needs no price).
 *
 * @example
 * import { reportSubscribersByPlan } from './reports-subscribers-by-plan.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportSubscribersByPlan(store, { date: '2026-05-31', compareTo: '2026-04-30', timeZone: 'UTC' });
 * for (const plan of report.plans) console.log(plan.planName, plan.subscribers, plan.change);
 */
export async function reportSubscribersByPlan(
  store: Store,
  params: SubscribersByPlanParams,
): Promise<SubscribersByPlanReport> {
  const scope = checkScope(params);
  const date = checkLocalDate(params.date, 'date');
  const compareTo =
    params.compareTo === undefined || params.compareTo === null
      ? null
      : checkLocalDate(params.compareTo, 'compareTo');
  const at = startOfLocalDay(addDays(date, 1), scope.timeZone);
  const before = compareTo === null ? null : startOfLocalDay(addDays(compareTo, 1), scope.timeZone);

  const [rows = []] = await readMirror(store, (dialect) => {
    const p = createParams();
    const cte = subscriptionsCte(dialect, scope.connectionId, p.bind);
    // With no comparison, "previous" counts at the same instant and is dropped below: one statement shape.
    const other = before ?? at;
    const count = (instant: number, paying: boolean) =>
      `SUM(CASE WHEN ${aliveAtSql(instant, p.bind)} AND paid_from ${paying ? '<' : '>='} ${p.bind(instant)} THEN 1 ELSE 0 END)`;
    const sql = `WITH ${cte}
      SELECT x.product_id, x.plan_id, MAX(pr.name) AS product_name, MAX(x.plan_name) AS plan_name,
        ${count(at, true)} AS subscribers, ${count(at, false)} AS trials,
        ${count(other, true)} AS previous_subscribers, ${count(other, false)} AS previous_trials
      FROM subs x
      LEFT JOIN mirror_products pr ON pr.connection_id = x.connection_id AND pr.product_id = x.product_id
      WHERE ${aliveAtSql(at, p.bind)} OR ${aliveAtSql(other, p.bind)}
      GROUP BY x.product_id, x.plan_id`;
    return [{ sql, params: p.values }];
  });

  const plans: PlanSubscribers[] = rows.map((row) => {
    const previous =
      compareTo === null
        ? null
        : { subscribers: num(row, 'previous_subscribers'), trials: num(row, 'previous_trials') };
    const subscribers = num(row, 'subscribers');
    return {
      productId: text(row, 'product_id'),
      productName: text(row, 'product_name'),
      planId: text(row, 'plan_id'),
      planName: text(row, 'plan_name'),
      subscribers,
      trials: num(row, 'trials'),
      previous,
      change: previous === null ? null : subscribers - previous.subscribers,
    };
  });
  plans.sort(
    (a, b) =>
      b.subscribers - a.subscribers ||
      compareText(a.productId, b.productId) ||
      compareText(a.planId, b.planId),
  );

  const sum = (pick: (line: PlanSubscribers) => number) =>
    plans.reduce((total, line) => total + pick(line), 0);
  const subscribers = sum((line) => line.subscribers);
  const previous =
    compareTo === null
      ? null
      : {
          subscribers: sum((line) => line.previous?.subscribers ?? 0),
          trials: sum((line) => line.previous?.trials ?? 0),
        };
  return {
    date,
    compareTo,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    plans,
    totals: {
      subscribers,
      trials: sum((line) => line.trials),
      previous,
      change: previous === null ? null : subscribers - previous.subscribers,
    },
  };
}

function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
