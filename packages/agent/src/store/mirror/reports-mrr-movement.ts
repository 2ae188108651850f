import type { Store } from '../port.ts';
import { type CheckedScope, checkScope, connectionFilter, type ReportScope } from './reports-scope.ts';
import {
  centsSql,
  createParams,
  num,
  type ReportDialect,
  type ReportStatement,
  readMirror,
  sumSql,
  text,
} from './reports-sql.ts';
import { type LocalDate, localPeriod, type ReportPeriod } from './reports-time.ts';

/**
 * Params of `reportMrrMovement`: the scope and a period of local dates, both included.
 *
 * @example
 * import type { MrrMovementParams } from './reports-mrr-movement.ts';
 * const params: MrrMovementParams = { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' };
 */
export interface MrrMovementParams extends ReportScope {
  from: LocalDate;
  to: LocalDate;
}

/**
 * The kinds of `mirror_mrr_movements` rows.
 *
 * @example
 * import type { MrrMovementKind } from './reports-mrr-movement.ts';
 * const kind: MrrMovementKind = 'expansion';
 */
export type MrrMovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

/**
 * One currency's MRR bridge over the period. Always
 * `opening + new + expansion − contraction − churn + reactivation = closing` (to the cent).
 *
 * @example
 * import type { CurrencyMrrMovement } from './reports-mrr-movement.ts';
 * const bridge = (m: CurrencyMrrMovement) => m.opening + m.new + m.expansion - m.contraction - m.churn + m.reactivation;
 */
export interface CurrencyMrrMovement {
  currency: string;
  /** MRR at the start of `from`. */
  opening: number;
  new: number;
  expansion: number;
  /** Positive: MRR lost to downgrades. */
  contraction: number;
  /** Positive: MRR lost to cancellations. */
  churn: number;
  reactivation: number;
  /** MRR at the end of `to`. */
  closing: number;
  /** How many movements of each kind the period holds. */
  movements: Record<MrrMovementKind, number>;
}

/**
 * What `reportMrrMovement` returns.
 *
 * @example
 * import type { MrrMovementReport } from './reports-mrr-movement.ts';
 * const churned = (report: MrrMovementReport) => report.currencies.map((c) => [c.currency, c.churn]);
 */
export interface MrrMovementReport extends ReportPeriod {
  /** Sorted by currency code; currencies with no MRR and no movement are left out. */
  currencies: CurrencyMrrMovement[];
}

const KINDS: readonly MrrMovementKind[] = ['new', 'expansion', 'contraction', 'churn', 'reactivation'];

// Movements of one subscriber at the same millisecond are applied in this order (a start before a change, a
// cancellation last), so "the subscriber's MRR after that instant" is well defined.
const KIND_ORDER = `CASE kind WHEN 'new' THEN 0 WHEN 'reactivation' THEN 1 WHEN 'expansion' THEN 2
  WHEN 'contraction' THEN 3 ELSE 4 END`;

/** Ledger MRR at `at`: each subscriber chain's last `mrr_after` before `at`, per currency. */
function ledgerAt(dialect: ReportDialect, scope: CheckedScope, at: number): ReportStatement {
  const p = createParams();
  const sql = `SELECT currency, ${sumSql(dialect, 'after_cents')} AS cents
    FROM (
      SELECT m.currency, ${centsSql(dialect, 'm.mrr_after')} AS after_cents,
        ROW_NUMBER() OVER (
          PARTITION BY m.connection_id, m.subscriber_code, m.currency ORDER BY m.at DESC, ${KIND_ORDER} DESC
        ) AS position
      FROM mirror_mrr_movements m
      WHERE m.at < ${p.bind(at)}${connectionFilter('m', scope.connectionId, p.bind)}
    ) latest
    WHERE position = 1
    GROUP BY currency`;
  return { sql, params: p.values };
}

/**
 * The period's movements by currency and kind. Each movement is measured against the subscriber's previous ledger
 * entry (0 before the first), not against its recorded `mrr_before`: the two agree whenever the ledger is complete,
 * and when a movement was missed (a lost webhook) the difference is attributed to the next movement instead of
 * vanishing — so opening + movements = closing always holds.
 */
