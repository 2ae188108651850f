import { z } from 'zod';
import { reportChurnRate } from '../../../store/mirror/reports-churn.ts';
import {
  defineReportAction,
  localDateInput,
  orderedPeriod,
  periodLabel,
  Rate,
  rate,
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

const Output = z.strictObject({
  from: z.string(),
  to: z.string(),
  periodLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  days: z.number().int(),
  activeAtStart: z.number().int(),
  cancelled: z.number().int(),
  rate: Rate.nullable(),
  monthlyRate: Rate.nullable(),
  byStatus: z.array(z.strictObject({ status: z.string(), count: z.number().int() })),
});

/**
 * `report_churn`: subscriber churn over a period — of those paying at its start, the share that ended by its end.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportChurnAction } from './churn.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportChurnAction, { from: '2026-05-01', to: '2026-05-31', locale: 'es' }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.rate?.formatted);
 */
export const reportChurnAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_churn',
  title: 'Churn rate',
  description:
    'Subscriber churn over a period: subscriptions that ended in it divided by the paying subscribers at its start, also as a 30-day rate.',
  llmHint:
    'Use for "what is our churn?" or "how many subscribers cancelled in May?". Needs `from` and `to` (YYYY-MM-DD, both included); optional `timeZone`, `connectionId`, `locale`. `rate` = cancelled ÷ activeAtStart (free trials excluded; subscribers who joined during the period are not counted), `monthlyRate` compounds it to 30 days; both null when nobody was paying at the start. `byStatus` splits the cancellations (CANCELLED_BY_CUSTOMER, CANCELLED_BY_SELLER, CANCELLED_BY_ADMIN, INACTIVE…).',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_churn');
    const report = await runReport('report_churn', () =>
      reportChurnRate(run.store, {
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
      days: report.days,
      activeAtStart: report.activeAtStart,
      cancelled: report.cancelled,
      rate: rate(report.rate, run.locale),
      monthlyRate: rate(report.monthlyRate, run.locale),
      byStatus: report.byStatus,
    };
  },
});
