/**
 * The emulator's data model: what a Hotmart account holds, in one shape shared by the data generator, the REST
 * routes (which render these records as Hotmart's REST JSON) and the webhook sender (which renders them as v2.0.0
 * webhook payloads). Field names follow Hotmart's REST wire names where one exists (reference §4), so the REST
 * views are thin; every timestamp is epoch milliseconds (reference §3.1: "Emulator: emit ms").
 *
 * Sales are the only collection that can be huge (1,000,000 in a large seed): they are addressed by index in
 * `order_date` order and produced on demand by the generator, so an account never has to hold them all in memory.
 */

/** REST `transaction_status` vocabulary (reference §5.1). Webhooks use a different one; see the webhook sender. */
export type TransactionStatus =
  | 'APPROVED'
  | 'BLOCKED'
  | 'CANCELLED'
  | 'CHARGEBACK'
  | 'COMPLETE'
  | 'EXPIRED'
  | 'NO_FUNDS'
  | 'OVERDUE'
  | 'PARTIALLY_REFUNDED'
  | 'PRE_ORDER'
  | 'PRINTED_BILLET'
  | 'PROCESSING_TRANSACTION'
  | 'PROTESTED'
  | 'REFUNDED'
  | 'STARTED'
  | 'UNDER_ANALISYS'
  | 'WAITING_PAYMENT';

/** REST subscription status (reference §5.2). */
export type SubscriptionStatus =
  | 'ACTIVE'
  | 'INACTIVE'
  | 'DELAYED'
  | 'CANCELLED_BY_CUSTOMER'
  | 'CANCELLED_BY_SELLER'
  | 'CANCELLED_BY_ADMIN'
  | 'STARTED'
  | 'OVERDUE';

/** Reference §5.3 (`PIX` included: the official source, HD, lists it; AE's `ECHECK` is a webhook-list artefact). */
export type PaymentType =
  | 'BILLET'
  | 'CASH_PAYMENT'
  | 'CREDIT_CARD'
  | 'DIRECT_BANK_TRANSFER'
  | 'DIRECT_DEBIT'
  | 'FINANCED_BILLET'
  | 'FINANCED_INSTALLMENT'
  | 'GOOGLE_PAY'
  | 'HOTCARD'
  | 'HYBRID'
  | 'MANUAL_TRANSFER'
  | 'PAYPAL'
  | 'PAYPAL_INTERNACIONAL'
  | 'PICPAY'
  | 'PIX'
  | 'SAMSUNG_PAY'
  | 'WALLET';

export type ProductStatus =
  | 'DRAFT'
  | 'ACTIVE'
  | 'PAUSED'
  | 'NOT_APPROVED'
  | 'IN_REVIEW'
  | 'DELETED'
  | 'CHANGES_PENDING_ON_PRODUCT';

export type ProductFormat =
  | 'EBOOK'
  | 'SOFTWARE'
  | 'MOBILE_APPS'
  | 'VIDEOS'
  | 'AUDIOS'
  | 'TEMPLATES'
  | 'IMAGES'
  | 'ONLINE_COURSE'
  | 'SERIAL_CODES'
  | 'ETICKET'
  | 'ONLINE_SERVICE'
  | 'ONLINE_EVENT'
  | 'BUNDLE'
  | 'COMMUNITY'
  | 'AGENT';

export type CommissionRole = 'PRODUCER' | 'COPRODUCER' | 'AFFILIATE';

export type Currency = 'BRL' | 'USD' | 'EUR' | 'MXN' | 'COP' | 'ARS' | 'CLP' | 'PEN';

export interface Money {
  value: number;
  currency_code: Currency;
}

export interface Address {
  city: string;
  state: string;
  country: string;
  country_iso: string;
  zip_code: string;
  address: string;
  number: string;
  complement: string;
  neighborhood: string;
}

/** The account owner (GET /user/api/v1/me) and the producer on every sale. */
export interface Producer {
  id: number;
  ucode: string;
  name: string;
  email: string;
  login: string;
  document: string;
  locale: string;
  time_zone: string;
  currency_code_commission: Currency;
  entity_type: 'PERSON' | 'COMPANY';
  address: Address;
}

