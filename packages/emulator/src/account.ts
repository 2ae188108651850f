import { type CatalogEntry, generateCatalog, MAX_PRODUCTS } from './generator/catalog.ts';
import { type ClubPurchase, clubId, generateClubLayout, generateStudents } from './generator/club.ts';
import { personUcode, transactionCode, transactionIndex } from './generator/codes.ts';
import { generateEventInfo, generateTickets, type TicketPurchase } from './generator/events.ts';
import { BuyerDirectory, generateAffiliates, generateProducer, UCODE_KIND } from './generator/people.ts';
import { hash32, lowerBound, Rng } from './generator/random.ts';
import { SaleIndex } from './generator/sale-index.ts';
import { SaleCore, type SaleFacts, SalesBook } from './generator/sales.ts';
import { generateSubscriptions } from './generator/subscriptions.ts';
import type {
  Account,
  Affiliate,
  Buyer,
  ClubModule,
  ClubPage,
  ClubStudent,
  Coupon,
  EventInfo,
  Negotiation,
  Offer,
  Plan,
  Producer,
  Product,
  Sale,
  SeedOptions,
  StateChange,
  Subscription,
  SubscriptionStatus,
  Ticket,
} from './model.ts';

const DAY = 86_400_000;

/**
 * The reference "now" of a seed when none is given: fixed, so a seed reproduces the same account (model.ts).
 *
 * @example
 * createAccount({ seed: 1 }).options.now === DEFAULT_REFERENCE_NOW; // true
 */
export const DEFAULT_REFERENCE_NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
/**
 * Sales of an account when `sales` is not given.
 *
 * @example
 * createAccount({ seed: 1 }).saleCount() === DEFAULT_SALES; // true
 */
export const DEFAULT_SALES = 2_000;
/**
 * The largest account the generator builds.
 *
 * @example
 * createAccount({ seed: 1, sales: MAX_SALES + 1 }); // throws RangeError
 */
export const MAX_SALES = 10_000_000;
/** How far back the account's history goes. */
const HISTORY_DAYS = 730;
/** Share of the sales that are subscription charges (first purchases and renewals). */
const SUBSCRIPTION_SHARE = 0.15;
/** Sales inspected to enrol students and issue tickets: enough for realism, bounded for huge accounts. */
const MEMBERSHIP_SAMPLE = 12_000;
const MAX_STUDENTS_PER_PRODUCT = 2_000;
const MAX_TICKET_PURCHASES_PER_EVENT = 1_500;

/**
 * Options of `createAccount`: the seed options plus the clock the account's writes read.
 *
 * @example
 * const options: AccountOptions = { seed: 42, sales: 10_000, clock: () => Date.now() };
 */
export interface AccountOptions extends Partial<SeedOptions> {
  /** The emulator clock; default: real time shifted to start at the reference `now`. */
  clock?: () => number;
}

/**
 * Seed options with every default applied.
 *
 * @example
 * const resolved: ResolvedSeedOptions = resolveSeedOptions({ seed: 42 });
 */
export interface ResolvedSeedOptions {
  seed: number;
  sales: number;
  products: number;
  buyers: number;
  now: number;
}

/**
 * Counts that describe an account, for the control API and the CLI banner.
 *
 * @example
 * const summary: AccountSummary = createAccount({ seed: 42 }).summary();
 * console.log(summary.sales.total, summary.subscriptions.by_status);
 */
export interface AccountSummary {
  seed: number;
  reference_now: number;
  now: number;
  producer: { id: number; name: string; email: string };
  products: number;
  offers: number;
  plans: number;
  coupons: number;
  buyers: number;
  affiliates: number;
  sales: { total: number; generated: number; added: number; modified: number };
  subscriptions: { total: number; by_status: Record<string, number> };
  club: { products: number; modules: number; pages: number; students: number };
  events: { events: number; tickets: number };
  negotiations: number;
}

/**
 * The generated account: the model's `Account`, plus what the emulator needs around it — its options, a version
 * that changes on every write (caches key on it), reseeding in place (listeners, such as the webhook sender,
 * survive), a summary, and the few writes the REST API makes that the model does not name.
 *
 * Writes never notify by themselves: the caller that knows which Hotmart event happened (a REST route, the
 * scenario driver) calls `notify` with the `StateChange`.
 *
 * @example
 * const account: EmulatorAccount = createAccount({ seed: 42 });
 * account.reseed({ sales: 500 });
 */
