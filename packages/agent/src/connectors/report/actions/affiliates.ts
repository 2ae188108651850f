import { z } from 'zod';
import { reportAffiliates } from '../../../store/mirror/reports-affiliates.ts';
import {
  Amount,
  amount,
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
    limit: z
      .number()
      .int()
      .min(1)
      .max(1_000)
      .default(100)
      .describe('Most affiliates to return (default 100).'),
  })
  .superRefine(orderedPeriod);

const Output = z.strictObject({
  from: z.string(),
  to: z.string(),
  periodLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  affiliates: z.array(
    z.strictObject({
      key: z.string(),
      ucode: z.string().nullable(),
      affiliateCode: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      sales: z.number().int(),
      reversed: z.number().int(),
      revenue: z.array(z.strictObject({ currency: z.string(), sales: z.number().int(), gross: Amount })),
      commissions: z.array(z.strictObject({ currency: z.string(), amount: Amount })),
    }),
  ),
  omittedAffiliates: z.number().int(),
});

/**
 * `report_affiliates`: affiliate sales and commissions per affiliate over a period.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportAffiliatesAction } from './affiliates.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportAffiliatesAction, { from: '2026-05-01', to: '2026-05-31' }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.affiliates[0]?.name, result.affiliates[0]?.commissions[0]?.amount.formatted);
 */
export const reportAffiliatesAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_affiliates',
  title: 'Affiliate sales',
  description: 'Sales each affiliate brought in over a period and the commissions they earned, per currency.',
  llmHint:
    'Use for "who are our best affiliates?", "how much commission did affiliates earn in May?". Needs `from` and `to` (YYYY-MM-DD, both included, by order date); optional `limit`, `timeZone`, `connectionId`, `locale`. Affiliates come most sales first; `revenue` is per sale currency, `commissions` per payout currency (they may differ) and exclude refunded or charged-back sales (`reversed` counts those). Never add amounts of different currencies.',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_affiliates');
    const report = await runReport('report_affiliates', () =>
      reportAffiliates(run.store, {
        from: input.from,
        to: input.to,
        timeZone: run.timeZone,
        connectionId: run.connectionId,
      }),
    );
    const kept = report.affiliates.slice(0, input.limit);
    return {
      from: report.from,
      to: report.to,
      periodLabel: periodLabel(report.from, report.to, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      affiliates: kept.map((affiliate) => ({
        ...affiliate,
        revenue: affiliate.revenue.map((r) => ({
          currency: r.currency,
          sales: r.sales,
          gross: amount(r.gross, r.currency, run.locale),
        })),
        commissions: affiliate.commissions.map((c) => ({
          currency: c.currency,
          amount: amount(c.amount, c.currency, run.locale),
        })),
      })),
      omittedAffiliates: report.affiliates.length - kept.length,
    };
  },
});