function flows(dialect: ReportDialect, scope: CheckedScope, start: number, end: number): ReportStatement {
  const p = createParams();
  const sql = `SELECT currency, kind, COUNT(*) AS movements, ${sumSql(dialect, 'after_cents - before_cents')} AS delta
    FROM (
      SELECT m.currency, m.kind, m.at, ${centsSql(dialect, 'm.mrr_after')} AS after_cents,
        COALESCE(LAG(${centsSql(dialect, 'm.mrr_after')}) OVER (
          PARTITION BY m.connection_id, m.subscriber_code, m.currency ORDER BY m.at, ${KIND_ORDER}
        ), 0) AS before_cents
      FROM mirror_mrr_movements m
      WHERE m.at < ${p.bind(end)}${connectionFilter('m', scope.connectionId, p.bind)}
    ) chained
    WHERE at >= ${p.bind(start)}
    GROUP BY currency, kind`;
  return { sql, params: p.values };
}

interface Bridge {
  opening: number;
  closing: number;
  delta: Record<MrrMovementKind, number>;
  movements: Record<MrrMovementKind, number>;
}

const zeroKinds = (): Record<MrrMovementKind, number> => ({
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  reactivation: 0,
});

/**
 * New, expansion, contraction, churned and reactivated MRR per currency between two local dates, from the MRR
 * ledger (`mirror_mrr_movements`), with the opening MRR (at the start of `from`) and the closing MRR (at the end of
 * `to`) that they bridge: `opening + new + expansion − contraction − churn + reactivation = closing`, exactly in
 * cents. Opening and closing are the ledger's own: each subscriber's last `mrr_after` before the instant.
 *
 * @example
 * import { reportMrrMovement } from './reports-mrr-movement.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportMrrMovement(store, { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * for (const c of report.currencies) console.log(c.currency, c.opening, '→', c.closing);
 */
export async function reportMrrMovement(store: Store, params: MrrMovementParams): Promise<MrrMovementReport> {
  const scope = checkScope(params);
  const { start, end } = localPeriod(params.from, params.to, scope.timeZone);
  const [openingRows = [], closingRows = [], flowRows = []] = await readMirror(store, (dialect) => [
    ledgerAt(dialect, scope, start),
    ledgerAt(dialect, scope, end),
    flows(dialect, scope, start, end),
  ]);

  const bridges = new Map<string, Bridge>();
  const bridge = (currency: string): Bridge => {
    let found = bridges.get(currency);
    if (!found) {
      found = { opening: 0, closing: 0, delta: zeroKinds(), movements: zeroKinds() };
      bridges.set(currency, found);
    }
    return found;
  };
  for (const row of openingRows) {
    const currency = text(row, 'currency');
    if (currency !== null) bridge(currency).opening += num(row, 'cents');
  }
  for (const row of closingRows) {
    const currency = text(row, 'currency');
    if (currency !== null) bridge(currency).closing += num(row, 'cents');
  }
  for (const row of flowRows) {
    const currency = text(row, 'currency');
    const kind = text(row, 'kind') as MrrMovementKind | null;
    if (currency === null || kind === null || !KINDS.includes(kind)) continue;
    const entry = bridge(currency);
    entry.delta[kind] += num(row, 'delta');
    entry.movements[kind] += num(row, 'movements');
  }

  const currencies: CurrencyMrrMovement[] = [...bridges.entries()]
    .filter(([, b]) => b.opening !== 0 || b.closing !== 0 || KINDS.some((kind) => b.movements[kind] > 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, b]) => ({
      currency,
      opening: b.opening / 100,
      new: b.delta.new / 100,
      expansion: b.delta.expansion / 100,
      // Losses are reported as positive amounts, as the bridge subtracts them (`0 - x`, not `-x`: no −0).
      contraction: (0 - b.delta.contraction) / 100,
      churn: (0 - b.delta.churn) / 100,
      reactivation: b.delta.reactivation / 100,
      closing: b.closing / 100,
      movements: b.movements,
    }));
  return {
    from: params.from,
    to: params.to,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    start,
    end,
    currencies,
  };
}
