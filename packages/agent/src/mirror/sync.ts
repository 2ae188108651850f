import {
  BadRequestError,
  type HotmartClient,
  type PagePromise,
  type RequestOptions,
  TransactionStatus,
} from '@hotpilot/hotmart';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import { createMirrorRepo, type MirrorRepo } from '../store/mirror/mirror-repo.ts';
import type {
  MrrMovement,
  ProductRow,
  SubscriptionPurchaseRow,
  SubscriptionRow,
} from '../store/mirror/mirror-rows.ts';
import type { Store } from '../store/port.ts';
import {
  clubModuleRow,
  clubPageRow,
  clubProgressRow,
  clubStudentRow,
  commissionRows,
  couponRow,
  offerRow,
  participantRows,
  planRow,
  productRow,
  saleRowFromHistory,
  subscriptionPurchaseRow,
  subscriptionRow,
} from './api-rows.ts';
import { monthlyAmount } from './monthly-amount.ts';
import { isEndedSubscription } from './purchase-statuses.ts';
import { checkpointKey, type DateWindow, dateWindows, readCheckpoint } from './sync-checkpoint.ts';

/**
 * What a sync can fill, in the order it fills them: the catalogue (products, offers, plans, coupons), sales (with
 * participants, commissions and coupon codes), subscriptions (with their purchases) and members areas (modules,
 * pages, students, progress).
 *
 * @example
 * import { SYNC_RESOURCES } from './sync.ts';
 * console.log(SYNC_RESOURCES.join(', ')); // 'products, sales, subscriptions, club'
 */
export const SYNC_RESOURCES = ['products', 'sales', 'subscriptions', 'club'] as const;

/** One of {@link SYNC_RESOURCES}. @example const resource: SyncResource = 'sales'; */
export type SyncResource = (typeof SYNC_RESOURCES)[number];

/**
 * A members area to sync: its subdomain (the slug of `https://hotmart.com/club/<subdomain>`, reference §4.5) and the
 * product it belongs to, which club webhooks name instead of the subdomain (reference §6.6).
 *
 * @example
 * import type { ClubSource } from './sync.ts';
 * const club: ClubSource = { subdomain: 'meu-curso', productId: 3294035 };
 */
export interface ClubSource {
  subdomain: string;
  productId?: string | number | null;
}

/**
 * Progress of one resource, for the CLI's progress bars and the dashboard.
 *
 * @example
 * import type { SyncProgress } from './sync.ts';
 * const show = (p: SyncProgress) => `${p.resource} ${p.done}/${p.total ?? '?'} (${p.items} records)`;
 */
export interface SyncProgress {
  resource: SyncResource;
  /** Date windows finished (sales, subscriptions), products finished (products) or members areas finished (club). */
  done: number;
  total?: number;
  /** Records written so far for the resource (sales, subscriptions, products or students). */
  items: number;
  /** The window just finished (sales, subscriptions). */
  window?: DateWindow;
}

/**
 * Options of {@link syncConnection}.
 *
 * @example
 * import type { HotmartClient } from '@hotpilot/hotmart';
 * import type { Store } from '../store/port.ts';
 * import type { SyncConnectionOptions } from './sync.ts';
 * declare const store: Store;
 * declare const client: HotmartClient;
 * const options: SyncConnectionOptions = { store, client, connection: { id: 'main' }, resources: ['sales'], windowDays: 30 };
 */
export interface SyncConnectionOptions {
  store: Store;
  /** The Hotmart connection whose account is mirrored (its id keys every row). */
  connection: { id: string };
  client: HotmartClient;
  /** What to sync (default: all of {@link SYNC_RESOURCES}). */
  resources?: readonly SyncResource[];
  /**
   * Start of the sales and subscriptions windows (default: where the last sync stopped, minus `overlapMs`; on a first
   * sync, the oldest product's creation day, as no sale can be older).
   */
  from?: number | Date;
  /** End of the windows (default: now). */
  to?: number | Date;
  /** Width of one date window (default 30 days). A window is the unit of resumption. */
  windowDays?: number;
  /**
   * How far before the checkpoint a resumed sync starts again (default 1 day), for sales the API lists a little after
   * they happened. Upserts make the overlap harmless.
   */
  overlapMs?: number;
  /** Members areas to sync (default: those a previous sync recorded); Hotmart has no endpoint listing them. */
  clubs?: readonly ClubSource[];
  /** Items per page asked of list endpoints (default 500, Hotmart's maximum for sales and subscriptions). */
  pageSize?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Aborts the sync between requests; finished windows stay checkpointed. */
  signal?: AbortSignal;
  now?: Clock;
  logger?: Logger;
}

