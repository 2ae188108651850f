import type {
  Account,
  Affiliate,
  Buyer,
  ClubModule,
  ClubPage,
  ClubStudent,
  Coupon,
  Negotiation,
  Offer,
  Plan,
  Producer,
  Product,
  Sale,
  StateChange,
  Subscription,
} from '../../src/model.ts';

/**
 * A small, hand-made account for unit tests: a few records written out by hand, so payload tests know every
 * value. It implements the whole `Account` interface in memory (no generator).
 */
export const NOW = Date.UTC(2025, 10, 15, 12, 0, 0);
const DAY = 86_400_000;

const address = {
  city: 'Uberlândia',
  state: 'Minas Gerais',
  country: 'Brasil',
  country_iso: 'BR',
  zip_code: '38400-123',
  address: 'Avenida Francisco Galassi',
  number: '10',
  complement: 'Perto do shopping',
  neighborhood: 'Tubalina',
};

export const producer: Producer = {
  id: 1234567,
  ucode: 'prod-ucode-0001',
  name: 'Bárbara Cardoso',
  email: 'barbara@producer.example.com',
  login: 'barbara@producer.example.com',
  document: '12345678965',
  locale: 'pt_BR',
  time_zone: 'America/Sao_Paulo',
  currency_code_commission: 'BRL',
  entity_type: 'PERSON',
  address,
};

export const course: Product = {
  id: 4774438,
  ucode: 'course-ucode-0001',
  name: 'How to Make Clear Ice',
  status: 'ACTIVE',
  format: 'ONLINE_COURSE',
  created_at: NOW - 400 * DAY,
  is_subscription: false,
  warranty_period: 7,
  support_email: 'support@ice.example.com',
  club_subdomain: 'clearice',
  is_event: false,
  co_producer: { ucode: 'co-0001', name: 'Carla Dias', email: 'carla@example.org', share: 0.2 },
  is_physical_product: false,
};

export const club: Product = {
  id: 5000001,
  ucode: 'club-ucode-0001',
  name: 'Ice Club',
  status: 'ACTIVE',
  format: 'COMMUNITY',
  created_at: NOW - 300 * DAY,
  is_subscription: true,
  warranty_period: 30,
  support_email: 'club@ice.example.com',
  is_event: false,
  is_physical_product: false,
};

export const ticket: Product = {
  id: 6000001,
  ucode: 'event-ucode-0001',
  name: 'Ice Summit 2026',
  status: 'ACTIVE',
  format: 'ETICKET',
  created_at: NOW - 100 * DAY,
  is_subscription: false,
  warranty_period: 7,
  support_email: 'summit@ice.example.com',
  is_event: true,
  is_physical_product: false,
};

const brl = (value: number) => ({ value, currency_code: 'BRL' as const });

export const offers: Offer[] = [
  {
    code: 'k2pasun0',
    product_id: course.id,
    name: 'Main',
    description: '',
    price: brl(297),
    payment_mode: 'PAY_IN_FULL',
    is_main_offer: true,
    is_currency_conversion_enabled: false,
    is_smart_recovery_enabled: true,
  },
  {
    code: 'evt00001',
    product_id: ticket.id,
    name: 'Lot 1',
    description: '',
    price: brl(150),
    payment_mode: 'PAY_IN_FULL',
    is_main_offer: true,
    is_currency_conversion_enabled: false,
    is_smart_recovery_enabled: false,
  },
];

export const plans: Plan[] = [
  {
    id: 114680,
    code: 'n6hup355',
    product_id: club.id,
    name: 'Monthly',
    description: '',
    price: brl(64.9),
    periodicity: 'MONTHLY',
    recurrency_period: 30,
    max_installments: 1,
    is_switch_plan_enabled: true,
    is_subscription_recovery_enabled: true,
  },
  {
    id: 654321,
    code: 'n6hup357',
    product_id: club.id,
    name: 'Annual',
    description: '',
    price: brl(599),
    periodicity: 'ANNUAL',
    recurrency_period: 360,
    max_installments: 12,
    is_switch_plan_enabled: true,
    is_subscription_recovery_enabled: true,
  },
];

export const buyers: Buyer[] = [
  {
    ucode: 'buyer-0001',
    name: 'Teste Comprador',
    first_name: 'Teste',
    last_name: 'Comprador',
    email: 'comprador@example.com',
    phone: '34999990000',
    phone_code: '55',
    document: '69526128664',
    document_type: 'CPF',
    locale: 'pt_BR',
    address,
  },
];

export const affiliates: Affiliate[] = [
  { affiliate_code: 'Q58388177J', ucode: 'aff-0001', name: 'Affiliate Name', email: 'aff@example.net' },
];

