import { SubscriptionCancellationData } from '@hotpilot/hotmart/webhooks';
import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import type { EventRecord } from '../../store/port.ts';
import { type AgentContext, type ResolvedAgentContext, readAgentContext } from '../agent-context.ts';
import { buyerLocale } from '../buyer-locale.ts';
import { callAction, callOptionalAction } from '../call-action.ts';
import { purchaseFacts } from '../event-facts.ts';
import { createHasPurchased } from '../purchase-lookup.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import type { ChurnFormSecret } from './churn-form/churn-form-token.ts';
import { buildChurnFormUrl } from './churn-form/churn-form-url.ts';
import { splitName } from './retention-subscription.ts';

const DAY = 86_400_000;

/**
 * The latest status the retention agent wrote for a subscriber, and the time of the event that said so (state key
 * `agents:retention:status:<connection>:<subscriber code>`): an older event never overwrites it.
 *
 * @example
 * import type { SubscriberStatusState } from './cancellation-workflow.ts';
 * const state: SubscriberStatusState = { status: 'CANCELLED', at: Date.now(), eventId: 'e1' };
 */
export interface SubscriberStatusState {
  status: 'ACTIVE' | 'CANCELLED';
  at: number;
  eventId: string;
}

/**
 * The state key of a subscriber's latest status.
 *
 * @example
 * import { subscriberStatusKey } from './cancellation-workflow.ts';
 * subscriberStatusKey('main', 'SUB1'); // 'agents:retention:status:main:SUB1'
 */
export function subscriberStatusKey(connectionId: string, subscriberCode: string): string {
  return `agents:retention:status:${connectionId}:${subscriberCode}`;
}

/**
 * What the win-back e-mails are rendered with (the contract of the `win-back` sequence's templates).
 *
 * @example
 * import type { WinBackData } from './cancellation-workflow.ts';
 * const hasForm = (data: WinBackData) => data.churnFormUrl !== null;
 */
export interface WinBackData {
  connectionId: string;
  buyer: { name: string | null; email: string };
  product: { id: string | null; name: string | null; checkoutUrl?: string };
  subscription: { code: string; planName: string | null; cancelledAt: number };
  churnFormUrl: string | null;
  seller?: { name: string };
}

interface CancellationFacts {
  subscriberCode: string;
  email: string | null;
  name: string | null;
  productId: string | null;
  productName: string | null;
  planName: string | null;
  cancelledAt: number;
}

function cancellationFacts(event: EventRecord): CancellationFacts | null {
  const parsed = SubscriptionCancellationData.safeParse((event.payload as { data?: unknown } | null)?.data);
  const data = parsed.success ? parsed.data : null;
  const subscriberCode = event.subscriberCode ?? data?.subscriber?.code ?? null;
  if (subscriberCode === null) return null;
  const email = (data?.subscriber?.email ?? event.buyerEmail)?.trim().toLowerCase() || null;
  const productId = event.productId ?? (data?.product?.id === undefined ? null : String(data.product.id));
  return {
    subscriberCode,
    email,
    name: data?.subscriber?.name ?? null,
    productId,
    productName: data?.product?.name ?? null,
    planName: data?.subscription?.plan?.name ?? null,
    cancelledAt: data?.cancellation_date ?? event.occurredAt,
  };
}

/**
 * The retention agent's workflow `retention.cancellation`, on `SUBSCRIPTION_CANCELLATION` and `PURCHASE_APPROVED`
 * of subscriptions, one subscriber at a time (concurrency key: the subscriber code).
 *
 * A cancellation: (1) unless a newer status is known (a reactivation delivered first), the subscriber's HubSpot
 * contact gets the status CANCELLED (and `cancelledLifecycleStage` when set) — a HubSpot refusal (the custom
 * property doesn't exist) is logged and the run goes on; (2) when win-back is on, the run
 * sleeps `delayDays` durably; (3) then, unless the subscription is ACTIVE again or the buyer bought the product
 * since the cancellation, enrols them in the win-back sequence with the churn-form link (null without a public URL,
 * a churn-form secret, or with `churnForm` off).
 *
 * A payment (PURCHASE_APPROVED) after a cancellation is a reactivation (Hotmart has no event of its own): the
 * contact's status goes back to ACTIVE; the win-back sequence stops by its `subscriptionActive` condition.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { cancellationWorkflow } from './cancellation-workflow.ts';
 * cancellationWorkflow(parseAgentSettings({})).id; // 'retention.cancellation'
 */