/**
 * What a sync did for one resource.
 *
 * @example
 * import type { ResourceSyncResult } from './sync.ts';
 * const result: ResourceSyncResult = { items: 2000, windows: 25, from: 1684713600000, to: 1780315200000 };
 */
export interface ResourceSyncResult {
  /** Records written (sales, subscriptions, products or students). */
  items: number;
  windows?: number;
  from?: number;
  to?: number;
  /** Why nothing was synced (e.g. no members area configured). */
  skipped?: string;
}

/**
 * What {@link syncConnection} did.
 *
 * @example
 * import type { SyncResult } from './sync.ts';
 * const sales = (result: SyncResult) => result.resources.sales?.items ?? 0;
 */
export interface SyncResult {
  connectionId: string;
  startedAt: number;
  finishedAt: number;
  resources: Partial<Record<SyncResource, ResourceSyncResult>>;
}

const DAY = 86_400_000;
/** First sync without any product in the mirror: how far back to look. */
const FALLBACK_HISTORY_MS = 5 * 365 * DAY;
/** Hotmart returns at most 50 products per page (reference §3.2). */
const PRODUCT_PAGE = 50;

interface SyncContext {
  repo: MirrorRepo;
  store: Store;
  connectionId: string;
  client: HotmartClient;
  now: Clock;
  request: RequestOptions;
  signal: AbortSignal | undefined;
  pageSize: number;
  logger: Logger;
  progress: (progress: SyncProgress) => void;
}

/**
 * Fills the local mirror of one Hotmart connection from the API. Sales and subscriptions are read in date windows
 * (order date, accession date) and a checkpoint `mirror:checkpoint:<connection>:<resource>` is stored in the store's
 * state after each finished window, so a sync that crashes or is aborted resumes at the last finished window:
 * re-reading is harmless (every write is an upsert) and nothing is skipped. The catalogue and members areas are read
 * whole, and their rows the API no longer lists are removed.
 *
 * The sales history returns only APPROVED and COMPLETE sales unless a status is asked for (reference §4.1), so each
 * window walks every status, one at a time (the filter takes one value): refunds, chargebacks and pending boletos
 * are mirrored too. Participants, commissions and coupon codes are read for the statuses that had sales. Every list
 * is paginated by the client, which also keeps Hotmart's 500 requests/minute budget (reference §3.6).
 *
 * @example
 * import { createHotmartClient } from '@hotpilot/hotmart';
 * import type { Store } from '../store/port.ts';
 * import { syncConnection } from './sync.ts';
 * declare const store: Store;
 * const client = createHotmartClient({ clientId: 'id', clientSecret: 'secret' });
 * const result = await syncConnection({
 *   store,
 *   client,
 *   connection: { id: 'main' },
 *   onProgress: (p) => console.log(p.resource, p.done, p.total),
 * });
 * console.log(result.resources.sales?.items);
 */
