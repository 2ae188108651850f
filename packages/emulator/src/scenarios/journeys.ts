import type { StateChange } from '../model.ts';
import type { WebhookEventName } from '../webhooks/event-names.ts';
import type { ScenarioCatalog } from './catalog.ts';
import {
  applyPurchaseEvent,
  cancelSubscription,
  changeDueDay,
  chargeRenewal,
  chooseBuyer,
  completeModule,
  firstAccess,
  payOverdue,
  reactivateSubscription,
  refusedCardStatus,
  type ScenarioContext,
  sellClubAccess,
  sellOnce,
  startSubscription,
  switchPlan,
} from './operations.ts';

/**
 * The customer journeys the scenario driver plays.
 *
 * @example
 * const mix: Partial<Record<JourneyName, number>> = { abandoned_cart: 2, pix_purchase: 1 };
 */
export type JourneyName =
  | 'abandoned_cart'
  | 'card_purchase'
  | 'card_refused'
  | 'billet_purchase'
  | 'pix_purchase'
  | 'refund_request'
  | 'refund'
  | 'chargeback'
  | 'subscription_renewals'
  | 'subscription_delayed'
  | 'subscription_cancellation'
  | 'subscription_reactivation'
  | 'plan_switch'
  | 'due_day_change'
  | 'club_student';

/**
 * One journey: a customer's story told as account writes. `play` yields each state change right after writing
 * it, so the driver can report it, pace the run and interleave journeys.
 *
 * @example
 * const events = journeyByName('refund')?.events; // ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED']
 */
export interface JourneyDefinition {
  readonly name: JourneyName;
  readonly description: string;
  /** Share in a run without a `mix`. */
  readonly weight: number;
  /** Events the journey can report. */
  readonly events: readonly WebhookEventName[];
  /** Whether the account's catalogue has what the journey needs. */
  available(catalog: ScenarioCatalog): boolean;
  play(ctx: ScenarioContext): Generator<StateChange, void, void>;
}

const hasOneTime = (catalog: ScenarioCatalog): boolean => catalog.oneTime.length > 0;
const hasSubscriptions = (catalog: ScenarioCatalog): boolean => catalog.subscriptions.length > 0;

function* approvedCardSale(ctx: ScenarioContext): Generator<StateChange, string, void> {
  const sale = sellOnce(ctx, { payment: 'card', status: 'APPROVED' });
  yield { event: 'PURCHASE_APPROVED', transaction: sale.transaction };
  return sale.transaction;
}

function* newSubscription(ctx: ScenarioContext, switchable = false): Generator<StateChange, string, void> {
  const { sale, subscription } = startSubscription(ctx, { switchable });
  yield { event: 'PURCHASE_APPROVED', transaction: sale.transaction };
  return subscription.subscriber_code;
}

/**
 * Every journey, with its default weight. Probabilities inside journeys (how many carts are recovered, boletos
 * paid, disputes refunded) are rough figures for digital products, meant to look plausible in a demo, not to
 * model any real seller.
 *
 * @example
 * const names = JOURNEYS.map((journey) => journey.name);
 */