const modules: ClubModule[] = [
  {
    module_id: 'mod-a',
    product_id: course.id,
    name: 'Freezing basics',
    sequence: 1,
    is_extra: false,
    is_extra_paid: false,
    is_public: false,
    classes: [],
  },
  {
    module_id: 'mod-b',
    product_id: course.id,
    name: 'Directional freezing',
    sequence: 2,
    is_extra: false,
    is_extra_paid: false,
    is_public: false,
    classes: [],
  },
];

const page = (page_id: string, module_id: string, order: number): ClubPage => ({
  page_id,
  module_id,
  name: `Lesson ${page_id}`,
  page_order: order,
  type: 'CONTENT',
  is_published: true,
  total_comments: 0,
  rates: [],
  has_media: true,
  has_duration: false,
});

const pages: ClubPage[] = [page('p-a1', 'mod-a', 1), page('p-a2', 'mod-a', 2), page('p-b1', 'mod-b', 1)];

/** Sales of the hand-made account, newest last. */
function seedSales(): Sale[] {
  const base = {
    buyer_ucode: 'buyer-0001',
    payment_method: 'CREDIT_CARD_VISA',
    tracking: { source: 'HOTMART', source_sck: 'HOTMART_PRODUCT_PAGE', external_code: 'xc-1' },
  };
  return [
    {
      ...base,
      index: 0,
      transaction: 'HP0000000001',
      product_id: course.id,
      offer_code: 'k2pasun0',
      order_date: NOW - 3 * DAY,
      approved_date: NOW - 3 * DAY + 2000,
      status: 'APPROVED',
      payment_type: 'CREDIT_CARD',
      installments_number: 12,
      price: brl(267.3),
      full_price: brl(297),
      hotmart_fee: { total: 27.46, fixed: 1, base: 26.46, currency_code: 'BRL' },
      coupon_code: 'SHHUHA',
      affiliate_code: 'Q58388177J',
      warranty_expire_date: NOW + 4 * DAY + 123,
      order_bump_parent: 'HP0000000000',
    },
    {
      ...base,
      index: 1,
      transaction: 'HP0000000002',
      product_id: club.id,
      offer_code: 'n6hup355',
      order_date: NOW - 2 * DAY,
      approved_date: NOW - 2 * DAY,
      status: 'APPROVED',
      payment_type: 'CREDIT_CARD',
      installments_number: 1,
      price: brl(64.9),
      full_price: brl(64.9),
      hotmart_fee: { total: 7.43, fixed: 1, base: 6.43, currency_code: 'BRL' },
      subscriber_code: 'I9OT62C3',
      plan_id: 114680,
      recurrency_number: 1,
      warranty_expire_date: NOW + 28 * DAY,
    },
    {
      ...base,
      index: 2,
      transaction: 'HP0000000003',
      product_id: course.id,
      offer_code: 'k2pasun0',
      order_date: NOW - DAY,
      status: 'WAITING_PAYMENT',
      payment_type: 'PIX',
      payment_method: 'PIX',
      installments_number: 1,
      price: brl(297),
      full_price: brl(297),
      hotmart_fee: { total: 30.4, fixed: 1, base: 29.4, currency_code: 'BRL' },
      warranty_expire_date: NOW + 6 * DAY,
      pix_code: '00020101021226850014br.gov.bcb.pix',
      pix_expiration_date: NOW + 1000,
    },
  ];
}

