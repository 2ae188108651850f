import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatDate } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { EventRecord, Store } from '../../store/port.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import { purchaseFacts } from '../event-facts.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { legalMessages } from './legal-messages.ts';

const DAY = 86_400_000;
const PAGE = 500;
const MAX_LINES = 20;

// What ends a refund request (reference §6.4): Hotmart refunded it, the buyer escalated it to a chargeback, or the
// purchase went back to approved (the dispute was closed in the seller's favour).
const RESOLVING = new Set([
  'PURCHASE_REFUNDED',
  'PURCHASE_CHARGEBACK',
  'PURCHASE_APPROVED',
  'PURCHASE_COMPLETE',
]);

/**
 * A refund request nobody resolved.
 *
 * @example
 * import type { OpenRefundRequest } from './refund-watch-workflow.ts';
 * const label = (request: OpenRefundRequest) => `${request.transaction}: ${request.daysOpen} days`;
 */
export interface OpenRefundRequest {
  connectionId: string;
  transaction: string;
  email: string | null;
  buyer: string | null;
  product: string | null;
  amount: { value: number; currency: string } | null;
  requestedAt: number;
  daysOpen: number;
}

/**
 * Finds refund requests (`PURCHASE_PROTEST` events received in the last `lookbackDays`) made at least `openDays`
 * before `at` and not followed by a refund, a chargeback or a return to approved for the same transaction.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { findOpenRefundRequests } from './refund-watch-workflow.ts';
 * declare const store: Store;
 * const open = await findOpenRefundRequests(store, { at: Date.now(), openDays: 5, lookbackDays: 60 });
 */
export async function findOpenRefundRequests(
  store: Pick<Store, 'listEvents'>,
  options: { at: number; openDays: number; lookbackDays: number },
): Promise<OpenRefundRequest[]> {
  const cutoff = options.at - options.openDays * DAY;
  const oldest = options.at - options.lookbackDays * DAY;
  const requests = new Map<string, EventRecord>();
  let before: { receivedAt: number; id: string } | undefined;
  for (;;) {
    const page = await store.listEvents({
      name: 'PURCHASE_PROTEST',
      limit: PAGE,
      ...(before === undefined ? {} : { before }),
    });
    for (const event of page) {
      if (event.transaction === null || event.occurredAt > cutoff || event.occurredAt < oldest) continue;
      const key = `${event.connectionId}:${event.transaction}`;
      const known = requests.get(key);
      if (!known || event.occurredAt < known.occurredAt) requests.set(key, event);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE || last.receivedAt < oldest) break;
    before = { receivedAt: last.receivedAt, id: last.id };
  }

  const open: OpenRefundRequest[] = [];
  for (const request of requests.values()) {
    const related = await store.listEvents({
      connectionId: request.connectionId,
      transaction: request.transaction as string,
      limit: 200,
    });
    const resolved = related.some(
      (event) => RESOLVING.has(event.name) && event.occurredAt >= request.occurredAt,
    );
    if (resolved) continue;
    const facts = purchaseFacts(request);
    open.push({
      connectionId: request.connectionId,
      transaction: request.transaction as string,
      email: facts.buyer.email,
      buyer: facts.buyer.name,
      product: facts.product.name,
      amount: facts.amount,
      requestedAt: request.occurredAt,
      daysOpen: Math.floor((options.at - request.occurredAt) / DAY),
    });
  }
  return open.sort((a, b) => a.requestedAt - b.requestedAt || a.transaction.localeCompare(b.transaction));
}

/**
 * The legal agent's daily check `legal.refund-watch` (cron `refundWatch.schedule`, in the settings' time zone):
 * refund requests still open `refundWatch.openDays` after they were made raise one Slack alert listing them (money
 * and dates in the seller's language). The slot's time, not the clock, decides what is "open", so a late or
 * repeated run of one slot reports the same list; one alert per slot (the cron run id is the slot's).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { refundWatchWorkflow } from './refund-watch-workflow.ts';
 * refundWatchWorkflow(parseAgentSettings({ legal: { enabled: true } })).cron; // { pattern: '0 9 * * *', timeZone: 'America/Sao_Paulo' }
 */
export function refundWatchWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'legal.refund-watch',
      description: 'Daily: refund requests still open after the configured days → Slack alert.',
      on: { cron: startup.legal.refundWatch.schedule, timeZone: startup.timeZone },
      retries: 3,
      timeout: '5m',
    },
    async ({ step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const legal = settings.legal;
      if (!legal.enabled) return skippedRun('agent disabled');
      const at = run.slot ?? context.now();
      const open = await step.run('find-open-requests', () =>
        findOpenRefundRequests(context.store, {
          at,
          openDays: legal.refundWatch.openDays,
          lookbackDays: legal.refundWatch.lookbackDays,
        }),
      );
      let slackTs: string | null = null;
      if (open.length > 0 && legal.slackConnectionId !== null && legal.slackChannel !== null) {
        const posted = await callAction<{ ts: string }>(
          ctx,
          step,
          'slack-alert',
          'slack_post_message',
          { channel: legal.slackChannel, text: alertText(open, settings) },
          legal.slackConnectionId,
        );
        slackTs = posted.ts;
      }
      return { at: new Date(at).toISOString(), open, slackTs };
    },
  );
}

function alertText(open: readonly OpenRefundRequest[], settings: AgentSettings): string {
  const { locale, timeZone } = settings;
  const t = legalMessages.t;
  const lines = open.slice(0, MAX_LINES).map((request) =>
    t(locale, 'openRequestLine', {
      transaction: request.transaction,
      product: request.product ?? t(locale, 'unknownProduct'),
      amount: request.amount
        ? formatMoney(request.amount.value, request.amount.currency, locale)
        : t(locale, 'noAmount'),
      buyer: request.buyer ?? request.email ?? '—',
      date: formatDate(request.requestedAt, locale, timeZone, 'medium'),
      age: request.daysOpen,
    }),
  );
  if (open.length > MAX_LINES) lines.push(t(locale, 'more', { count: open.length - MAX_LINES }));
  return [
    t(locale, 'openRequestsTitle', { days: settings.legal.refundWatch.openDays, count: open.length }),
    ...lines,
  ].join('\n');
}
