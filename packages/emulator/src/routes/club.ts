import type { EmulatorAccount } from '../account.ts';
import type { ClubModule, Product } from '../model.ts';
import { invalidParameter, notFound } from '../server/errors.ts';
import type { QueryReader } from '../server/query.ts';
import {
  lessonsBody,
  moduleItem,
  pageItemV1,
  pageItemV2,
  progressPages,
  studentItem,
} from '../views/club-views.ts';
import { type EmulatorHono, OTHER_PAGE, queryOf, type RouteContext, respondWithPage } from './context.ts';
import { arraySource } from './products.ts';

/** Every v1 call names the members area by `subdomain` (reference §4.5). */
function clubBySubdomain(account: EmulatorAccount, query: QueryReader): Product {
  const subdomain = query.required('subdomain');
  const product = account.productBySubdomain(subdomain);
  if (!product) throw notFound('Members area', subdomain);
  return product;
}

function moduleOf(account: EmulatorAccount, product: Product, moduleId: string): ClubModule {
  const module = account.modules(product.id).find((candidate) => candidate.module_id === moduleId);
  if (!module) throw notFound('Module', moduleId);
  return module;
}

/**
 * Registers the Members Area endpoints of reference §4.5 (v1 with `subdomain`, v2 pages with `product_id`).
 *
 * @example
 * registerClubRoutes(app, context);
 */
export function registerClubRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;

  app.get('/club/api/v1/users', guard, (c) => {
    const query = queryOf(c);
    const product = clubBySubdomain(account, query);
    const email = query.string('email')?.toLowerCase();
    const pages = progressPages(account, product.id);
    const source = arraySource(
      account.students(product.id),
      (student) => email === undefined || student.email.toLowerCase() === email,
      (student) => studentItem(student, pages),
    );
    return respondWithPage(context, c, {
      endpoint: `club-users:${product.id}`,
      query,
      source,
      size: OTHER_PAGE,
    });
  });

  app.get('/club/api/v1/users/:user_id/lessons', guard, (c) => {
    const query = queryOf(c);
    const product = clubBySubdomain(account, query);
    const userId = c.req.param('user_id');
    const student = account.student(userId);
    if (!student || student.product_id !== product.id) throw notFound('User', userId);
    return c.json(lessonsBody(account, student));
  });

  app.get('/club/api/v1/modules', guard, (c) => {
    const query = queryOf(c);
    const product = clubBySubdomain(account, query);
    const extra = query.bool('is_extra');
    // A bare array (reference §3.2).
    const items = account
      .modules(product.id)
      .filter((module) => extra === undefined || module.is_extra === extra)
      .map((module) => moduleItem(module, account.pages(module.module_id).length));
    return c.json(items);
  });

  app.get('/club/api/v1/modules/:module_id/pages', guard, (c) => {
    const query = queryOf(c);
    const product = clubBySubdomain(account, query);
    const module = moduleOf(account, product, c.req.param('module_id'));
    return c.json(account.pages(module.module_id).map(pageItemV1));
  });

  app.get('/club/api/v2/modules/:module_id/pages', guard, (c) => {
    const query = queryOf(c);
    // v2 names the product by id instead of the subdomain (reference §4.5).
    const productId = query.int('product_id', { min: 1 });
    if (productId === undefined) throw invalidParameter('product_id', 'is required');
    const product = account.product(productId);
    if (!product || product.club_subdomain === undefined)
      throw notFound('Members area of product', productId);
    const module = moduleOf(account, product, c.req.param('module_id'));
    return c.json(account.pages(module.module_id).map(pageItemV2));
  });
}
