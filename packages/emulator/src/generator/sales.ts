import type { Affiliate, Coupon, Offer, Sale, Subscription, TransactionStatus } from '../model.ts';
import type { CatalogEntry } from './catalog.ts';
import { transactionCode } from './codes.ts';
import { fixedFee, HOTMART_FEE_PERCENT, round2 } from './money.ts';
import {
  billetFor,
  choosePayment,
  isDeferredPayment,
  type PaymentChoice,
  pickSource,
  pixCodeFor,
  refusalReason,
  trackingFor,
} from './payments.ts';
import type { BuyerDirectory } from './people.ts';
import { hash32, lowerBound, Rng, unit } from './random.ts';
import { chargeDate, type GeneratedSubscription } from './subscriptions.ts';

/*
 * How an account holds 1,000,000 sales without holding them.
 *
 * Sales are addressed by index in `order_date` order and computed on demand from (seed, index). There are two
 * families, merged into one ordered sequence:
 * - One-time sales (the great majority) are numbered j = 0..M-1. Sale j is dated in the j-th of M equal slots of
 *   the account's history, at a hashed offset inside its slot, so `oneTimeDate(j)` is O(1) and increasing in j;
 *   every other field is drawn from a PRNG seeded with hash(seed, j).
 * - Subscription charges are generated per subscription (O(#subscriptions) records, a few % of sales). Their
 *   dates are sorted once into typed arrays (date, owner, recurrence, global index): ~20 bytes per charge.
 * A charge dated d sits after every one-time sale dated ≤ d, so its global index is its rank among charges plus
 * the number of one-time sales dated ≤ d; one merge walk at construction computes all of them. Going back —
 * which sale is at global index i — is a binary search in the charges' global indexes: a hit is that charge;
 * otherwise it is one-time sale j = i − (charges before i). The first index at or after a date is
 * (one-time sales before it, a binary search on j) + (charges before it, a binary search on dates).
 * Transaction codes embed the index (`codes.ts`), so finding a sale by transaction needs no map either. Writes
 * live outside this book, in the account's override map and list of added sales.
 */

const DAY = 86_400_000;
const STREAM_DATE = 0xda7e;
const STREAM_SALE = 0x5a1e;
const STREAM_BUMP = 0xb0b0;
const STREAM_CHARGE = 0xc4a6;
const STREAM_DETAIL = 0xde7a;
/** Share of one-time sales that are order bumps added to the sale just before. */
const BUMP_RATE = 0.05;

/**
 * A copy of a subscription record whose `transactions` list is computed on first read (and writable after).
 * The accessor is an own enumerable property, so spreading or serialising the record still includes the list.
 *
 * @example
 * const record = withLazyTransactions(subscription, () => ['HP…']);
 */
export function withLazyTransactions(record: Subscription, compute: () => string[]): Subscription {
  let cached: string[] | undefined;
  return {
    ...record,
    get transactions(): string[] {
      cached ??= compute();
      return cached;
    },
    set transactions(value: string[]) {
      cached = value;
    },
  };
}

/** Bucket width of the charge sort: an hour keeps buckets tiny. */
const SORT_BUCKET_MS = 3_600_000;

/**
 * The permutation that orders `dates` by (date, position): a counting sort into hourly buckets, then an
 * insertion sort inside each bucket. No comparator callbacks, so sorting the charges of a million-sale account
 * allocates nothing per comparison.
 */
function sortByDate(dates: Float64Array, start: number): Int32Array {
  const count = dates.length;
  const bucketOf = (i: number): number =>
    Math.max(0, Math.floor(((dates[i] as number) - start) / SORT_BUCKET_MS));
  let maxBucket = 0;
  for (let i = 0; i < count; i++) maxBucket = Math.max(maxBucket, bucketOf(i));
  const starts = new Int32Array(maxBucket + 2);
  for (let i = 0; i < count; i++) {
    const next = bucketOf(i) + 1;
    starts[next] = (starts[next] as number) + 1;
  }
  for (let b = 1; b < starts.length; b++) starts[b] = (starts[b] as number) + (starts[b - 1] as number);
  const order = new Int32Array(count);
  const fill = starts.slice();
  // Positions go in increasing order, so each bucket starts out ordered by position: the sort below is stable.
  for (let i = 0; i < count; i++) {
    const bucket = bucketOf(i);
    const at = fill[bucket] as number;
    order[at] = i;
    fill[bucket] = at + 1;
  }
  for (let b = 0; b + 1 < starts.length; b++) {
    const from = starts[b] as number;
    const to = starts[b + 1] as number;
    for (let i = from + 1; i < to; i++) {
      const held = order[i] as number;
      const date = dates[held] as number;
      let k = i - 1;
      while (k >= from && (dates[order[k] as number] as number) > date) {
        order[k + 1] = order[k] as number;
        k--;
      }
      order[k + 1] = held;
    }
  }
  return order;
}

