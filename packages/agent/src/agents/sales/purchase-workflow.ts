import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { buyerLocale } from '../buyer-locale.ts';
import { callAction, callOptionalAction } from '../call-action.ts';
import { type PurchaseFacts, purchaseFacts } from '../event-facts.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import {
  classifyFromEvent,
  classifyFromSubscriberPurchases,
  type PurchaseClass,
  type SubscriberPurchaseLike,
} from './classify-purchase.ts';
import { salesMessages } from './sales-messages.ts';

/**
 * What the sales agent remembers per transaction (state key `agents:sales:transaction:<connection>:<transaction>`):
 * which event handled the sale first, whether the completion was seen, and the CRM records.
 *
 * @example
 * import type { SalesTransactionState } from './purchase-workflow.ts';
 * const handled = (state: SalesTransactionState | null) => state !== null;
 */
export interface SalesTransactionState {
  firstEventId: string;
  firstEventName: string;
  completedEventId: string | null;
  contactId: string | null;
  dealId: string | null;
}

/**
 * The state key of a transaction for the sales agent.
 *
 * @example
 * import { salesTransactionKey } from './purchase-workflow.ts';
 * salesTransactionKey('main', 'HP123'); // 'agents:sales:transaction:main:HP123'
 */
export function salesTransactionKey(connectionId: string, transaction: string): string {
  return `agents:sales:transaction:${connectionId}:${transaction}`;
}

/**
 * What a `sales.purchase` run returns when it handled the sale.
 *
 * @example
 * import type { SalesPurchaseOutput } from './purchase-workflow.ts';
 * const crmDone = (output: SalesPurchaseOutput) => output.dealId !== null;
 */
export interface SalesPurchaseOutput {
  transaction: string;
  kind: PurchaseClass['kind'];
  basis: PurchaseClass['basis'];
  recurrenceNumber: number | null;
  contactId: string | null;
  dealId: string | null;
  dealStage: string | null;
  enrolled: boolean | null;
  slackTs: string | null;
}

/**
 * The sales agent's workflow `sales.purchase`, on `PURCHASE_APPROVED` and `PURCHASE_COMPLETE`. One CRM deal per
 * transaction whichever of the two arrives first (Hotmart guarantees no order, reference §6.3): the runs of one
 * buyer run one at a time (concurrency key: the buyer's e-mail), and the first to run for a transaction claims it
 * in the state KV; the other only moves the deal to `completedDealStage` when that is set. The first run:
 *
 * 1. tells a first purchase from a subscription renewal (`recurrence_number`, `business_model`, else the
 *    subscription's purchases at Hotmart);
 * 2. upserts the buyer's HubSpot contact and the deal keyed by the transaction (stage Closed Won, amount,
 *    currency, close date);
 * 3. enrols first-time buyers in the welcome sequence;
 * 4. posts the sale to Slack, money formatted in the seller's language.
 *
 * @example
 * import { createEngine } from '../../engine/engine.ts';
 * import type { Store } from '../../store/port.ts';
 * import { createAgentContext } from '../agent-context.ts';
 * import { parseAgentSettings } from '../settings.ts';
 * import { salesPurchaseWorkflow } from './purchase-workflow.ts';
 * declare const store: Store;
 * const settings = parseAgentSettings({ sales: { enabled: true, hubspotConnectionId: 'crm' } });
 * createEngine({ store, workflows: [salesPurchaseWorkflow(settings)], context: createAgentContext({ store }) });
 */