export interface Person {
  ucode: string;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  /** Country dialling code, e.g. "55". */
  phone_code: string;
  document: string;
  document_type: 'CPF' | 'CNPJ' | 'DNI' | 'RFC' | 'PASSPORT' | 'DOCUMENT';
  locale: string;
  address: Address;
}

export type Buyer = Person;

export interface Affiliate {
  affiliate_code: string;
  ucode: string;
  name: string;
  email: string;
}

export interface CoProducer {
  ucode: string;
  name: string;
  email: string;
  /** Share of the producer's net, 0..1. */
  share: number;
}

export interface Product {
  id: number;
  ucode: string;
  name: string;
  status: ProductStatus;
  format: ProductFormat;
  created_at: number;
  is_subscription: boolean;
  /** Guarantee in days (7, 15, 30…). */
  warranty_period: number;
  support_email: string;
  /** Set when the product has a members area (Hotmart Club). */
  club_subdomain?: string;
  /** Set for ETICKET/ONLINE_EVENT products: the event tickets API uses the product id as event id (§4.6). */
  is_event: boolean;
  co_producer?: CoProducer;
  is_physical_product: boolean;
  /** Set by `PUT /products/api/v1/product/configuration/{product_id}` (reference §4.3); absent means allowed. */
  is_allowed_to_email_the_buyer?: boolean;
}

export interface Offer {
  code: string;
  product_id: number;
  name: string;
  description: string;
  price: Money;
  payment_mode: 'PAY_IN_FULL' | 'INVOICE';
  is_main_offer: boolean;
  is_currency_conversion_enabled: boolean;
  is_smart_recovery_enabled: boolean;
}

export type Periodicity = 'WEEKLY' | 'MONTHLY' | 'BIMONTHLY' | 'QUARTERLY' | 'BIANNUAL' | 'ANNUAL';

export interface Plan {
  id: number;
  /** The plan's offer code; SWITCH_PLAN payloads call it `offer.key`. */
  code: string;
  product_id: number;
  name: string;
  description: string;
  price: Money;
  periodicity: Periodicity;
  /** Days between charges (reference §5.2: 7, 30, 60, 90, 180, 360). */
  recurrency_period: 7 | 30 | 60 | 90 | 180 | 360;
  max_charge_cycles?: number;
  trial_period?: number;
  max_installments: number;
  is_switch_plan_enabled: boolean;
  is_subscription_recovery_enabled: boolean;
}

export interface Coupon {
  id: number;
  product_id: number;
  coupon_code: string;
  /** Fraction, 0 < d < 0.99 (reference §4.4). */
  discount: number;
  start_date: number;
  end_date?: number;
  affiliate?: string;
  offer_ids: string[];
  status: 'valid' | 'expired' | 'deleted';
}

/** One sale (a purchase transaction), in REST vocabulary. Subscription renewals are sales too. */
export interface Sale {
  /** Position in `order_date` order; stable for the life of the account. */
  index: number;
  transaction: string;
  product_id: number;
  offer_code: string;
  buyer_ucode: string;
  order_date: number;
  approved_date?: number;
  status: TransactionStatus;
  payment_type: PaymentType;
  /** Finer payment method as in sales history `payment.method` (e.g. CREDIT_CARD_VISA, PIX, BILLET). */
  payment_method: string;
  installments_number: number;
  /** Price paid by the buyer. */
  price: Money;
  /** Price of the offer before coupon. */
  full_price: Money;
  hotmart_fee: { total: number; fixed: number; base: number; currency_code: Currency };
  coupon_code?: string;
  affiliate_code?: string;
  /** Subscription sales: the subscriber and which charge this is (1 = first purchase). */
  subscriber_code?: string;
  plan_id?: number;
  recurrency_number?: number;
  warranty_expire_date: number;
  tracking: { source: string; source_sck: string; external_code: string };
  /** Set when the buyer added this product as an order bump on another transaction. */
  order_bump_parent?: string;
  /** Boleto/PIX details for pending payments. */
  billet_url?: string;
  billet_barcode?: string;
  pix_code?: string;
  pix_expiration_date?: number;
  refusal_reason?: string;
  /** When a refund was requested (PROTESTED) or done. */
  refund_requested_at?: number;
  refunded_at?: number;
}