/**
 * Inputs of a `SalesBook`.
 *
 * @example
 * const inputs: SalesBookInputs = { seed, now, start, total: 2_000, catalog, buyers, affiliates, subscriptions };
 */
export interface SalesBookInputs {
  seed: number;
  /** Reference time: statuses are decided as of this instant. */
  now: number;
  /** Start of the account's history; sales are dated in [start, now). */
  start: number;
  /** Number of generated sales, one-time and subscription charges together. */
  total: number;
  catalog: readonly CatalogEntry[];
  buyers: BuyerDirectory;
  affiliates: readonly Affiliate[];
  subscriptions: readonly GeneratedSubscription[];
}

interface StatusParts {
  status: TransactionStatus;
  approved_date?: number;
  refund_requested_at?: number;
  refunded_at?: number;
}

/**
 * The generated sales of an account (see the comment at the top of this file for how they are laid out).
 *
 * @example
 * const book = new SalesBook({ seed, now, start, total: 2000, catalog, buyers, affiliates, subscriptions });
 * const newest = book.saleAt(book.total - 1);
 */
export class SalesBook {
  readonly total: number;
  readonly oneTimeCount: number;
  readonly #inputs: SalesBookInputs;
  readonly #step: number;
  readonly #chargeDate: Float64Array;
  readonly #chargeOwner: Int32Array;
  readonly #chargeRecurrence: Int32Array;
  readonly #chargeIndex: Int32Array;
  /** Cumulative popularity of the products one-time sales draw from. */
  readonly #products: CatalogEntry[] = [];
  readonly #cumulative: number[] = [];
  /** Cheap products an order bump can add. */
  readonly #bumpable: CatalogEntry[] = [];