/** A fresh in-memory account; each call is independent. */
export function createMemoryAccount(options: { seed?: number; clock?: () => number } = {}): Account & {
  /** Every change notified, oldest first. */
  readonly changes: StateChange[];
} {
  const sales = seedSales();
  const byTransaction = new Map(sales.map((sale) => [sale.transaction, sale]));
  const allBuyers = new Map(buyers.map((buyer) => [buyer.ucode, { ...buyer }]));
  const subscriptions: Subscription[] = [
    {
      subscription_id: 4148584,
      subscriber_code: 'I9OT62C3',
      product_id: club.id,
      plan_id: 114680,
      buyer_ucode: 'buyer-0001',
      status: 'ACTIVE',
      accession_date: NOW - 2 * DAY,
      request_date: NOW - 2 * DAY,
      date_next_charge: Date.UTC(2025, 11, 13, 12),
      due_day: 13,
      trial: false,
      transaction: 'HP0000000002',
      current_recurrence: 1,
      transactions: ['HP0000000002'],
      unpaid: [],
    },
  ];
  const students: ClubStudent[] = [
    {
      user_id: 'user-0001',
      product_id: course.id,
      buyer_ucode: 'buyer-0001',
      name: 'Teste Comprador',
      email: 'comprador@example.com',
      role: 'STUDENT',
      status: 'ACTIVE',
      type: 'BUYER',
      engagement: 'NONE',
      locale: 'pt_BR',
      plus_access: 'WITHOUT_PLUS_ACCESS',
      class_id: 'class-1',
      access_count: 0,
      completed: new Map(),
    },
  ];
  const coupons: Coupon[] = [];
  const listeners = new Set<(change: StateChange) => void>();
  const changes: StateChange[] = [];
  let serial = 100;
  const clock = options.clock ?? (() => NOW);
  const products = [course, club, ticket];

  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`unknown ${what}`);
    return value;
  };

  return {
    seed: options.seed ?? 7,
    now: clock,
    producer,
    changes,
    products: () => products,
    product: (id) => products.find((product) => product.id === id),
    productByUcode: (ucode) => products.find((product) => product.ucode === ucode),
    offers: (productId) => offers.filter((offer) => offer.product_id === productId),
    offer: (code) => offers.find((offer) => offer.code === code),
    plans: (productId) => plans.filter((plan) => plan.product_id === productId),
    plan: (id) => plans.find((plan) => plan.id === id),
    planByCode: (code) => plans.find((plan) => plan.code === code),
    buyer: (ucode) => allBuyers.get(ucode),
    affiliate: (code) => affiliates.find((affiliate) => affiliate.affiliate_code === code),
    affiliates: () => affiliates,
    saleCount: () => sales.length,
    saleAt: (index) => must(sales[index], `sale ${index}`),
    sale: (transaction) => byTransaction.get(transaction),
    saleIndexAtOrAfter: (date) => {
      const index = sales.findIndex((sale) => sale.order_date >= date);
      return index === -1 ? sales.length : index;
    },
    subscriptions: () => subscriptions,
    subscription: (code) => subscriptions.find((subscription) => subscription.subscriber_code === code),
    subscriptionById: (id) => subscriptions.find((subscription) => subscription.subscription_id === id),
    coupons: (productId) => coupons.filter((coupon) => coupon.product_id === productId),
    clubProducts: () => [course],
    productBySubdomain: (subdomain) => products.find((product) => product.club_subdomain === subdomain),
    modules: (productId) => modules.filter((module) => module.product_id === productId),
    pages: (moduleId) => pages.filter((each) => each.module_id === moduleId),
    students: (productId) => students.filter((student) => student.product_id === productId),
    student: (userId) => students.find((student) => student.user_id === userId),
    event: () => undefined,
    tickets: () => [],
    addSale(input) {
      const sale: Sale = {
        ...input,
        index: sales.length,
        transaction: `HP${String(++serial).padStart(10, '0')}`,
        order_date: input.order_date ?? clock(),
      };
      sales.push(sale);
      byTransaction.set(sale.transaction, sale);
      return sale;
    },
    updateSale(transaction, patch) {
      const sale = must(byTransaction.get(transaction), `transaction ${transaction}`);
      Object.assign(sale, patch);
      return sale;
    },
    addSubscription(input) {
      const subscription: Subscription = {
        ...input,
        subscription_id: 5_000_000 + ++serial,
        subscriber_code: `SUB${String(++serial).padStart(5, '0')}`,
      };
      subscriptions.push(subscription);
      return subscription;
    },
    updateSubscription(code, patch) {
      const subscription = must(
        subscriptions.find((each) => each.subscriber_code === code),
        `subscriber ${code}`,
      );
      Object.assign(subscription, patch);
      return subscription;
    },
    addCoupon(input) {
      const coupon: Coupon = { ...input, id: ++serial, status: 'valid' };
      coupons.push(coupon);
      return coupon;
    },
    deleteCoupon(id) {
      const coupon = coupons.find((each) => each.id === id);
      if (coupon) coupon.status = 'deleted';
      return coupon !== undefined;
    },
    addNegotiation(input): Negotiation {
      return { ...input, id: ++serial, url: `https://pay.example.com/${serial}`, expires_at: clock() + DAY };
    },
    addBuyer(input) {
      const buyer: Buyer = { ...input, ucode: `buyer-new-${++serial}` };
      allBuyers.set(buyer.ucode, buyer);
      return buyer;
    },
    updateStudent(userId, patch) {
      const student = must(
        students.find((each) => each.user_id === userId),
        `student ${userId}`,
      );
      Object.assign(student, patch);
      return student;
    },
    addStudent(input) {
      const student: ClubStudent = { ...input, user_id: `user-${++serial}` };
      students.push(student);
      return student;
    },
    notify(change) {
      changes.push(change);
      for (const listener of listeners) listener(change);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
