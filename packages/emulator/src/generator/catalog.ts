import type {
  Coupon,
  Currency,
  Offer,
  Periodicity,
  Plan,
  Product,
  ProductFormat,
  ProductStatus,
} from '../model.ts';
import { slugify } from './locales.ts';
import { marketPrice } from './money.ts';
import { generateCoProducer } from './people.ts';
import type { Rng } from './random.ts';

/**
 * What a product is sold as: decides offers vs plans, members area and event tickets.
 *
 * @example
 * const kind: ProductKind = 'subscription';
 */
export type ProductKind = 'one-time' | 'subscription' | 'event';

interface ProductTemplate {
  name: string;
  format: ProductFormat;
  kind: ProductKind;
  club: boolean;
  /** Price of the main offer (or the monthly plan) in BRL. */
  brl: number;
  /** Relative popularity: how much of the account's sales this product draws. */
  popularity: number;
}

/**
 * The catalogue a producer might sell, in the three languages of Hotmart's markets. The first six are always
 * present so every account has each kind the agent handles: a course with a members area, an e-book, software,
 * two subscription products (a membership with plans and a mentoring), and an event with tickets.
 */
const TEMPLATES: readonly ProductTemplate[] = [
  {
    name: 'Curso Completo de Marketing Digital',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 497,
    popularity: 10,
  },
  {
    name: 'E-book Receitas Low Carb',
    format: 'EBOOK',
    kind: 'one-time',
    club: false,
    brl: 27,
    popularity: 9,
  },
  {
    name: 'Gestor de Estoque Desktop',
    format: 'SOFTWARE',
    kind: 'one-time',
    club: false,
    brl: 197,
    popularity: 3,
  },
  {
    name: 'Comunidade VIP Investidores',
    format: 'COMMUNITY',
    kind: 'subscription',
    club: true,
    brl: 49.9,
    popularity: 6,
  },
  {
    name: 'Mentoria Negócios Digitais',
    format: 'ONLINE_SERVICE',
    kind: 'subscription',
    club: true,
    brl: 297,
    popularity: 3,
  },
  {
    name: 'Imersão Presencial Marketing 2026',
    format: 'ETICKET',
    kind: 'event',
    club: false,
    brl: 897,
    popularity: 2,
  },
  {
    name: 'Método Emagrecer de Vez',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 297,
    popularity: 8,
  },
  {
    name: 'Inglês Fluente em 6 Meses',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 397,
    popularity: 6,
  },
  {
    name: 'E-book Finanças Pessoais Descomplicadas',
    format: 'EBOOK',
    kind: 'one-time',
    club: false,
    brl: 37,
    popularity: 7,
  },
  {
    name: 'Planilha de Controle Financeiro Pro',
    format: 'TEMPLATES',
    kind: 'one-time',
    club: false,
    brl: 47,
    popularity: 6,
  },
  {
    name: 'Academia de Yoga Online',
    format: 'ONLINE_COURSE',
    kind: 'subscription',
    club: true,
    brl: 39.9,
    popularity: 5,
  },
  {
    name: 'Fotografia com Celular',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 147,
    popularity: 5,
  },
  {
    name: 'Español para Viajeros',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 167,
    popularity: 3,
  },
  {
    name: 'Excel do Zero ao Avançado',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 197,
    popularity: 6,
  },
  {
    name: 'Pack de Templates para Instagram',
    format: 'TEMPLATES',
    kind: 'one-time',
    club: false,
    brl: 67,
    popularity: 5,
  },
  {
    name: 'Software de Agendamento Cloud',
    format: 'SOFTWARE',
    kind: 'subscription',
    club: false,
    brl: 89.9,
    popularity: 3,
  },
  {
    name: 'Workshop Online ao Vivo: Vendas no WhatsApp',
    format: 'ONLINE_EVENT',
    kind: 'event',
    club: false,
    brl: 97,
    popularity: 2,
  },
  {
    name: 'Masterclass de Copywriting',
    format: 'VIDEOS',
    kind: 'one-time',
    club: false,
    brl: 97,
    popularity: 4,
  },
  {
    name: 'Audiolivro Mindset Vencedor',
    format: 'AUDIOS',
    kind: 'one-time',
    club: false,
    brl: 29.9,
    popularity: 3,
  },
  {
    name: 'Bundle Empreendedor Digital',
    format: 'BUNDLE',
    kind: 'one-time',
    club: false,
    brl: 597,
    popularity: 2,
  },
  {
    name: 'Curso de Programação Python',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 347,
    popularity: 5,
  },
  {
    name: 'Banco de Imagens Gastronomia',
    format: 'IMAGES',
    kind: 'one-time',
    club: false,
    brl: 57,
    popularity: 2,
  },
  {
    name: 'Licenças Antivírus Premium',
    format: 'SERIAL_CODES',
    kind: 'one-time',
    club: false,
    brl: 79.9,
    popularity: 2,
  },
  {
    name: 'Consultoria Individual de Carreira',
    format: 'ONLINE_SERVICE',
    kind: 'one-time',
    club: false,
    brl: 450,
    popularity: 1,
  },
  {
    name: 'Assistente de IA para Copy',
    format: 'AGENT',
    kind: 'subscription',
    club: false,
    brl: 59.9,
    popularity: 2,
  },
  {
    name: 'Hábitos Atómicos para Emprendedores',
    format: 'EBOOK',
    kind: 'one-time',
    club: false,
    brl: 24.9,
    popularity: 3,
  },
  {
    name: 'App Treino em Casa',
    format: 'MOBILE_APPS',
    kind: 'one-time',
    club: false,
    brl: 19.9,
    popularity: 4,
  },
  {
    name: 'Productivity Masterclass for Creators',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 247,
    popularity: 2,
  },
  {
    name: 'Curso de Confeitaria Lucrativa',
    format: 'ONLINE_COURSE',
    kind: 'one-time',
    club: true,
    brl: 197,
    popularity: 5,
  },
  {
    name: 'Clube de Leitura Mensal',
    format: 'COMMUNITY',
    kind: 'subscription',
    club: true,
    brl: 29.9,
    popularity: 2,
  },
];

