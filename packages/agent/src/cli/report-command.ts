import { Command, Option } from 'commander';
import { churnReasonLabels } from '../agents/retention/churn-form/churn-reasons.ts';
import { type RetentionFigures, retentionFigures } from '../agents/retention/retention-figures.ts';
import { AGENT_IDS, type AgentId } from '../agents/settings.ts';
import { timeSaved } from '../agents/time-saved.ts';
import type { ActionDefinition } from '../connectors/kit.ts';
import type { Locale } from '../kit/i18n/locale.ts';
import type { Granularity } from '../store/mirror/reports-sql.ts';
import {
  addDays,
  isTimeZone,
  type LocalDate,
  localDateOf,
  startOfLocalDay,
} from '../store/mirror/reports-time.ts';
import type { Store } from '../store/port.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { type CliText, cliText } from './cli-messages.ts';
import { count, money, parseCount, printTable, shortLocalDate } from './cli-output.ts';
import { sellerTimeZone } from './seller-time-zone.ts';
import { withStore } from './with-store.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_DAYS = 30;

interface ScopeOptions {
  connection?: string;
  timeZone?: string;
  json?: boolean;
}

interface PeriodOptions extends ScopeOptions {
  from?: string;
  to?: string;
}

/**
 * `hotpilot report mrr|sales|affiliates|retention|time-saved`: the figures of the local mirror (fill it with
 * `hotpilot sync`) through the same `report_*` actions the MCP tools and the REST API run, the retention agent's
 * figures (recovered and churned MRR, churn reasons) and the agents' time saved — in the seller's time zone, amounts
 * formatted for the reader and never summed across currencies. `--json` prints the action's output (its documented
 * schema), the retention figures or the time-saved report.
 *
 * @example
 * import { Command } from 'commander';
 * import { reportCommand } from './report-command.ts';
 * new Command('hotpilot').addCommand(reportCommand(context));
 */
