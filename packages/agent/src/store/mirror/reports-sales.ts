import { StoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { checkScope, connectionFilter, type ReportScope } from './reports-scope.ts';
import {
  bucketSql,
  centsSql,
  createParams,
  type Granularity,
  localDateSql,
  num,
  readMirror,
  sumSql,
  text,
} from './reports-sql.ts';
import {
  CHARGEBACK_SALE_STATUSES,
  PAID_SALE_STATUSES,
  REFUNDED_SALE_STATUSES,
  sqlList,
} from './reports-statuses.ts';
import { type LocalDate, localPeriod } from './reports-time.ts';

/**
 * What sales can be broken down by besides the date bucket and the currency.
 *
 * @example
 * import type { SalesDimension } from './reports-sales.ts';
 * const dimension: SalesDimension = 'paymentType';
 */
export type SalesDimension = 'product' | 'paymentType';

/**
 * Params of `reportSales`.
 *
 * @example
 * import type { SalesParams } from './reports-sales.ts';
 * const params: SalesParams = { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo', granularity: 'week' };
 */
export interface SalesParams extends ReportScope {
  from: LocalDate;
  to: LocalDate;
  /** Bucket size (default `day`): local days, weeks starting on Monday, or calendar months. */
  granularity?: Granularity | undefined;
  /** Break the buckets down by product and/or payment type (default: both). `[]` gives one line per bucket and currency. */
  groupBy?: readonly SalesDimension[] | undefined;
  /** Only this Hotmart product id. */
  productId?: string | null | undefined;
  /** Only this payment type (reference §5.3: CREDIT_CARD, PIX, BILLET…). */
  paymentType?: string | null | undefined;
}

/**
 * Counts and amounts of one line (or one currency's total). Amounts are in `currency`, in major units.
 *
 * @example
 * import type { SalesFigures } from './reports-sales.ts';
 * const refundShare = (f: SalesFigures) => (f.gross === 0 ? 0 : f.refundedAmount / f.gross);
 */
export interface SalesFigures {
  currency: string;
  /** Paid sales (APPROVED, COMPLETE, and those later disputed, refunded or charged back). */
  sales: number;
  /** What those sales charged. */
  gross: number;
  /** Of those sales, how many were refunded (fully or partly). */
  refunds: number;
  /** Their prices (the mirror keeps no partial-refund amount, so a partial refund counts its full price). */
  refundedAmount: number;
  /** Of those sales, how many were charged back. */
  chargebacks: number;
  chargebackAmount: number;
  /** `gross − refundedAmount − chargebackAmount`. */
  net: number;
}

/**
 * One line: a date bucket, optionally a product and a payment type, one currency.
 *
 * @example
 * import type { SalesLine } from './reports-sales.ts';
 * const label = (line: SalesLine) => `${line.bucket} ${line.productName ?? ''} ${line.currency}`;
 */
export interface SalesLine extends SalesFigures {
  /** First local day of the bucket, `YYYY-MM-DD`. */
  bucket: LocalDate;
  /** Null when not grouped by product. */
  productId: string | null;
  productName: string | null;
  /** Null when not grouped by payment type. */
  paymentType: string | null;
}

/**
 * What `reportSales` returns.
 *
 * @example
 * import type { SalesReport } from './reports-sales.ts';
 * const brl = (report: SalesReport) => report.totals.find((t) => t.currency === 'BRL');
 */
export interface SalesReport {
  from: LocalDate;
  to: LocalDate;
  timeZone: string;
  connectionId: string | null;
  granularity: Granularity;
  groupBy: SalesDimension[];
  /** Sorted by bucket, product id, payment type and currency. Buckets without sales are absent. */
  lines: SalesLine[];
  /** One entry per currency over the whole period, sorted by currency code. */
  totals: SalesFigures[];
  /** Paid sales in the period left out because their price or currency is unknown. */
  unpriced: number;
}

const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month'];
const DIMENSIONS: readonly SalesDimension[] = ['product', 'paymentType'];

/**
 * Sales, refunds and chargebacks per date bucket (local days, weeks or months in the time zone), product and
 * payment type: counts and amounts per currency, never summed across currencies. A sale belongs to the bucket of
 * its order date (`order_date`, the date Hotmart's sales history filters on); its refund or chargeback is counted
 * in that same bucket, because the mirror keeps the sale's current status, not the date it changed.
 *
 * @example
 * import { reportSales } from './reports-sales.ts';
 * import type { Store } from '../port.ts';
 * declare const store: Store;
 * const report = await reportSales(store, { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo', granularity: 'week' });
 * for (const total of report.totals) console.log(total.currency, total.sales, total.gross, total.net);
 */
export async function reportSales(store: Store, params: SalesParams): Promise<SalesReport> {
  const scope = checkScope(params);
  const { start, end } = localPeriod(params.from, params.to, scope.timeZone);
  const granularity = params.granularity ?? 'day';
  if (!GRANULARITIES.includes(granularity)) {
    throw new StoreError('invalid', `granularity must be one of ${GRANULARITIES.join(', ')}`);
  }
  const groupBy = [...new Set(params.groupBy ?? DIMENSIONS)];
  if (groupBy.some((dimension) => !DIMENSIONS.includes(dimension))) {
    throw new StoreError('invalid', `groupBy may hold ${DIMENSIONS.join(' and ')}`);
  }
  const byProduct = groupBy.includes('product');
  const byPaymentType = groupBy.includes('paymentType');
  const productId = optionalText(params.productId, 'productId');
  const paymentType = optionalText(params.paymentType, 'paymentType');

  const [rows = [], unpricedRows = []] = await readMirror(store, (dialect) => {
    const filters = (alias: string, bind: (value: unknown) => string) =>
      `${alias}.order_date >= ${bind(start)} AND ${alias}.order_date < ${bind(end)}
        AND ${alias}.status IN (${sqlList(PAID_SALE_STATUSES)})${connectionFilter(alias, scope.connectionId, bind)}${
          productId === null ? '' : ` AND ${alias}.product_id = ${bind(productId)}`
        }${paymentType === null ? '' : ` AND ${alias}.payment_type = ${bind(paymentType)}`}`;
    const when = (statuses: readonly string[], then: string) =>
      `CASE WHEN x.status IN (${sqlList(statuses)}) THEN ${then} ELSE 0 END`;
    const p = createParams();
    // The local date is computed once per sale in the inner query; the outer one turns it into its bucket.
    const inner = `SELECT s.connection_id, s.product_id, s.product_name, s.payment_type, s.currency, s.status,
        ${centsSql(dialect, 's.price')} AS cents,
        ${localDateSql(dialect, 's.order_date', p.bind(scope.timeZone))} AS local_date
      FROM mirror_sales s
      WHERE ${filters('s', p.bind)} AND s.price IS NOT NULL AND s.currency IS NOT NULL`;
    const keys = [
      bucketSql(dialect, granularity, 'x.local_date'),
      ...(byProduct ? ['x.product_id'] : []),
      ...(byPaymentType ? ['x.payment_type'] : []),
      'x.currency',
    ];
    const sql = `SELECT ${keys[0]} AS bucket, ${byProduct ? 'x.product_id' : 'NULL'} AS product_id,
        ${byPaymentType ? 'x.payment_type' : 'NULL'} AS payment_type, x.currency,
        ${byProduct ? 'MAX(COALESCE(pr.name, x.product_name))' : 'NULL'} AS product_name,
        COUNT(*) AS sales, ${sumSql(dialect, 'x.cents')} AS gross,
        SUM(${when(REFUNDED_SALE_STATUSES, '1')}) AS refunds,
        ${sumSql(dialect, when(REFUNDED_SALE_STATUSES, 'x.cents'))} AS refunded,
        SUM(${when(CHARGEBACK_SALE_STATUSES, '1')}) AS chargebacks,
        ${sumSql(dialect, when(CHARGEBACK_SALE_STATUSES, 'x.cents'))} AS charged_back
      FROM (${inner}) x
      LEFT JOIN mirror_products pr ON pr.connection_id = x.connection_id AND pr.product_id = x.product_id
      GROUP BY ${keys.join(', ')}`;
    const q = createParams();
    const unpriced = `SELECT COUNT(*) AS n FROM mirror_sales u
      WHERE ${filters('u', q.bind)} AND (u.price IS NULL OR u.currency IS NULL)`;
    return [
      { sql, params: p.values },
      { sql: unpriced, params: q.values },
    ];
  });

  const lines: SalesLine[] = rows.map((row) => ({
    bucket: text(row, 'bucket') ?? '',
    productId: text(row, 'product_id'),
    productName: text(row, 'product_name'),
    paymentType: text(row, 'payment_type'),
    ...figures(text(row, 'currency') ?? '', {
      sales: num(row, 'sales'),
      gross: num(row, 'gross'),
      refunds: num(row, 'refunds'),
      refunded: num(row, 'refunded'),
      chargebacks: num(row, 'chargebacks'),
      chargedBack: num(row, 'charged_back'),
    }),
  }));
  lines.sort(
    (a, b) =>
      compare(a.bucket, b.bucket) ||
      compare(a.productId, b.productId) ||
      compare(a.paymentType, b.paymentType) ||
      compare(a.currency, b.currency),
  );

  const totals = new Map<string, Counts>();
  for (const row of rows) {
    const currency = text(row, 'currency') ?? '';
    const total = totals.get(currency) ?? {
      sales: 0,
      gross: 0,
      refunds: 0,
      refunded: 0,
      chargebacks: 0,
      chargedBack: 0,
    };
    total.sales += num(row, 'sales');
    total.gross += num(row, 'gross');
    total.refunds += num(row, 'refunds');
    total.refunded += num(row, 'refunded');
    total.chargebacks += num(row, 'chargebacks');
    total.chargedBack += num(row, 'charged_back');
    totals.set(currency, total);
  }

  return {
    from: params.from,
    to: params.to,
    timeZone: scope.timeZone,
    connectionId: scope.connectionId,
    granularity,
    groupBy,
    lines,
    totals: [...totals.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([currency, counts]) => figures(currency, counts)),
    unpriced: num(unpricedRows[0] ?? {}, 'n'),
  };
}

/** Counts and amounts in integer cents, as the statement returns them. */
interface Counts {
  sales: number;
  gross: number;
  refunds: number;
  refunded: number;
  chargebacks: number;
  chargedBack: number;
}

function figures(currency: string, counts: Counts): SalesFigures {
  return {
    currency,
    sales: counts.sales,
    gross: counts.gross / 100,
    refunds: counts.refunds,
    refundedAmount: counts.refunded / 100,
    chargebacks: counts.chargebacks,
    chargebackAmount: counts.chargedBack / 100,
    net: (counts.gross - counts.refunded - counts.chargedBack) / 100,
  };
}

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > 100) {
    throw new StoreError('invalid', `${field} must be a non-empty string of at most 100 characters`);
  }
  return value;
}

function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