/** Always-present templates: one of each kind the agent handles (see `TEMPLATES`). */
const MANDATORY = 6;

/**
 * The most products an account can have: one per template.
 *
 * @example
 * createAccount({ seed: 1, products: MAX_PRODUCTS }).products().length === MAX_PRODUCTS; // true
 */
export const MAX_PRODUCTS = TEMPLATES.length;

/**
 * A product with the generator's extra knowledge of it.
 *
 * @example
 * const mainOffer = (entry: CatalogEntry) => entry.offers.find((offer) => offer.is_main_offer);
 */
export interface CatalogEntry {
  product: Product;
  kind: ProductKind;
  /** Relative share of sales; 0 for products that sell nothing (drafts, in review). */
  popularity: number;
  offers: Offer[];
  plans: Plan[];
  coupons: Coupon[];
}

/** Offer codes are unique across the account; so are numeric ids. */
interface Uniques {
  codes: Set<string>;
  ids: Set<number>;
}

function uniqueCode(rng: Rng, uniques: Uniques): string {
  for (;;) {
    const code = rng.alphanumeric(8);
    if (!uniques.codes.has(code)) {
      uniques.codes.add(code);
      return code;
    }
  }
}

function uniqueId(rng: Rng, uniques: Uniques, min: number, max: number): number {
  for (;;) {
    const id = rng.int(min, max);
    if (!uniques.ids.has(id)) {
      uniques.ids.add(id);
      return id;
    }
  }
}

const INTERNATIONAL: readonly (readonly [Currency, string])[] = [
  ['USD', 'Oferta Internacional'],
  ['MXN', 'Oferta México'],
  ['COP', 'Oferta Colombia'],
  ['EUR', 'Oferta Europa'],
];