export async function syncConnection(options: SyncConnectionOptions): Promise<SyncResult> {
  const resources = checkOptions(options);
  const now = options.now ?? systemClock;
  const signal = options.signal;
  const ctx: SyncContext = {
    repo: createMirrorRepo(options.store),
    store: options.store,
    connectionId: options.connection.id,
    client: options.client,
    now,
    request: signal ? { signal } : {},
    signal,
    pageSize: options.pageSize ?? 500,
    logger: (options.logger ?? silentLogger).child({
      module: 'mirror-sync',
      connection: options.connection.id,
    }),
    progress: (progress) => options.onProgress?.(progress),
  };
  const startedAt = now();
  const result: SyncResult = {
    connectionId: ctx.connectionId,
    startedAt,
    finishedAt: startedAt,
    resources: {},
  };
  const windowMs = (options.windowDays ?? 30) * DAY;
  const range = {
    from: toMs(options.from),
    to: toMs(options.to),
    windowMs,
    overlapMs: options.overlapMs ?? DAY,
  };

  for (const resource of SYNC_RESOURCES) {
    if (!resources.has(resource)) continue;
    signal?.throwIfAborted();
    let outcome: ResourceSyncResult;
    if (resource === 'products') outcome = await syncProducts(ctx);
    else if (resource === 'sales')
      outcome = await syncWindowed(ctx, 'sales', range, (w) => syncSalesWindow(ctx, w));
    else if (resource === 'subscriptions')
      outcome = await syncWindowed(ctx, 'subscriptions', range, (w) => syncSubscriptionsWindow(ctx, w));
    else outcome = await syncClubs(ctx, options.clubs);
    result.resources[resource] = outcome;
    ctx.logger.info({ resource, ...outcome }, 'mirror resource synced');
  }
  result.finishedAt = now();
  return result;
}

function checkOptions(options: SyncConnectionOptions): Set<SyncResource> {
  const problems: string[] = [];
  if (!options.connection || typeof options.connection.id !== 'string' || options.connection.id === '')
    problems.push('connection.id must be a non-empty string');
  const requested = options.resources ?? SYNC_RESOURCES;
  for (const resource of requested) {
    if (!(SYNC_RESOURCES as readonly string[]).includes(resource))
      problems.push(`unknown resource "${String(resource)}" (expected ${SYNC_RESOURCES.join(', ')})`);
  }
  const positive = (name: string, value: number | undefined, max: number) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= max))
      problems.push(`${name} must be a number greater than 0 and at most ${max}`);
  };
  for (const club of options.clubs ?? []) {
    if (typeof club?.subdomain !== 'string' || club.subdomain.trim() === '')
      problems.push('every club needs a non-empty subdomain');
  }
  positive('windowDays', options.windowDays, 3660);
  positive('pageSize', options.pageSize, 500);
  if (options.overlapMs !== undefined && !(Number.isFinite(options.overlapMs) && options.overlapMs >= 0))
    problems.push('overlapMs must be a number ≥ 0');
  const from = toMs(options.from);
  const to = toMs(options.to);
  if (from !== undefined && !Number.isFinite(from)) problems.push('from must be a valid date');
  if (to !== undefined && !Number.isFinite(to)) problems.push('to must be a valid date');
  if (from !== undefined && to !== undefined && from > to) problems.push('from must not be after to');
  if (problems.length > 0) throw new TypeError(`syncConnection: ${problems.join('; ')}`);
  return new Set(requested);
}

function toMs(value: number | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? value.getTime() : value;
}

function compact<T>(values: readonly (T | null)[]): T[] {
  return values.filter((value): value is T => value !== null);
}

async function* pagesOf<Item>(ctx: SyncContext, list: PagePromise<Item>): AsyncGenerator<Item[]> {
  for await (const page of list.pages()) {
    ctx.signal?.throwIfAborted();
    yield page.items;
  }
}

/**
 * Runs a windowed resource from its start to its end, storing the checkpoint after each window. The checkpoint
 * only moves forward, and only over windows that touch it, so a sync of a later range never leaves a gap behind.
 */