export interface Subscription {
  subscription_id: number;
  subscriber_code: string;
  product_id: number;
  plan_id: number;
  buyer_ucode: string;
  status: SubscriptionStatus;
  accession_date: number;
  end_accession_date?: number;
  request_date: number;
  date_next_charge: number;
  /** Day of month (1..31; weekly plans 1 = Monday … 7 = Sunday). */
  due_day: number;
  trial: boolean;
  /** Transaction of the first purchase. */
  transaction: string;
  current_recurrence: number;
  cancellation_date?: number;
  /** Transactions of every charge, oldest first. */
  transactions: string[];
  /** Recurrence numbers charged but unpaid, with their charge dates. */
  unpaid: { number: number; charge_date: number }[];
}

export type ClubRole = 'STUDENT' | 'FREE_STUDENT' | 'OWNER' | 'ADMIN' | 'CONTENT_EDITOR' | 'MODERATOR';

export interface ClubModule {
  module_id: string;
  product_id: number;
  name: string;
  sequence: number;
  is_extra: boolean;
  is_extra_paid: boolean;
  is_public: boolean;
  classes: string[];
}

export interface ClubPage {
  page_id: string;
  module_id: string;
  name: string;
  page_order: number;
  type: 'CONTENT' | 'ADVERTISEMENT' | 'QUIZ' | 'WEBINAR';
  is_published: boolean;
  total_comments: number;
  rates: { rate: number; total: number }[];
  has_media: boolean;
  liberation_type?: 'BY_DAYS' | 'BY_DATE';
  liberation_date?: number;
  liberation_days?: number;
  has_duration: boolean;
  days_of_duration?: number;
}

export interface ClubStudent {
  user_id: string;
  product_id: number;
  buyer_ucode: string;
  name: string;
  email: string;
  role: ClubRole;
  status: 'ACTIVE' | 'BLOCKED' | 'BLOCKED_BY_OWNER' | 'OVERDUE';
  type: 'BUYER' | 'IMPORTED' | 'FREE' | 'OWNER' | 'GUEST';
  engagement: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
  locale: string;
  plus_access:
    | 'WITHOUT_PLUS_ACCESS'
    | 'HOLDER'
    | 'HOLDER_WITH_DEPENDENTS'
    | 'HOLDER_WITHOUT_DEPENDENTS'
    | 'DEPENDENT';
  class_id: string;
  first_access_date?: number;
  last_access_date?: number;
  purchase_date?: number;
  access_count: number;
  /** page_id → completed_date (ms). */
  completed: Map<string, number>;
}

export interface EventLot {
  id: number;
  name: string;
}

export interface EventInfo {
  /** The event product's id (reference §4.6). */
  event_id: number;
  lots: EventLot[];
  start_event_date: number;
  end_event_date: number;
}

export interface Ticket {
  id: number;
  event_id: number;
  lot_id: number;
  buyer_ucode: string;
  participant: { id: number; name: string; email: string; document: string; phone: string };
  ticket_status:
    | 'AVAILABLE'
    | 'CHARGEBACK'
    | 'EXCLUDED'
    | 'INVITE'
    | 'INVITE_CANCELED'
    | 'REFUNDED'
    | 'RESERVED'
    | 'SOLD';
  ticket_type: 'FREE' | 'PAID';
  checkin_status: 'CONCLUDED' | 'PARTIAL' | 'PENDING';
  category: string;
  is_blocked: boolean;
  current_update: number;
  ticket_qr_code: string;
  checkin_url: string;
}

export interface Negotiation {
  id: number;
  subscription_id: number;
  recurrences: number[];
  payment_type: 'PIX' | 'BILLET' | 'CREDIT_CARD';
  discount?: { type: 'CUSTOM' | 'PERCENTAGE'; value: number };
  document?: string;
  url: string;
  expires_at: number;
}

/** What the seed produces; sizes scale the account. */
export interface SeedOptions {
  seed: number;
  /** Number of sales (default 2,000; up to 1,000,000). */
  sales: number;
  products?: number;
  buyers?: number;
  /** Reference "now": the newest sale is a little before it. Default: a fixed date, so a seed is reproducible. */
  now?: number;
}

/**
 * A state change the REST routes or the scenario driver made, for the webhook sender to turn into a delivery.
 * `event` is the Hotmart webhook event name (reference §6.4).
 */
