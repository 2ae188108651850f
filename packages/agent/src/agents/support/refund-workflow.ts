import type { SaleHistoryItem, SalePriceDetailsItem } from '@hotpilot/hotmart';
import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatDateTime } from '../../kit/i18n/format-date.ts';
import type { EventRecord } from '../../store/port.ts';
import { type AgentContext, type ResolvedAgentContext, readAgentContext } from '../agent-context.ts';
import { buyerLocale } from '../buyer-locale.ts';
import { callAction, callOptionalAction } from '../call-action.ts';
import { type PurchaseFacts, purchaseFacts } from '../event-facts.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { type SaleDetails, saleDetails } from './sale-details.ts';
import { supportMessages } from './support-messages.ts';
import { refundTicketText } from './ticket-text.ts';

type OutcomeName = 'PURCHASE_REFUNDED' | 'PURCHASE_CHARGEBACK';

/**
 * What the support agent remembers per transaction (state key
 * `agents:support:transaction:<connection>:<transaction>`): the ticket, whether the buyer was acknowledged, and the
 * refund/chargeback outcomes — including those that arrived before the request (out of order), applied to the
 * ticket once it exists.
 *
 * @example
 * import type { SupportTransactionState } from './refund-workflow.ts';
 * const open = (state: SupportTransactionState) => state.outcomes.length === 0;
 */
export interface SupportTransactionState {
  ticketId: number | null;
  requestEventId: string | null;
  acknowledged: boolean;
  outcomes: { name: OutcomeName; eventId: string; occurredAt: number; applied: boolean }[];
}

/**
 * The state key of a transaction for the support agent.
 *
 * @example
 * import { supportTransactionKey } from './refund-workflow.ts';
 * supportTransactionKey('main', 'HP123'); // 'agents:support:transaction:main:HP123'
 */
export function supportTransactionKey(connectionId: string, transaction: string): string {
  return `agents:support:transaction:${connectionId}:${transaction}`;
}

const emptyState = (): SupportTransactionState => ({
  ticketId: null,
  requestEventId: null,
  acknowledged: false,
  outcomes: [],
});

/**
 * The support agent's workflow `support.refunds`, on `PURCHASE_PROTEST` (a refund request, reference §6.4),
 * `PURCHASE_REFUNDED` and `PURCHASE_CHARGEBACK`, one transaction at a time (concurrency key: the transaction), so
 * a request and its outcome never race whatever order they arrive in.
 *
 * A refund request: reads the sale at Hotmart (sales history and price details by transaction; the webhook's data
 * when the connection has no API access), opens one Zendesk ticket per transaction (`external_id` = the
 * transaction) in the refunds group, pre-filled with buyer, product, formatted amount, dates, payment and a link
 * to the sale, and e-mails the buyer the `refund-acknowledgement` template in the buyer's language. A refund or a
 * chargeback adds a note to that ticket and sets its status; one that arrives before the request is applied as
 * soon as the ticket exists.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { refundWorkflow } from './refund-workflow.ts';
 * const workflow = refundWorkflow(parseAgentSettings({ support: { enabled: true, zendeskConnectionId: 'desk' } }));
 * workflow.events; // ['PURCHASE_PROTEST', 'PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK']
 */
export function refundWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'support.refunds',
      description:
        'Refund request → Zendesk ticket and acknowledgement; refund or chargeback → ticket update.',
      on: ['PURCHASE_PROTEST', 'PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK'],
      filter: (event) => event.transaction !== null,
      concurrencyKey: (event) => event.transaction,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      if (!settings.support.enabled) return skippedRun('agent disabled');
      return event.name === 'PURCHASE_PROTEST'
        ? refundRequested(ctx, context, step, event, settings)
        : refundSettled(ctx, context, step, event, settings);
    },
  );
}

