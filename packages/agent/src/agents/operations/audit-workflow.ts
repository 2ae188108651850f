import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { auditRows, auditSummary } from './audit-report.ts';
import { type AuditSnapshot, readSnapshot, snapshotKey } from './audit-snapshot.ts';
import { operationsSettingsOf } from './operations-settings.ts';
import { readCatalogue } from './read-catalogue.ts';
import { readMembersAreas } from './read-members-areas.ts';
import { readSubscribers } from './read-subscribers.ts';
import { type Discrepancy, diffSnapshots } from './snapshot-diff.ts';

/**
 * What an audit run returns.
 *
 * @example
 * import type { AuditOutput } from './audit-workflow.ts';
 * const kinds = (output: AuditOutput) => output.discrepancies.map((d) => d.kind);
 */
export interface AuditOutput {
  connectionId: string;
  at: string;
  /** True for the first audit of the connection (nothing to compare with). */
  baseline: boolean;
  discrepancies: Discrepancy[];
  /** Rows appended to the discrepancy sheet; null when no sheet is set. */
  appended: number | null;
  slackTs: string | null;
}

/**
 * The operations agent's workflow `operations.audit` (cron `operations.schedule`, in the settings' time zone). It
 * reads what the API shows now — the catalogue (products and their offers), the live subscribers per plan and the
 * overdue charges, the structure of the members areas, each part as its setting turns it on — and compares it with
 * the snapshot the previous audit left in the state KV (`operations:snapshot:<connection>`, see `diffSnapshots`).
 * The discrepancies go to the sheet, one row per discrepancy (keyed, so a replay adds none), and to Slack; then the
 * new snapshot replaces the old. The previous snapshot is read in a memoized step, so a retried run compares with
 * the same one. The first audit records the baseline and reports only overdue charges.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { auditWorkflow } from './audit-workflow.ts';
 * auditWorkflow(parseAgentSettings({ operations: { enabled: true } })).cron; // { pattern: '0 8 * * *', timeZone: 'America/Sao_Paulo' }
 */
export function auditWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'operations.audit',
      description: 'Catalogue, subscribers and members-area audit against the last one → sheet and Slack.',
      on: { cron: startup.operations.schedule, timeZone: startup.timeZone },
      retries: 3,
      timeout: '15m',
    },
    async ({ step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const ops = operationsSettingsOf(settings);
      if (!ops.enabled) return skippedRun('agent disabled');
      if (!ops.auditCatalogue && !ops.auditSubscribers && !ops.auditModules) {
        return skippedRun('every audit is turned off');
      }
      const connectionId = await apiHotmartConnection(context.connections, ops.hotmartConnectionId, null);
      if (connectionId === null) return skippedRun('no Hotmart connection with API credentials');
      const at = run.slot ?? context.now();
      const { locale, timeZone } = settings;

      const previous = readSnapshot(
        await step.run('previous-snapshot', () => context.store.getState(snapshotKey(connectionId))),
      );
      const current: AuditSnapshot = {
        version: 1,
        connectionId,
        takenAt: at,
        catalogue: ops.auditCatalogue ? await readCatalogue(ctx, step, connectionId) : null,
        subscribers: ops.auditSubscribers
          ? await readSubscribers(ctx, step, connectionId, { at, overdueDays: ops.overdueDays })
          : null,
        membersAreas: ops.auditModules ? await readMembersAreas(ctx, step, connectionId) : null,
      };
      const discrepancies = diffSnapshots(previous, current, { locale, timeZone });
      const report = { at, locale, timeZone };

      let appended: number | null = null;
      if (ops.googleSheetsConnectionId !== null) {
        appended = 0;
        const { headers, rows } = auditRows(discrepancies, report);
        if (rows.length > 0) {
          const spreadsheet = ops.spreadsheetId === null ? {} : { spreadsheetId: ops.spreadsheetId };
          await callAction(
            ctx,
            step,
            'sheet-tab',
            'google_sheets_ensure_tab',
            { ...spreadsheet, title: ops.auditSheet, headers },
            ops.googleSheetsConnectionId,
          );
          const result = await callAction<{ appended: number }>(
            ctx,
            step,
            'sheet-rows',
            'google_sheets_append_unique',
            // RAW: names from the catalogue stay text, never formulas.
            { ...spreadsheet, sheet: ops.auditSheet, keyColumn: 'A', rows, valueInputOption: 'RAW' },
            ops.googleSheetsConnectionId,
          );
          appended = result.appended;
        }
      }

      let slackTs: string | null = null;
      const baseline = previous === null;
      if (
        ops.slackConnectionId !== null &&
        ops.slackChannel !== null &&
        (baseline || discrepancies.length > 0)
      ) {
        const posted = await callAction<{ ts: string }>(
          ctx,
          step,
          'slack-report',
          'slack_post_message',
          {
            channel: ops.slackChannel,
            text: auditSummary(discrepancies, { baseline, snapshot: current }, report),
          },
          ops.slackConnectionId,
        );
        slackTs = posted.ts;
      }

      // Last: until the report is out, a retry must compare with the same previous snapshot.
      await step.run('save-snapshot', async () => {
        await context.store.setState(snapshotKey(connectionId), current, context.now());
        return { takenAt: at };
      });
      const output: AuditOutput = {
        connectionId,
        at: new Date(at).toISOString(),
        baseline,
        discrepancies,
        appended,
        slackTs,
      };
      return output;
    },
  );
}