export interface EmulatorAccount extends Account {
  readonly options: ResolvedSeedOptions;
  readonly version: number;
  /** Changes on every reseed or reset: caches of generated data key on it. */
  readonly generation: number;
  /** Rebuilds the account from new seed options (merged over the current ones), keeping listeners. */
  reseed(options?: Partial<SeedOptions>): void;
  /** Rebuilds the account from its current seed options: every write is undone. */
  reset(): void;
  summary(): AccountSummary;
  /** Installment negotiations created through the API. */
  negotiations(): readonly Negotiation[];
  /** Changes product settings (only `is_allowed_to_email_the_buyer` and `status` are meant to change). */
  updateProduct(
    id: number,
    patch: Partial<Pick<Product, 'is_allowed_to_email_the_buyer' | 'status'>>,
  ): Product;
  /** All coupons of the account, including deleted ones, by id. */
  coupon(id: number): Coupon | undefined;
  /**
   * What filters need to know about the sale at `index`, without building it: scanning a million sales to count
   * the matches of a filter reads these. `saleOf` turns the facts into the full sale.
   */
  saleFactsAt(index: number): SaleFacts;
  saleOf(facts: SaleFacts): Sale;
  /** The buyer with this e-mail (case-insensitive), generated or added. */
  buyerByEmail(email: string): Buyer | undefined;
  /** The buyer's name for a sale's facts: cheap for generated sales (no full buyer record is built). */
  buyerNameOf(facts: SaleFacts): string | undefined;
  /** How many sales the seed generated (the rest were added by writes). */
  generatedSaleCount(): number;
  /** The facts of a generated sale as generated, ignoring later writes (for caches of generated data). */
  generatedFactsAt(index: number): SaleFacts;
  /** Generated sales that writes changed, by index. */
  modifiedSales(): ReadonlyMap<number, Sale>;
  /** Status and product of every sale, one byte each, kept current by `addSale` and `updateSale`. */
  salesIndex(): SaleIndex;
  /**
   * A buyer's name and e-mail, all a sales-history item shows: for a generated buyer they are drawn without
   * building the rest of the record (address, documents, phone).
   */
  buyerContact(ucode: string): { name: string; email: string } | undefined;
  /** `buyerContact` for a sale's facts: a generated sale names its buyer by index, so no ucode is decoded. */
  buyerContactOf(facts: SaleFacts): { name: string; email: string } | undefined;
}

interface AccountState {
  options: ResolvedSeedOptions;
  producer: Producer;
  catalog: CatalogEntry[];
  products: Product[];
  entryById: Map<number, CatalogEntry>;
  productByUcode: Map<string, Product>;
  offerByCode: Map<string, Offer>;
  planById: Map<number, Plan>;
  planByCode: Map<string, Plan>;
  couponById: Map<number, Coupon>;
  buyers: BuyerDirectory;
  addedBuyers: Map<string, Buyer>;
  affiliates: Affiliate[];
  affiliateByCode: Map<string, Affiliate>;
  book: SalesBook;
  /** Status and product per sale, so filtered scans skip the sales they do not return without building them. */
  index: SaleIndex;
  /** Generated sales changed by writes, by index. */
  overrides: Map<number, Sale>;
  /** Sales added after generation, in order; index = book.total + position. */
  added: Sale[];
  addedDates: number[];
  subscriptions: Subscription[];
  subscriptionByCode: Map<string, Subscription>;
  subscriptionById: Map<number, Subscription>;
  clubProducts: Product[];
  productBySubdomain: Map<string, Product>;
  modules: Map<number, ClubModule[]>;
  pages: Map<string, ClubPage[]>;
  students: Map<number, ClubStudent[]>;
  studentById: Map<string, ClubStudent>;
  clubIds: Set<string>;
  events: Map<number, EventInfo>;
  tickets: Map<number, Ticket[]>;
  negotiations: Negotiation[];
  /** Draws codes and ids for records added by writes, deterministically per seed. */
  writes: Rng;
  /** Whether members areas and tickets have been generated (on first use: see `enrol`). */
  enrolled: boolean;
}

function checkInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * Applies defaults and checks ranges: products default to 12–24 (drawn from the seed), buyers to 70 % of the
 * sales (at least 20).
 *
 * @example
 * resolveSeedOptions({ seed: 7 }).sales; // 2000
 */
export function resolveSeedOptions(options: Partial<SeedOptions>): ResolvedSeedOptions {
  const seed = checkInteger('seed', options.seed ?? 1, -(2 ** 31), 2 ** 32 - 1) >>> 0;
  const sales = checkInteger('sales', options.sales ?? DEFAULT_SALES, 0, MAX_SALES);
  const products = checkInteger(
    'products',
    options.products ?? new Rng(hash32(seed, 0, 0x9d0c)).int(12, 24),
    1,
    MAX_PRODUCTS,
  );
  const buyers = checkInteger(
    'buyers',
    options.buyers ?? Math.max(20, Math.round(sales * 0.7)),
    1,
    2 ** 31 - 1,
  );
  const now = options.now ?? DEFAULT_REFERENCE_NOW;
  if (!Number.isFinite(now) || now < Date.UTC(2000, 0, 1))
    throw new RangeError(`now must be epoch ms, got ${now}`);
  return { seed, sales, products, buyers, now: Math.floor(now) };
}

function buildState(options: ResolvedSeedOptions): AccountState {
  const { seed, now } = options;
  const start = now - HISTORY_DAYS * DAY;
  const stream = (n: number): Rng => new Rng(hash32(seed, n, 0xacc0));
  const producer = generateProducer(stream(1), seed);
  const catalog = generateCatalog(stream(2), seed, options.products, start, now);
  const buyers = new BuyerDirectory(seed, options.buyers);
  const affiliateRng = stream(3);
  const affiliates = generateAffiliates(affiliateRng, seed, affiliateRng.int(8, 30));
  const generated = generateSubscriptions({
    rng: stream(4),
    catalog,
    buyers,
    affiliates,
    start,
    now,
    targetCharges: Math.floor(options.sales * SUBSCRIPTION_SHARE),
  });
  const book = new SalesBook({
    seed,
    now,
    start,
    total: options.sales,
    catalog,
    buyers,
    affiliates,
    subscriptions: generated,
  });

  const state: AccountState = {
    options,
    producer,
    catalog,
    products: catalog.map((entry) => entry.product),
    entryById: new Map(catalog.map((entry) => [entry.product.id, entry])),
    productByUcode: new Map(catalog.map((entry) => [entry.product.ucode, entry.product])),
    offerByCode: new Map(
      catalog.flatMap((entry) => entry.offers.map((offer) => [offer.code, offer] as const)),
    ),
    planById: new Map(catalog.flatMap((entry) => entry.plans.map((plan) => [plan.id, plan] as const))),
    planByCode: new Map(catalog.flatMap((entry) => entry.plans.map((plan) => [plan.code, plan] as const))),
    couponById: new Map(
      catalog.flatMap((entry) => entry.coupons.map((coupon) => [coupon.id, coupon] as const)),
    ),
    buyers,
    addedBuyers: new Map(),
    affiliates,
    affiliateByCode: new Map(affiliates.map((affiliate) => [affiliate.affiliate_code, affiliate])),
    book,
    index: new SaleIndex({
      generated: book.total,
      factsAt: (index) => book.coreAt(index),
      productIds: catalog.map((entry) => entry.product.id),
    }),
    overrides: new Map(),
    added: [],
    addedDates: [],
    subscriptions: generated.map((subscription) => subscription.record),
    subscriptionByCode: new Map(generated.map(({ record }) => [record.subscriber_code, record])),
    subscriptionById: new Map(generated.map(({ record }) => [record.subscription_id, record])),
    clubProducts: catalog
      .filter((entry) => entry.product.club_subdomain !== undefined)
      .map((entry) => entry.product),
    productBySubdomain: new Map(),
    modules: new Map(),
    pages: new Map(),
    students: new Map(),
    studentById: new Map(),
    clubIds: new Set(),
    events: new Map(),
    tickets: new Map(),
    negotiations: [],
    writes: stream(6),
    enrolled: false,
  };
  for (const product of state.clubProducts)
    state.productBySubdomain.set(product.club_subdomain as string, product);
  return state;
}

