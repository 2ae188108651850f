import type { OfferItem, ProductItem } from '@hotpilot/hotmart';
import type { StepTools } from '../../engine/step.ts';
import type { AgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AuditSnapshot } from './audit-snapshot.ts';

// Hotmart's products endpoint answers at most 50 per page (reference §4.3).
const PRODUCTS_PAGE = 50;

type Page<T> = { items: T[]; page_info?: { next_page_token?: string } };

/**
 * Reads the catalogue as the API shows it now: every product (paged, one memoized step per page,
 * `products:<n>`) and the offers of each product that isn't deleted (`offers:<product id>`). Subscription plans
 * come with the offers: their codes are offer codes (reference §4.3).
 *
 * @example
 * import type { StepTools } from '../../engine/step.ts';
 * import type { AgentContext } from '../agent-context.ts';
 * import { readCatalogue } from './read-catalogue.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const catalogue = await readCatalogue(ctx, step, 'main');
 * console.log(Object.keys(catalogue.products).length);
 */
export async function readCatalogue(
  ctx: AgentContext,
  step: StepTools,
  connectionId: string,
): Promise<NonNullable<AuditSnapshot['catalogue']>> {
  const products: NonNullable<AuditSnapshot['catalogue']>['products'] = {};
  const offers: NonNullable<AuditSnapshot['catalogue']>['offers'] = {};
  const listed: ProductItem[] = [];
  let pageToken: string | undefined;
  for (let page = 1; ; page++) {
    const result = await callAction<Page<ProductItem>>(
      ctx,
      step,
      `products:${page}`,
      'hotmart_list_products',
      { max_results: PRODUCTS_PAGE, ...(pageToken === undefined ? {} : { page_token: pageToken }) },
      connectionId,
    );
    listed.push(...result.items);
    pageToken = result.page_info?.next_page_token;
    if (!pageToken || result.items.length === 0) break;
  }
  for (const product of listed) {
    if (product.id === undefined) continue;
    const id = String(product.id);
    products[id] = { name: product.name?.trim() || id, status: product.status ?? 'UNKNOWN' };
    // A deleted product's offers are gone with it; asking would only fail.
    if (!product.ucode || product.status === 'DELETED') continue;
    const result = await callAction<Page<OfferItem>>(
      ctx,
      step,
      `offers:${id}`,
      'hotmart_list_offers',
      { ucode: product.ucode, all: true },
      connectionId,
    );
    for (const offer of result.items) {
      if (!offer.code) continue;
      offers[offer.code] = {
        productId: id,
        name: offer.name?.trim() ?? '',
        price: offer.price?.value ?? null,
        currency: offer.price?.currency_code ?? null,
      };
    }
  }
  return { products, offers };
}