export function salesPurchaseWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'sales.purchase',
      description: 'Approved or completed sale → HubSpot contact and deal, welcome sequence, Slack message.',
      on: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'],
      filter: (event) => event.transaction !== null,
      // Approval and completion of one sale share the buyer, so they never race for the transaction's state.
      concurrencyKey: (event) => event.buyerEmail ?? event.transaction,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const sales = settings.sales;
      if (!sales.enabled) return skippedRun('agent disabled');
      const facts = purchaseFacts(event);
      const transaction = facts.transaction as string;
      const key = salesTransactionKey(event.connectionId, transaction);
      const isCompletion = event.name === 'PURCHASE_COMPLETE';

      const claim = await step.run('claim-transaction', async () => {
        const state = await context.store.getState<SalesTransactionState>(key);
        const next: SalesTransactionState = {
          firstEventId: state?.firstEventId ?? event.id,
          firstEventName: state?.firstEventName ?? event.name,
          completedEventId: state?.completedEventId ?? (isCompletion ? event.id : null),
          contactId: state?.contactId ?? null,
          dealId: state?.dealId ?? null,
        };
        await context.store.setState(key, next, context.now());
        return {
          // A retried claim by the same event is still first.
          first: state === null || state.firstEventId === event.id,
          firstEventId: next.firstEventId,
          completionSeenBefore: state?.completedEventId != null && state.completedEventId !== event.id,
          contactId: next.contactId,
        };
      });

      if (!claim.first) {
        // The completion of a sale already in the CRM moves its deal on, once, when the seller asked for it.
        if (
          !isCompletion ||
          claim.completionSeenBefore ||
          sales.hubspotConnectionId === null ||
          sales.completedDealStage === null
        ) {
          return skippedRun('transaction already handled', { transaction, handledBy: claim.firstEventId });
        }
        const deal = await callAction<{ id: string }>(
          ctx,
          step,
          'hubspot-deal-completed',
          'hubspot_upsert_deal',
          dealInput(facts, settings, sales.completedDealStage, claim.contactId, null),
          sales.hubspotConnectionId,
        );
        return {
          transaction,
          completionOf: claim.firstEventId,
          dealId: deal.id,
          dealStage: sales.completedDealStage,
        };
      }

      const kind =
        classifyFromEvent(facts) ?? (await classifyFromHistory(ctx, step, facts, sales.hotmartConnectionId));
      const stage =
        isCompletion && sales.completedDealStage !== null ? sales.completedDealStage : sales.dealStage;
      const email = facts.buyer.email;

      let contactId: string | null = null;
      let dealId: string | null = null;
      if (sales.hubspotConnectionId !== null) {
        if (email !== null) {
          const contact = await callAction<{ id: string }>(
            ctx,
            step,
            'hubspot-contact',
            'hubspot_upsert_contact',
            {
              email,
              ...(facts.buyer.firstName ? { firstname: facts.buyer.firstName } : {}),
              ...(facts.buyer.lastName ? { lastname: facts.buyer.lastName } : {}),
              ...(facts.buyer.phone ? { phone: facts.buyer.phone } : {}),
              ...(sales.contactLifecycleStage ? { lifecyclestage: sales.contactLifecycleStage } : {}),
            },
            sales.hubspotConnectionId,
          );
          contactId = contact.id;
        }
        const deal = await callAction<{ id: string }>(
          ctx,
          step,
          'hubspot-deal',
          'hubspot_upsert_deal',
          dealInput(facts, settings, stage, contactId, kind),
          sales.hubspotConnectionId,
        );
        dealId = deal.id;
        await step.run('remember-deal', async () => {
          const state = await context.store.getState<SalesTransactionState>(key);
          if (state) await context.store.setState(key, { ...state, contactId, dealId }, context.now());
        });
      }

      let enrolled: boolean | null = null;
      if (
        kind.kind === 'first-purchase' &&
        email !== null &&
        sales.emailConnectionId !== null &&
        sales.welcomeSequenceId !== null
      ) {
        const product = facts.product.id === null ? undefined : sales.accessUrls[facts.product.id];
        const result = await callAction<{ created: boolean }>(
          ctx,
          step,
          'enrol-welcome',
          'email_enrol_sequence',
          {
            sequenceId: sales.welcomeSequenceId,
            email,
            data: {
              buyer: { name: facts.buyer.name, email },
              product: { id: facts.product.id, name: facts.product.name },
              ...(facts.amount ? { amount: facts.amount } : {}),
              transaction,
              occurredAt: facts.approvedDate ?? facts.occurredAt,
              ...(product ? { accessUrl: product } : {}),
              ...(settings.sellerName ? { seller: { name: settings.sellerName } } : {}),
            },
            locale: buyerLocale(facts.buyer.countryIso, settings.locale),
            timeZone: settings.timeZone,
          },
          sales.emailConnectionId,
        );
        enrolled = result.created;
      }

      let slackTs: string | null = null;
      if (
        sales.slackConnectionId !== null &&
        sales.slackChannel !== null &&
        (kind.kind === 'first-purchase' || sales.notifyRenewals)
      ) {
        const posted = await callAction<{ ts: string }>(
          ctx,
          step,
          'slack-notify',
          'slack_post_message',
          { channel: sales.slackChannel, text: slackText(facts, kind, settings.locale) },
          sales.slackConnectionId,
        );
        slackTs = posted.ts;
      }

      const output: SalesPurchaseOutput = {
        transaction,
        kind: kind.kind,
        basis: kind.basis,
        recurrenceNumber: kind.recurrenceNumber,
        contactId,
        dealId,
        dealStage: sales.hubspotConnectionId === null ? null : stage,
        enrolled,
        slackTs,
      };
      return output;
    },
  );
}

