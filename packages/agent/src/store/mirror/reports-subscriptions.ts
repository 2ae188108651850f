import { connectionFilter } from './reports-scope.ts';
import { centsSql, isTrueSql, type ReportDialect } from './reports-sql.ts';
import { endedSubscriptionSql } from './reports-statuses.ts';

/**
 * The subscription lifecycle every subscription report reads, as one SQL common table expression `subs` over
 * `mirror_subscriptions` (with its plan from `mirror_plans` — by plan code, else by plan id — filling what the
 * subscription row lacks):
 *
 * - `started_at` — `accession_date`. `ended_at` — `cancellation_date`, else `end_accession_date`, else, for an ended
 *   status with neither date, `state_at` (the moment the mirror knew it had ended); null while it runs. These are
 *   the dates the mirror sync's MRR baseline uses, so the two agree. A subscription is **alive at T** when
 *   `started_at < T` and (`ended_at` is null or `ended_at ≥ T`): T is the exclusive end of a local day, so "alive at
 *   T" reads "alive at the end of that day".
 * - `paid_from` — when the first paid period starts: `accession_date + trial_period` days when the plan has a
 *   trial, `accession_date` otherwise. Alive and `paid_from < T` is **paying**; alive and `paid_from ≥ T` is **in
 *   trial**. When the plan's trial is unknown, the subscription's own `trial` flag (true means "in trial now") keeps
 *   it in trial throughout.
 * - `monthly_cents` — the price normalised to 30 days, `price × 30 / recurrency_period` (7 days → ×30/7, 30 → ×1,
 *   60 → ÷2, 90 → ÷3, 180 → ÷6, 360 → ÷12; reference §5.2 lists those periods), in integer cents; null when the
 *   price, currency or period is unknown (such subscriptions are counted as `unpriced`, never guessed).
 *
 * Left out: STARTED subscriptions (sign-ups whose first boleto/PIX is unpaid: never a paying subscriber yet,
 * reference §5.2 "Initiated"). DELAYED and OVERDUE subscriptions are alive: Hotmart still retries their charges,
 * and cancels them (CANCELLED_BY_ADMIN) after five unpaid ones.
 */

/** "In trial for ever" for a trial whose end is unknown: the largest instant a JavaScript Date can hold. */
const FAR_FUTURE = 8_640_000_000_000_000;
const DAY_MS = 86_400_000;

/**
 * The `subs` common table expression (without `WITH`), restricted to one connection when given. Its placeholders
 * are bound through `bind`, so call it where its text goes.
 *
 * @example
 * import { createParams, type ReportStatement } from './reports-sql.ts';
 * import { subscriptionsCte } from './reports-subscriptions.ts';
 * const params = createParams();
 * const statement: ReportStatement = {
 *   sql: `WITH ${subscriptionsCte('sqlite', 'main', params.bind)} SELECT count(*) AS n FROM subs`,
 *   params: params.values,
 * };
 */
export function subscriptionsCte(
  dialect: ReportDialect,
  connectionId: string | null,
  bind: (value: unknown) => string,
): string {
  const plan = (column: string) => `COALESCE(pc.${column}, pi.${column})`;
  const price = `COALESCE(s.price, ${plan('price')})`;
  const currency = `COALESCE(s.currency, ${plan('currency')})`;
  const period = `COALESCE(s.recurrency_period, ${plan('recurrency_period')})`;
  const trialDays = plan('trial_period');
  return `subs AS (
    SELECT s.connection_id, s.subscriber_code, s.product_id, s.plan_id, s.plan_name, s.status,
      s.accession_date AS started_at,
      COALESCE(s.cancellation_date, s.end_accession_date,
        CASE WHEN ${endedSubscriptionSql('s.status')} THEN s.state_at END) AS ended_at,
      CASE
        WHEN ${trialDays} > 0 THEN s.accession_date + CAST(${trialDays} AS BIGINT) * ${DAY_MS}
        WHEN ${isTrueSql(dialect, 's.trial')} THEN ${FAR_FUTURE}
        ELSE s.accession_date
      END AS paid_from,
      ${currency} AS currency,
      CASE WHEN ${price} IS NOT NULL AND ${currency} IS NOT NULL AND ${period} > 0
        THEN ${centsSql(dialect, `${price} * 30 / ${period}`)}
      END AS monthly_cents
    FROM mirror_subscriptions s
    LEFT JOIN mirror_plans pc ON pc.connection_id = s.connection_id AND pc.plan_code = s.plan_code
    LEFT JOIN (
      SELECT connection_id, plan_id, MAX(trial_period) AS trial_period, MAX(recurrency_period) AS recurrency_period,
        MAX(price) AS price, MAX(currency) AS currency
      FROM mirror_plans WHERE plan_id IS NOT NULL GROUP BY connection_id, plan_id
    ) pi ON pi.connection_id = s.connection_id AND pi.plan_id = s.plan_id
    WHERE s.accession_date IS NOT NULL AND s.status <> 'STARTED'${connectionFilter('s', connectionId, bind)}
  )`;
}

/**
 * SQL for "alive at the instant `at`" over the `subs` columns, its values bound through `bind`.
 *
 * @example
 * import { createParams } from './reports-sql.ts';
 * import { aliveAtSql } from './reports-subscriptions.ts';
 * const params = createParams();
 * aliveAtSql(Date.UTC(2026, 4, 1), params.bind); // '(started_at < ? AND (ended_at IS NULL OR ended_at >= ?))'
 */
export function aliveAtSql(at: number, bind: (value: unknown) => string): string {
  return `(started_at < ${bind(at)} AND (ended_at IS NULL OR ended_at >= ${bind(at)}))`;
}