export function reportCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const report = new Command('report').description(
    'figures from the mirror: MRR, sales, affiliates, retention, time saved',
  );
  const scoped = (command: Command) =>
    command
      .option('--connection <id>', 'one Hotmart connection (default: all)')
      .option(
        '--time-zone <zone>',
        "IANA time zone of the days (default: the seller's, from the agent settings)",
      )
      .option('--json', 'the report as one JSON object');
  const period = (command: Command) =>
    scoped(command)
      .option('--from <date>', `first day, YYYY-MM-DD (default: ${DEFAULT_DAYS} days before --to)`)
      .option('--to <date>', 'last day, YYYY-MM-DD (default: today)');

  scoped(report.command('mrr').description('monthly recurring revenue per currency at the end of a day'))
    .option('--date <date>', 'the day, YYYY-MM-DD (default: today)')
    .action(async (options: ScopeOptions & { date?: string }) => {
      await withStore(context, async (store) => {
        const timeZone = await zoneOf(store, options, t);
        const date = options.date === undefined ? today(timeZone) : checkDate(options.date, '--date', t);
        const { reportMrrAction } = await import('../connectors/report/actions/mrr.ts');
        const result = await runReport(store, reportMrrAction, {
          date,
          timeZone,
          locale: context.locale,
          ...(options.connection ? { connectionId: options.connection } : {}),
        });
        if (options.json) return context.out(JSON.stringify(result, null, 2));
        context.out(t('report.mrrTitle', { date: result.dateLabel, timeZone }));
        if (result.currencies.length === 0) return context.out(t('report.noSubscribers'));
        printTable(
          context.out,
          [t('col.currency'), t('col.mrr'), t('col.subscribers'), t('col.trial')],
          result.currencies.map((line) => [
            line.currency,
            line.mrr.formatted,
            count(line.subscribers, context.locale),
            line.trial.subscribers === 0
              ? '–'
              : `${count(line.trial.subscribers, context.locale)} (${line.trial.mrr.formatted})`,
          ]),
        );
        if (result.unpriced > 0) context.out(t('report.unpriced', { count: result.unpriced }));
      });
    });

  period(report.command('sales').description('sales, refunds and chargebacks per day, week or month'))
    .addOption(
      new Option('--by <granularity>', 'bucket size').choices(['day', 'week', 'month']).default('week'),
    )
    .action(async (options: PeriodOptions & { by: Granularity }) => {
      await withStore(context, async (store) => {
        const timeZone = await zoneOf(store, options, t);
        const { from, to } = periodOf(options, timeZone, t);
        const { reportSalesAction } = await import('../connectors/report/actions/sales.ts');
        const result = await runReport(store, reportSalesAction, {
          from,
          to,
          timeZone,
          locale: context.locale,
          granularity: options.by,
          groupBy: [],
          ...(options.connection ? { connectionId: options.connection } : {}),
        });
        if (options.json) return context.out(JSON.stringify(result, null, 2));
        context.out(t('report.salesTitle', periodText(from, to, timeZone, context)));
        if (result.totals.length === 0) return context.out(t('report.noSales'));
        const figures = (line: (typeof result.totals)[number]) => [
          count(line.sales, context.locale),
          line.gross.formatted,
          `${count(line.refunds, context.locale)} (${line.refundedAmount.formatted})`,
          `${count(line.chargebacks, context.locale)} (${line.chargebackAmount.formatted})`,
          line.net.formatted,
        ];
        const header = [t('col.sales'), t('col.gross'), t('col.refunds'), t('col.chargebacks'), t('col.net')];
        printTable(
          context.out,
          [t('col.period'), t('col.currency'), ...header],
          result.lines.map((line) => [line.bucketLabel, line.currency, ...figures(line)]),
        );
        context.out('');
        printTable(
          context.out,
          [t('col.total'), t('col.currency'), ...header],
          result.totals.map((line) => ['', line.currency, ...figures(line)]),
        );
        if (result.unpriced > 0) context.out(t('report.unpriced', { count: result.unpriced }));
      });
    });

  period(report.command('affiliates').description('sales and commissions per affiliate'))
    .option('--limit <n>', 'how many affiliates (1–1000)', '20')
    .action(async (options: PeriodOptions & { limit: string }) => {
      const limit = parseCount(options.limit, 1, 1000);
      if (limit === null) throw new UsageError(t('usage.limit', { value: options.limit, max: 1000 }));
      await withStore(context, async (store) => {
        const timeZone = await zoneOf(store, options, t);
        const { from, to } = periodOf(options, timeZone, t);
        const { reportAffiliatesAction } = await import('../connectors/report/actions/affiliates.ts');
        const result = await runReport(store, reportAffiliatesAction, {
          from,
          to,
          timeZone,
          locale: context.locale,
          limit,
          ...(options.connection ? { connectionId: options.connection } : {}),
        });
        if (options.json) return context.out(JSON.stringify(result, null, 2));
        context.out(t('report.affiliatesTitle', periodText(from, to, timeZone, context)));
        if (result.affiliates.length === 0) return context.out(t('report.noAffiliates'));
        printTable(
          context.out,
          [t('col.affiliate'), t('col.sales'), t('col.reversed'), t('col.revenue'), t('col.commissions')],
          result.affiliates.map((affiliate) => [
            affiliate.name ?? affiliate.affiliateCode ?? affiliate.key,
            count(affiliate.sales, context.locale),
            count(affiliate.reversed, context.locale),
            affiliate.revenue.map((line) => line.gross.formatted).join(' + ') || '–',
            affiliate.commissions.map((line) => line.amount.formatted).join(' + ') || '–',
          ]),
        );
      });
    });

  period(
    report
      .command('retention')
      .description('recovered and churned MRR per currency, and why subscribers cancelled'),
  ).action(async (options: PeriodOptions) => {
    await withStore(context, async (store) => {
      const timeZone = await zoneOf(store, options, t);
      const { from, to } = periodOf(options, timeZone, t);
      const figures = await retentionFigures(store, {
        from,
        to,
        timeZone,
        ...(options.connection ? { connectionId: options.connection } : {}),
      });
      if (options.json) return context.out(JSON.stringify(retentionJson(figures, context.locale), null, 2));
      context.out(t('report.retentionTitle', periodText(from, to, timeZone, context)));
      if (figures.currencies.length === 0) context.out(t('report.noRetention'));
      else {
        printTable(
          context.out,
          [
            t('col.currency'),
            t('col.recoveredMrr'),
            t('col.charges'),
            t('col.paid'),
            t('col.churnedMrr'),
            t('col.cancellations'),
          ],
          figures.currencies.map((line) => [
            line.currency,
            money({ value: line.recoveredMrr, currency: line.currency }, context.locale),
            count(line.recoveredCharges, context.locale),
            money({ value: line.recoveredAmount, currency: line.currency }, context.locale),
            money({ value: line.churnedMrr, currency: line.currency }, context.locale),
            count(line.cancellations, context.locale),
          ]),
        );
      }
      context.out('');
      if (figures.answers === 0) return context.out(t('report.noChurnReasons'));
      context.out(t('report.churnReasonsTitle', { count: count(figures.answers, context.locale) }));
      printTable(
        context.out,
        [t('col.reason'), t('col.answers'), t('col.share')],
        figures.reasons.map((line) => [
          churnReasonLabels[context.locale][line.reason],
          count(line.count, context.locale),
          percent(line.share, context.locale),
        ]),
      );
    });
  });

  period(report.command('time-saved').description('minutes the agents saved, per agent and ISO week')).action(
    async (options: PeriodOptions) => {
      await withStore(context, async (store) => {
        const timeZone = await zoneOf(store, options, t);
        const { from, to } = periodOf(options, timeZone, t);
        const result = await timeSaved(store, {
          from: startOfLocalDay(from, timeZone),
          to: startOfLocalDay(addDays(to, 1), timeZone),
        });
        if (options.json) return context.out(JSON.stringify(result, null, 2));
        context.out(t('report.timeSavedTitle', periodText(from, to, timeZone, context)));
        if (result.rows.length === 0) return context.out(t('report.noTimeSaved'));
        printTable(
          context.out,
          [t('col.week'), t('col.agent'), t('col.runs'), t('col.minutes')],
          result.rows.map((row) => [
            row.week,
            agentName(row.agent, t),
            count(row.runs, context.locale),
            count(row.minutes, context.locale),
          ]),
        );
        context.out(
          t('report.timeSavedTotal', {
            hours: new Intl.NumberFormat(context.locale, { maximumFractionDigits: 1 }).format(
              result.totalMinutes / 60,
            ),
          }),
        );
      });
    },
  );

  return report;
}

