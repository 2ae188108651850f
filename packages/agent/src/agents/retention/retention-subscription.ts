import type { StepTools } from '../../engine/step.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callOptionalAction } from '../call-action.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';

/**
 * A subscription as Hotmart's API reports it now (`hotmart_list_subscriptions` by subscriber code), reduced to
 * what the retention agent writes: ids for the negotiation, the plan and its period (for the MRR), the price and
 * the next charge date.
 *
 * @example
 * import type { ApiSubscription } from './retention-subscription.ts';
 * const monthly = (s: ApiSubscription) => s.recurrencyPeriod === 30;
 */
export interface ApiSubscription {
  subscriptionId: number | null;
  status: string | null;
  planName: string | null;
  recurrencyPeriod: number | null;
  price: { value: number; currency: string } | null;
  dateNextCharge: number | null;
}

interface SubscriptionItemLike {
  subscriber_code?: string;
  subscription_id?: number;
  status?: string;
  date_next_charge?: number | null;
  plan?: { name?: string; recurrency_period?: number };
  price?: { value: number; currency_code: string };
}

/**
 * Reads one subscription from Hotmart's API as a memoized step (`stepId`), or null when there is no Hotmart
 * connection with API credentials, Hotmart refuses (the run goes on with what the event says) or doesn't list it.
 *
 * @example
 * import type { StepTools } from '../../engine/step.ts';
 * import type { AgentContext } from '../agent-context.ts';
 * import { apiSubscription } from './retention-subscription.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const subscription = await apiSubscription(ctx, step, 'hotmart-subscription', { configured: null, eventConnectionId: 'main', subscriberCode: 'SUB1' });
 */
export async function apiSubscription(
  ctx: AgentContext,
  step: StepTools,
  stepId: string,
  where: { configured: string | null; eventConnectionId: string; subscriberCode: string },
): Promise<ApiSubscription | null> {
  const context = readAgentContext(ctx);
  const hotmart = await apiHotmartConnection(context.connections, where.configured, where.eventConnectionId);
  if (hotmart === null) return null;
  const list = await callOptionalAction<{ items: SubscriptionItemLike[] }>(
    ctx,
    step,
    stepId,
    'hotmart_list_subscriptions',
    { subscriber_code: where.subscriberCode, max_results: 1 },
    hotmart,
  );
  const item = list?.items.find((candidate) => candidate.subscriber_code === where.subscriberCode);
  if (!item) return null;
  return {
    subscriptionId: typeof item.subscription_id === 'number' ? item.subscription_id : null,
    status: item.status ?? null,
    planName: item.plan?.name ?? null,
    recurrencyPeriod: typeof item.plan?.recurrency_period === 'number' ? item.plan.recurrency_period : null,
    price: item.price ? { value: item.price.value, currency: item.price.currency_code.toUpperCase() } : null,
    dateNextCharge: typeof item.date_next_charge === 'number' ? item.date_next_charge : null,
  };
}

/**
 * A contact's first and last name from a full name (HubSpot keeps them apart).
 *
 * @example
 * import { splitName } from './retention-subscription.ts';
 * splitName('Ana Maria Souza'); // { firstname: 'Ana', lastname: 'Maria Souza' }
 */
export function splitName(name: string | null): { firstname?: string; lastname?: string } {
  const [firstname, ...rest] = (name ?? '').split(/\s+/).filter(Boolean);
  return {
    ...(firstname ? { firstname } : {}),
    ...(rest.length > 0 ? { lastname: rest.join(' ') } : {}),
  };
}

/**
 * A date as HubSpot's date properties take it: `YYYY-MM-DD` of the day in `timeZone` (HubSpot stores a date
 * property as midnight UTC of that day).
 *
 * @example
 * import { hubspotDate } from './retention-subscription.ts';
 * hubspotDate(Date.parse('2026-07-10T02:00:00Z'), 'America/Sao_Paulo'); // '2026-07-09'
 */
export function hubspotDate(at: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