function offersFor(rng: Rng, uniques: Uniques, product: Product, brl: number): Offer[] {
  const offer = (
    name: string,
    description: string,
    value: number,
    currency: Currency,
    main: boolean,
  ): Offer => ({
    code: uniqueCode(rng, uniques),
    product_id: product.id,
    name,
    description,
    price: { value, currency_code: currency },
    payment_mode: 'PAY_IN_FULL',
    is_main_offer: main,
    is_currency_conversion_enabled: currency === 'BRL' ? rng.chance(0.7) : false,
    is_smart_recovery_enabled: rng.chance(0.4),
  });
  // The main offer's name is empty in Hotmart's sample (reference §4.3 products-offers).
  const offers = [offer('', '', brl, 'BRL', true)];
  if (rng.chance(0.5))
    offers.push(
      offer('Oferta Promocional', 'Preço especial de lançamento', Math.round(brl * 0.7) - 0.1, 'BRL', false),
    );
  for (const [currency, name] of INTERNATIONAL) {
    if (rng.chance(currency === 'USD' ? 0.6 : 0.35)) {
      offers.push(offer(name, `Preço em ${currency}`, marketPrice(brl, currency), currency, false));
    }
  }
  return offers;
}

interface PlanShape {
  name: string;
  description: string;
  periodicity: Periodicity;
  period: Plan['recurrency_period'];
  /** Price as a multiple of the monthly price. */
  factor: number;
  trial?: number;
  maxCycles?: number;
  installments: number;
}

const PLAN_SHAPES: readonly PlanShape[] = [
  {
    name: 'Mensal',
    description: 'Plano mensal',
    periodicity: 'MONTHLY',
    period: 30,
    factor: 1,
    installments: 1,
  },
  {
    name: 'Trimestral',
    description: 'Plano trimestral com desconto',
    periodicity: 'QUARTERLY',
    period: 90,
    factor: 2.7,
    installments: 3,
  },
  {
    name: 'Anual',
    description: 'Plano anual com 2 meses grátis',
    periodicity: 'ANNUAL',
    period: 360,
    factor: 10,
    installments: 12,
  },
  {
    name: 'Mensal com Trial',
    description: 'Plano mensal com 7 dias grátis',
    periodicity: 'MONTHLY',
    period: 30,
    factor: 1,
    trial: 7,
    installments: 1,
  },
  {
    name: 'Mensal 12 meses',
    description: 'Plano mensal por 12 meses',
    periodicity: 'MONTHLY',
    period: 30,
    factor: 0.9,
    maxCycles: 12,
    installments: 1,
  },
  {
    name: 'Semanal',
    description: 'Plano semanal',
    periodicity: 'WEEKLY',
    period: 7,
    factor: 0.3,
    maxCycles: 8,
    installments: 1,
  },
];

function plansFor(rng: Rng, uniques: Uniques, product: Product, monthly: number, offers: Offer[]): Plan[] {
  // Monthly and annual always; the others by chance, so some plans have a trial and some a cycle limit.
  const shapes = PLAN_SHAPES.filter((_shape, index) => index === 0 || index === 2 || rng.chance(0.45));
  return shapes.map((shape, index) => {
    const plan: Plan = {
      id: uniqueId(rng, uniques, 100_000, 999_999),
      code: uniqueCode(rng, uniques),
      product_id: product.id,
      name: shape.name,
      description: shape.description,
      price: { value: Math.round(monthly * shape.factor * 10) / 10, currency_code: 'BRL' },
      periodicity: shape.periodicity,
      recurrency_period: shape.period,
      max_installments: shape.installments,
      is_switch_plan_enabled: rng.chance(0.7),
      is_subscription_recovery_enabled: rng.chance(0.5),
    };
    if (shape.trial !== undefined) plan.trial_period = shape.trial;
    if (shape.maxCycles !== undefined) plan.max_charge_cycles = shape.maxCycles;
    // A subscription is bought through its plan's offer (payment mode INVOICE, reference §5.5), so every plan
    // also appears among the product's offers with the same code.
    offers.push({
      code: plan.code,
      product_id: product.id,
      name: plan.name,
      description: plan.description,
      price: plan.price,
      payment_mode: 'INVOICE',
      is_main_offer: index === 0,
      is_currency_conversion_enabled: false,
      is_smart_recovery_enabled: plan.is_subscription_recovery_enabled,
    });
    return plan;
  });
}