export function cancellationWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'retention.cancellation',
      description:
        'Cancelled subscription → CRM status, win-back sequence after a delay; reactivation → CRM.',
      on: ['SUBSCRIPTION_CANCELLATION', 'PURCHASE_APPROVED'],
      filter: (event) => event.subscriberCode !== null,
      concurrencyKey: (event) => event.subscriberCode,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      if (!settings.retention.enabled) return skippedRun('agent disabled');
      return event.name === 'SUBSCRIPTION_CANCELLATION'
        ? cancelled(ctx, context, step, event, settings)
        : approved(ctx, context, step, event, settings);
    },
  );
}

async function cancelled(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const retention = settings.retention;
  const facts = cancellationFacts(event);
  if (facts === null) return skippedRun('the cancellation names no subscriber');
  const key = subscriberStatusKey(event.connectionId, facts.subscriberCode);

  const claim = await step.run('claim-status', async () => {
    const { before, written } = await setStatusUnlessNewer(context, key, event, 'CANCELLED');
    return { newer: written ? null : (before?.status ?? null) };
  });
  if (claim.newer !== null) {
    return skippedRun('a newer status is known', {
      subscriberCode: facts.subscriberCode,
      status: claim.newer,
    });
  }

  let contactId: string | null = null;
  if (retention.hubspotConnectionId !== null && facts.email !== null) {
    // A CRM refusal (a property the seller hasn't created, say) is logged and must not cost the win-back.
    const contact = await callOptionalAction<{ id: string }>(
      ctx,
      step,
      'hubspot-cancelled',
      'hubspot_upsert_contact',
      {
        email: facts.email,
        ...splitName(facts.name),
        ...(retention.crm.cancelledLifecycleStage
          ? { lifecyclestage: retention.crm.cancelledLifecycleStage }
          : {}),
        ...(retention.crm.statusProperty
          ? { properties: { [retention.crm.statusProperty]: 'CANCELLED' } }
          : {}),
      },
      retention.hubspotConnectionId,
    );
    contactId = contact?.id ?? null;
  }

  const winBack = retention.winBack;
  if (
    !winBack.enabled ||
    winBack.sequenceId === null ||
    retention.emailConnectionId === null ||
    facts.email === null
  ) {
    return { subscriberCode: facts.subscriberCode, contactId, winBack: null };
  }
  await step.sleep('wait-win-back', winBack.delayDays * DAY);

  const comeback = await step.run('check-comeback', async () => {
    const state = await context.store.getState<SubscriberStatusState>(key);
    if (state && state.at > event.occurredAt && state.status === 'ACTIVE') return 'reactivated';
    const mirror = await createMirrorRepo(context.store).subscription(
      event.connectionId,
      facts.subscriberCode,
    );
    if (mirror && mirror.stateAt > event.occurredAt && mirror.status === 'ACTIVE') return 'reactivated';
    if (facts.productId !== null) {
      const hasPurchased = createHasPurchased({
        store: context.store,
        ...(context.purchases ? { purchases: context.purchases } : {}),
      });
      if (await hasPurchased(facts.email as string, facts.productId, event.occurredAt + 1))
        return 'purchased';
    }
    return null;
  });
  if (comeback !== null) {
    return {
      subscriberCode: facts.subscriberCode,
      contactId,
      winBack: { enrolled: false, skipped: comeback },
    };
  }

  const locale = await step.run('locale', () => winBackLocale(context, event, facts, settings.locale));
  const churnFormUrl = await step.run('churn-form-url', () =>
    churnForm(context, settings, event.connectionId, facts, locale as Locale),
  );
  const data: WinBackData = {
    connectionId: event.connectionId,
    buyer: { name: facts.name, email: facts.email },
    product: { id: facts.productId, name: facts.productName },
    subscription: { code: facts.subscriberCode, planName: facts.planName, cancelledAt: facts.cancelledAt },
    churnFormUrl,
    ...(settings.sellerName ? { seller: { name: settings.sellerName } } : {}),
  };
  const result = await callAction<{ created: boolean }>(
    ctx,
    step,
    'enrol-win-back',
    'email_enrol_sequence',
    {
      sequenceId: winBack.sequenceId,
      email: facts.email,
      data,
      locale,
      timeZone: settings.timeZone,
      // One win-back per cancellation: a subscriber who comes back and cancels again is won back again.
      occurrence: `${facts.subscriberCode}-${facts.cancelledAt}`,
    },
    retention.emailConnectionId,
  );
  return {
    subscriberCode: facts.subscriberCode,
    contactId,
    winBack: { enrolled: result.created, churnFormUrl: churnFormUrl !== null },
  };
}

