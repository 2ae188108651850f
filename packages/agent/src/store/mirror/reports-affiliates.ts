import type { Store } from '../port.ts';
import { checkScope, connectionFilter, type ReportScope } from './reports-scope.ts';
import { centsSql, createParams, num, type ReportDialect, readMirror, sumSql, text } from './reports-sql.ts';
import {
  CHARGEBACK_SALE_STATUSES,
  PAID_SALE_STATUSES,
  REFUNDED_SALE_STATUSES,
  sqlList,
} from './reports-statuses.ts';
import { type LocalDate, localPeriod } from './reports-time.ts';

/**
 * Params of `reportAffiliates`: the scope and a period of local dates (by order date), both included.
 *
 * @example
 * import type { AffiliatesParams } from './reports-affiliates.ts';
 * const params: AffiliatesParams = { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' };
 */
export interface AffiliatesParams extends ReportScope {
  from: LocalDate;
  to: LocalDate;
}

/**
 * One affiliate's figures over the period.
 *
 * @example
 * import type { AffiliateFigures } from './reports-affiliates.ts';
 * const who = (a: AffiliateFigures) => a.name ?? a.affiliateCode ?? a.key;
 */
export interface AffiliateFigures {
  /** Stable identity: the affiliate's Hotmart ucode when known, else `code:<affiliate code>`. */
  key: string;
  ucode: string | null;
  affiliateCode: string | null;
  name: string | null;
  email: string | null;
  /** Paid sales brought by the affiliate, all currencies. */
  sales: number;
  /** Of those, refunded or charged back (their commissions are reversed, so not in `commissions`). */
  reversed: number;
  /** Sales count and gross per sale currency, sorted by currency. */
  revenue: { currency: string; sales: number; gross: number }[];
  /** The affiliate's commissions on the sales that stand, per payout currency (which may differ from the sale's, reference §4.1). */
  commissions: { currency: string; amount: number }[];
}

/**
 * What `reportAffiliates` returns.
 *
 * @example
 * import type { AffiliatesReport } from './reports-affiliates.ts';
 * const top = (report: AffiliatesReport) => report.affiliates[0]?.name;
 */
export interface AffiliatesReport {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  connectionId: string | null;
  /** Most sales first, then by key. */
  affiliates: AffiliateFigures[];
}

/**
 * Who the affiliate of each sale is. Hotmart names affiliates differently per source: webhooks carry the
 * affiliate code, the REST API only the affiliate's ucode (as a participant with role AFFILIATE, or as the user of
 * an AFFILIATE commission, reference §4.1 and §5.4). A sale's key is its participant's ucode, else its commission's,
 * else the ucode another sale with the same code revealed, else `code:<affiliate code>` — so one affiliate is one
 * line whichever source wrote the sale.
 */
function affiliateSalesCte(
  dialect: ReportDialect,
  connectionId: string | null,
  start: number,
  end: number,
  bind: (value: unknown) => string,
): string {
  // Correlated lookups by primary-key prefix (connection, transaction, role/source): one index probe per sale.
  const participant = (column: string) => `(SELECT MAX(p.${column}) FROM mirror_sale_participants p
      WHERE p.connection_id = s.connection_id AND p.transaction_code = s.transaction_code AND p.role = 'AFFILIATE')`;
  const commission = (column: string) => `(SELECT MAX(c.${column}) FROM mirror_commissions c
      WHERE c.connection_id = s.connection_id AND c.transaction_code = s.transaction_code AND c.source = 'AFFILIATE')`;
  return `known AS (
      SELECT s.affiliate_code, MAX(COALESCE(${participant('ucode')}, ${commission('user_ucode')})) AS ucode
      FROM mirror_sales s
      WHERE s.affiliate_code IS NOT NULL${connectionFilter('s', connectionId, bind)}
      GROUP BY s.affiliate_code
    ),
    affiliate_sales AS (
      SELECT s.connection_id, s.transaction_code, s.status, s.currency, ${centsSql(dialect, 's.price')} AS cents,
        s.affiliate_code,
        COALESCE(${participant('ucode')}, ${commission('user_ucode')}, k.ucode) AS ucode,
        COALESCE(${participant('name')}, ${commission('user_name')}) AS name,
        ${participant('email')} AS email
      FROM mirror_sales s
      LEFT JOIN known k ON k.affiliate_code = s.affiliate_code
      WHERE s.order_date >= ${bind(start)} AND s.order_date < ${bind(end)}
        AND s.status IN (${sqlList(PAID_SALE_STATUSES)})${connectionFilter('s', connectionId, bind)}
    ),
    keyed AS (
      SELECT a.*, COALESCE(a.ucode, 'code:' || a.affiliate_code) AS affiliate_key
      FROM affiliate_sales a
      WHERE a.ucode IS NOT NULL OR a.affiliate_code IS NOT NULL
    )`;
}

