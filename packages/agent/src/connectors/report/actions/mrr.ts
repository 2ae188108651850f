import { z } from 'zod';
import { reportMrr } from '../../../store/mirror/reports-mrr.ts';
import {
  Amount,
  amount,
  dateLabel,
  defineReportAction,
  localDateInput,
  reportRun,
  reportScopeInput,
  runReport,
} from '../report-action.ts';

const Input = z.strictObject({
  ...reportScopeInput,
  date: localDateInput.optional().describe('YYYY-MM-DD: MRR at the end of this day (default: today).'),
});

const Output = z.strictObject({
  date: z.string(),
  dateLabel: z.string(),
  timeZone: z.string(),
  connectionId: z.string().nullable(),
  currencies: z.array(
    z.strictObject({
      currency: z.string(),
      mrr: Amount,
      subscribers: z.number().int(),
      trial: z.strictObject({ subscribers: z.number().int(), mrr: Amount }),
    }),
  ),
  unpriced: z.number().int(),
});

/**
 * `report_mrr`: monthly recurring revenue per currency at the end of a date, from the local mirror.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { reportConnector } from '../report-connector.ts';
 * import { reportMrrAction } from './mrr.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(reportMrrAction, { date: '2026-05-31', timeZone: 'America/Sao_Paulo', locale: 'pt-BR' }, {
 *   connector: reportConnector, connection: { id: 'reports', kind: 'report', credentials: {} }, services: { store },
 * });
 * console.log(result.currencies[0]?.mrr.formatted); // 'R$ 12.450,50'
 */
export const reportMrrAction = defineReportAction<z.output<typeof Input>, z.infer<typeof Output>>({
  id: 'report_mrr',
  title: 'MRR',
  description:
    'Monthly recurring revenue per currency at the end of a day: each paying subscription’s price normalised to 30 days. Trials are reported apart.',
  llmHint:
    'Use for "what is our MRR?" or "how many paying subscribers do we have?". Optional `date` (YYYY-MM-DD, default today), `timeZone` (IANA, e.g. America/Sao_Paulo), `connectionId` (one Hotmart account; omit for all) and `locale` (pt-BR, es, en) for the `formatted` strings. Returns one entry per currency — never add amounts of different currencies — with `mrr`, paying `subscribers`, and `trial` (subscriptions in a free trial and the MRR they would add; not included in `mrr`). `unpriced` counts subscriptions whose price is unknown. Reads hotpilot’s local mirror, no Hotmart API calls.',
  input: Input,
  output: Output,
  async run(ctx, input) {
    const run = reportRun(ctx, input, 'report_mrr');
    const date = input.date ?? run.today;
    const report = await runReport('report_mrr', () =>
      reportMrr(run.store, { date, timeZone: run.timeZone, connectionId: run.connectionId }),
    );
    return {
      date: report.date,
      dateLabel: dateLabel(report.date, run.timeZone, run.locale),
      timeZone: report.timeZone,
      connectionId: report.connectionId,
      currencies: report.currencies.map((c) => ({
        currency: c.currency,
        mrr: amount(c.mrr, c.currency, run.locale),
        subscribers: c.subscribers,
        trial: { subscribers: c.trial.subscribers, mrr: amount(c.trial.mrr, c.currency, run.locale) },
      })),
      unpriced: report.unpriced,
    };
  },
});
