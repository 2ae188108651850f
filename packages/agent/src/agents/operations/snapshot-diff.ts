import { formatDate } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import type { AuditSnapshot } from './audit-snapshot.ts';
import { operationsMessages } from './operations-messages.ts';

const DAY = 86_400_000;

/**
 * The kinds of discrepancy an audit reports, in report order.
 *
 * @example
 * import { DISCREPANCY_KINDS } from './snapshot-diff.ts';
 * DISCREPANCY_KINDS.includes('offer-price'); // true
 */
export const DISCREPANCY_KINDS = Object.freeze([
  'product-added',
  'product-paused',
  'product-deleted',
  'product-status',
  'offer-added',
  'offer-removed',
  'offer-price',
  'plan-subscribers',
  'overdue-charge',
  'module-added',
  'module-removed',
  'page-added',
  'page-removed',
  'page-unpublished',
  'page-published',
] as const);

/**
 * One kind of discrepancy.
 *
 * @example
 * import type { DiscrepancyKind } from './snapshot-diff.ts';
 * const kind: DiscrepancyKind = 'page-unpublished';
 */
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

/**
 * One thing that changed since the last audit (or, for overdue charges, that crossed the threshold), written for
 * people: `item` names it, `before` and `after` are shown values (money and dates in the report's language).
 *
 * @example
 * import type { Discrepancy } from './snapshot-diff.ts';
 * const d: Discrepancy = { kind: 'product-paused', ref: '1925400', item: 'Curso (1925400)', before: 'Ativo', after: 'Pausado' };
 */
export interface Discrepancy {
  kind: DiscrepancyKind;
  /** Stable id of the thing (product id, offer code, `subdomain/page id`…), for the sheet's key. */
  ref: string;
  item: string;
  before: string | null;
  after: string | null;
}

/**
 * Compares the last audit's snapshot with the current one. Catalogue: products added, paused, deleted (or gone
 * from the list) or otherwise changed status; offers added, removed or repriced (price or currency) on products
 * present both times. Subscribers: each product and plan whose count of live subscriptions changed, and unpaid
 * charges that crossed the overdue threshold since (all of them on a first look: they need action). Members areas:
 * modules added or removed, pages added, removed, unpublished or published again (pages of added or removed modules
 * are covered by the module). A section absent from either snapshot (its audit was off, or this is the first audit)
 * is a first look: no differences but the overdue charges.
 *
 * @example
 * import type { AuditSnapshot } from './audit-snapshot.ts';
 * import { diffSnapshots } from './snapshot-diff.ts';
 * declare const before: AuditSnapshot;
 * declare const now: AuditSnapshot;
 * for (const d of diffSnapshots(before, now, { locale: 'en', timeZone: 'UTC' })) console.log(d.kind, d.item);
 */