async function refundRequested(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const support = settings.support;
  const facts = purchaseFacts(event);
  const transaction = facts.transaction as string;
  const key = supportTransactionKey(event.connectionId, transaction);

  const claim = await step.run('claim-request', async () => {
    const state = (await context.store.getState<SupportTransactionState>(key)) ?? emptyState();
    if (state.ticketId !== null && state.requestEventId !== null && state.requestEventId !== event.id) {
      return { duplicateOf: state.requestEventId, ticketId: state.ticketId };
    }
    await context.store.setState(key, { ...state, requestEventId: event.id }, context.now());
    return { duplicateOf: null, ticketId: state.ticketId };
  });
  if (claim.duplicateOf !== null) {
    return skippedRun('refund request already handled', {
      transaction,
      ticketId: claim.ticketId,
      handledBy: claim.duplicateOf,
    });
  }

  const sale = await readSale(ctx, context, step, facts, support.hotmartConnectionId);
  let ticketId = claim.ticketId;
  if (support.zendeskConnectionId !== null && sale.buyer.email !== null) {
    const { subject, body } = refundTicketText(sale, {
      locale: settings.locale,
      timeZone: settings.timeZone,
      requestedAt: facts.occurredAt,
      saleLink:
        support.saleLinkTemplate?.replaceAll('{transaction}', encodeURIComponent(transaction)) ?? null,
    });
    const created = await callAction<{ ticket: { id: number } }>(
      ctx,
      step,
      'zendesk-ticket',
      'zendesk_create_ticket',
      {
        requester: { email: sale.buyer.email, ...(sale.buyer.name ? { name: sale.buyer.name } : {}) },
        subject,
        body,
        // The description is the team's brief, not a message to the buyer.
        public: false,
        ...(support.zendeskGroupId === null ? {} : { groupId: support.zendeskGroupId }),
        tags: support.ticketTags,
        priority: support.ticketPriority,
        type: 'task',
        externalId: transaction,
      },
      support.zendeskConnectionId,
    );
    ticketId = created.ticket.id;
    await step.run('remember-ticket', async () => {
      const state = (await context.store.getState<SupportTransactionState>(key)) ?? emptyState();
      await context.store.setState(key, { ...state, ticketId }, context.now());
    });
  }

  // Outcomes that arrived before the request (out of order) go onto the new ticket now.
  const pending = await step.run('pending-outcomes', async () => {
    const state = (await context.store.getState<SupportTransactionState>(key)) ?? emptyState();
    return state.outcomes;
  });
  const applied: OutcomeName[] = [];
  if (ticketId !== null && support.zendeskConnectionId !== null) {
    for (const outcome of pending.filter((candidate) => !candidate.applied)) {
      await applyOutcome(ctx, context, step, { ...outcome, ticketId, transaction, key, settings });
      applied.push(outcome.name);
    }
  }

  const refunded = pending.some((outcome) => outcome.name === 'PURCHASE_REFUNDED');
  let acknowledged = false;
  if (support.emailConnectionId !== null && sale.buyer.email !== null && !refunded) {
    const already = await step.run('check-acknowledged', async () => {
      const state = await context.store.getState<SupportTransactionState>(key);
      return state?.acknowledged === true;
    });
    if (!already) {
      await callAction(
        ctx,
        step,
        'email-acknowledgement',
        'email_send_message',
        {
          to: sale.buyer.email,
          template: {
            id: support.acknowledgementTemplateId,
            data: {
              buyer: { name: sale.buyer.name, email: sale.buyer.email },
              product: { id: sale.product.id, name: sale.product.name },
              ...(sale.amount ? { amount: sale.amount } : {}),
              transaction,
              requestedAt: facts.occurredAt,
              ...(settings.sellerName ? { seller: { name: settings.sellerName } } : {}),
            },
            timeZone: settings.timeZone,
          },
          locale: buyerLocale(facts.buyer.countryIso, settings.locale),
        },
        support.emailConnectionId,
      );
      await step.run('remember-acknowledgement', async () => {
        const state = (await context.store.getState<SupportTransactionState>(key)) ?? emptyState();
        await context.store.setState(key, { ...state, acknowledged: true }, context.now());
      });
      acknowledged = true;
    }
  }

  return { transaction, ticketId, source: sale.source, acknowledged, applied };
}

