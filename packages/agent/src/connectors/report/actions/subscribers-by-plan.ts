import { z } from 'zod';
import { reportSubscribersByPlan } from '../../../store/mirror/reports-subscribers-by-plan.ts';
import {
  dateLabel,
  defineReportAction,
  localDateInput,
  reportRun,
  reportScopeInput,
  runReport,
} from '../report-action.ts';

const Input = z.strictObject({
  ...reportScopeInput,
  date: localDateInput.optional().describe('YYYY-MM-DD: count at the end of this day (default: today).'),
  compareTo: localDateInput
    .optional()
    .describe('YYYY-MM-DD: also count at the end of this day and give the change.'),
});

const Count = z.strictObject({ subscribers: z.number().int(), trials: z.number().int() });
const Output = z.strictObject({
  date: z.string(),
  dateLabel: z.string(),
  compareTo: z.string().nullable(),
  compareToLabel: z.string().nullable(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  plans: z.array(
    z.strictObject({
      productId: z.string().nullable(),
      productName: z.string().nullable(),
      planId: z.string().nullable(),
      planName: z.string().nullable(),
      subscribers: z.number().int(),
      trials: z.number().int(),
      previous: Count.nullable(),
      change: z.number().int().nullable(),
    }),
  ),
  totals: z.strictObject({
    subscribers: z.number().int(),
    trials: z.number().int(),
    previous: Count.nullable(),
    change: z.number().int().nullable(),
  }),
});

/**
 * `report_subscribers_by_plan`: paying and trial subscribers per product and plan at a date, optionally compared
 * with another date.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportSubscribersByPlanAction } from './subscribers-by-plan.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportSubscribersByPlanAction, { compareTo: '2026-04-30' }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.totals.change);
 */
export const reportSubscribersByPlanAction = defineReportAction<
  z.output<typeof Input>,
  z.infer<typeof Output>
>({
  id: 'report_subscribers_by_plan',
  title: 'Subscribers by plan',
  description:
    'Paying subscribers and free trials per product and plan at the end of a day, optionally next to another date with the change.',
  llmHint:
    'Use for "how many subscribers does each plan have?" or "which plan grew since last month?". Optional `date` (default today) and `compareTo` (YYYY-MM-DD), `timeZone`, `connectionId`. Plans are sorted by paying subscribers; `trials` are not in `subscribers`; `change` = subscribers − previous subscribers. DELAYED/OVERDUE subscriptions still count (Hotmart is retrying their charge).',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_subscribers_by_plan');
    const date = input.date ?? run.today;
    const report = await runReport('report_subscribers_by_plan', () =>
      reportSubscribersByPlan(run.store, {
        date,
        compareTo: input.compareTo ?? null,
        timeZone: run.timeZone,
        connectionId: run.connectionId,
      }),
    );
    return {
      date: report.date,
      dateLabel: dateLabel(report.date, run.timeZone, run.locale),
      compareTo: report.compareTo,
      compareToLabel:
        report.compareTo === null ? null : dateLabel(report.compareTo, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      plans: report.plans,
      totals: report.totals,
    };
  },
});