export const JOURNEYS: readonly JourneyDefinition[] = [
  {
    name: 'abandoned_cart',
    description:
      'Leaves the checkout (PURCHASE_OUT_OF_SHOPPING_CART); about a third come back and buy by card.',
    weight: 12,
    events: ['PURCHASE_OUT_OF_SHOPPING_CART', 'PURCHASE_APPROVED'],
    available: hasOneTime,
    *play(ctx) {
      const entry = ctx.random.pick(ctx.catalog.oneTime);
      const offer = ctx.random.pick(entry.offers);
      const buyer = chooseBuyer(ctx);
      yield {
        event: 'PURCHASE_OUT_OF_SHOPPING_CART',
        product_id: entry.product.id,
        offer_code: offer.code,
        buyer_ucode: buyer.ucode,
      };
      if (ctx.random.chance(0.35)) {
        const sale = sellOnce(ctx, {
          payment: 'card',
          status: 'APPROVED',
          buyer,
          productId: entry.product.id,
          offerCode: offer.code,
        });
        yield { event: 'PURCHASE_APPROVED', transaction: sale.transaction };
      }
    },
  },
  {
    name: 'card_purchase',
    description: 'Card payment approved, then completed once the guarantee period is over.',
    weight: 30,
    events: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'],
    available: hasOneTime,
    *play(ctx) {
      const transaction = yield* approvedCardSale(ctx);
      yield applyPurchaseEvent(ctx, transaction, 'PURCHASE_COMPLETE');
    },
  },
  {
    name: 'card_refused',
    description: 'Card refused by the issuer (PURCHASE_CANCELED with a refusal reason).',
    weight: 6,
    events: ['PURCHASE_CANCELED'],
    available: hasOneTime,
    *play(ctx) {
      const sale = sellOnce(ctx, { payment: 'card', status: refusedCardStatus(ctx) });
      yield { event: 'PURCHASE_CANCELED', transaction: sale.transaction };
    },
  },
  {
    name: 'billet_purchase',
    description: 'Boleto printed; paid (PURCHASE_APPROVED) or left to expire (PURCHASE_EXPIRED).',
    weight: 6,
    events: ['PURCHASE_BILLET_PRINTED', 'PURCHASE_APPROVED', 'PURCHASE_EXPIRED'],
    available: hasOneTime,
    *play(ctx) {
      const sale = sellOnce(ctx, { payment: 'billet', status: 'PRINTED_BILLET' });
      yield { event: 'PURCHASE_BILLET_PRINTED', transaction: sale.transaction };
      const paid = ctx.random.chance(0.6);
      yield applyPurchaseEvent(ctx, sale.transaction, paid ? 'PURCHASE_APPROVED' : 'PURCHASE_EXPIRED');
    },
  },
  {
    name: 'pix_purchase',
    description: 'PIX code generated (reported as PURCHASE_BILLET_PRINTED, reference §6.4); paid or expired.',
    weight: 10,
    events: ['PURCHASE_BILLET_PRINTED', 'PURCHASE_APPROVED', 'PURCHASE_EXPIRED'],
    available: hasOneTime,
    *play(ctx) {
      const sale = sellOnce(ctx, { payment: 'pix', status: 'WAITING_PAYMENT' });
      yield { event: 'PURCHASE_BILLET_PRINTED', transaction: sale.transaction };
      const paid = ctx.random.chance(0.8);
      yield applyPurchaseEvent(ctx, sale.transaction, paid ? 'PURCHASE_APPROVED' : 'PURCHASE_EXPIRED');
    },
  },
  {
    name: 'refund_request',
    description:
      'Approved, then the buyer asks for a refund (PURCHASE_PROTEST); mostly refunded, else completed.',
    weight: 3,
    events: ['PURCHASE_APPROVED', 'PURCHASE_PROTEST', 'PURCHASE_REFUNDED', 'PURCHASE_COMPLETE'],
    available: hasOneTime,
    *play(ctx) {
      const transaction = yield* approvedCardSale(ctx);
      yield applyPurchaseEvent(ctx, transaction, 'PURCHASE_PROTEST');
      const refunded = ctx.random.chance(0.7);
      yield applyPurchaseEvent(ctx, transaction, refunded ? 'PURCHASE_REFUNDED' : 'PURCHASE_COMPLETE');
    },
  },
  {
    name: 'refund',
    description: 'Approved, then refunded within the guarantee.',
    weight: 4,
    events: ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'],
    available: hasOneTime,
    *play(ctx) {
      const transaction = yield* approvedCardSale(ctx);
      yield applyPurchaseEvent(ctx, transaction, 'PURCHASE_REFUNDED');
    },
  },
  {
    name: 'chargeback',
    description: 'Approved, then charged back by the card holder.',
    weight: 1,
    events: ['PURCHASE_APPROVED', 'PURCHASE_CHARGEBACK'],
    available: hasOneTime,
    *play(ctx) {
      const transaction = yield* approvedCardSale(ctx);
      yield applyPurchaseEvent(ctx, transaction, 'PURCHASE_CHARGEBACK');
    },
  },
  {
    name: 'subscription_renewals',
    description: 'Subscribes, then one to three renewals are charged and paid.',
    weight: 8,
    events: ['PURCHASE_APPROVED'],
    available: hasSubscriptions,
    *play(ctx) {
      const code = yield* newSubscription(ctx);
      const renewals = ctx.random.int(1, 3);
      for (let i = 0; i < renewals; i++) yield chargeRenewal(ctx, code, true);
    },
  },
  {
    name: 'subscription_delayed',
    description: 'A renewal goes unpaid (PURCHASE_DELAYED); paid late, or Hotmart cancels the subscription.',
    weight: 3,
    events: ['PURCHASE_APPROVED', 'PURCHASE_DELAYED', 'SUBSCRIPTION_CANCELLATION'],
    available: hasSubscriptions,
    *play(ctx) {
      const code = yield* newSubscription(ctx);
      const delayed = chargeRenewal(ctx, code, false);
      yield delayed;
      if (ctx.random.chance(0.5) && 'transaction' in delayed) yield payOverdue(ctx, delayed.transaction);
      else yield cancelSubscription(ctx, code, 'ADMIN');
    },
  },
  {
    name: 'subscription_cancellation',
    description: 'Subscribes, maybe renews once, then cancels (mostly the customer, sometimes the seller).',
    weight: 4,
    events: ['PURCHASE_APPROVED', 'SUBSCRIPTION_CANCELLATION'],
    available: hasSubscriptions,
    *play(ctx) {
      const code = yield* newSubscription(ctx);
      if (ctx.random.chance(0.5)) yield chargeRenewal(ctx, code, true);
      yield cancelSubscription(ctx, code, ctx.random.chance(0.85) ? 'CUSTOMER' : 'SELLER');
    },
  },
  {
    name: 'subscription_reactivation',
    description: 'Cancels, then comes back: the subscription is reactivated and charged again.',
    weight: 1,
    events: ['PURCHASE_APPROVED', 'SUBSCRIPTION_CANCELLATION'],
    available: hasSubscriptions,
    *play(ctx) {
      const code = yield* newSubscription(ctx);
      yield cancelSubscription(ctx, code, 'CUSTOMER');
      yield reactivateSubscription(ctx, code);
    },
  },
  {
    name: 'plan_switch',
    description: 'Subscribes, then switches to another plan of the product (SWITCH_PLAN).',
    weight: 2,
    events: ['PURCHASE_APPROVED', 'SWITCH_PLAN'],
    available: (catalog) => catalog.switchable.length > 0,
    *play(ctx) {
      const code = yield* newSubscription(ctx, true);
      yield switchPlan(ctx, code);
    },
  },
  {
    name: 'due_day_change',
    description: 'Subscribes, then moves the charge day (UPDATE_SUBSCRIPTION_CHARGE_DATE).',
    weight: 2,
    events: ['PURCHASE_APPROVED', 'UPDATE_SUBSCRIPTION_CHARGE_DATE'],
    available: hasSubscriptions,
    *play(ctx) {
      const code = yield* newSubscription(ctx);
      yield changeDueDay(ctx, code);
    },
  },
  {
    name: 'club_student',
    description: 'Buys a members-area product, opens it (CLUB_FIRST_ACCESS) and completes modules in order.',
    weight: 8,
    events: ['PURCHASE_APPROVED', 'CLUB_FIRST_ACCESS', 'CLUB_MODULE_COMPLETED'],
    available: (catalog) => catalog.club.length > 0,
    *play(ctx) {
      const { change, student } = sellClubAccess(ctx);
      yield change;
      yield firstAccess(ctx, student.user_id);
      const modules = ctx.account.modules(student.product_id).length;
      const completions = ctx.random.int(1, modules);
      for (let i = 0; i < completions; i++) yield completeModule(ctx, student.user_id);
    },
  },
];

/**
 * Looks a journey up by name.
 *
 * @example
 * const refund = journeyByName('refund');
 */
export function journeyByName(name: JourneyName): JourneyDefinition | undefined {
  return JOURNEYS.find((journey) => journey.name === name);
}

/**
 * Every journey name, for validation.
 *
 * @example
 * const schema = z.enum(JOURNEY_NAMES);
 */
export const JOURNEY_NAMES = [
  'abandoned_cart',
  'card_purchase',
  'card_refused',
  'billet_purchase',
  'pix_purchase',
  'refund_request',
  'refund',
  'chargeback',
  'subscription_renewals',
  'subscription_delayed',
  'subscription_cancellation',
  'subscription_reactivation',
  'plan_switch',
  'due_day_change',
  'club_student',
] as const satisfies readonly JourneyName[];