async function approved(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const retention = settings.retention;
  const facts = purchaseFacts(event);
  const subscriberCode = event.subscriberCode as string;
  const key = subscriberStatusKey(event.connectionId, subscriberCode);
  const claim = await step.run('claim-status', async () => {
    const { before, written } = await setStatusUnlessNewer(context, key, event, 'ACTIVE');
    // Only a payment after a cancellation is news; renewals of an active subscription change nothing.
    return { reactivated: written && before?.status === 'CANCELLED' };
  });
  if (!claim.reactivated) return skippedRun('not a reactivation', { subscriberCode });
  let contactId: string | null = null;
  if (retention.hubspotConnectionId !== null && facts.buyer.email !== null && retention.crm.statusProperty) {
    const contact = await callOptionalAction<{ id: string }>(
      ctx,
      step,
      'hubspot-reactivated',
      'hubspot_upsert_contact',
      { email: facts.buyer.email, properties: { [retention.crm.statusProperty]: 'ACTIVE' } },
      retention.hubspotConnectionId,
    );
    contactId = contact?.id ?? null;
  }
  return { subscriberCode, reactivated: true, contactId };
}

/**
 * Records the event's status for the subscriber unless another event at the same time or later already recorded
 * one (events arrive out of order); returns the state read before and whether this one was written.
 */
async function setStatusUnlessNewer(
  context: ResolvedAgentContext,
  key: string,
  event: EventRecord,
  status: SubscriberStatusState['status'],
): Promise<{ before: SubscriberStatusState | null; written: boolean }> {
  const before = await context.store.getState<SubscriberStatusState>(key);
  if (before && before.eventId !== event.id && before.at >= event.occurredAt)
    return { before, written: false };
  const next: SubscriberStatusState = { status, at: event.occurredAt, eventId: event.id };
  await context.store.setState(key, next, context.now());
  return { before, written: true };
}

/** The buyer's language: the country of their purchases in the mirror, else the seller's. */
async function winBackLocale(
  context: ResolvedAgentContext,
  event: EventRecord,
  facts: CancellationFacts,
  sellerLocale: Locale,
): Promise<Locale> {
  // The cancellation names no country (reference §6.6); the subscription's first purchase does.
  const mirror = await createMirrorRepo(context.store).subscription(event.connectionId, facts.subscriberCode);
  const transaction = mirror?.transactionCode ?? null;
  if (transaction !== null) {
    const [purchase] = await context.store.listEvents({
      connectionId: event.connectionId,
      transaction,
      limit: 1,
    });
    if (purchase) return buyerLocale(purchaseFacts(purchase).buyer.countryIso, sellerLocale);
  }
  if (facts.email !== null) {
    const [purchase] = await context.store.listEvents({
      connectionId: event.connectionId,
      buyerEmail: facts.email,
      name: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'],
      limit: 1,
    });
    if (purchase) return buyerLocale(purchaseFacts(purchase).buyer.countryIso, sellerLocale);
  }
  return sellerLocale;
}

function churnForm(
  context: ResolvedAgentContext,
  settings: AgentSettings,
  connectionId: string,
  facts: CancellationFacts,
  locale: Locale,
): string | null {
  // The composition root derives it from the secret key (HMAC of 'hotpilot:churn-form'); a wrong type or a short
  // key makes buildChurnFormUrl throw, which is a wiring mistake to see at once.
  const secret = (context.services as { churnFormSecret?: ChurnFormSecret }).churnFormSecret;
  if (!settings.retention.winBack.churnForm || context.publicUrl === null || secret === undefined)
    return null;
  return buildChurnFormUrl(
    context.publicUrl,
    secret,
    {
      connectionId,
      subscriberCode: facts.subscriberCode,
      email: facts.email as string,
      productId: facts.productId,
      locale,
    },
    { now: context.now() },
  );
}