export function diffSnapshots(
  previous: AuditSnapshot | null,
  current: AuditSnapshot,
  options: { locale: Locale; timeZone: string },
): Discrepancy[] {
  const { locale, timeZone } = options;
  const t = operationsMessages.t;
  const status = (code: string) => {
    const key = `status_${code}`;
    return operationsMessages.has(key) ? t(locale, key) : code;
  };
  const out: Discrepancy[] = [];
  const add = (
    kind: DiscrepancyKind,
    ref: string,
    item: string,
    before: string | null,
    after: string | null,
  ) => out.push({ kind, ref, item, before, after });

  const was = previous?.catalogue;
  const now = current.catalogue;
  if (was && now) {
    const productLabel = (id: string, name: string) => `${name} (${id})`;
    for (const [id, product] of Object.entries(now.products)) {
      const before = was.products[id];
      if (!before) add('product-added', id, productLabel(id, product.name), null, status(product.status));
      else if (before.status !== product.status) {
        const kind =
          product.status === 'PAUSED'
            ? 'product-paused'
            : product.status === 'DELETED'
              ? 'product-deleted'
              : 'product-status';
        add(kind, id, productLabel(id, product.name), status(before.status), status(product.status));
      }
    }
    for (const [id, product] of Object.entries(was.products)) {
      if (!now.products[id])
        add('product-deleted', id, productLabel(id, product.name), status(product.status), null);
    }
    // Offers of products present both times and not deleted: a new or gone product says it all.
    const compared = (productId: string) =>
      was.products[productId] !== undefined &&
      now.products[productId] !== undefined &&
      now.products[productId]?.status !== 'DELETED';
    const price = (offer: { price: number | null; currency: string | null }) =>
      offer.price === null || offer.currency === null
        ? '—'
        : formatMoney(offer.price, offer.currency, locale);
    const offerLabel = (code: string, offer: { productId: string; name: string }) => {
      const product =
        now.products[offer.productId]?.name ?? was.products[offer.productId]?.name ?? offer.productId;
      // Many offers have no name of their own: the code tells them apart.
      return offer.name === '' ? `${product} (${code})` : `${product} — ${offer.name} (${code})`;
    };
    for (const [code, offer] of Object.entries(now.offers)) {
      if (!compared(offer.productId)) continue;
      const before = was.offers[code];
      if (!before) add('offer-added', code, offerLabel(code, offer), null, price(offer));
      else if (before.price !== offer.price || before.currency !== offer.currency) {
        add('offer-price', code, offerLabel(code, offer), price(before), price(offer));
      }
    }
    for (const [code, offer] of Object.entries(was.offers)) {
      if (compared(offer.productId) && !now.offers[code]) {
        add('offer-removed', code, offerLabel(code, offer), price(offer), null);
      }
    }
  }

  const subscribersBefore = previous?.subscribers;
  const subscribersNow = current.subscribers;
  if (subscribersNow) {
    if (subscribersBefore) {
      const keys = new Set([...Object.keys(subscribersBefore.plans), ...Object.keys(subscribersNow.plans)]);
      for (const key of [...keys].sort()) {
        const before = subscribersBefore.plans[key];
        const after = subscribersNow.plans[key];
        const plan = (after ?? before) as NonNullable<typeof after>;
        const counts = [before?.subscribers ?? 0, after?.subscribers ?? 0] as const;
        if (counts[0] === counts[1]) continue;
        add(
          'plan-subscribers',
          key,
          `${plan.productName} — ${plan.planName}`,
          String(counts[0]),
          String(counts[1]),
        );
      }
    }
    for (const [key, charge] of Object.entries(subscribersNow.overdue)) {
      if (subscribersBefore?.overdue[key]) continue;
      const who = charge.email
        ? `${charge.name ?? charge.email} <${charge.email}>`
        : (charge.name ?? charge.subscriberCode);
      add(
        'overdue-charge',
        key,
        `${who} — ${charge.productName} (${charge.subscriberCode})`,
        null,
        t(locale, 'overdueSince', {
          recurrence: charge.recurrence,
          date: formatDate(charge.chargeDate, locale, timeZone, 'medium'),
          days: Math.floor((current.takenAt - charge.chargeDate) / DAY),
        }),
      );
    }
  }

  const areasBefore = previous?.membersAreas;
  const areasNow = current.membersAreas;
  if (areasBefore && areasNow) {
    for (const [subdomain, area] of Object.entries(areasNow)) {
      const before = areasBefore[subdomain];
      if (!before) continue;
      const moduleName = (id: string) => area.modules[id]?.name ?? before.modules[id]?.name ?? id;
      for (const [id, module] of Object.entries(area.modules)) {
        if (!before.modules[id])
          add('module-added', `${subdomain}/${id}`, `${subdomain} › ${module.name}`, null, null);
      }
      for (const [id, module] of Object.entries(before.modules)) {
        if (!area.modules[id])
          add('module-removed', `${subdomain}/${id}`, `${subdomain} › ${module.name}`, null, null);
      }
      const inBoth = (moduleId: string) =>
        area.modules[moduleId] !== undefined && before.modules[moduleId] !== undefined;
      const pageLabel = (page: { moduleId: string; name: string }) =>
        `${subdomain} › ${moduleName(page.moduleId)} › ${page.name}`;
      const shown = (published: boolean) => t(locale, published ? 'published' : 'unpublished');
      for (const [id, page] of Object.entries(area.pages)) {
        if (!inBoth(page.moduleId)) continue;
        const earlier = before.pages[id];
        const ref = `${subdomain}/${id}`;
        if (!earlier) add('page-added', ref, pageLabel(page), null, shown(page.published));
        else if (earlier.published && !page.published) {
          add('page-unpublished', ref, pageLabel(page), shown(true), shown(false));
        } else if (!earlier.published && page.published) {
          add('page-published', ref, pageLabel(page), shown(false), shown(true));
        }
      }
      for (const [id, page] of Object.entries(before.pages)) {
        if (inBoth(page.moduleId) && !area.pages[id]) {
          add('page-removed', `${subdomain}/${id}`, pageLabel(page), shown(page.published), null);
        }
      }
    }
  }

  const order = (kind: DiscrepancyKind) => DISCREPANCY_KINDS.indexOf(kind);
  return out.sort(
    (a, b) => order(a.kind) - order(b.kind) || a.item.localeCompare(b.item) || a.ref.localeCompare(b.ref),
  );
}