/**
 * Members areas and event tickets come from the account's own purchases: a bounded, evenly spread sample of the
 * generated sales is read, and each purchase of a club product enrols its buyer (once), each purchase of an event
 * product issues tickets. It runs on first use, not at creation: most uses of a big account never open a members
 * area, and it reads only generated sales, so the result does not depend on when it runs.
 */
function enrol(state: AccountState): AccountState {
  if (state.enrolled) return state;
  state.enrolled = true;
  const rng = new Rng(hash32(state.options.seed, 5, 0xacc0));
  const { book, buyers, options } = state;
  const clubPurchases = new Map<number, ClubPurchase[]>();
  const seen = new Map<number, Set<number>>();
  const ticketPurchases = new Map<number, TicketPurchase[]>();
  for (const product of state.clubProducts) {
    clubPurchases.set(product.id, []);
    seen.set(product.id, new Set());
  }
  for (const entry of state.catalog) if (entry.kind === 'event') ticketPurchases.set(entry.product.id, []);
  const sampled = Math.min(book.total, MEMBERSHIP_SAMPLE);
  const stride = book.total / Math.max(1, sampled);
  const access = new Set(['APPROVED', 'COMPLETE', 'REFUNDED', 'CHARGEBACK', 'OVERDUE']);
  for (let s = 0; s < sampled; s++) {
    // Facts first: only the purchases that enrol someone or issue tickets are built in full.
    const core = book.coreAt(Math.floor(s * stride));
    if (!access.has(core.status)) continue;
    const club = clubPurchases.get(core.product_id);
    const tickets = ticketPurchases.get(core.product_id);
    if (club && club.length < MAX_STUDENTS_PER_PRODUCT) {
      const enrolled = seen.get(core.product_id) as Set<number>;
      if (!enrolled.has(core.buyerIndex)) {
        enrolled.add(core.buyerIndex);
        const purchase: ClubPurchase = { sale: book.materialize(core), buyer: buyers.at(core.buyerIndex) };
        const subscription = core.subscriber_code
          ? state.subscriptionByCode.get(core.subscriber_code)
          : undefined;
        if (subscription) purchase.subscriptionStatus = subscription.status;
        club.push(purchase);
      }
    }
    if (tickets && tickets.length < MAX_TICKET_PURCHASES_PER_EVENT && core.status !== 'OVERDUE') {
      tickets.push({ sale: book.materialize(core), buyer: buyers.at(core.buyerIndex) });
    }
  }
  for (const product of state.clubProducts) {
    const layout = generateClubLayout(rng, product, state.clubIds, options.now);
    state.modules.set(product.id, layout.modules);
    for (const [moduleId, pages] of layout.pages) state.pages.set(moduleId, pages);
    const owner: ClubStudent = {
      user_id: clubId(rng, state.clubIds),
      product_id: product.id,
      buyer_ucode: state.producer.ucode,
      name: state.producer.name,
      email: state.producer.email,
      role: 'OWNER',
      status: 'ACTIVE',
      type: 'OWNER',
      engagement: 'HIGH',
      locale: state.producer.locale,
      plus_access: 'WITHOUT_PLUS_ACCESS',
      class_id: layout.classId,
      first_access_date: product.created_at + DAY,
      last_access_date: options.now - rng.int(1, 72) * 3_600_000,
      access_count: rng.int(200, 2_000),
      completed: new Map(),
    };
    const students = [
      owner,
      ...generateStudents(
        rng,
        product,
        layout,
        clubPurchases.get(product.id) ?? [],
        state.clubIds,
        options.now,
      ),
    ];
    state.students.set(product.id, students);
    for (const student of students) state.studentById.set(student.user_id, student);
  }
  const ids = { ticket: rng.int(10_000_000, 20_000_000), participant: rng.int(30_000_000, 40_000_000) };
  for (const entry of state.catalog) {
    if (entry.kind !== 'event') continue;
    const info = generateEventInfo(rng, entry.product, options.now);
    state.events.set(info.event_id, info);
    state.tickets.set(
      info.event_id,
      generateTickets(rng, info, ticketPurchases.get(info.event_id) ?? [], options.now, ids),
    );
  }
  return state;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

class GeneratedAccount implements EmulatorAccount {
  readonly now: () => number;
  #requested: Partial<SeedOptions>;
  #state: AccountState;
  #version = 0;
  #generation = 0;
  readonly #listeners = new Set<(change: StateChange) => void>();

  constructor(options: AccountOptions) {
    const { clock, ...seed } = options;
    this.#requested = seed;
    this.#state = buildState(resolveSeedOptions(seed));
    if (clock) {
      this.now = clock;
    } else {
      const reference = this.#state.options.now;
      const started = Date.now();
      this.now = () => reference + (Date.now() - started);
    }
  }

  get seed(): number {
    return this.#state.options.seed;
  }

  get producer(): Producer {
    return this.#state.producer;
  }

  get options(): ResolvedSeedOptions {
    return this.#state.options;
  }

  get version(): number {
    return this.#version;
  }

  get generation(): number {
    return this.#generation;
  }

  buyerNameOf(facts: SaleFacts): string | undefined {
    if (facts instanceof SaleCore) return this.#state.buyers.nameOf(facts.buyerIndex);
    return this.buyer(facts.buyer_ucode)?.name;
  }

  generatedSaleCount(): number {
    return this.#state.book.total;
  }

  generatedFactsAt(index: number): SaleFacts {
    return this.#state.book.coreAt(index);
  }

  modifiedSales(): ReadonlyMap<number, Sale> {
    return this.#state.overrides;
  }

  salesIndex(): SaleIndex {
    return this.#state.index;
  }

  buyerContact(ucode: string): { name: string; email: string } | undefined {
    const added = this.#state.addedBuyers.get(ucode);
    if (added) return { name: added.name, email: added.email };
    const index = this.#state.buyers.indexOfUcode(ucode);
    return index === undefined ? undefined : this.#state.buyers.contactOf(index);
  }

  buyerContactOf(facts: SaleFacts): { name: string; email: string } | undefined {
    if (facts instanceof SaleCore) return this.#state.buyers.contactOf(facts.buyerIndex);
    return this.buyerContact(facts.buyer_ucode);
  }

  reseed(options: Partial<SeedOptions> = {}): void {
    const requested = { ...this.#requested, ...options };
    // A new size without new buyer/product counts gets fresh defaults for them.
    if (options.sales !== undefined && options.buyers === undefined) delete requested.buyers;
    const state = buildState(resolveSeedOptions(requested));
    this.#requested = requested;
    this.#state = state;
    this.#version++;
    this.#generation++;
  }

  reset(): void {
    this.reseed();
  }

  products(): readonly Product[] {
    return this.#state.products;
  }

  product(id: number): Product | undefined {
    return this.#state.entryById.get(id)?.product;
  }

  productByUcode(ucode: string): Product | undefined {
    return this.#state.productByUcode.get(ucode);
  }

  offers(productId: number): readonly Offer[] {
    return this.#state.entryById.get(productId)?.offers ?? [];
  }

  offer(code: string): Offer | undefined {
    return this.#state.offerByCode.get(code);
  }

  plans(productId: number): readonly Plan[] {
    return this.#state.entryById.get(productId)?.plans ?? [];
  }

  plan(id: number): Plan | undefined {
    return this.#state.planById.get(id);
  }

  planByCode(code: string): Plan | undefined {
    return this.#state.planByCode.get(code);
  }

  buyer(ucode: string): Buyer | undefined {
    const added = this.#state.addedBuyers.get(ucode);
    if (added) return added;
    const index = this.#state.buyers.indexOfUcode(ucode);
    return index === undefined ? undefined : this.#state.buyers.at(index);
  }

  buyerByEmail(email: string): Buyer | undefined {
    const wanted = email.toLowerCase();
    for (const buyer of this.#state.addedBuyers.values())
      if (buyer.email.toLowerCase() === wanted) return buyer;
    const index = this.#state.buyers.indexOfEmail(email);
    return index === undefined ? undefined : this.#state.buyers.at(index);
  }

  affiliate(code: string): Affiliate | undefined {
    return this.#state.affiliateByCode.get(code);
  }

  affiliates(): readonly Affiliate[] {
    return this.#state.affiliates;
  }

  saleCount(): number {
    return this.#state.book.total + this.#state.added.length;
  }

  saleAt(index: number): Sale {
    const state = this.#state;
    const override = state.overrides.get(index);
    if (override) return override;
    if (index >= state.book.total && index < this.saleCount())
      return state.added[index - state.book.total] as Sale;
    return state.book.saleAt(index);
  }

  saleFactsAt(index: number): SaleFacts {
    const state = this.#state;
    const override = state.overrides.get(index);
    if (override) return override;
    if (index >= state.book.total && index < this.saleCount())
      return state.added[index - state.book.total] as Sale;
    return state.book.coreAt(index);
  }

  saleOf(facts: SaleFacts): Sale {
    return facts instanceof SaleCore ? this.#state.book.materialize(facts) : (facts as Sale);
  }

  sale(transaction: string): Sale | undefined {
    const index = transactionIndex(this.#state.options.seed, transaction);
    return index === undefined || index >= this.saleCount() ? undefined : this.saleAt(index);
  }

  saleIndexAtOrAfter(date: number): number {
    const state = this.#state;
    const index = state.book.indexAtOrAfter(date);
    if (index < state.book.total) return index;
    return state.book.total + lowerBound(state.addedDates, date);
  }

  subscriptions(): readonly Subscription[] {
    return this.#state.subscriptions;
  }

  subscription(subscriberCode: string): Subscription | undefined {
    return this.#state.subscriptionByCode.get(subscriberCode);
  }

  subscriptionById(subscriptionId: number): Subscription | undefined {
    return this.#state.subscriptionById.get(subscriptionId);
  }

  coupons(productId: number): readonly Coupon[] {
    return this.#state.entryById.get(productId)?.coupons ?? [];
  }

  coupon(id: number): Coupon | undefined {
    return this.#state.couponById.get(id);
  }

  clubProducts(): readonly Product[] {
    return this.#state.clubProducts;
  }

  productBySubdomain(subdomain: string): Product | undefined {
    return this.#state.productBySubdomain.get(subdomain);
  }

  modules(productId: number): readonly ClubModule[] {
    return enrol(this.#state).modules.get(productId) ?? [];
  }

  pages(moduleId: string): readonly ClubPage[] {
    return enrol(this.#state).pages.get(moduleId) ?? [];
  }

  students(productId: number): readonly ClubStudent[] {
    return enrol(this.#state).students.get(productId) ?? [];
  }

  student(userId: string): ClubStudent | undefined {
    return enrol(this.#state).studentById.get(userId);
  }

  event(eventId: number): EventInfo | undefined {
    return enrol(this.#state).events.get(eventId);
  }

  tickets(eventId: number): readonly Ticket[] {
    return enrol(this.#state).tickets.get(eventId) ?? [];
  }

  negotiations(): readonly Negotiation[] {
    return this.#state.negotiations;
  }

  /**
   * Appends a sale as the newest one. Its `order_date` is `now()` unless given, and never earlier than the
   * previous newest sale: indexes are `order_date` order. A subscription charge (`subscriber_code` set) is also
   * appended to its subscription's `transactions`.
   */
  addSale(input: Omit<Sale, 'index' | 'transaction' | 'order_date'> & { order_date?: number }): Sale {
    const state = this.#state;
    if (!state.entryById.has(input.product_id))
      throw new Error(`addSale: unknown product ${input.product_id}`);
    const index = this.saleCount();
    const previous = index > 0 ? this.#orderDateAt(index - 1) : 0;
    const sale: Sale = {
      ...input,
      index,
      transaction: transactionCode(state.options.seed, index),
      order_date: Math.max(input.order_date ?? this.now(), previous),
    };
    state.added.push(sale);
    state.addedDates.push(sale.order_date);
    state.index.record(index, sale);
    if (sale.subscriber_code !== undefined) {
      const subscription = state.subscriptionByCode.get(sale.subscriber_code);
      if (subscription) {
        subscription.transactions.push(sale.transaction);
        if (subscription.transaction === '') subscription.transaction = sale.transaction;
      }
    }
    this.#version++;
    return sale;
  }

  #orderDateAt(index: number): number {
    const state = this.#state;
    if (index >= state.book.total) return state.addedDates[index - state.book.total] as number;
    return state.book.orderDate(index);
  }

  /** Changes a sale. Its `order_date` cannot change: the index is its place in `order_date` order. */
  updateSale(transaction: string, patch: Partial<Omit<Sale, 'index' | 'transaction'>>): Sale {
    const current = this.sale(transaction);
    if (!current) throw new Error(`updateSale: unknown transaction ${transaction}`);
    if (patch.order_date !== undefined && patch.order_date !== current.order_date) {
      throw new Error('updateSale: order_date cannot change (sales are indexed in order_date order)');
    }
    const state = this.#state;
    if (patch.product_id !== undefined && !state.entryById.has(patch.product_id))
      throw new Error(`updateSale: unknown product ${patch.product_id}`);
    const updated: Sale = { ...current, ...patch, index: current.index, transaction: current.transaction };
    if (current.index >= state.book.total) state.added[current.index - state.book.total] = updated;
    else state.overrides.set(current.index, updated);
    state.index.record(current.index, updated);
    this.#version++;
    return updated;
  }

  #code(taken: Map<string, unknown>): string {
    for (;;) {
      let code = '';
      for (let i = 0; i < 8; i++) code += CODE_ALPHABET[this.#state.writes.int(0, CODE_ALPHABET.length - 1)];
      if (!taken.has(code)) return code;
    }
  }

  addSubscription(input: Omit<Subscription, 'subscription_id' | 'subscriber_code'>): Subscription {
    const state = this.#state;
    if (!state.entryById.has(input.product_id))
      throw new Error(`addSubscription: unknown product ${input.product_id}`);
    let id = 0;
    do id = state.writes.int(1_000_000, 9_999_999);
    while (state.subscriptionById.has(id));
    const subscription: Subscription = {
      ...input,
      transactions: [...input.transactions],
      unpaid: [...input.unpaid],
      subscription_id: id,
      subscriber_code: this.#code(state.subscriptionByCode),
    };
    state.subscriptions.push(subscription);
    state.subscriptionByCode.set(subscription.subscriber_code, subscription);
    state.subscriptionById.set(id, subscription);
    this.#version++;
    return subscription;
  }

  /** Changes a subscription in place (the record returned by `subscriptions()` reflects it). */
  updateSubscription(
    subscriberCode: string,
    patch: Partial<Omit<Subscription, 'subscriber_code'>>,
  ): Subscription {
    const subscription = this.#state.subscriptionByCode.get(subscriberCode);
    if (!subscription) throw new Error(`updateSubscription: unknown subscriber ${subscriberCode}`);
    if (patch.subscription_id !== undefined && patch.subscription_id !== subscription.subscription_id) {
      throw new Error('updateSubscription: subscription_id cannot change');
    }
    Object.assign(subscription, patch, { subscriber_code: subscriberCode });
    this.#version++;
    return subscription;
  }

  addCoupon(input: Omit<Coupon, 'id' | 'status'>): Coupon {
    const state = this.#state;
    const entry = state.entryById.get(input.product_id);
    if (!entry) throw new Error(`addCoupon: unknown product ${input.product_id}`);
    let id = 0;
    do id = state.writes.int(10_000_000, 99_999_999);
    while (state.couponById.has(id));
    const coupon: Coupon = { ...input, offer_ids: [...input.offer_ids], id, status: 'valid' };
    entry.coupons.push(coupon);
    state.couponById.set(id, coupon);
    this.#version++;
    return coupon;
  }

  deleteCoupon(id: number): boolean {
    const coupon = this.#state.couponById.get(id);
    if (!coupon || coupon.status === 'deleted') return false;
    coupon.status = 'deleted';
    this.#version++;
    return true;
  }

  addNegotiation(input: Omit<Negotiation, 'id' | 'url' | 'expires_at'>): Negotiation {
    const state = this.#state;
    const id = state.writes.int(100_000, 999_999) * 10 + state.negotiations.length;
    const negotiation: Negotiation = {
      ...input,
      recurrences: [...input.recurrences],
      id,
      url: `https://pay.example.com/hotmart/negotiation/${id}`,
      // Negotiation links are valid for 30 days (reference §4.7).
      expires_at: this.now() + 30 * DAY,
    };
    state.negotiations.push(negotiation);
    this.#version++;
    return negotiation;
  }

  addBuyer(input: Omit<Buyer, 'ucode'>): Buyer {
    const state = this.#state;
    const ucode = personUcode(
      state.options.seed,
      UCODE_KIND.buyer,
      state.buyers.count + state.addedBuyers.size,
      true,
    );
    const buyer: Buyer = { ...input, address: { ...input.address }, ucode };
    state.addedBuyers.set(ucode, buyer);
    this.#version++;
    return buyer;
  }

  updateStudent(userId: string, patch: Partial<ClubStudent>): ClubStudent {
    const student = enrol(this.#state).studentById.get(userId);
    if (!student) throw new Error(`updateStudent: unknown student ${userId}`);
    Object.assign(student, patch, { user_id: userId, product_id: student.product_id });
    this.#version++;
    return student;
  }

  addStudent(input: Omit<ClubStudent, 'user_id'>): ClubStudent {
    const state = enrol(this.#state);
    const list = state.students.get(input.product_id);
    if (!list) throw new Error(`addStudent: product ${input.product_id} has no members area`);
    const student: ClubStudent = {
      ...input,
      completed: new Map(input.completed),
      user_id: clubId(state.writes, state.clubIds),
    };
    list.push(student);
    state.studentById.set(student.user_id, student);
    this.#version++;
    return student;
  }

  updateProduct(
    id: number,
    patch: Partial<Pick<Product, 'is_allowed_to_email_the_buyer' | 'status'>>,
  ): Product {
    const product = this.product(id);
    if (!product) throw new Error(`updateProduct: unknown product ${id}`);
    if (patch.is_allowed_to_email_the_buyer !== undefined) {
      product.is_allowed_to_email_the_buyer = patch.is_allowed_to_email_the_buyer;
    }
    if (patch.status !== undefined) product.status = patch.status;
    this.#version++;
    return product;
  }

  notify(change: StateChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        // A failing listener (e.g. a webhook sender bug) must not fail the API call that changed the state.
        process.emitWarning(
          `account change listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  onChange(listener: (change: StateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  summary(): AccountSummary {
    const state = enrol(this.#state);
    const byStatus: Partial<Record<SubscriptionStatus, number>> = {};
    for (const subscription of state.subscriptions) {
      byStatus[subscription.status] = (byStatus[subscription.status] ?? 0) + 1;
    }
    let pages = 0;
    for (const list of state.pages.values()) pages += list.length;
    let modules = 0;
    for (const list of state.modules.values()) modules += list.length;
    let tickets = 0;
    for (const list of state.tickets.values()) tickets += list.length;
    return {
      seed: state.options.seed,
      reference_now: state.options.now,
      now: this.now(),
      producer: { id: state.producer.id, name: state.producer.name, email: state.producer.email },
      products: state.products.length,
      offers: state.offerByCode.size,
      plans: state.planById.size,
      coupons: [...state.couponById.values()].filter((coupon) => coupon.status !== 'deleted').length,
      buyers: state.buyers.count + state.addedBuyers.size,
      affiliates: state.affiliates.length,
      sales: {
        total: this.saleCount(),
        generated: state.book.total,
        added: state.added.length,
        modified: state.overrides.size,
      },
      subscriptions: { total: state.subscriptions.length, by_status: byStatus },
      club: { products: state.clubProducts.length, modules, pages, students: state.studentById.size },
      events: { events: state.events.size, tickets },
      negotiations: state.negotiations.length,
    };
  }
}

/**
 * Generates a deterministic Hotmart account: the same seed and sizes give the same records (and so
 * byte-identical API output). Scales to 1,000,000 sales: sales are computed on demand (see
 * `generator/sales.ts`), only products, subscriptions, members areas and events are held in memory.
 *
 * @example
 * const account = createAccount({ seed: 42, sales: 5_000 });
 * const newest = account.saleAt(account.saleCount() - 1);
 * account.sale(newest.transaction)?.index === newest.index; // true
 */
export function createAccount(options: AccountOptions = {}): EmulatorAccount {
  return new GeneratedAccount(options);
}
