import { z } from 'zod';
import { reportArpuLtv } from '../../../store/mirror/reports-arpu-ltv.ts';
import { addDays } from '../../../store/mirror/reports-time.ts';
import {
  Amount,
  amount,
  defineReportAction,
  localDateInput,
  periodLabel,
  Rate,
  rate,
  reportRun,
  reportScopeInput,
  runReport,
} from '../report-action.ts';

const Input = z.strictObject({
  ...reportScopeInput,
  date: localDateInput.optional().describe('YYYY-MM-DD: ARPU at the end of this day (default: today).'),
  churnWindowDays: z
    .number()
    .int()
    .min(7)
    .max(3660)
    .default(90)
    .describe('Days, ending on `date`, over which churn is measured for LTV (default 90).'),
});

const Output = z.strictObject({
  from: z.string(),
  to: z.string(),
  periodLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  days: z.number().int(),
  currencies: z.array(
    z.strictObject({
      currency: z.string(),
      subscribers: z.number().int(),
      mrr: Amount,
      arpu: Amount.nullable(),
      activeAtStart: z.number().int(),
      cancelled: z.number().int(),
      churnRate: Rate.nullable(),
      monthlyChurnRate: Rate.nullable(),
      ltv: Amount.nullable(),
      ltvGap: z.enum(['no_subscribers', 'no_history', 'no_churn']).nullable(),
    }),
  ),
});

/**
 * `report_arpu_ltv`: ARPU and LTV per currency — MRR per paying subscriber, and that divided by the monthly churn.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportArpuLtvAction } from './arpu-ltv.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportArpuLtvAction, { churnWindowDays: 180 }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.currencies[0]?.ltv?.formatted ?? result.currencies[0]?.ltvGap);
 */
export const reportArpuLtvAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_arpu_ltv',
  title: 'ARPU and LTV',
  description:
    'Average monthly revenue per paying subscriber and lifetime value (ARPU ÷ monthly churn) per currency.',
  llmHint:
    'Use for "what is a subscriber worth?", "what is our ARPU/LTV?". Optional `date` (default today), `churnWindowDays` (default 90: churn measured over the days ending on `date`), `timeZone`, `connectionId`, `locale`. Per currency: `arpu` = MRR ÷ paying subscribers; `ltv` = arpu ÷ monthly churn rate. `ltv` is null when `ltvGap` says why: `no_churn` (nobody cancelled in the window, so lifetime is unbounded — try a longer window), `no_history` (nobody was paying at the window’s start), `no_subscribers`.',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_arpu_ltv');
    const to = input.date ?? run.today;
    const from = addDays(to, 1 - input.churnWindowDays);
    const report = await runReport('report_arpu_ltv', () =>
      reportArpuLtv(run.store, { from, to, timeZone: run.timeZone, connectionId: run.connectionId }),
    );
    return {
      from: report.from,
      to: report.to,
      periodLabel: periodLabel(report.from, report.to, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      days: report.days,
      currencies: report.currencies.map((c) => ({
        currency: c.currency,
        subscribers: c.subscribers,
        mrr: amount(c.mrr, c.currency, run.locale),
        arpu: c.arpu === null ? null : amount(c.arpu, c.currency, run.locale),
        activeAtStart: c.activeAtStart,
        cancelled: c.cancelled,
        churnRate: rate(c.churnRate, run.locale),
        monthlyChurnRate: rate(c.monthlyChurnRate, run.locale),
        ltv: c.ltv === null ? null : amount(c.ltv, c.currency, run.locale),
        ltvGap: c.ltvGap,
      })),
    };
  },
});
