import type { Account, ClubModule, Offer, Plan, Product } from '../model.ts';

/**
 * The products a journey can sell, read once from the account (products, offers and plans do not change).
 *
 * @example
 * const { oneTime, subscriptions, club }: ScenarioCatalog = readCatalog(account);
 */
export interface ScenarioCatalog {
  /** Single-purchase products with at least one offer. */
  oneTime: readonly { product: Product; offers: readonly Offer[] }[];
  /** Subscription products with at least one plan. */
  subscriptions: readonly { product: Product; plans: readonly Plan[] }[];
  /** Subscription products with two or more switchable plans. */
  switchable: readonly { product: Product; plans: readonly Plan[] }[];
  /** Members-area products with modules, sellable by an offer or a plan. */
  club: readonly { product: Product; modules: readonly ClubModule[] }[];
}

/**
 * Reads what the scenario driver can sell. Only ACTIVE products are used when there are any, as a real checkout
 * would; an account with none falls back to every product.
 *
 * @example
 * const catalog = readCatalog(account);
 * console.log(catalog.oneTime.length, catalog.subscriptions.length);
 */
export function readCatalog(account: Account): ScenarioCatalog {
  const all = account.products();
  const active = all.filter((product) => product.status === 'ACTIVE');
  const products = active.length > 0 ? active : all;
  const oneTime = products
    .filter((product) => !product.is_subscription)
    .map((product) => ({ product, offers: account.offers(product.id) }))
    .filter((entry) => entry.offers.length > 0);
  const subscriptions = products
    .filter((product) => product.is_subscription)
    .map((product) => ({ product, plans: account.plans(product.id) }))
    .filter((entry) => entry.plans.length > 0);
  const switchable = subscriptions
    .map((entry) => ({
      product: entry.product,
      plans: entry.plans.filter((plan) => plan.is_switch_plan_enabled),
    }))
    .filter((entry) => entry.plans.length >= 2);
  const sellable = new Set([...oneTime, ...subscriptions].map((entry) => entry.product.id));
  const club = account
    .clubProducts()
    .filter((product) => sellable.has(product.id))
    .map((product) => ({
      product,
      modules: [...account.modules(product.id)].sort((a, b) => a.sequence - b.sequence),
    }))
    .filter((entry) => entry.modules.length > 0);
  return { oneTime, subscriptions, switchable, club };
}

/**
 * A {@link readCatalog} that reads again only when what it depends on changed: the account's products (a reseed
 * replaces them, offers, plans and modules with them) or a product's status (`updateProduct`). The scenario control
 * endpoint asks every journey whether it is available, each time it is polled, and each run and trigger reads the
 * catalog: building it every time cost more than everything else that endpoint does.
 *
 * @example
 * const catalogOf = createCatalogReader(account);
 * catalogOf() === catalogOf(); // true while the account's products stay as they are
 */
export function createCatalogReader(account: Account): () => ScenarioCatalog {
  let products: readonly Product[] | undefined;
  let statuses = '';
  let catalog: ScenarioCatalog | undefined;
  return () => {
    const current = account.products();
    const key = current.map((product) => product.status).join(',');
    if (!catalog || current !== products || key !== statuses) {
      catalog = readCatalog(account);
      products = current;
      statuses = key;
    }
    return catalog;
  };
}