const COUPON_CODES = [
  'BLACKFRIDAY',
  'PRIMEIRACOMPRA',
  'VOLTA10',
  'AFILIADO20',
  'LANCAMENTO',
  'ANIVERSARIO',
  'CYBERMONDAY',
];

function couponsFor(
  rng: Rng,
  uniques: Uniques,
  product: Product,
  offers: Offer[],
  start: number,
  now: number,
): Coupon[] {
  const count = rng.weighted<number>([
    [0, 3],
    [1, 3],
    [2, 2],
    [3, 1],
  ]);
  const codes = rng.shuffle([...COUPON_CODES]).slice(0, count);
  return codes.map((code) => {
    const begins = start + Math.floor(rng.next() * (now - start) * 0.8);
    const coupon: Coupon = {
      id: uniqueId(rng, uniques, 10_000_000, 99_999_999),
      product_id: product.id,
      coupon_code: code,
      discount: rng.pick([0.1, 0.15, 0.2, 0.3, 0.5]),
      start_date: begins,
      offer_ids: rng.chance(0.3) ? [(offers[0] as Offer).code] : [],
      status: 'valid',
    };
    // About half expire after a campaign of one to eight weeks; the rest stay open.
    if (rng.chance(0.5)) {
      coupon.end_date = begins + rng.int(7, 56) * 86_400_000;
      if (coupon.end_date < now) coupon.status = 'expired';
    }
    return coupon;
  });
}

function statusFor(rng: Rng, index: number): ProductStatus {
  if (index < MANDATORY) return 'ACTIVE';
  return rng.weighted<ProductStatus>([
    ['ACTIVE', 86],
    ['PAUSED', 6],
    ['DRAFT', 4],
    ['IN_REVIEW', 2],
    ['CHANGES_PENDING_ON_PRODUCT', 2],
  ]);
}

/**
 * Generates `count` products (1..`MAX_PRODUCTS`) with their offers, plans and coupons, the account's history
 * running from `start` to `now`.
 *
 * @example
 * const catalog = generateCatalog(new Rng(7), 7, 12, Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1));
 */
export function generateCatalog(
  rng: Rng,
  seed: number,
  count: number,
  start: number,
  now: number,
): CatalogEntry[] {
  const uniques: Uniques = { codes: new Set(), ids: new Set() };
  const optional = rng.shuffle(TEMPLATES.slice(MANDATORY).map((_, i) => i + MANDATORY));
  const chosen = [...TEMPLATES.keys()].slice(0, MANDATORY).concat(optional).slice(0, count);
  let coProducers = 0;
  return chosen.map((templateIndex, position) => {
    const template = TEMPLATES[templateIndex] as ProductTemplate;
    const status = statusFor(rng, position);
    const slug = slugify(template.name);
    const product: Product = {
      id: uniqueId(rng, uniques, 1_000_000, 4_999_999),
      ucode: rng.uuid(),
      name: template.name,
      status,
      format: template.format,
      created_at: start - rng.int(30, 400) * 86_400_000 - rng.int(0, 86_399_999),
      is_subscription: template.kind === 'subscription',
      warranty_period: rng.weighted<number>([
        [7, 7],
        [15, 2],
        [30, 1],
      ]),
      support_email: `suporte@${slug.slice(0, 30)}.example.com`,
      is_event: template.kind === 'event',
      is_physical_product: false,
      is_allowed_to_email_the_buyer: true,
    };
    if (template.club) product.club_subdomain = slug.slice(0, 40);
    if (rng.chance(0.25)) product.co_producer = generateCoProducer(rng, seed, coProducers++);
    const offers = template.kind === 'subscription' ? [] : offersFor(rng, uniques, product, template.brl);
    const plans =
      template.kind === 'subscription' ? plansFor(rng, uniques, product, template.brl, offers) : [];
    // Coupons are not available for subscription products (reference §4.4).
    const coupons =
      template.kind === 'subscription' ? [] : couponsFor(rng, uniques, product, offers, start, now);
    const sells = status === 'ACTIVE' || status === 'PAUSED' || status === 'CHANGES_PENDING_ON_PRODUCT';
    return {
      product,
      kind: template.kind,
      popularity: sells ? template.popularity : 0,
      offers,
      plans,
      coupons,
    };
  });
}