export type StateChange =
  | {
      event:
        | 'PURCHASE_APPROVED'
        | 'PURCHASE_COMPLETE'
        | 'PURCHASE_CANCELED'
        | 'PURCHASE_REFUNDED'
        | 'PURCHASE_CHARGEBACK'
        | 'PURCHASE_BILLET_PRINTED'
        | 'PURCHASE_PROTEST'
        | 'PURCHASE_EXPIRED'
        | 'PURCHASE_DELAYED';
      transaction: string;
    }
  | { event: 'PURCHASE_OUT_OF_SHOPPING_CART'; product_id: number; offer_code: string; buyer_ucode: string }
  | { event: 'SUBSCRIPTION_CANCELLATION'; subscriber_code: string }
  | { event: 'SWITCH_PLAN'; subscriber_code: string; previous_plan_id: number }
  | { event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE'; subscriber_code: string; old_due_day: number }
  | { event: 'CLUB_FIRST_ACCESS'; user_id: string; product_id: number }
  | { event: 'CLUB_MODULE_COMPLETED'; user_id: string; product_id: number; module_id: string };

/**
 * The account: read access for the REST routes and the webhook sender, and the writes that REST calls and the
 * scenario driver perform. Where Hotmart would send a webhook, the caller of the write (a REST route, the scenario
 * driver) reports it with `notify(StateChange)`; the write methods themselves never notify.
 */
export interface Account {
  readonly seed: number;
  readonly now: () => number;
  readonly producer: Producer;

  products(): readonly Product[];
  product(id: number): Product | undefined;
  productByUcode(ucode: string): Product | undefined;
  offers(productId: number): readonly Offer[];
  offer(code: string): Offer | undefined;
  plans(productId: number): readonly Plan[];
  plan(id: number): Plan | undefined;
  planByCode(code: string): Plan | undefined;
  buyer(ucode: string): Buyer | undefined;
  affiliate(code: string): Affiliate | undefined;
  affiliates(): readonly Affiliate[];

  /** Sales in `order_date` order, addressed by index; generated on demand. */
  saleCount(): number;
  saleAt(index: number): Sale;
  sale(transaction: string): Sale | undefined;
  /** First index whose order_date ≥ `date` (binary search; sales are ordered). */
  saleIndexAtOrAfter(date: number): number;

  subscriptions(): readonly Subscription[];
  subscription(subscriberCode: string): Subscription | undefined;
  subscriptionById(subscriptionId: number): Subscription | undefined;

  coupons(productId: number): readonly Coupon[];

  clubProducts(): readonly Product[];
  productBySubdomain(subdomain: string): Product | undefined;
  modules(productId: number): readonly ClubModule[];
  pages(moduleId: string): readonly ClubPage[];
  students(productId: number): readonly ClubStudent[];
  student(userId: string): ClubStudent | undefined;

  event(eventId: number): EventInfo | undefined;
  tickets(eventId: number): readonly Ticket[];

  // Writes. They do not notify: the caller that knows the Hotmart event calls `notify` (see above).
  /** Adds a new sale as the newest one (order_date = now) and returns it. */
  addSale(input: Omit<Sale, 'index' | 'transaction' | 'order_date'> & { order_date?: number }): Sale;
  updateSale(transaction: string, patch: Partial<Omit<Sale, 'index' | 'transaction'>>): Sale;
  addSubscription(input: Omit<Subscription, 'subscription_id' | 'subscriber_code'>): Subscription;
  updateSubscription(
    subscriberCode: string,
    patch: Partial<Omit<Subscription, 'subscriber_code'>>,
  ): Subscription;
  addCoupon(input: Omit<Coupon, 'id' | 'status'>): Coupon;
  deleteCoupon(id: number): boolean;
  addNegotiation(input: Omit<Negotiation, 'id' | 'url' | 'expires_at'>): Negotiation;
  addBuyer(input: Omit<Buyer, 'ucode'>): Buyer;
  updateStudent(userId: string, patch: Partial<ClubStudent>): ClubStudent;
  addStudent(input: Omit<ClubStudent, 'user_id'>): ClubStudent;

  /** Reports a change to the listeners (the webhook sender). */
  notify(change: StateChange): void;
  onChange(listener: (change: StateChange) => void): () => void;
}
