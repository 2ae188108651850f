import { z } from 'zod';
import { reportMrrMovement } from '../../../store/mirror/reports-mrr-movement.ts';
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
    from: localDateInput.describe('YYYY-MM-DD: first day of the period (included).'),
    to: localDateInput.describe('YYYY-MM-DD: last day of the period (included).'),
  })
  .superRefine(orderedPeriod);

const count = z.number().int();
const Output = z.strictObject({
  from: z.string(),
  to: z.string(),
  periodLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  currencies: z.array(
    z.strictObject({
      currency: z.string(),
      opening: Amount,
      new: Amount,
      expansion: Amount,
      contraction: Amount,
      churn: Amount,
      reactivation: Amount,
      closing: Amount,
      movements: z.strictObject({
        new: count,
        expansion: count,
        contraction: count,
        churn: count,
        reactivation: count,
      }),
    }),
  ),
});

/**
 * `report_mrr_movement`: the MRR bridge of a period per currency — opening, new, expansion, contraction, churn,
 * reactivation, closing.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportMrrMovementAction } from './mrr-movement.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportMrrMovementAction, { from: '2026-05-01', to: '2026-05-31' }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.currencies[0]?.churn.formatted);
 */
export const reportMrrMovementAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_mrr_movement',
  title: 'MRR movement',
  description:
    'How MRR changed over a period, per currency: opening MRR, new, expansion, contraction, churned and reactivated MRR, and closing MRR.',
  llmHint:
    'Use for "why did MRR change this month?", "how much MRR did we lose to cancellations?". Needs `from` and `to` (YYYY-MM-DD, both included); optional `timeZone`, `connectionId`, `locale`. Per currency: opening + new + expansion − contraction − churn + reactivation = closing (contraction and churn are positive losses), with the number of movements of each kind. Never add amounts of different currencies.',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_mrr_movement');
    const report = await runReport('report_mrr_movement', () =>
      reportMrrMovement(run.store, {
        from: input.from,
        to: input.to,
        timeZone: run.timeZone,
        connectionId: run.connectionId,
      }),
    );
    return {
      from: report.from,
      to: report.to,
      periodLabel: periodLabel(report.from, report.to, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      currencies: report.currencies.map((c) => {
        const money = (value: number) => amount(value, c.currency, run.locale);
        return {
          currency: c.currency,
          opening: money(c.opening),
          new: money(c.new),
          expansion: money(c.expansion),
          contraction: money(c.contraction),
          churn: money(c.churn),
          reactivation: money(c.reactivation),
          closing: money(c.closing),
          movements: c.movements,
        };
      }),
    };
  },
});