async function classifyFromHistory(
  ctx: AgentContext,
  step: StepTools,
  facts: PurchaseFacts,
  configured: string | null,
): Promise<PurchaseClass> {
  const context = readAgentContext(ctx);
  const fallback: PurchaseClass = { kind: 'first-purchase', basis: 'default', recurrenceNumber: null };
  if (facts.subscriberCode === null || facts.transaction === null) return fallback;
  const hotmart = await apiHotmartConnection(context.connections, configured, facts.connectionId);
  // Without API access the event is all there is; a welcome too many beats a new subscriber never welcomed.
  if (hotmart === null) return fallback;
  const purchases = await callOptionalAction<{ items: SubscriberPurchaseLike[] }>(
    ctx,
    step,
    'hotmart-subscriber-purchases',
    'hotmart_list_subscriber_purchases',
    { subscriber_code: facts.subscriberCode },
    hotmart,
  );
  // A subscription Hotmart doesn't know (or won't show) can't be classified: the default, rather than no sale at all.
  if (purchases === null) return fallback;
  return classifyFromSubscriberPurchases(purchases.items, {
    transaction: facts.transaction,
    paidAt: facts.approvedDate ?? facts.occurredAt,
  });
}

function buyerLabel(facts: PurchaseFacts): string {
  return facts.buyer.name ?? facts.buyer.email ?? '—';
}

function dealInput(
  facts: PurchaseFacts,
  settings: AgentSettings,
  stage: string,
  contactId: string | null,
  kind: PurchaseClass | null,
): Record<string, unknown> {
  const sales = settings.sales;
  const product = facts.product.name ?? salesMessages.t(settings.locale, 'unknownProduct');
  const renewal = kind?.kind === 'renewal';
  return {
    key: facts.transaction,
    keyProperty: sales.dealKeyProperty,
    dealname: salesMessages.t(settings.locale, renewal ? 'renewalDealName' : 'dealName', {
      product,
      buyer: buyerLabel(facts),
    }),
    pipeline: sales.dealPipeline,
    dealstage: stage,
    ...(facts.amount ? { amount: facts.amount.value, deal_currency_code: facts.amount.currency } : {}),
    closedate: new Date(facts.approvedDate ?? facts.occurredAt).toISOString(),
    ...(contactId === null ? {} : { contactId }),
  };
}

function slackText(facts: PurchaseFacts, kind: PurchaseClass, locale: Locale): string {
  const params = {
    product: facts.product.name ?? salesMessages.t(locale, 'unknownProduct'),
    amount: facts.amount
      ? formatMoney(facts.amount.value, facts.amount.currency, locale)
      : salesMessages.t(locale, 'noAmount'),
    buyer: buyerLabel(facts),
  };
  if (kind.kind === 'first-purchase') return salesMessages.t(locale, 'newSale', params);
  return kind.recurrenceNumber === null
    ? salesMessages.t(locale, 'renewalUnnumbered', params)
    : salesMessages.t(locale, 'renewal', { ...params, number: kind.recurrenceNumber });
}
