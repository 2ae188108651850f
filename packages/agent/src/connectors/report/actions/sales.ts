import { z } from 'zod';
import type { Locale } from '../../../kit/i18n/locale.ts';
import { reportSales, type SalesFigures } from '../../../store/mirror/reports-sales.ts';
import {
  Amount,
  amount,
  dateLabel,
  defineReportAction,
  localDateInput,
  orderedPeriod,
  periodLabel,
  reportRun,
  reportScopeInput,
  runReport,
} from '../report-action.ts';

const Input = z
  .strictObject({
    ...reportScopeInput,
    from: localDateInput.describe('YYYY-MM-DD: first day (included), by order date.'),
    to: localDateInput.describe('YYYY-MM-DD: last day (included).'),
    granularity: z
      .enum(['day', 'week', 'month'])
      .default('day')
      .describe('Bucket size: local days, weeks starting Monday, or calendar months (default day).'),
    groupBy: z
      .array(z.enum(['product', 'paymentType']))
      .max(2)
      .default(['product', 'paymentType'])
      .describe(
        'Break buckets down by product and/or payment type; [] for one line per bucket and currency.',
      ),
    productId: z.string().min(1).max(100).optional().describe('Only this Hotmart product id.'),
    paymentType: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Only this payment type (CREDIT_CARD, PIX, BILLET, PAYPAL…).'),
    maxLines: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(500)
      .describe('Most lines to return (default 500); totals always cover everything.'),
  })
  .superRefine(orderedPeriod);

const figures = {
  currency: z.string(),
  sales: z.number().int(),
  gross: Amount,
  refunds: z.number().int(),
  refundedAmount: Amount,
  chargebacks: z.number().int(),
  chargebackAmount: Amount,
  net: Amount,
};
const Output = z.strictObject({
  from: z.string(),
  to: z.string(),
  periodLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  granularity: z.enum(['day', 'week', 'month']),
  groupBy: z.array(z.enum(['product', 'paymentType'])),
  lines: z.array(
    z.strictObject({
      bucket: z.string(),
      bucketLabel: z.string(),
      productId: z.string().nullable(),
      productName: z.string().nullable(),
      paymentType: z.string().nullable(),
      ...figures,
    }),
  ),
  omittedLines: z.number().int(),
  totals: z.array(z.strictObject(figures)),
  unpriced: z.number().int(),
});

function money(f: SalesFigures, locale: Locale) {
  return {
    currency: f.currency,
    sales: f.sales,
    gross: amount(f.gross, f.currency, locale),
    refunds: f.refunds,
    refundedAmount: amount(f.refundedAmount, f.currency, locale),
    chargebacks: f.chargebacks,
    chargebackAmount: amount(f.chargebackAmount, f.currency, locale),
    net: amount(f.net, f.currency, locale),
  };
}

/**
 * `report_sales`: sales, refunds and chargebacks per day, week or month (in the seller's time zone), product and
 * payment type — counts and amounts per currency.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportSalesAction } from './sales.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportSalesAction, { from: '2026-05-01', to: '2026-05-31', granularity: 'week', groupBy: [] }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.totals.map((t) => t.net.formatted));
 */
export const reportSalesAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_sales',
  title: 'Sales',
  description:
    'Sales, refunds and chargebacks by day, week or month in your time zone, by product and payment type: counts and amounts per currency.',
  llmHint:
    'Use for "how much did we sell last week?", "refunds by product in May", "PIX vs card". Needs `from` and `to` (YYYY-MM-DD, both included, by order date); optional `granularity` (day|week|month), `groupBy` (["product","paymentType"] by default; [] for a compact overview), `productId`, `paymentType`, `timeZone`, `connectionId`, `locale`, `maxLines`. `sales` counts paid sales (including those later refunded or charged back); `refunds`/`chargebacks` are the subset reversed, `net` = gross − refunded − charged back. `totals` gives one line per currency for the whole period — never add amounts of different currencies. For long periods prefer week/month and groupBy [] to keep the answer short.',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_sales');
    const report = await runReport('report_sales', () =>
      reportSales(run.store, {
        from: input.from,
        to: input.to,
        timeZone: run.timeZone,
        connectionId: run.connectionId,
        granularity: input.granularity,
        groupBy: input.groupBy,
        productId: input.productId ?? null,
        paymentType: input.paymentType ?? null,
      }),
    );
    const kept = report.lines.slice(0, input.maxLines);
    return {
      from: report.from,
      to: report.to,
      periodLabel: periodLabel(report.from, report.to, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      granularity: report.granularity,
      groupBy: report.groupBy,
      lines: kept.map((line) => ({
        bucket: line.bucket,
        bucketLabel: dateLabel(line.bucket, run.timeZone, run.locale),
        productId: line.productId,
        productName: line.productName,
        paymentType: line.paymentType,
        ...money(line, run.locale),
      })),
      omittedLines: report.lines.length - kept.length,
      totals: report.totals.map((total) => money(total, run.locale)),
      unpriced: report.unpriced,
    };
  },
});