  constructor(inputs: SalesBookInputs) {
    this.#inputs = inputs;
    this.total = inputs.total;
    let charges = 0;
    for (const subscription of inputs.subscriptions) charges += subscription.history.charges;
    if (charges > inputs.total) throw new RangeError('subscription charges exceed the number of sales');
    this.oneTimeCount = inputs.total - charges;
    this.#step = this.oneTimeCount > 0 ? (inputs.now - inputs.start) / this.oneTimeCount : 0;

    let sum = 0;
    for (const entry of inputs.catalog) {
      if (entry.kind === 'subscription' || entry.popularity <= 0) continue;
      sum += entry.popularity;
      this.#products.push(entry);
      this.#cumulative.push(sum);
      if (entry.kind === 'one-time' && (entry.offers[0]?.price.value ?? 0) < 100) this.#bumpable.push(entry);
    }
    if (this.oneTimeCount > 0 && this.#products.length === 0)
      throw new RangeError('no product sells one-time sales');

    // Lay out the subscription charges: collect them owner by owner (so position = offset[owner] + recurrence - 1),
    // sort by (date, position), then merge with the one-time dates to find each charge's global index.
    const subscriptions = inputs.subscriptions;
    const offsets = new Int32Array(subscriptions.length + 1);
    const dates = new Float64Array(charges);
    const ownerAt = new Int32Array(charges);
    let n = 0;
    for (let owner = 0; owner < subscriptions.length; owner++) {
      const history = (subscriptions[owner] as GeneratedSubscription).history;
      offsets[owner] = n;
      for (let recurrence = 1; recurrence <= history.charges; recurrence++) {
        ownerAt[n] = owner;
        dates[n++] = chargeDate(history, recurrence);
      }
    }
    offsets[subscriptions.length] = n;
    const order = sortByDate(dates, inputs.start);
    this.#chargeDate = new Float64Array(charges);
    this.#chargeOwner = new Int32Array(charges);
    this.#chargeRecurrence = new Int32Array(charges);
    this.#chargeIndex = new Int32Array(charges);
    const indexByPosition = new Int32Array(charges);
    for (let r = 0; r < charges; r++) {
      const position = order[r] as number;
      const date = dates[position] as number;
      const owner = ownerAt[position] as number;
      this.#chargeDate[r] = date;
      this.#chargeOwner[r] = owner;
      this.#chargeRecurrence[r] = position - (offsets[owner] as number) + 1;
      const index = r + this.#oneTimeAtOrBefore(date);
      this.#chargeIndex[r] = index;
      indexByPosition[position] = index;
    }
    const seed = inputs.seed;
    subscriptions.forEach((subscription, owner) => {
      const from = offsets[owner] as number;
      const to = offsets[owner + 1] as number;
      subscription.record.transaction = transactionCode(seed, indexByPosition[from] as number);
      // Every charge's transaction code is built on first read: tens of thousands of subscriptions with a dozen
      // charges each would otherwise cost a string per charge at creation.
      subscription.record = withLazyTransactions(subscription.record, () => {
        const codes: string[] = [];
        for (let p = from; p < to; p++) codes.push(transactionCode(seed, indexByPosition[p] as number));
        return codes;
      });
    });
  }

  /** The order date of one-time sale `j`: a hashed point inside the j-th of M equal slots (strictly in order). */
  oneTimeDate(j: number): number {
    // The offset stays below 0.999 of a slot, so rounding can never swap two neighbours.
    const offset = ((hash32(this.#inputs.seed, j, STREAM_DATE) >>> 8) / 16_777_216) * 0.999;
    return this.#inputs.start + Math.floor(j * this.#step + offset * this.#step);
  }

  /**
   * How many one-time sales are dated at or before `date`. Sale j lies in slot j, so every j below
   * ⌊(date − start) / step⌋ qualifies; a couple of steps from there settle the boundary (O(1), no search).
   */
  #oneTimeAtOrBefore(date: number): number {
    if (this.oneTimeCount === 0 || date < this.#inputs.start) return 0;
    const estimate = Math.floor((date - this.#inputs.start) / this.#step) - 1;
    let j = Math.max(0, Math.min(this.oneTimeCount, estimate));
    while (j < this.oneTimeCount && this.oneTimeDate(j) <= date) j++;
    return j;
  }

  /** The global index of one-time sale `j`: charges dated strictly before it come first. */
  #indexOfOneTime(j: number): number {
    return j + lowerBound(this.#chargeDate, this.oneTimeDate(j));
  }

  /** The order date of the sale at `index`, without building it. */
  orderDate(index: number): number {
    const r = lowerBound(this.#chargeIndex, index);
    if (r < this.#chargeIndex.length && this.#chargeIndex[r] === index) return this.#chargeDate[r] as number;
    return this.oneTimeDate(index - r);
  }

  /** The first index whose order date is ≥ `date` (`total` when none is). */
  indexAtOrAfter(date: number): number {
    const at = Math.ceil(date);
    return this.#oneTimeAtOrBefore(at - 1) + lowerBound(this.#chargeDate, at);
  }

  #isRawBump(j: number): boolean {
    return j > 0 && unit(hash32(this.#inputs.seed, j, STREAM_BUMP)) < BUMP_RATE;
  }

  #pickProduct(draw: number): CatalogEntry {
    const total = this.#cumulative[this.#cumulative.length - 1] as number;
    const at = lowerBound(this.#cumulative, draw * total + Number.EPSILON);
    return this.#products[Math.min(at, this.#products.length - 1)] as CatalogEntry;
  }

  #pickBuyer(draw: number): number {
    // Skewed towards low indexes: a minority of buyers come back for more (repeat customers).
    return Math.min(this.#inputs.buyers.count - 1, Math.floor(this.#inputs.buyers.count * draw ** 1.4));
  }

  #offerFor(rng: Rng, entry: CatalogEntry, currency: string): Offer {
    const main = entry.offers[0] as Offer;
    let matching = 0;
    for (const offer of entry.offers) if (offer.price.currency_code === currency) matching++;
    if (matching === 0) return main;
    // Buyers mostly take the main offer of their currency; a promotional one now and then.
    const promotional = rng.next() >= 0.75;
    let pick = promotional ? Math.floor(rng.next() * matching) : -1;
    let fallback: Offer | undefined;
    for (const offer of entry.offers) {
      if (offer.price.currency_code !== currency) continue;
      fallback ??= offer;
      if (!promotional && offer.is_main_offer) return offer;
      if (pick-- === 0) return offer;
    }
    return fallback ?? main;
  }

  #couponFor(rng: Rng, entry: CatalogEntry, offer: Offer, date: number): Coupon | undefined {
    if (entry.coupons.length === 0 || !rng.chance(0.1)) return undefined;
    const coupon = rng.pick(entry.coupons);
    const open = coupon.start_date <= date && (coupon.end_date === undefined || date <= coupon.end_date);
    const applies = coupon.offer_ids.length === 0 || coupon.offer_ids.includes(offer.code);
    return open && applies ? coupon : undefined;
  }

  /** Decides a sale's status as of the reference time, with the dates that status implies. */
  #status(rng: Rng, payment: PaymentChoice, orderDate: number, warrantyDays: number): StatusParts {
    const now = this.#inputs.now;
    const age = now - orderDate;
    const roll = rng.next();
    const approvalDelay =
      payment.type === 'PIX'
        ? rng.int(60_000, 1_800_000)
        : isDeferredPayment(payment.type)
          ? rng.int(3_600_000, 2 * DAY)
          : rng.int(5_000, 90_000);
    const approved = Math.min(orderDate + approvalDelay, now - 1);
    const refundRequest = Math.min(approved + Math.floor(rng.next() * warrantyDays * DAY), now - 1);
    const refund = Math.min(refundRequest + rng.int(3_600_000, 2 * DAY), now - 1);
    // No closures here: this runs for every sale a scan touches.
    if (isDeferredPayment(payment.type)) {
      const paidShare = payment.type === 'PIX' ? 0.84 : 0.64;
      if (roll < paidShare - 0.02) {
        return {
          status: approved + warrantyDays * DAY <= now ? 'COMPLETE' : 'APPROVED',
          approved_date: approved,
        };
      }
      if (roll < paidShare) {
        return {
          status: 'REFUNDED',
          approved_date: approved,
          refund_requested_at: refundRequest,
          refunded_at: refund,
        };
      }
      const window = payment.type === 'PIX' ? DAY : 3 * DAY;
      if (age >= window) return { status: 'EXPIRED' };
      return { status: payment.type === 'PIX' ? 'WAITING_PAYMENT' : 'PRINTED_BILLET' };
    }
    if (roll < 0.86 || (roll >= 0.963 && age >= 2 * DAY)) {
      return {
        status: approved + warrantyDays * DAY <= now ? 'COMPLETE' : 'APPROVED',
        approved_date: approved,
      };
    }
    if (roll < 0.895) {
      return {
        status: 'REFUNDED',
        approved_date: approved,
        refund_requested_at: refundRequest,
        refunded_at: refund,
      };
    }
    if (roll < 0.905) return { status: 'CHARGEBACK', approved_date: approved };
    if (roll < 0.945) return { status: 'CANCELLED' };
    if (roll < 0.955)
      return { status: 'PROTESTED', approved_date: approved, refund_requested_at: refundRequest };
    if (roll < 0.96) {
      return {
        status: 'PARTIALLY_REFUNDED',
        approved_date: approved,
        refund_requested_at: refundRequest,
        refunded_at: refund,
      };
    }
    if (roll < 0.963) return { status: 'BLOCKED' };
    // Card payments younger than two days can still be under review (sic `UNDER_ANALISYS`, reference §5.1).
    return { status: 'UNDER_ANALISYS' };
  }

  /** The facts of the sale at `index` (0 ≤ index < total), without building its strings. */
  coreAt(index: number): SaleCore {
    if (!Number.isInteger(index) || index < 0 || index >= this.total)
      throw new RangeError(`no sale at index ${index}`);
    const r = lowerBound(this.#chargeIndex, index);
    if (r < this.#chargeIndex.length && this.#chargeIndex[r] === index) {
      return this.#chargeCore(index, this.#chargeOwner[r] as number, this.#chargeRecurrence[r] as number);
    }
    return this.#oneTimeCore(index - r, index);
  }

  /** Builds the sale at `index` (0 ≤ index < total). */
  saleAt(index: number): Sale {
    return this.materialize(this.coreAt(index));
  }

  #oneTimeCore(j: number, index: number): SaleCore {
    const { seed, buyers, affiliates } = this.#inputs;
    const rng = new Rng(hash32(seed, j, STREAM_SALE));
    const orderDate = this.oneTimeDate(j);
    if (this.#isRawBump(j) && !this.#isRawBump(j - 1) && this.#bumpable.length > 1) {
      return this.#bumpCore(rng, j, index, orderDate);
    }
    const entry = this.#pickProduct(rng.next());
    const buyerIndex = this.#pickBuyer(rng.next());
    const country = buyers.countryOf(buyerIndex);
    const offer = this.#offerFor(rng, entry, country.currency);
    const coupon = this.#couponFor(rng, entry, offer, orderDate);
    const price = coupon ? round2(offer.price.value * (1 - coupon.discount)) : offer.price.value;
    const affiliate = affiliates.length > 0 && rng.chance(0.22) ? rng.pick(affiliates) : undefined;
    const payment = choosePayment(rng, country.iso, price);
    const status = this.#status(rng, payment, orderDate, entry.product.warranty_period);
    const core = new SaleCore(buyers, {
      index,
      detailSeed: hash32(seed, j, STREAM_DETAIL),
      entry,
      offerCode: offer.code,
      buyerIndex,
      orderDate,
      payment,
      fullPrice: offer.price,
      price,
      status,
      source: pickSource(rng),
    });
    if (coupon) core.coupon_code = coupon.coupon_code;
    if (affiliate) core.affiliate_code = affiliate.affiliate_code;
    return core;
  }

  /** An order bump: a cheap product the buyer of the previous sale added in the same checkout. */
  #bumpCore(rng: Rng, j: number, index: number, orderDate: number): SaleCore {
    const parentIndex = this.#indexOfOneTime(j - 1);
    const parent = this.#oneTimeCore(j - 1, parentIndex);
    let choices = 0;
    for (const entry of this.#bumpable) if (entry.product.id !== parent.product_id) choices++;
    let pick = Math.floor(rng.next() * choices);
    let entry = this.#bumpable[0] as CatalogEntry;
    for (const candidate of this.#bumpable) {
      if (candidate.product.id === parent.product_id) continue;
      if (pick-- === 0) {
        entry = candidate;
        break;
      }
    }
    const currency = parent.price.currency_code;
    const offer =
      entry.offers.find((candidate) => candidate.price.currency_code === currency) ??
      (entry.offers[0] as Offer);
    const payment: PaymentChoice = {
      type: parent.payment_type,
      method: parent.payment.method,
      installments: 1,
    };
    const parentStatus = parent.parts;
    const paid = parentStatus.status === 'APPROVED' || parentStatus.status === 'COMPLETE';
    const status: StatusParts = paid
      ? {
          status:
            (parentStatus.approved_date as number) + entry.product.warranty_period * DAY <= this.#inputs.now
              ? 'COMPLETE'
              : 'APPROVED',
          approved_date: parentStatus.approved_date as number,
        }
      : { ...parentStatus };
    const core = new SaleCore(this.#inputs.buyers, {
      index,
      // The bump shares the parent's checkout, so its tracking is the parent's: same detail seed for tracking.
      detailSeed: hash32(this.#inputs.seed, j, STREAM_DETAIL),
      trackingSeed: parent.trackingSeed,
      entry,
      offerCode: offer.code,
      buyerIndex: parent.buyerIndex,
      orderDate,
      payment,
      fullPrice: offer.price,
      price: offer.price.value,
      status,
      source: parent.tracking.source,
    });
    core.bumpParent = parentIndex;
    if (parent.affiliate_code !== undefined) core.affiliate_code = parent.affiliate_code;
    return core;
  }

  /** Charge `recurrence` of subscription `owner`. */
  #chargeCore(index: number, owner: number, recurrence: number): SaleCore {
    const subscription = this.#inputs.subscriptions[owner] as GeneratedSubscription;
    const { history, record } = subscription;
    const now = this.#inputs.now;
    const rng = new Rng(hash32(this.#inputs.seed ^ STREAM_CHARGE, owner, recurrence));
    const orderDate = chargeDate(history, recurrence);
    const warranty = history.entry.product.warranty_period;
    let status: StatusParts;
    if (history.pending && recurrence === 1) {
      status = { status: history.payment.type === 'PIX' ? 'WAITING_PAYMENT' : 'PRINTED_BILLET' };
    } else if (recurrence >= history.firstUnpaid) {
      // Charged but unpaid: the recurrence is overdue until paid or the subscription is cancelled (reference §5.2).
      status = { status: 'OVERDUE' };
    } else {
      // A paid charge: it went through, and now and then was refunded or charged back later.
      const approved = Math.min(orderDate + rng.int(5_000, 90_000), now - 1);
      const roll = rng.next();
      if (roll < 0.015) {
        const requested = Math.min(approved + Math.floor(rng.next() * warranty * DAY), now - 1);
        status = {
          status: 'REFUNDED',
          approved_date: approved,
          refund_requested_at: requested,
          refunded_at: requested,
        };
      } else if (roll < 0.02) {
        status = { status: 'CHARGEBACK', approved_date: approved };
      } else {
        status = {
          status: approved + warranty * DAY <= now ? 'COMPLETE' : 'APPROVED',
          approved_date: approved,
        };
      }
    }
    const core = new SaleCore(this.#inputs.buyers, {
      index,
      detailSeed: hash32(this.#inputs.seed ^ STREAM_CHARGE, owner, recurrence + 0x10000),
      entry: history.entry,
      offerCode: history.plan.code,
      buyerIndex: history.buyerIndex,
      orderDate,
      payment: history.payment,
      fullPrice: history.plan.price,
      price: history.plan.price.value,
      status,
      source: history.tracking.source,
      tracking: history.tracking,
    });
    core.subscriber_code = record.subscriber_code;
    core.plan_id = history.plan.id;
    core.recurrency_number = recurrence;
    if (history.affiliateCode !== undefined) core.affiliate_code = history.affiliateCode;
    return core;
  }

  /** Builds the full sale from its facts: codes, tracking, payment vouchers. */
  materialize(core: SaleCore): Sale {
    const { seed } = this.#inputs;
    const detail = new Rng(core.detailSeed);
    const transaction = transactionCode(seed, core.index);
    const currency = core.price.currency_code;
    const fixed = fixedFee(currency);
    const parts = core.parts;
    const base = parts.approved_date ?? core.order_date;
    const sale: Sale = {
      index: core.index,
      transaction,
      product_id: core.product_id,
      offer_code: core.offer_code,
      buyer_ucode: core.buyer_ucode,
      order_date: core.order_date,
      status: core.status,
      payment_type: core.payment_type,
      payment_method: core.payment.method,
      installments_number: core.payment.installments,
      price: { value: core.price.value, currency_code: currency },
      full_price: { value: core.fullPrice.value, currency_code: core.fullPrice.currency_code },
      hotmart_fee: {
        total: round2((core.price.value * HOTMART_FEE_PERCENT) / 100 + fixed),
        fixed,
        base: HOTMART_FEE_PERCENT,
        currency_code: currency,
      },
      warranty_expire_date: base + core.entry.product.warranty_period * DAY,
      tracking: core.fixedTracking
        ? { ...core.fixedTracking }
        : trackingFor(new Rng(core.trackingSeed), core.tracking.source),
    };
    if (parts.approved_date !== undefined) sale.approved_date = parts.approved_date;
    if (parts.refund_requested_at !== undefined) sale.refund_requested_at = parts.refund_requested_at;
    if (parts.refunded_at !== undefined) sale.refunded_at = parts.refunded_at;
    if (core.coupon_code !== undefined) sale.coupon_code = core.coupon_code;
    if (core.affiliate_code !== undefined) sale.affiliate_code = core.affiliate_code;
    if (core.subscriber_code !== undefined) sale.subscriber_code = core.subscriber_code;
    if (core.plan_id !== undefined) sale.plan_id = core.plan_id;
    if (core.recurrency_number !== undefined) sale.recurrency_number = core.recurrency_number;
    if (core.bumpParent !== undefined) sale.order_bump_parent = transactionCode(seed, core.bumpParent);
    const status = core.status;
    const voucherPending =
      status === 'WAITING_PAYMENT' || status === 'PRINTED_BILLET' || status === 'EXPIRED';
    if (voucherPending && core.payment_type === 'PIX') {
      sale.pix_code = pixCodeFor(detail, core.price.value);
      sale.pix_expiration_date = core.order_date + DAY;
    } else if (voucherPending) {
      Object.assign(sale, billetFor(detail, transaction));
    }
    const refused = status === 'CANCELLED' || status === 'OVERDUE';
    if (refused && core.payment_type === 'CREDIT_CARD') sale.refusal_reason = refusalReason(detail);
    return sale;
  }
}

/**
 * What a sale is, without the strings: enough to filter and count sales fast (a full scan of 1,000,000 reads
 * these, not full sales). Property names match `Sale`, so filters work on either.
 *
 * @example
 * const approved = (facts: SaleFacts) => facts.status === 'APPROVED' || facts.status === 'COMPLETE';
 */
export type SaleFacts = Pick<
  Sale,
  | 'index'
  | 'product_id'
  | 'offer_code'
  | 'buyer_ucode'
  | 'order_date'
  | 'status'
  | 'payment_type'
  | 'price'
  | 'affiliate_code'
  | 'subscriber_code'
  | 'coupon_code'
> & { readonly tracking: Pick<Sale['tracking'], 'source'> };

interface CoreInputs {
  index: number;
  detailSeed: number;
  trackingSeed?: number;
  entry: CatalogEntry;
  offerCode: string;
  buyerIndex: number;
  orderDate: number;
  payment: PaymentChoice;
  fullPrice: Sale['full_price'];
  price: number;
  status: StatusParts;
  source: string;
  tracking?: Sale['tracking'];
}

/**
 * The facts of a generated sale (see `SaleFacts`); `SalesBook.materialize` turns it into a `Sale`.
 *
 * @example
 * const core = book.coreAt(0);
 * if (core.status === 'APPROVED') console.log(book.materialize(core).transaction);
 */
export class SaleCore {
  readonly index: number;
  readonly product_id: number;
  readonly offer_code: string;
  readonly order_date: number;
  readonly status: TransactionStatus;
  readonly payment_type: PaymentChoice['type'];
  readonly price: Sale['price'];
  readonly tracking: { readonly source: string };
  affiliate_code?: string;
  subscriber_code?: string;
  coupon_code?: string;
  plan_id?: number;
  recurrency_number?: number;
  bumpParent?: number;
  readonly entry: CatalogEntry;
  readonly buyerIndex: number;
  readonly payment: PaymentChoice;
  readonly fullPrice: Sale['full_price'];
  readonly parts: StatusParts;
  readonly detailSeed: number;
  readonly trackingSeed: number;
  readonly fixedTracking: Sale['tracking'] | undefined;
  readonly #buyers: BuyerDirectory;

  constructor(buyers: BuyerDirectory, inputs: CoreInputs) {
    this.#buyers = buyers;
    this.index = inputs.index;
    this.product_id = inputs.entry.product.id;
    this.offer_code = inputs.offerCode;
    this.order_date = inputs.orderDate;
    this.status = inputs.status.status;
    this.payment_type = inputs.payment.type;
    this.price = { value: inputs.price, currency_code: inputs.fullPrice.currency_code };
    this.tracking = { source: inputs.source };
    this.entry = inputs.entry;
    this.buyerIndex = inputs.buyerIndex;
    this.payment = inputs.payment;
    this.fullPrice = inputs.fullPrice;
    this.parts = inputs.status;
    this.detailSeed = inputs.detailSeed;
    this.trackingSeed = inputs.trackingSeed ?? inputs.detailSeed;
    this.fixedTracking = inputs.tracking;
  }

  /** Built on demand: only buyer filters and full sales need it. */
  get buyer_ucode(): string {
    return this.#buyers.ucodeOf(this.buyerIndex);
  }
}