async function syncWindowed(
  ctx: SyncContext,
  resource: 'sales' | 'subscriptions',
  range: { from: number | undefined; to: number | undefined; windowMs: number; overlapMs: number },
  runWindow: (window: DateWindow) => Promise<number>,
): Promise<ResourceSyncResult> {
  const key = checkpointKey(ctx.connectionId, resource);
  const checkpoint = await readCheckpoint(ctx.store, ctx.connectionId, resource);
  const end = range.to ?? ctx.now();
  const start =
    range.from ?? (checkpoint ? checkpoint.until - range.overlapMs : await firstSyncStart(ctx, end));
  const windows = dateWindows(start, end, range.windowMs);
  let until = checkpoint?.until ?? null;
  let items = 0;
  for (const [index, window] of windows.entries()) {
    ctx.signal?.throwIfAborted();
    items += await runWindow(window);
    if (until === null || window.from <= until) {
      until = Math.max(until ?? window.to, window.to);
      await ctx.store.setState(key, { until, updatedAt: ctx.now() }, ctx.now());
    }
    ctx.progress({ resource, done: index + 1, total: windows.length, items, window });
  }
  return { items, windows: windows.length, from: start, to: end };
}

async function firstSyncStart(ctx: SyncContext, end: number): Promise<number> {
  const oldest = await ctx.repo.oldestProductDate(ctx.connectionId);
  if (oldest === null) return end - FALLBACK_HISTORY_MS;
  return Math.floor(oldest / DAY) * DAY;
}

async function syncSalesWindow(ctx: SyncContext, window: DateWindow): Promise<number> {
  const { client, repo, connectionId, request, pageSize } = ctx;
  // The API's date filters are inclusive at both ends (reference §4.1); windows are half-open.
  const dates = { start_date: window.from, end_date: window.to - 1 };
  const withSales: TransactionStatus[] = [];
  let items = 0;
  let subscriptionSales = false;
  for (const status of TransactionStatus.options) {
    let found = 0;
    const query = { ...dates, transaction_status: status, max_results: pageSize };
    for await (const page of pagesOf(ctx, client.sales.history(query, request))) {
      const rows = compact(page.map((item) => saleRowFromHistory(connectionId, item, ctx.now())));
      await repo.upsertSales(rows);
      found += rows.length;
      subscriptionSales ||= rows.some((row) => row.isSubscription);
    }
    if (found > 0) withSales.push(status);
    items += found;
  }
  for (const status of withSales) {
    const query = { ...dates, transaction_status: status, max_results: pageSize };
    for await (const page of pagesOf(ctx, client.sales.users(query, request)))
      await repo.upsertSaleParticipants(page.flatMap((item) => participantRows(connectionId, item)));
    for await (const page of pagesOf(ctx, client.sales.commissions(query, request)))
      await repo.upsertCommissions(page.flatMap((item) => commissionRows(connectionId, item)));
    for await (const page of pagesOf(ctx, client.sales.priceDetails(query, request))) {
      const codes = page.flatMap((item) => {
        const transaction = item.transaction;
        const couponCode = item.coupon?.code;
        return transaction && couponCode ? [{ transaction, couponCode }] : [];
      });
      await repo.setSaleCouponCodes(connectionId, codes);
    }
  }
  // Renewals of old subscriptions fall in later windows than their subscription's accession: the subscription
  // transactions of the window name their subscriber (reference §4.2).
  if (subscriptionSales) await linkSubscriptionCharges(ctx, window);
  return items;
}

async function linkSubscriptionCharges(ctx: SyncContext, window: DateWindow): Promise<void> {
  const { client, repo, connectionId, request, pageSize } = ctx;
  const query = { transaction_date: window.from, end_transaction_date: window.to - 1, max_results: pageSize };
  for await (const page of pagesOf(ctx, client.subscriptions.transactions(query, request))) {
    const charges: SubscriptionPurchaseRow[] = [];
    for (const item of page) {
      const subscriberCode = item.subscriber_code;
      const transactionCode = item.purchase?.transaction;
      if (!subscriberCode || !transactionCode) continue;
      charges.push({
        connectionId,
        transactionCode,
        subscriberCode,
        status: item.purchase?.status ?? null,
        approvedDate: item.purchase?.approved_date ?? null,
        price: item.purchase?.price?.value ?? null,
        currency: item.purchase?.price?.currency ?? null,
        paymentType: item.purchase?.payment?.payment_type ?? null,
        recurrencyNumber: item.recurrency?.number ?? null,
        raw: item,
        stateAt: ctx.now(),
      });
    }
    await repo.upsertSubscriptionPurchases(charges);
    await repo.linkSaleSubscribers(
      connectionId,
      charges.map((charge) => ({
        transaction: charge.transactionCode,
        subscriberCode: charge.subscriberCode,
      })),
    );
  }
}

