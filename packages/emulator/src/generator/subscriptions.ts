import type { Affiliate, PaymentType, Plan, Sale, Subscription, SubscriptionStatus } from '../model.ts';
import type { CatalogEntry } from './catalog.ts';
import { choosePayment, chooseTracking, type PaymentChoice } from './payments.ts';
import type { BuyerDirectory } from './people.ts';
import type { Rng } from './random.ts';

const DAY = 86_400_000;

/**
 * What the generator keeps about each generated subscription besides its public record: enough to render any of
 * its charges as a sale on demand. It is frozen at generation; later writes (plan switches, cancellations) change
 * the public `Subscription` and, for sales, the account's overrides — never the history rendered from here.
 *
 * @example
 * const lastCharge = (history: SubscriptionHistory) => chargeDate(history, history.charges);
 */
export interface SubscriptionHistory {
  entry: CatalogEntry;
  plan: Plan;
  buyerIndex: number;
  payment: PaymentChoice;
  affiliateCode?: string;
  tracking: Sale['tracking'];
  accession: number;
  /** Charges generated (paid and unpaid). */
  charges: number;
  /** Recurrence numbers ≥ this one were charged but not paid. */
  firstUnpaid: number;
  /** The first charge is a boleto/PIX still waiting (status STARTED). */
  pending: boolean;
}

/**
 * The order date of charge `recurrence` (1-based). A trial postpones every charge after the first by the trial
 * length: the first purchase is the sign-up, the first paid period starts when the trial ends.
 *
 * @example
 * chargeDate(history, 1) === history.accession; // true
 */
export function chargeDate(
  history: Pick<SubscriptionHistory, 'accession' | 'plan'>,
  recurrence: number,
): number {
  if (recurrence <= 1) return history.accession;
  const trial = (history.plan.trial_period ?? 0) * DAY;
  return history.accession + trial + (recurrence - 1) * history.plan.recurrency_period * DAY;
}

/**
 * A generated subscription: its public record and its history.
 *
 * @example
 * const codes = (all: GeneratedSubscription[]) => all.map(({ record }) => record.subscriber_code);
 */
export interface GeneratedSubscription {
  record: Subscription;
  history: SubscriptionHistory;
}

function dueDay(plan: Plan, accession: number): number {
  const date = new Date(accession);
  // Weekly plans count days of the week, 1 = Monday … 7 = Sunday (reference §4.2 change charge day).
  if (plan.periodicity === 'WEEKLY') return ((date.getUTCDay() + 6) % 7) + 1;
  return date.getUTCDate();
}

interface Fate {
  status: SubscriptionStatus;
  charges: number;
  firstUnpaid: number;
  cancellation?: number;
  end?: number;
}

function chargesDue(history: Pick<SubscriptionHistory, 'accession' | 'plan'>, now: number): number {
  let due = 0;
  const max = history.plan.max_charge_cycles ?? Number.POSITIVE_INFINITY;
  while (due < max && chargeDate(history, due + 1) <= now) due++;
  return due;
}

/**
 * Decides what happened to a subscription by `now`: mostly active, then cancelled by the customer or seller,
 * delayed (one unpaid charge), overdue (several), or cancelled by Hotmart after five unpaid charges (reference
 * §5.2, help-centre rule).
 */
function decideFate(rng: Rng, history: Pick<SubscriptionHistory, 'accession' | 'plan'>, now: number): Fate {
  const due = chargesDue(history, now);
  const active = (): Fate => {
    const max = history.plan.max_charge_cycles;
    const next = chargeDate(history, due + 1);
    if (max !== undefined && due === max && next <= now) {
      return { status: 'INACTIVE', charges: due, firstUnpaid: due + 1, end: next };
    }
    return { status: 'ACTIVE', charges: due, firstUnpaid: due + 1 };
  };
  const roll = rng.next();
  if (roll < 0.62 || due === 0) return active();
  if (roll < 0.82) {
    const paid = rng.int(1, due);
    const from = chargeDate(history, paid);
    const until = Math.min(chargeDate(history, paid + 1), now);
    const cancellation = from + Math.floor(rng.next() * Math.max(1, until - from));
    const status = rng.chance(0.75) ? 'CANCELLED_BY_CUSTOMER' : 'CANCELLED_BY_SELLER';
    return { status, charges: paid, firstUnpaid: paid + 1, cancellation, end: cancellation };
  }
  if (roll < 0.9) {
    if (due < 2) return active();
    return { status: 'DELAYED', charges: due, firstUnpaid: due };
  }
  if (roll < 0.95) {
    if (due < 3) return active();
    const unpaid = rng.int(2, Math.min(4, due - 1));
    return { status: 'OVERDUE', charges: due, firstUnpaid: due - unpaid + 1 };
  }
  if (due < 6) return active();
  const paid = rng.int(1, due - 5);
  const cancellation = Math.min(chargeDate(history, paid + 5) + DAY, now - 1);
  return {
    status: 'CANCELLED_BY_ADMIN',
    charges: paid + 5,
    firstUnpaid: paid + 1,
    cancellation,
    end: cancellation,
  };
}

/**
 * Inputs of `generateSubscriptions`.
 *
 * @example
 * const inputs: SubscriptionInputs = { rng, catalog, buyers, affiliates, start, now, targetCharges: 300 };
 */