const REVERSED = sqlList([...REFUNDED_SALE_STATUSES, ...CHARGEBACK_SALE_STATUSES]);

/**
 * Affiliate sales and commissions per affiliate over a period of local dates (by order date): paid sales and their
 * gross per sale currency, how many were refunded or charged back, and the AFFILIATE commissions of the sales that
 * stand, per payout currency. Amounts are never summed across currencies.
 *
 * @example
 * import { reportAffiliates } from './reports-affiliates.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportAffiliates(store, { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * for (const a of report.affiliates) console.log(a.name, a.sales, a.commissions);
 */
export async function reportAffiliates(store: Store, params: AffiliatesParams): Promise<AffiliatesReport> {
  const scope = checkScope(params);
  const { start, end } = localPeriod(params.from, params.to, scope.timeZone);
  const [salesRows = [], commissionRows = []] = await readMirror(store, (dialect) => {
    const p = createParams();
    const salesSql = `WITH ${affiliateSalesCte(dialect, scope.connectionId, start, end, p.bind)}
      SELECT affiliate_key, MAX(ucode) AS ucode, MAX(affiliate_code) AS affiliate_code, MAX(name) AS name,
        MAX(email) AS email, currency, COUNT(*) AS sales, ${sumSql(dialect, 'cents')} AS gross,
        SUM(CASE WHEN status IN (${REVERSED}) THEN 1 ELSE 0 END) AS reversed
      FROM keyed
      WHERE currency IS NOT NULL AND cents IS NOT NULL
      GROUP BY affiliate_key, currency`;
    const q = createParams();
    const commissionsSql = `WITH ${affiliateSalesCte(dialect, scope.connectionId, start, end, q.bind)}
      SELECT k.affiliate_key, c.currency, ${sumSql(dialect, centsSql(dialect, 'c.value'))} AS amount
      FROM keyed k
      JOIN mirror_commissions c ON c.connection_id = k.connection_id AND c.transaction_code = k.transaction_code
        AND c.source = 'AFFILIATE'
      WHERE k.status NOT IN (${REVERSED}) AND c.currency IS NOT NULL
      GROUP BY k.affiliate_key, c.currency`;
    return [
      { sql: salesSql, params: p.values },
      { sql: commissionsSql, params: q.values },
    ];
  });

  const byKey = new Map<string, AffiliateFigures>();
  for (const row of salesRows) {
    const key = text(row, 'affiliate_key');
    const currency = text(row, 'currency');
    if (key === null || currency === null) continue;
    let affiliate = byKey.get(key);
    if (!affiliate) {
      affiliate = {
        key,
        ucode: null,
        affiliateCode: null,
        name: null,
        email: null,
        sales: 0,
        reversed: 0,
        revenue: [],
        commissions: [],
      };
      byKey.set(key, affiliate);
    }
    affiliate.ucode ??= text(row, 'ucode');
    affiliate.affiliateCode ??= text(row, 'affiliate_code');
    affiliate.name ??= text(row, 'name');
    affiliate.email ??= text(row, 'email');
    affiliate.sales += num(row, 'sales');
    affiliate.reversed += num(row, 'reversed');
    affiliate.revenue.push({ currency, sales: num(row, 'sales'), gross: num(row, 'gross') / 100 });
  }
  for (const row of commissionRows) {
    const affiliate = byKey.get(text(row, 'affiliate_key') ?? '');
    const currency = text(row, 'currency');
    if (!affiliate || currency === null) continue;
    affiliate.commissions.push({ currency, amount: num(row, 'amount') / 100 });
  }
  const byCurrency = (a: { currency: string }, b: { currency: string }) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0;
  const affiliates = [...byKey.values()];
  for (const affiliate of affiliates) {
    affiliate.revenue.sort(byCurrency);
    affiliate.commissions.sort(byCurrency);
  }
  affiliates.sort((a, b) => b.sales - a.sales || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    from: params.from,
    to: params.to,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    affiliates,
  };
}