async function refundSettled(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const transaction = event.transaction as string;
  const name = event.name as OutcomeName;
  const key = supportTransactionKey(event.connectionId, transaction);

  const recorded = await step.run('record-outcome', async () => {
    const state = (await context.store.getState<SupportTransactionState>(key)) ?? emptyState();
    const existing = state.outcomes.find((outcome) => outcome.name === name);
    if (existing && existing.eventId !== event.id)
      return { duplicateOf: existing.eventId, ticketId: state.ticketId };
    if (!existing) {
      const outcomes = [
        ...state.outcomes,
        { name, eventId: event.id, occurredAt: event.occurredAt, applied: false },
      ];
      await context.store.setState(key, { ...state, outcomes }, context.now());
    }
    return { duplicateOf: null, ticketId: state.ticketId };
  });
  if (recorded.duplicateOf !== null) {
    return skippedRun('outcome already handled', { transaction, handledBy: recorded.duplicateOf });
  }
  if (recorded.ticketId === null || settings.support.zendeskConnectionId === null) {
    // Kept in the state: the refund request, if it comes, applies it to its new ticket.
    return skippedRun('no ticket for this transaction yet', { transaction, pending: name });
  }
  const status = await applyOutcome(ctx, context, step, {
    name,
    occurredAt: event.occurredAt,
    ticketId: recorded.ticketId,
    transaction,
    key,
    settings,
  });
  return { transaction, ticketId: recorded.ticketId, outcome: name, status };
}

async function applyOutcome(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  outcome: {
    name: OutcomeName;
    occurredAt: number;
    ticketId: number;
    transaction: string;
    key: string;
    settings: AgentSettings;
  },
): Promise<string> {
  const { settings, name } = outcome;
  const support = settings.support;
  const refunded = name === 'PURCHASE_REFUNDED';
  const status = refunded ? support.refundedTicketStatus : support.chargebackTicketStatus;
  const suffix = refunded ? 'refunded' : 'chargeback';
  await callAction(
    ctx,
    step,
    `zendesk-${suffix}`,
    'zendesk_add_comment',
    {
      ticketId: outcome.ticketId,
      body: supportMessages.t(settings.locale, refunded ? 'refunded' : 'chargeback', {
        transaction: outcome.transaction,
        date: formatDateTime(outcome.occurredAt, settings.locale, settings.timeZone, 'medium'),
      }),
      public: support.outcomeCommentsPublic,
      status,
    },
    support.zendeskConnectionId as string,
  );
  await step.run(`applied-${suffix}`, async () => {
    const state = (await context.store.getState<SupportTransactionState>(outcome.key)) ?? emptyState();
    const outcomes = state.outcomes.map((each) => (each.name === name ? { ...each, applied: true } : each));
    await context.store.setState(outcome.key, { ...state, outcomes }, context.now());
  });
  return status;
}

async function readSale(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  facts: PurchaseFacts,
  configured: string | null,
): Promise<SaleDetails> {
  const hotmart = await apiHotmartConnection(context.connections, configured, facts.connectionId);
  if (hotmart === null) return saleDetails(facts, undefined, undefined);
  const transaction = facts.transaction as string;
  // With `transaction` set, Hotmart returns the sale whatever its status (reference §4.1). A refused lookup (wrong
  // credentials, say) leaves the webhook's data: the ticket matters more than its details.
  const history = await callOptionalAction<{ items: SaleHistoryItem[] }>(
    ctx,
    step,
    'hotmart-sale',
    'hotmart_get_sales_history',
    { transaction },
    hotmart,
  );
  const price = await callOptionalAction<{ items: SalePriceDetailsItem[] }>(
    ctx,
    step,
    'hotmart-price',
    'hotmart_get_sale_price_details',
    { transaction },
    hotmart,
  );
  return saleDetails(
    facts,
    history?.items.find((item) => item.purchase?.transaction === transaction),
    price?.items.find((item) => item.transaction === transaction),
  );
}