async function syncSubscriptionsWindow(ctx: SyncContext, window: DateWindow): Promise<number> {
  const { client, repo, connectionId, request, pageSize } = ctx;
  // Hotmart defaults the accession filter to the last 30 days when it is omitted: always send both ends.
  const query = { accession_date: window.from, end_accession_date: window.to - 1, max_results: pageSize };
  let items = 0;
  for await (const page of pagesOf(ctx, client.subscriptions.list(query, request))) {
    const rows = compact(page.map((item) => subscriptionRow(connectionId, item, ctx.now())));
    await repo.linkPlanIds(
      connectionId,
      rows.flatMap((row) =>
        row.planId && row.productId && row.planName
          ? [{ planId: row.planId, productId: row.productId, name: row.planName }]
          : [],
      ),
    );
    for (const row of rows)
      row.planCode = (await repo.plan(connectionId, { planId: row.planId }))?.planCode ?? null;
    await repo.upsertSubscriptions(rows);
    for (const row of rows) {
      ctx.signal?.throwIfAborted();
      const purchases = await client.subscriptions.purchases(row.subscriberCode, request);
      const charges = compact(
        purchases.map((item) => subscriptionPurchaseRow(connectionId, row.subscriberCode, item, ctx.now())),
      );
      await repo.upsertSubscriptionPurchases(charges);
      await repo.linkSaleSubscribers(
        connectionId,
        charges.map((charge) => ({
          transaction: charge.transactionCode,
          subscriberCode: row.subscriberCode,
        })),
      );
      await recordMrrBaseline(ctx, row);
    }
    items += rows.length;
  }
  return items;
}

/**
 * A subscription the mirror has no MRR history for gets one from what the API says: `new` at its accession, and
 * `churn` when it has ended. Webhooks record every later change; a subscription whose history started from webhooks
 * is left alone. Subscriptions still waiting for their first payment (`STARTED`) are not revenue yet.
 */
async function recordMrrBaseline(ctx: SyncContext, row: SubscriptionRow): Promise<void> {
  if (row.status === 'STARTED' || row.accessionDate === null || row.currency === null) return;
  const mrr = monthlyAmount(row.price, row.recurrencyPeriod);
  if (mrr === null) return;
  if (await ctx.repo.lastMrrMovement(ctx.connectionId, row.subscriberCode)) return;
  const base = { connectionId: ctx.connectionId, subscriberCode: row.subscriberCode, currency: row.currency };
  const movements: MrrMovement[] = [
    { ...base, at: row.accessionDate, kind: 'new', mrrBefore: 0, mrrAfter: mrr, cause: 'sync' },
  ];
  if (isEndedSubscription(row.status)) {
    const at = row.cancellationDate ?? row.endAccessionDate ?? row.stateAt;
    movements.push({ ...base, at, kind: 'churn', mrrBefore: mrr, mrrAfter: 0, cause: 'sync' });
  }
  await ctx.repo.recordMrrMovements(movements);
}

