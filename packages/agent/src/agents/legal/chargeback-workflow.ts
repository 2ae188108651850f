import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatDate, formatDateTime } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import { purchaseFacts } from '../event-facts.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { appendUniqueRows } from '../sheet-tab.ts';
import { skippedRun } from '../skipped-run.ts';
import { legalMessages } from './legal-messages.ts';

const DAY = 86_400_000;

/**
 * The legal agent's workflow `legal.chargeback`, on `PURCHASE_CHARGEBACK`: a row in the dispute sheet (keyed by the
 * transaction) with the date to answer the dispute by — `disputeResponseDays` after the chargeback — and, when
 * Slack is set, an alert with that deadline; once per transaction, however many chargeback events name it. Runs
 * one at a time (one concurrency key for all), as the sheet connector asks of writers of one sheet.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { chargebackWorkflow } from './chargeback-workflow.ts';
 * chargebackWorkflow(parseAgentSettings({ legal: { enabled: true } })).events; // ['PURCHASE_CHARGEBACK']
 */
export function chargebackWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'legal.chargeback',
      description: 'Chargeback → dispute sheet row with the response deadline, and a Slack alert.',
      on: ['PURCHASE_CHARGEBACK'],
      filter: (event) => event.transaction !== null,
      concurrencyKey: () => 'dispute-sheet',
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const legal = settings.legal;
      if (!legal.enabled) return skippedRun('agent disabled');
      const { locale, timeZone } = settings;
      const t = legalMessages.t;
      const facts = purchaseFacts(event);
      const transaction = facts.transaction as string;
      const deadline = facts.occurredAt + legal.disputeResponseDays * DAY;
      const product = facts.product.name ?? t(locale, 'unknownProduct');
      const amount = facts.amount
        ? formatMoney(facts.amount.value, facts.amount.currency, locale)
        : t(locale, 'noAmount');

      // One row and one alert per transaction, whatever the number of chargeback events for it.
      const claim = await step.run('claim-chargeback', async () => {
        const key = `agents:legal:chargeback:${event.connectionId}:${transaction}`;
        const state = await context.store.getState<{ eventId: string }>(key);
        if (state && state.eventId !== event.id) return { handledBy: state.eventId };
        await context.store.setState(key, { eventId: event.id }, context.now());
        return { handledBy: null };
      });
      if (claim.handledBy !== null) {
        return skippedRun('chargeback already handled', { transaction, handledBy: claim.handledBy });
      }

      let appended: number | null = null;
      const sheets = legal.googleSheetsConnectionId;
      if (sheets !== null) {
        const spreadsheet = legal.spreadsheetId === null ? {} : { spreadsheetId: legal.spreadsheetId };
        const tab = {
          ...spreadsheet,
          title: legal.disputeSheet,
          headers: [
            t(locale, 'headerTransaction'),
            t(locale, 'headerChargebackAt'),
            t(locale, 'headerDeadline'),
            t(locale, 'headerEmail'),
            t(locale, 'headerName'),
            t(locale, 'headerProduct'),
            t(locale, 'headerAmount'),
            t(locale, 'headerPayment'),
            t(locale, 'headerStatus'),
          ],
        };
        const row = [
          transaction,
          formatDateTime(facts.occurredAt, locale, timeZone, 'medium'),
          formatDate(deadline, locale, timeZone, 'medium'),
          facts.buyer.email ?? '',
          facts.buyer.name ?? '',
          product,
          amount,
          facts.paymentType ?? '',
          t(locale, 'statusOpen'),
        ];
        appended = await appendUniqueRows(ctx, step, { tab: 'sheet-tab', row: 'sheet-row' }, tab, sheets, [
          row,
        ]);
      }

      let slackTs: string | null = null;
      if (legal.slackConnectionId !== null && legal.slackChannel !== null) {
        const posted = await callAction<{ ts: string }>(
          ctx,
          step,
          'slack-alert',
          'slack_post_message',
          {
            channel: legal.slackChannel,
            text: t(locale, 'chargebackAlert', {
              transaction,
              product,
              amount,
              deadline: formatDate(deadline, locale, timeZone, 'long'),
            }),
          },
          legal.slackConnectionId,
        );
        slackTs = posted.ts;
      }
      return { transaction, deadline: new Date(deadline).toISOString(), appended, slackTs };
    },
  );
}
