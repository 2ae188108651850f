import type { SubscriptionItem, SubscriptionSummaryItem } from '@hotpilot/hotmart';
import type { StepTools } from '../../engine/step.ts';
import type { AgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AuditSnapshot } from './audit-snapshot.ts';

const DAY = 86_400_000;
// Hotmart's largest page for subscriptions (reference §3.2).
const PAGE_SIZE = 500;
// Subscriptions that still count: Hotmart keeps charging DELAYED and OVERDUE ones until it cancels them after five
// unpaid charges (reference §5.2).
const LIVE = ['ACTIVE', 'DELAYED', 'OVERDUE'] as const;
const ENDED = new Set([
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
  'INACTIVE',
  'EXPIRED',
]);

type Page<T> = { items: T[]; page_info?: { next_page_token?: string } };

async function* pages<T>(
  ctx: AgentContext,
  step: StepTools,
  stepPrefix: string,
  actionId: string,
  input: Record<string, unknown>,
  connectionId: string,
): AsyncGenerator<T[]> {
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const result = await callAction<Page<T>>(
      ctx,
      step,
      `${stepPrefix}:${page}`,
      actionId,
      { ...input, max_results: PAGE_SIZE, ...(pageToken === undefined ? {} : { page_token: pageToken }) },
      connectionId,
    );
    yield result.items;
    pageToken = result.page_info?.next_page_token;
    if (!pageToken || result.items.length === 0) return;
  }
}

/**
 * Reads the subscribers as the API shows them now: live subscriptions counted per product and plan
 * (`hotmart_list_subscriptions`, steps `subscriptions:<n>`), and the unpaid charges at least `overdueDays` old of
 * subscriptions that haven't ended (`hotmart_get_subscriptions_summary`, steps `subscriptions-summary:<n>`; Hotmart
 * computes that summary with about a day of delay, reference §4.2).
 *
 * @example
 * import type { StepTools } from '../../engine/step.ts';
 * import type { AgentContext } from '../agent-context.ts';
 * import { readSubscribers } from './read-subscribers.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const subscribers = await readSubscribers(ctx, step, 'main', { at: Date.now(), overdueDays: 3 });
 */
export async function readSubscribers(
  ctx: AgentContext,
  step: StepTools,
  connectionId: string,
  options: { at: number; overdueDays: number },
): Promise<NonNullable<AuditSnapshot['subscribers']>> {
  const plans: NonNullable<AuditSnapshot['subscribers']>['plans'] = {};
  const live = pages<SubscriptionItem>(
    ctx,
    step,
    'subscriptions',
    'hotmart_list_subscriptions',
    { status: [...LIVE] },
    connectionId,
  );
  for await (const items of live) {
    for (const subscription of items) {
      const productId = subscription.product?.id === undefined ? 'unknown' : String(subscription.product.id);
      const planId = subscription.plan?.id === undefined ? 'unknown' : String(subscription.plan.id);
      const key = `${productId}:${planId}`;
      const entry = plans[key] ?? {
        productId,
        productName: subscription.product?.name?.trim() || productId,
        planId,
        planName: subscription.plan?.name?.trim() || planId,
        subscribers: 0,
      };
      entry.subscribers += 1;
      plans[key] = entry;
    }
  }

  const overdue: NonNullable<AuditSnapshot['subscribers']>['overdue'] = {};
  const cutoff = options.at - options.overdueDays * DAY;
  const summaries = pages<SubscriptionSummaryItem>(
    ctx,
    step,
    'subscriptions-summary',
    'hotmart_get_subscriptions_summary',
    {},
    connectionId,
  );
  for await (const items of summaries) {
    for (const subscription of items) {
      if (!subscription.subscriber_code || ENDED.has(subscription.status ?? '')) continue;
      for (const unpaid of subscription.unpaid_recurrencies ?? []) {
        if (unpaid.number === undefined || unpaid.charge_date === undefined || unpaid.charge_date > cutoff)
          continue;
        overdue[`${subscription.subscriber_code}#${unpaid.number}`] = {
          subscriberCode: subscription.subscriber_code,
          recurrence: unpaid.number,
          name: subscription.subscriber?.name ?? null,
          email: subscription.subscriber?.email ?? null,
          productName: subscription.product?.name?.trim() || String(subscription.product?.id ?? ''),
          chargeDate: unpaid.charge_date,
        };
      }
    }
  }
  return { plans, overdue };
}