async function syncProducts(ctx: SyncContext): Promise<ResourceSyncResult> {
  const { client, repo, connectionId, request } = ctx;
  const startedAt = ctx.now();
  const products: ProductRow[] = [];
  for await (const page of pagesOf(ctx, client.products.list({ max_results: PRODUCT_PAGE }, request))) {
    const rows = compact(page.map((item) => productRow(connectionId, item, ctx.now())));
    await repo.upsertProducts(rows);
    products.push(...rows);
  }
  for (const [index, product] of products.entries()) {
    const { productId, ucode } = product;
    // Offers and plans are addressed by the product's ucode, coupons by its numeric id (reference §4.3, §4.4).
    if (ucode) {
      for await (const page of pagesOf(ctx, client.products.offers(ucode, {}, request)))
        await repo.upsertOffers(
          compact(page.map((item) => offerRow(connectionId, productId, item, ctx.now()))),
        );
      if (product.isSubscription) {
        try {
          for await (const page of pagesOf(ctx, client.products.plans(ucode, {}, request)))
            await repo.upsertPlans(
              compact(page.map((item) => planRow(connectionId, productId, item, ctx.now()))),
            );
        } catch (error) {
          // A product without plans answers 400 instead of an empty list (reference §4.3).
          if (!(error instanceof BadRequestError)) throw error;
          ctx.logger.debug({ productId }, 'product has no plans (400)');
        }
      }
    }
    for await (const page of pagesOf(ctx, client.coupons.list(productId, {}, request)))
      await repo.upsertCoupons(
        compact(page.map((item) => couponRow(connectionId, productId, item, ctx.now()))),
      );
    ctx.progress({ resource: 'products', done: index + 1, total: products.length, items: products.length });
  }
  for (const table of ['products', 'offers', 'plans', 'coupons'] as const)
    await repo.pruneCatalog(connectionId, table, startedAt);
  return { items: products.length };
}

async function syncClubs(
  ctx: SyncContext,
  sources: readonly ClubSource[] | undefined,
): Promise<ResourceSyncResult> {
  const { repo, connectionId } = ctx;
  const clubs: ClubSource[] = sources
    ? [...sources]
    : (await repo.clubs(connectionId)).map((club) => ({
        subdomain: club.subdomain,
        productId: club.productId,
      }));
  if (clubs.length === 0) return { items: 0, skipped: 'no members area configured' };
  let items = 0;
  for (const [index, club] of clubs.entries()) {
    items += await syncClub(ctx, club);
    ctx.progress({ resource: 'club', done: index + 1, total: clubs.length, items });
  }
  return { items };
}

async function syncClub(ctx: SyncContext, club: ClubSource): Promise<number> {
  const { client, repo, connectionId, request, pageSize } = ctx;
  const subdomain = club.subdomain.trim();
  const startedAt = ctx.now();
  const productId = club.productId === undefined || club.productId === null ? null : String(club.productId);
  await repo.upsertClubs([{ connectionId, subdomain, productId, syncedAt: startedAt }]);

  const modules = compact(
    (await client.club.modules({ subdomain }, request)).map((item) =>
      clubModuleRow(connectionId, subdomain, item, ctx.now()),
    ),
  );
  await repo.upsertClubModules(modules);
  for (const module of modules) {
    ctx.signal?.throwIfAborted();
    const pages = await client.club.pages(module.moduleId, { subdomain }, request);
    await repo.upsertClubPages(
      compact(pages.map((item) => clubPageRow(connectionId, subdomain, module.moduleId, item, ctx.now()))),
    );
  }

  // A student's lessons cost one request each: only students whose progress or last access moved are re-read.
  const markers = await repo.studentMarkers(connectionId, subdomain);
  let students = 0;
  for await (const page of pagesOf(ctx, client.club.users({ subdomain, max_results: pageSize }, request))) {
    const rows = compact(page.map((item) => clubStudentRow(connectionId, subdomain, item, ctx.now())));
    await repo.upsertClubStudents(rows);
    students += rows.length;
    for (const row of rows) {
      const marker = markers.get(row.userId);
      const unchanged =
        marker !== undefined &&
        marker.pagesCompleted === row.pagesCompleted &&
        marker.lastAccessDate === row.lastAccessDate &&
        (marker.progressRows > 0 || (row.pagesTotal ?? 0) === 0);
      if (unchanged) continue;
      ctx.signal?.throwIfAborted();
      const { lessons } = await client.club.userLessons(row.userId, { subdomain }, request);
      await repo.upsertClubProgress(
        compact(lessons.map((lesson) => clubProgressRow(connectionId, subdomain, row.userId, lesson))),
      );
    }
  }
  for (const table of ['clubModules', 'clubPages', 'clubStudents'] as const)
    await repo.pruneClub(connectionId, subdomain, table, startedAt);
  return students;
}
