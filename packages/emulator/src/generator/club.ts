import type {
  Buyer,
  ClubModule,
  ClubPage,
  ClubStudent,
  Product,
  Sale,
  SubscriptionStatus,
} from '../model.ts';
import type { Rng } from './random.ts';

const DAY = 86_400_000;

const MODULE_TOPICS = [
  'Boas-vindas',
  'Fundamentos',
  'Primeiros Passos',
  'Mão na Massa',
  'Estratégias Avançadas',
  'Estudos de Caso',
  'Ferramentas',
  'Encerramento',
] as const;
const EXTRA_TOPICS = ['Bônus Exclusivo', 'Aulas ao Vivo Gravadas', 'Módulo Extra: Mentoria'] as const;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Ten mixed-case letters and digits, the shape of Hotmart Club ids (`n2OM623n46`, `2z7ramxejw`; reference §4.5).
 *
 * @example
 * const moduleId = clubId(rng, new Set());
 */
export function clubId(rng: Rng, taken: Set<string>): string {
  for (;;) {
    let id = '';
    for (let i = 0; i < 10; i++) id += ID_ALPHABET[Math.floor(rng.next() * ID_ALPHABET.length)];
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * A product's members area: one class, its modules and their pages.
 *
 * @example
 * const pageCount = (layout: ClubLayout) => [...layout.pages.values()].flat().length;
 */
export interface ClubLayout {
  classId: string;
  modules: ClubModule[];
  pages: Map<string, ClubPage[]>;
}

function pageFor(rng: Rng, taken: Set<string>, moduleId: string, order: number, now: number): ClubPage {
  const type =
    order === 1
      ? 'CONTENT'
      : rng.weighted<ClubPage['type']>([
          ['CONTENT', 85],
          ['QUIZ', 6],
          ['WEBINAR', 4],
          ['ADVERTISEMENT', 5],
        ]);
  const rates: ClubPage['rates'] = [];
  for (const rate of [5, 4, 3]) {
    if (rng.chance(0.5)) rates.push({ rate, total: rng.int(1, 40) });
  }
  const page: ClubPage = {
    page_id: clubId(rng, taken),
    module_id: moduleId,
    name:
      type === 'ADVERTISEMENT'
        ? 'Oferta especial para alunos'
        : type === 'QUIZ'
          ? `Exercício ${order}`
          : `Aula ${order}`,
    page_order: order,
    type,
    is_published: rng.chance(0.92),
    total_comments: type === 'CONTENT' ? rng.int(0, 60) : 0,
    rates,
    has_media: type === 'CONTENT' || type === 'WEBINAR' ? rng.chance(0.85) : false,
    has_duration: false,
  };
  // Dripping: some pages unlock days after purchase or on a date (reference §4.5 `liberation_type`).
  const drip = rng.next();
  if (drip < 0.15) {
    page.liberation_type = 'BY_DAYS';
    page.liberation_days = rng.pick([7, 14, 30, 60, 100]);
  } else if (drip < 0.2) {
    page.liberation_type = 'BY_DATE';
    page.liberation_date = now + rng.int(-60, 60) * DAY;
  }
  if (rng.chance(0.08)) {
    page.has_duration = true;
    page.days_of_duration = rng.pick([30, 90, 120, 365]);
  }
  return page;
}

/**
 * Modules (a few regular ones and sometimes an extra, possibly paid, module) and their pages for one product.
 *
 * @example
 * const layout = generateClubLayout(rng, product, new Set(), now);
 */
export function generateClubLayout(rng: Rng, product: Product, taken: Set<string>, now: number): ClubLayout {
  const classId = clubId(rng, taken);
  const count = rng.int(3, 7);
  const topics = MODULE_TOPICS.slice(0, count);
  const modules: ClubModule[] = [];
  const pages = new Map<string, ClubPage[]>();
  const add = (name: string, extra: boolean): void => {
    const module: ClubModule = {
      module_id: clubId(rng, taken),
      product_id: product.id,
      name: `Módulo ${modules.length + 1} - ${name}`,
      sequence: modules.length + 1,
      is_extra: extra,
      is_extra_paid: extra && rng.chance(0.4),
      is_public: !extra && rng.chance(0.2),
      classes: [classId],
    };
    modules.push(module);
    const pageCount = rng.int(2, 6);
    pages.set(
      module.module_id,
      Array.from({ length: pageCount }, (_, i) => pageFor(rng, taken, module.module_id, i + 1, now)),
    );
  };
  for (const topic of topics) add(topic, false);
  if (rng.chance(0.4)) add(rng.pick(EXTRA_TOPICS), true);
  return { classId, modules, pages };
}

/**
 * One purchase that gives access to a members area.
 *
 * @example
 * const purchase: ClubPurchase = { sale, buyer, subscriptionStatus: 'ACTIVE' };
 */
export interface ClubPurchase {
  sale: Sale;
  buyer: Buyer;
  /** Status of the subscription behind the sale, for membership products. */
  subscriptionStatus?: SubscriptionStatus;
}

function engagementFor(completedShare: number, accessCount: number): ClubStudent['engagement'] {
  if (accessCount === 0 || completedShare === 0) return 'NONE';
  if (completedShare < 0.3) return 'LOW';
  if (completedShare < 0.8) return 'MEDIUM';
  return 'HIGH';
}

function accessStatus(purchase: ClubPurchase): ClubStudent['status'] {
  const status = purchase.sale.status;
  if (status === 'REFUNDED' || status === 'CHARGEBACK') return 'BLOCKED';
  const subscription = purchase.subscriptionStatus;
  if (subscription === 'OVERDUE' || subscription === 'DELAYED') return 'OVERDUE';
  if (subscription?.startsWith('CANCELLED') || subscription === 'INACTIVE') return 'BLOCKED';
  return 'ACTIVE';
}

/**
 * Turns a product's purchases into students with progress: most have accessed the area, some finished every
 * published page (in module order), a few were imported or invited for free.
 *
 * @example
 * const students = generateStudents(rng, product, layout, purchases, taken, now);
 */
export function generateStudents(
  rng: Rng,
  product: Product,
  layout: ClubLayout,
  purchases: readonly ClubPurchase[],
  taken: Set<string>,
  now: number,
): ClubStudent[] {
  const published: string[] = [];
  for (const module of layout.modules) {
    if (module.is_extra) continue;
    for (const page of layout.pages.get(module.module_id) ?? [])
      if (page.is_published) published.push(page.page_id);
  }
  return purchases.map((purchase) => {
    const { sale, buyer } = purchase;
    const purchaseDate = sale.approved_date ?? sale.order_date;
    const accessed = rng.chance(0.82);
    const firstAccess = accessed ? Math.min(purchaseDate + rng.int(60_000, 5 * DAY), now - 1) : undefined;
    const lastAccess =
      firstAccess !== undefined ? firstAccess + Math.floor(rng.next() * (now - firstAccess)) : undefined;
    const completedCount = !accessed
      ? 0
      : rng.chance(0.15)
        ? published.length
        : Math.floor(published.length * rng.next() ** 1.5);
    const completed = new Map<string, number>();
    if (firstAccess !== undefined && lastAccess !== undefined) {
      const span = Math.max(1, lastAccess - firstAccess);
      for (let i = 0; i < completedCount; i++) {
        completed.set(
          published[i] as string,
          firstAccess + Math.floor((span * (i + 1)) / (completedCount + 1)),
        );
      }
    }
    const accessCount = accessed ? rng.int(1, 20 + completedCount * 3) : 0;
    const type: ClubStudent['type'] = rng.weighted([
      ['BUYER', 92],
      ['IMPORTED', 5],
      ['FREE', 3],
    ]);
    const student: ClubStudent = {
      user_id: clubId(rng, taken),
      product_id: product.id,
      buyer_ucode: buyer.ucode,
      name: buyer.name,
      email: buyer.email,
      role: type === 'FREE' ? 'FREE_STUDENT' : 'STUDENT',
      status: accessStatus(purchase),
      type,
      engagement: engagementFor(published.length === 0 ? 0 : completedCount / published.length, accessCount),
      locale: buyer.locale,
      plus_access: rng.chance(0.05) ? 'HOLDER' : 'WITHOUT_PLUS_ACCESS',
      class_id: layout.classId,
      access_count: accessCount,
      completed,
    };
    if (type === 'BUYER') student.purchase_date = purchaseDate;
    if (firstAccess !== undefined) student.first_access_date = firstAccess;
    if (lastAccess !== undefined) student.last_access_date = lastAccess;
    return student;
  });
}
