import { NonRetriableError } from '../../engine/errors.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { isStoreError } from '../../store/errors.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { previousIsoWeek } from './previous-week.ts';
import { type WeeklyFigures, weeklyFigures } from './weekly-figures.ts';
import { type FinanceTab, financeRows, financeSummary } from './weekly-report.ts';

/**
 * What a weekly run returns.
 *
 * @example
 * import type { WeeklyOutput } from './weekly-workflow.ts';
 * const rowsWritten = (output: WeeklyOutput) => Object.values(output.appended).reduce((n, x) => n + (x ?? 0), 0);
 */
export interface WeeklyOutput {
  week: string;
  from: string;
  to: string;
  figures: WeeklyFigures;
  /** Rows appended per tab (0 when the week's rows were there already); null when no sheet is set. */
  appended: Record<FinanceTab, number> | null;
  slackTs: string | null;
}

const TABS: readonly FinanceTab[] = ['sales', 'mrr', 'affiliates'];

/**
 * The finance agent's workflow `finance.weekly` (cron `finance.schedule`, default Monday 07:00, in the settings'
 * time zone): for the previous ISO week it reads the figures from the local mirror (`weeklyFigures`: sales,
 * refunds and chargebacks per currency; the MRR movement; affiliate sales and commissions), appends one row per
 * currency to each finance tab — `salesSheet`, `mrrSheet`, `affiliatesSheet`, keyed by `week|currency`, so a second
 * run of the week adds nothing — and posts a summary to Slack with money formatted in the seller's language.
 * `hotmartConnectionId` picks the connection reported; empty, every connection is reported together. The mirror
 * must be kept current (the sync and the webhooks do it); an unmigrated mirror stops the run.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { weeklyWorkflow } from './weekly-workflow.ts';
 * weeklyWorkflow(parseAgentSettings({ finance: { enabled: true } })).cron; // { pattern: '0 7 * * 1', timeZone: 'America/Sao_Paulo' }
 */
export function weeklyWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'finance.weekly',
      description:
        'Weekly: the previous ISO week’s sales, MRR movement and affiliate figures → sheet and Slack.',
      on: { cron: startup.finance.schedule, timeZone: startup.timeZone },
      retries: 5,
      timeout: '5m',
    },
    async ({ step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const finance = settings.finance;
      if (!finance.enabled) return skippedRun('agent disabled');
      const { locale, timeZone } = settings;
      const week = previousIsoWeek(run.slot ?? context.now(), timeZone);

      const figures = await step.run('figures', async () => {
        try {
          return await weeklyFigures(context.store, {
            ...week,
            timeZone,
            connectionId: finance.hotmartConnectionId,
          });
        } catch (error) {
          // A mirror that was never migrated, or a time zone the database can't use, won't fix itself.
          if (isStoreError(error, 'schema', 'invalid')) {
            throw new NonRetriableError(`the finance figures can't be read: ${error.message}`, {
              code: 'FINANCE_MIRROR_UNUSABLE',
              cause: error,
            });
          }
          throw error;
        }
      });

      let appended: WeeklyOutput['appended'] = null;
      if (finance.googleSheetsConnectionId !== null) {
        const spreadsheet = finance.spreadsheetId === null ? {} : { spreadsheetId: finance.spreadsheetId };
        const tabs = financeRows(figures, week, locale);
        const titles: Record<FinanceTab, string> = {
          sales: finance.salesSheet,
          mrr: finance.mrrSheet,
          affiliates: finance.affiliatesSheet,
        };
        appended = { sales: 0, mrr: 0, affiliates: 0 };
        for (const tab of TABS) {
          const { headers, rows } = tabs[tab];
          if (rows.length === 0) continue;
          await callAction(
            ctx,
            step,
            `sheet-tab:${tab}`,
            'google_sheets_ensure_tab',
            { ...spreadsheet, title: titles[tab], headers },
            finance.googleSheetsConnectionId,
          );
          const result = await callAction<{ appended: number }>(
            ctx,
            step,
            `sheet-rows:${tab}`,
            'google_sheets_append_unique',
            { ...spreadsheet, sheet: titles[tab], keyColumn: 'A', rows, valueInputOption: 'RAW' },
            finance.googleSheetsConnectionId,
          );
          appended[tab] = result.appended;
        }
      }

      let slackTs: string | null = null;
      if (finance.slackConnectionId !== null && finance.slackChannel !== null) {
        const posted = await callAction<{ ts: string }>(
          ctx,
          step,
          'slack-summary',
          'slack_post_message',
          { channel: finance.slackChannel, text: financeSummary(figures, week, locale) },
          finance.slackConnectionId,
        );
        slackTs = posted.ts;
      }
      const output: WeeklyOutput = { ...week, figures, appended, slackTs };
      return output;
    },
  );
}