export interface SubscriptionInputs {
  rng: Rng;
  catalog: readonly CatalogEntry[];
  buyers: BuyerDirectory;
  affiliates: readonly Affiliate[];
  start: number;
  now: number;
  /** Stop once the subscriptions' charges reach this many sales. */
  targetCharges: number;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/**
 * Generates subscriptions until their charges add up to `targetCharges` sales. Memory is O(subscriptions): each
 * keeps its record, a small history, and the list of its transactions (filled in once sales are laid out).
 *
 * @example
 * const subscriptions = generateSubscriptions({ rng, catalog, buyers, affiliates, start, now, targetCharges: 300 });
 */
export function generateSubscriptions(inputs: SubscriptionInputs): GeneratedSubscription[] {
  const { rng, catalog, buyers, affiliates, start, now, targetCharges } = inputs;
  const products = catalog.filter(
    (entry) => entry.kind === 'subscription' && entry.popularity > 0 && entry.plans.length > 0,
  );
  const generated: GeneratedSubscription[] = [];
  if (products.length === 0 || targetCharges <= 0) return generated;
  const productWeights = products.map((entry) => [entry, entry.popularity] as const);
  // Monthly plans sell best, then annual ones.
  const planWeights = new Map(
    products.map((entry) => [
      entry,
      entry.plans.map((p, i) => [p, i === 0 ? 5 : p.periodicity === 'ANNUAL' ? 2 : 1] as const),
    ]),
  );
  const codes = new Set<string>();
  const ids = new Set<number>();
  let total = 0;
  let rejected = 0;
  while (total < targetCharges && rejected < 200) {
    const entry = rng.weighted(productWeights);
    const plan = rng.weighted(planWeights.get(entry) ?? []);
    // A few sign-ups are recent boletos/PIX not paid yet: the subscription is STARTED (reference §5.2 "Initiated").
    const pending = rng.chance(0.025);
    const accession = pending
      ? now - Math.floor(rng.next() * 2.5 * DAY) - 60_000
      : start + Math.floor(rng.next() * (now - start - DAY));
    const fate: Fate = pending
      ? { status: 'STARTED', charges: 1, firstUnpaid: 2 }
      : decideFate(rng, { accession, plan }, now);
    if (fate.charges === 0 || total + fate.charges > targetCharges) {
      rejected++;
      continue;
    }
    rejected = 0;
    total += fate.charges;
    const buyerIndex = Math.floor(rng.next() * buyers.count);
    const country = buyers.countryOf(buyerIndex);
    const paymentType: PaymentType = pending
      ? rng.chance(0.6)
        ? 'BILLET'
        : 'PIX'
      : rng.weighted<PaymentType>([
          ['CREDIT_CARD', 82],
          ['PIX', 10],
          ['BILLET', 5],
          ['PAYPAL', 3],
        ]);
    const payment = choosePayment(rng, country.iso, plan.price.value, paymentType);
    payment.installments = 1;
    const history: SubscriptionHistory = {
      entry,
      plan,
      buyerIndex,
      payment,
      tracking: chooseTracking(rng),
      accession,
      charges: fate.charges,
      firstUnpaid: fate.firstUnpaid,
      pending,
    };
    if (rng.chance(0.15) && affiliates.length > 0)
      history.affiliateCode = rng.pick(affiliates).affiliate_code;
    let code = '';
    do {
      code = '';
      for (let i = 0; i < 8; i++) code += CODE_ALPHABET[Math.floor(rng.next() * CODE_ALPHABET.length)];
    } while (codes.has(code));
    codes.add(code);
    let id = 0;
    do id = rng.int(1_000_000, 9_999_999);
    while (ids.has(id));
    ids.add(id);
    const unpaid: Subscription['unpaid'] = [];
    const stillOwed =
      fate.status === 'DELAYED' || fate.status === 'OVERDUE' || fate.status === 'CANCELLED_BY_ADMIN';
    if (stillOwed) {
      for (let n = fate.firstUnpaid; n <= fate.charges; n++)
        unpaid.push({ number: n, charge_date: chargeDate(history, n) });
    }
    const record: Subscription = {
      subscription_id: id,
      subscriber_code: code,
      product_id: entry.product.id,
      plan_id: plan.id,
      buyer_ucode: buyers.ucodeOf(buyerIndex),
      status: fate.status,
      accession_date: accession,
      request_date: accession,
      date_next_charge: fate.end ?? chargeDate(history, fate.charges + 1),
      due_day: dueDay(plan, accession),
      trial: plan.trial_period !== undefined && now < accession + plan.trial_period * DAY,
      transaction: '',
      current_recurrence: fate.charges,
      transactions: [],
      unpaid,
    };
    if (fate.end !== undefined) record.end_accession_date = fate.end;
    if (fate.cancellation !== undefined) record.cancellation_date = fate.cancellation;
    generated.push({ record, history });
  }
  // Oldest sign-ups first: the list endpoint pages through them in this order.
  generated.sort(
    (a, b) =>
      a.history.accession - b.history.accession || a.record.subscription_id - b.record.subscription_id,
  );
  return generated;
}
