import { z } from 'zod';
import type { StateChange } from '../model.ts';
import { PURCHASE_EVENT_NAMES, type PurchaseEventName } from '../webhooks/event-names.ts';
import {
  applyPurchaseEvent,
  cancelSubscription,
  changeDueDay,
  chargeRenewal,
  chooseBuyer,
  completeModule,
  firstAccess,
  payOverdue,
  refusedCardStatus,
  type ScenarioContext,
  sellClubAccess,
  sellOnce,
  startSubscription,
  switchPlan,
} from './operations.ts';
import { ScenarioError } from './scenario-error.ts';

const id = z.string().min(1).max(200);

/**
 * A request for one event: the event name, and optionally the record it happens to. Without a record the
 * driver creates a fitting one first, silently (a new sale, subscription or student), so that exactly one
 * webhook goes out. Fields that do not apply to the event are rejected.
 *
 * @example
 * const input = triggerInputSchema.parse({ event: 'PURCHASE_REFUNDED', transaction: 'HP0001' });
 */
export const triggerInputSchema = z.discriminatedUnion('event', [
  z.strictObject({
    event: z.enum(PURCHASE_EVENT_NAMES),
    transaction: id.optional(),
    product_id: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({
    event: z.literal('PURCHASE_OUT_OF_SHOPPING_CART'),
    product_id: z.number().int().nonnegative().optional(),
    offer_code: id.optional(),
    buyer_ucode: id.optional(),
  }),
  z.strictObject({
    event: z.literal('SUBSCRIPTION_CANCELLATION'),
    subscriber_code: id.optional(),
    by: z.enum(['CUSTOMER', 'SELLER', 'ADMIN']).optional(),
  }),
  z.strictObject({
    event: z.literal('SWITCH_PLAN'),
    subscriber_code: id.optional(),
    plan_id: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({
    event: z.literal('UPDATE_SUBSCRIPTION_CHARGE_DATE'),
    subscriber_code: id.optional(),
    due_day: z.number().int().min(1).max(31).optional(),
  }),
  z.strictObject({
    event: z.literal('CLUB_FIRST_ACCESS'),
    user_id: id.optional(),
    product_id: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({
    event: z.literal('CLUB_MODULE_COMPLETED'),
    user_id: id.optional(),
    product_id: z.number().int().nonnegative().optional(),
    module_id: id.optional(),
  }),
]);

/**
 * Input of {@link ScenarioDriver.trigger}; see {@link triggerInputSchema}.
 *
 * @example
 * const input: TriggerInput = { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3', by: 'SELLER' };
 */
export type TriggerInput = z.input<typeof triggerInputSchema>;

/** What can happen to a subscription's card charge (boleto/PIX first charges are not played). */
const SUBSCRIPTION_PURCHASE_EVENTS: ReadonlySet<PurchaseEventName> = new Set([
  'PURCHASE_APPROVED',
  'PURCHASE_COMPLETE',
  'PURCHASE_REFUNDED',
  'PURCHASE_CHARGEBACK',
  'PURCHASE_PROTEST',
  'PURCHASE_DELAYED',
]);

/** A purchase event on a new sale: prerequisite steps are written without being reported. */
function freshPurchase(
  ctx: ScenarioContext,
  event: PurchaseEventName,
  productId: number | undefined,
): StateChange {
  const { account } = ctx;
  const product = productId !== undefined ? account.product(productId) : undefined;
  if (productId !== undefined && !product)
    throw new ScenarioError('not_found', `unknown product ${productId}`);
  if (event === 'PURCHASE_DELAYED' || product?.is_subscription) {
    if (!SUBSCRIPTION_PURCHASE_EVENTS.has(event)) {
      throw new ScenarioError(
        'conflict',
        `${event} is played on one-time products; ${productId} is a subscription`,
      );
    }
    const { sale, subscription } = startSubscription(ctx, productId !== undefined ? { productId } : {});
    if (event === 'PURCHASE_DELAYED') return chargeRenewal(ctx, subscription.subscriber_code, false);
    return event === 'PURCHASE_APPROVED'
      ? { event, transaction: sale.transaction }
      : applyPurchaseEvent(ctx, sale.transaction, event);
  }
  const where = productId !== undefined ? { productId } : {};
  switch (event) {
    case 'PURCHASE_BILLET_PRINTED':
      return {
        event,
        transaction: sellOnce(ctx, { payment: 'billet', status: 'PRINTED_BILLET', ...where }).transaction,
      };
    case 'PURCHASE_EXPIRED': {
      const sale = sellOnce(ctx, { payment: 'billet', status: 'PRINTED_BILLET', ...where });
      return applyPurchaseEvent(ctx, sale.transaction, event);
    }
    case 'PURCHASE_CANCELED':
      return {
        event,
        transaction: sellOnce(ctx, { payment: 'card', status: refusedCardStatus(ctx), ...where }).transaction,
      };
    default: {
      const sale = sellOnce(ctx, { payment: 'card', status: 'APPROVED', ...where });
      if (event === 'PURCHASE_APPROVED') return { event, transaction: sale.transaction };
      if (event === 'PURCHASE_REFUNDED' && ctx.random.chance(0.5)) {
        applyPurchaseEvent(ctx, sale.transaction, 'PURCHASE_PROTEST');
      }
      return applyPurchaseEvent(ctx, sale.transaction, event);
    }
  }
}

/** A purchase event on an existing sale, keeping the subscription in step for renewals. */
function existingPurchase(ctx: ScenarioContext, event: PurchaseEventName, transaction: string): StateChange {
  const { account } = ctx;
  const sale = account.sale(transaction);
  if (!sale) throw new ScenarioError('not_found', `unknown transaction ${transaction}`);
  if (event === 'PURCHASE_APPROVED' && sale.status === 'OVERDUE') return payOverdue(ctx, transaction);
  const change = applyPurchaseEvent(ctx, transaction, event);
  if (event === 'PURCHASE_DELAYED' && sale.subscriber_code !== undefined) {
    const subscription = account.subscription(sale.subscriber_code);
    const recurrence = sale.recurrency_number ?? subscription?.current_recurrence ?? 1;
    if (subscription && !subscription.unpaid.some((charge) => charge.number === recurrence)) {
      account.updateSubscription(subscription.subscriber_code, {
        status: 'DELAYED',
        unpaid: [...subscription.unpaid, { number: recurrence, charge_date: account.now() }],
      });
    }
  }
  return change;
}

function subscriberFor(ctx: ScenarioContext, code: string | undefined, switchable = false): string {
  return code ?? startSubscription(ctx, { switchable }).subscription.subscriber_code;
}

function studentFor(ctx: ScenarioContext, userId: string | undefined, productId: number | undefined): string {
  if (userId !== undefined) {
    const student = ctx.account.student(userId);
    if (!student) throw new ScenarioError('not_found', `unknown student ${userId}`);
    if (productId !== undefined && student.product_id !== productId) {
      throw new ScenarioError('conflict', `student ${userId} belongs to product ${student.product_id}`);
    }
    return userId;
  }
  return sellClubAccess(ctx, productId).student.user_id;
}

/**
 * Writes the state change one triggered event reports and returns it (without notifying). Throws
 * {@link ScenarioError} for unknown records (`not_found`), impossible transitions (`conflict`) and catalogues that
 * lack what the event needs (`unavailable`).
 *
 * @example
 * const change = applyTrigger(ctx, { event: 'SUBSCRIPTION_CANCELLATION' });
 * account.notify(change);
 */
export function applyTrigger(ctx: ScenarioContext, input: TriggerInput): StateChange {
  const request = triggerInputSchema.parse(input);
  switch (request.event) {
    case 'PURCHASE_OUT_OF_SHOPPING_CART': {
      const { account, random, catalog } = ctx;
      const entry =
        request.product_id !== undefined
          ? catalog.oneTime.find((candidate) => candidate.product.id === request.product_id)
          : catalog.oneTime.length > 0
            ? random.pick(catalog.oneTime)
            : undefined;
      if (!entry) {
        throw request.product_id !== undefined
          ? new ScenarioError('not_found', `no sellable one-time product ${request.product_id}`)
          : new ScenarioError('unavailable', 'the account has no one-time product');
      }
      const offer =
        request.offer_code !== undefined
          ? entry.offers.find((candidate) => candidate.code === request.offer_code)
          : random.pick(entry.offers);
      if (!offer)
        throw new ScenarioError(
          'not_found',
          `offer ${request.offer_code} is not an offer of ${entry.product.id}`,
        );
      const buyer = request.buyer_ucode !== undefined ? account.buyer(request.buyer_ucode) : chooseBuyer(ctx);
      if (!buyer) throw new ScenarioError('not_found', `unknown buyer ${request.buyer_ucode}`);
      return {
        event: request.event,
        product_id: entry.product.id,
        offer_code: offer.code,
        buyer_ucode: buyer.ucode,
      };
    }
    case 'SUBSCRIPTION_CANCELLATION':
      return cancelSubscription(ctx, subscriberFor(ctx, request.subscriber_code), request.by ?? 'CUSTOMER');
    case 'SWITCH_PLAN':
      return switchPlan(ctx, subscriberFor(ctx, request.subscriber_code, true), request.plan_id);
    case 'UPDATE_SUBSCRIPTION_CHARGE_DATE':
      return changeDueDay(ctx, subscriberFor(ctx, request.subscriber_code), request.due_day);
    case 'CLUB_FIRST_ACCESS':
      return firstAccess(ctx, studentFor(ctx, request.user_id, request.product_id));
    case 'CLUB_MODULE_COMPLETED':
      return completeModule(ctx, studentFor(ctx, request.user_id, request.product_id), request.module_id);
    default:
      return request.transaction !== undefined
        ? existingPurchase(ctx, request.event, request.transaction)
        : freshPurchase(ctx, request.event, request.product_id);
  }
}