/**
 * Runs a `report_*` action of the report connector, whose reports need no stored connection (like MCP's built-in
 * one) and read the mirror in `store`. Input the action refuses is a usage mistake.
 */
async function runReport<I, O>(
  store: Store,
  action: ActionDefinition<I, O, Record<string, never>>,
  input: unknown,
): Promise<O> {
  const [{ invokeAction }, { reportConnector }, { ActionInputError }] = await Promise.all([
    import('../connectors/invoke.ts'),
    import('../connectors/report/report-connector.ts'),
    import('../connectors/errors.ts'),
  ]);
  try {
    return await invokeAction(action, input, {
      connector: reportConnector,
      connection: {
        id: reportConnector.id,
        kind: reportConnector.id,
        name: reportConnector.title,
        credentials: {},
      },
      services: { store },
    });
  } catch (error) {
    if (error instanceof ActionInputError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The `--json` form of `report retention`: amounts as `{ value, formatted }` and shares as `{ value, formatted }`,
 * like the `report_*` actions' outputs, and each reason with its label in the reader's language.
 */
function retentionJson(figures: RetentionFigures, locale: Locale) {
  const amount = (value: number, currency: string) => ({
    value,
    formatted: money({ value, currency }, locale),
  });
  return {
    from: figures.from,
    to: figures.to,
    timeZone: figures.timeZone,
    connectionId: figures.connectionId,
    currencies: figures.currencies.map((line) => ({
      currency: line.currency,
      recoveredMrr: amount(line.recoveredMrr, line.currency),
      recoveredAmount: amount(line.recoveredAmount, line.currency),
      recoveredCharges: line.recoveredCharges,
      churnedMrr: amount(line.churnedMrr, line.currency),
      cancellations: line.cancellations,
    })),
    answers: figures.answers,
    reasons: figures.reasons.map((line) => ({
      reason: line.reason,
      label: churnReasonLabels[locale][line.reason],
      count: line.count,
      share: { value: line.share, formatted: percent(line.share, locale) },
    })),
  };
}

function percent(share: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

function agentName(id: AgentId, t: CliText): string {
  return AGENT_IDS.includes(id) ? t(`agent.${id}`) : id;
}

async function zoneOf(store: Store, options: ScopeOptions, t: CliText): Promise<string> {
  if (options.timeZone === undefined) return sellerTimeZone(store);
  if (!isTimeZone(options.timeZone)) throw new UsageError(t('usage.timeZone', { value: options.timeZone }));
  return options.timeZone;
}

function today(timeZone: string): LocalDate {
  return localDateOf(Date.now(), timeZone);
}

function checkDate(text: string, flag: string, t: CliText): LocalDate {
  const date = text.trim();
  const parsed = new Date(`${date}T00:00:00Z`);
  if (!DATE.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
    throw new UsageError(t('usage.date', { flag, value: text }));
  }
  return date;
}

function periodOf(options: PeriodOptions, timeZone: string, t: CliText): { from: LocalDate; to: LocalDate } {
  const to = options.to === undefined ? today(timeZone) : checkDate(options.to, '--to', t);
  const from =
    options.from === undefined ? addDays(to, -(DEFAULT_DAYS - 1)) : checkDate(options.from, '--from', t);
  if (to < from) throw new UsageError(t('usage.period', { from, to }));
  return { from, to };
}

function periodText(from: LocalDate, to: LocalDate, timeZone: string, context: CliContext) {
  return { from: shortLocalDate(from, context.locale), to: shortLocalDate(to, context.locale), timeZone };
}
