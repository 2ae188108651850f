import type { Store } from '../port.ts';
import type {
  ClubModuleRow,
  ClubPageRow,
  ClubProgressRow,
  ClubRow,
  ClubStudentRow,
  CommissionRow,
  CouponRow,
  MrrMovement,
  OfferRow,
  PlanRow,
  ProductRow,
  SaleParticipantRow,
  SaleRow,
  SubscriptionPurchaseRow,
  SubscriptionRow,
} from './mirror-rows.ts';
import { createMirrorSql, type Statement } from './mirror-sql.ts';
import { mirrorTables } from './mirror-tables.ts';

/** REST statuses of a paid sale (reference §5.1): what "has purchased" means. */
const PAID_STATUSES = ['APPROVED', 'COMPLETE'] as const;

/** `IN (…)` lists are chunked below every dialect's parameter limit. */
const IN_CHUNK = 500;

/**
 * The catalogue tables a sync refreshes whole, whose rows a finished pass didn't see are removed.
 *
 * @example
 * import type { CatalogTable } from './mirror-repo.ts';
 * const table: CatalogTable = 'coupons';
 */
export type CatalogTable = 'products' | 'offers' | 'plans' | 'coupons';

/**
 * The club tables a sync refreshes whole per members area.
 *
 * @example
 * import type { ClubTable } from './mirror-repo.ts';
 * const table: ClubTable = 'clubStudents';
 */
export type ClubTable = 'clubModules' | 'clubPages' | 'clubStudents';

/**
 * A link between a plan's offer code or its product and name, and the numeric plan id (subscriptions and webhooks
 * name plans by id; the plans endpoint doesn't return one, reference §4.3).
 *
 * @example
 * import type { PlanLink } from './mirror-repo.ts';
 * const byCode: PlanLink = { planId: '77', planCode: 'p1' };
 * const byName: PlanLink = { planId: '77', productId: '3', name: 'Monthly' };
 */
export type PlanLink =
  | { planId: string; planCode: string }
  | { planId: string; productId: string; name: string };

/**
 * Filters of {@link MirrorRepo.studentsWithCompletion}.
 *
 * @example
 * import type { StudentQuery } from './mirror-repo.ts';
 * const query: StudentQuery = { subdomain: 'meu-curso', minPercentage: 100 };
 */
export interface StudentQuery {
  subdomain?: string;
  /** Students at or above this completion (0–100). */
  minPercentage?: number;
  /** Students below this completion (0–100). */
  belowPercentage?: number;
  email?: string;
  limit?: number;
}

/**
 * What a sync needs to know to skip an unchanged student's lessons request.
 *
 * @example
 * import type { StudentMarker } from './mirror-repo.ts';
 * const marker: StudentMarker = { pagesCompleted: 3, lastAccessDate: 1700000000000, progressRows: 12 };
 */
export interface StudentMarker {
  pagesCompleted: number | null;
  lastAccessDate: number | null;
  progressRows: number;
}

/**
 * Rows per mirror table for one connection.
 *
 * @example
 * import type { MirrorCounts } from './mirror-repo.ts';
 * const counts: Partial<MirrorCounts> = { sales: 2000, subscriptions: 42 };
 */
export type MirrorCounts = Record<keyof typeof mirrorTables, number>;

/**
 * The mirror repository: upserts for every table (a batch is one transaction) and the reads the sync, the webhook
 * updates, reconciliation and the agents need. Works the same on SQLite and PostgreSQL.
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { createMirrorRepo } from './mirror-repo.ts';
 * declare const store: Store;
 * const mirror = createMirrorRepo(store);
 * if (await mirror.hasPurchased('main', 'ana@example.com', '2125812')) console.log('already a customer');
 */
export interface MirrorRepo {
  upsertProducts(rows: readonly ProductRow[]): Promise<number>;
  upsertOffers(rows: readonly OfferRow[]): Promise<number>;
  upsertPlans(rows: readonly PlanRow[]): Promise<number>;
  upsertCoupons(rows: readonly CouponRow[]): Promise<number>;
  /** Keeps a stored sale whose `stateAt` is newer; fields sent as null keep their stored value. */
  upsertSales(rows: readonly SaleRow[]): Promise<number>;
  upsertSaleParticipants(rows: readonly SaleParticipantRow[]): Promise<number>;
  upsertCommissions(rows: readonly CommissionRow[]): Promise<number>;
  /** Keeps a stored subscription whose `stateAt` is newer. */
  upsertSubscriptions(rows: readonly SubscriptionRow[]): Promise<number>;
  upsertSubscriptionPurchases(rows: readonly SubscriptionPurchaseRow[]): Promise<number>;
  upsertClubs(rows: readonly ClubRow[]): Promise<number>;
  upsertClubModules(rows: readonly ClubModuleRow[]): Promise<number>;
  upsertClubPages(rows: readonly ClubPageRow[]): Promise<number>;
  upsertClubStudents(rows: readonly ClubStudentRow[]): Promise<number>;
  upsertClubProgress(rows: readonly ClubProgressRow[]): Promise<number>;

  /** Records one MRR change; false when the same (subscriber, time, kind) is already recorded. */
  recordMrrMovement(movement: MrrMovement): Promise<boolean>;
  /** Records several; resolves with how many were new. */
  recordMrrMovements(movements: readonly MrrMovement[]): Promise<number>;
  /** The subscription's latest MRR change (the current MRR is its `mrrAfter`), or null. */
  lastMrrMovement(connectionId: string, subscriberCode: string): Promise<MrrMovement | null>;
  /** MRR changes with `from ≤ at < to`, oldest first. */
  mrrMovements(connectionId: string, range?: { from?: number; to?: number }): Promise<MrrMovement[]>;

  /** Sets the coupon code of sales (the price-details endpoint is where the API names it, reference §4.1). */
  setSaleCouponCodes(
    connectionId: string,
    codes: readonly { transaction: string; couponCode: string }[],
  ): Promise<number>;
  /** Names the subscriber of sales that don't have one yet. */
  linkSaleSubscribers(
    connectionId: string,
    links: readonly { transaction: string; subscriberCode: string }[],
  ): Promise<number>;
  /** Fills `planId` of plans by code, or by product and name where no id is known yet. */
  linkPlanIds(connectionId: string, links: readonly PlanLink[]): Promise<number>;
  /** Deletes a connection's catalogue rows a finished sync didn't see (`syncedAt` older than the sync's start). */
  pruneCatalog(connectionId: string, table: CatalogTable, syncedBefore: number): Promise<number>;
  /** Deletes a members area's rows a finished sync didn't see, and the progress of students no longer there. */
  pruneClub(connectionId: string, subdomain: string, table: ClubTable, syncedBefore: number): Promise<number>;

  sale(connectionId: string, transaction: string): Promise<SaleRow | null>;
  subscription(connectionId: string, subscriberCode: string): Promise<SubscriptionRow | null>;
  /** A plan by its offer code, else by its numeric id. */
  plan(connectionId: string, by: { code?: string | null; planId?: string | null }): Promise<PlanRow | null>;
  /** Whether the e-mail has a paid (APPROVED/COMPLETE) sale of the product, ordered at or after `since`. */
  hasPurchased(connectionId: string, email: string, productId: string, since?: number): Promise<boolean>;
  /** Students with their completion, highest first. */
  studentsWithCompletion(connectionId: string, query?: StudentQuery): Promise<ClubStudentRow[]>;
  /** The members areas of a connection, or those of one product. */
  clubs(connectionId: string, productId?: string): Promise<ClubRow[]>;
  /** Subdomains where a student with this e-mail is enrolled. */
  studentSubdomains(connectionId: string, email: string): Promise<string[]>;
  /**
   * What the mirror knows of a student's course if one more module were completed: the student (by e-mail) and the
   * counted lessons — published pages outside bonus modules — done already or in `moduleId`. Null when the student
   * is not mirrored or the members area's pages are not (then only the API can tell).
   */
  moduleCompletionOutlook(
    connectionId: string,
    subdomain: string,
    email: string,
    moduleId: string,
  ): Promise<ModuleCompletionOutlook | null>;
  /** Per student of a members area: what tells the sync whether their lessons changed. */
  studentMarkers(connectionId: string, subdomain: string): Promise<Map<string, StudentMarker>>;
  /** The event names already stored for each transaction (received or reconciled). */
  eventNamesByTransaction(
    connectionId: string,
    transactions: readonly string[],
  ): Promise<Map<string, Set<string>>>;
  /** The oldest product creation date: no sale can be older. */
  oldestProductDate(connectionId: string): Promise<number | null>;
  counts(connectionId: string): Promise<MirrorCounts>;

  /**
   * A student's first access (CLUB_FIRST_ACCESS): sets the first access once and moves the last access forward.
   * Resolves with the students updated.
   */
  recordFirstAccess(connectionId: string, subdomain: string, email: string, at: number): Promise<number>;
  /**
   * A completed module (CLUB_MODULE_COMPLETED): marks every published page of the module completed for the
   * student (keeping an earlier completion date) and recounts their progress. Resolves with the pages marked.
   */
  recordModuleCompleted(
    connectionId: string,
    subdomain: string,
    email: string,
    moduleId: string,
    at: number,
  ): Promise<number>;
}

/**
 * A student's course as the mirror sees it with one more module completed (see `moduleCompletionOutlook`).
 *
 * @example
 * import type { ModuleCompletionOutlook } from './mirror-repo.ts';
 * const outlook: ModuleCompletionOutlook = {
 *   userId: 'u1', name: 'Ana', role: 'STUDENT', locale: 'pt_BR', lessons: 12, doneWithModule: 12,
 * };
 */
export interface ModuleCompletionOutlook {
  userId: string;
  name: string | null;
  role: string | null;
  locale: string | null;
  /** Published lessons outside bonus modules. */
  lessons: number;
  /** Of those, the ones completed already or in the module just completed. */
  doneWithModule: number;
}

/**
 * The mirror repository of a store opened by a hotpilot adapter (see `store/internals.ts`).
 *
 * @example
 * import type { Store } from '../port.ts';
 * import { createMirrorRepo } from './mirror-repo.ts';
 * declare const store: Store;
 * const sale = await createMirrorRepo(store).sale('main', 'HP17715690036014');
 * console.log(sale?.status);
 */
export function createMirrorRepo(store: Store): MirrorRepo {
  const sql = createMirrorSql(store);
  const t = mirrorTables;

  const one = async <Row>(spec: (typeof t)[keyof typeof t], text: string, params: unknown[]) => {
    const [row] = await sql.all(text, params);
    return row ? sql.decode<Row>(spec, row) : null;
  };
  const chunks = <T>(items: readonly T[]): T[][] => {
    const out: T[][] = [];
    for (let start = 0; start < items.length; start += IN_CHUNK)
      out.push(items.slice(start, start + IN_CHUNK));
    return out;
  };
  const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
  const total = (changed: number[]) => changed.reduce((sum, count) => sum + count, 0);
  const asNumber = (value: unknown): number | null =>
    value === null || value === undefined ? null : Number(value);

  // Pages that count towards progress: published pages of modules that aren't extras, as Hotmart counts them.
  const completedCount = `(SELECT count(*) FROM mirror_club_progress pr
      JOIN mirror_club_pages pg ON pg.connection_id = pr.connection_id AND pg.subdomain = pr.subdomain
        AND pg.page_key = pr.page_id
      JOIN mirror_club_modules md ON md.connection_id = pg.connection_id AND md.subdomain = pg.subdomain
        AND md.module_id = pg.module_id
      WHERE pr.connection_id = mirror_club_students.connection_id AND pr.subdomain = mirror_club_students.subdomain
        AND pr.user_id = mirror_club_students.user_id AND pr.is_completed = ? AND pg.is_published = ?
        AND md.is_extra = ?)`;

  return {
    upsertProducts: (rows) => sql.upsert(t.products, rows),
    upsertOffers: (rows) => sql.upsert(t.offers, rows),
    upsertPlans: (rows) => sql.upsert(t.plans, rows),
    upsertCoupons: (rows) => sql.upsert(t.coupons, rows),
    upsertSales: (rows) => sql.upsert(t.sales, rows),
    upsertSaleParticipants: (rows) => sql.upsert(t.saleParticipants, rows),
    upsertCommissions: (rows) => sql.upsert(t.commissions, rows),
    upsertSubscriptions: (rows) => sql.upsert(t.subscriptions, rows),
    upsertSubscriptionPurchases: (rows) => sql.upsert(t.subscriptionPurchases, rows),
    upsertClubs: (rows) => sql.upsert(t.clubs, rows),
    upsertClubModules: (rows) => sql.upsert(t.clubModules, rows),
    upsertClubPages: (rows) => sql.upsert(t.clubPages, rows),
    upsertClubStudents: (rows) => sql.upsert(t.clubStudents, rows),
    upsertClubProgress: (rows) => sql.upsert(t.clubProgress, rows),

    async recordMrrMovement(movement) {
      return (await sql.upsert(t.mrrMovements, [movement])) === 1;
    },
    recordMrrMovements: (movements) => sql.upsert(t.mrrMovements, movements),
    lastMrrMovement: (connectionId, subscriberCode) =>
      one<MrrMovement>(
        t.mrrMovements,
        `SELECT * FROM mirror_mrr_movements WHERE connection_id = ? AND subscriber_code = ?
         ORDER BY at DESC, CASE kind WHEN 'churn' THEN 1 ELSE 0 END DESC LIMIT 1`,
        [connectionId, subscriberCode],
      ),
    async mrrMovements(connectionId, range = {}) {
      const rows = await sql.all(
        `SELECT * FROM mirror_mrr_movements WHERE connection_id = ? AND at >= ? AND at < ?
         ORDER BY at, subscriber_code, kind`,
        [connectionId, range.from ?? 0, range.to ?? Number.MAX_SAFE_INTEGER],
      );
      return rows.map((row) => sql.decode<MrrMovement>(t.mrrMovements, row));
    },

    async setSaleCouponCodes(connectionId, codes) {
      const statements: Statement[] = codes.map((code) => ({
        sql: 'UPDATE mirror_sales SET coupon_code = ? WHERE connection_id = ? AND transaction_code = ?',
        params: [code.couponCode, connectionId, code.transaction],
      }));
      return statements.length === 0 ? 0 : total(await sql.transaction(statements));
    },
    async linkSaleSubscribers(connectionId, links) {
      const statements: Statement[] = links.map((link) => ({
        sql: `UPDATE mirror_sales SET subscriber_code = ?
              WHERE connection_id = ? AND transaction_code = ? AND subscriber_code IS NULL`,
        params: [link.subscriberCode, connectionId, link.transaction],
      }));
      return statements.length === 0 ? 0 : total(await sql.transaction(statements));
    },
    async linkPlanIds(connectionId, links) {
      const statements: Statement[] = links.map((link) =>
        'planCode' in link
          ? {
              sql: 'UPDATE mirror_plans SET plan_id = ? WHERE connection_id = ? AND plan_code = ?',
              params: [link.planId, connectionId, link.planCode],
            }
          : {
              sql: `UPDATE mirror_plans SET plan_id = ?
                    WHERE connection_id = ? AND product_id = ? AND name = ? AND plan_id IS NULL`,
              params: [link.planId, connectionId, link.productId, link.name],
            },
      );
      return statements.length === 0 ? 0 : total(await sql.transaction(statements));
    },
    async pruneCatalog(connectionId, table, syncedBefore) {
      const [deleted] = await sql.transaction([
        {
          sql: `DELETE FROM ${t[table].table} WHERE connection_id = ? AND synced_at < ?`,
          params: [connectionId, syncedBefore],
        },
      ]);
      return deleted ?? 0;
    },
    async pruneClub(connectionId, subdomain, table, syncedBefore) {
      const statements: Statement[] = [
        {
          sql: `DELETE FROM ${t[table].table} WHERE connection_id = ? AND subdomain = ? AND synced_at < ?`,
          params: [connectionId, subdomain, syncedBefore],
        },
      ];
      if (table === 'clubStudents') {
        statements.push({
          sql: `DELETE FROM mirror_club_progress WHERE connection_id = ? AND subdomain = ? AND user_id NOT IN
                (SELECT user_id FROM mirror_club_students WHERE connection_id = ? AND subdomain = ?)`,
          params: [connectionId, subdomain, connectionId, subdomain],
        });
      }
      const [deleted] = await sql.transaction(statements);
      return deleted ?? 0;
    },

    sale: (connectionId, transaction) =>
      one<SaleRow>(t.sales, 'SELECT * FROM mirror_sales WHERE connection_id = ? AND transaction_code = ?', [
        connectionId,
        transaction,
      ]),
    subscription: (connectionId, subscriberCode) =>
      one<SubscriptionRow>(
        t.subscriptions,
        'SELECT * FROM mirror_subscriptions WHERE connection_id = ? AND subscriber_code = ?',
        [connectionId, subscriberCode],
      ),
    async plan(connectionId, by) {
      if (by.code) {
        const found = await one<PlanRow>(
          t.plans,
          'SELECT * FROM mirror_plans WHERE connection_id = ? AND plan_code = ?',
          [connectionId, by.code],
        );
        if (found) return found;
      }
      if (!by.planId) return null;
      return one<PlanRow>(
        t.plans,
        'SELECT * FROM mirror_plans WHERE connection_id = ? AND plan_id = ? ORDER BY plan_code LIMIT 1',
        [connectionId, by.planId],
      );
    },
    async hasPurchased(connectionId, email, productId, since) {
      const rows = await sql.all(
        `SELECT 1 AS found FROM mirror_sales WHERE connection_id = ? AND buyer_email = ? AND product_id = ?
         AND status IN (${placeholders(PAID_STATUSES.length)}) AND (order_date IS NULL OR order_date >= ?) LIMIT 1`,
        [connectionId, email.trim().toLowerCase(), productId, ...PAID_STATUSES, since ?? 0],
      );
      return rows.length > 0;
    },
    async studentsWithCompletion(connectionId, query = {}) {
      const where = ['connection_id = ?'];
      const params: unknown[] = [connectionId];
      if (query.subdomain !== undefined) {
        where.push('subdomain = ?');
        params.push(query.subdomain);
      }
      if (query.email !== undefined) {
        where.push('email = ?');
        params.push(query.email.trim().toLowerCase());
      }
      if (query.minPercentage !== undefined) {
        where.push('completed_percentage >= ?');
        params.push(query.minPercentage);
      }
      if (query.belowPercentage !== undefined) {
        where.push('(completed_percentage IS NULL OR completed_percentage < ?)');
        params.push(query.belowPercentage);
      }
      params.push(query.limit ?? 10_000);
      const rows = await sql.all(
        `SELECT * FROM mirror_club_students WHERE ${where.join(' AND ')}
         ORDER BY completed_percentage DESC, subdomain, user_id LIMIT ?`,
        params,
      );
      return rows.map((row) => sql.decode<ClubStudentRow>(t.clubStudents, row));
    },
    async clubs(connectionId, productId) {
      const rows = await sql.all(
        productId === undefined
          ? 'SELECT * FROM mirror_clubs WHERE connection_id = ? ORDER BY subdomain'
          : 'SELECT * FROM mirror_clubs WHERE connection_id = ? AND product_id = ? ORDER BY subdomain',
        productId === undefined ? [connectionId] : [connectionId, productId],
      );
      return rows.map((row) => sql.decode<ClubRow>(t.clubs, row));
    },
    async studentSubdomains(connectionId, email) {
      const rows = await sql.all(
        'SELECT DISTINCT subdomain FROM mirror_club_students WHERE connection_id = ? AND email = ? ORDER BY subdomain',
        [connectionId, email.trim().toLowerCase()],
      );
      return rows.map((row) => String(row['subdomain']));
    },
    async moduleCompletionOutlook(connectionId, subdomain, email, moduleId) {
      const counted = `FROM mirror_club_pages pg
        JOIN mirror_club_modules md ON md.connection_id = pg.connection_id AND md.subdomain = pg.subdomain
          AND md.module_id = pg.module_id
        WHERE pg.connection_id = s.connection_id AND pg.subdomain = s.subdomain AND pg.is_published = ?
          AND md.is_extra = ?`;
      const rows = await sql.all(
        `SELECT s.user_id, s.name, s.role, s.raw,
           (SELECT count(*) ${counted}) AS lessons,
           (SELECT count(*) ${counted} AND (pg.module_id = ? OR EXISTS (SELECT 1 FROM mirror_club_progress pr
              WHERE pr.connection_id = pg.connection_id AND pr.subdomain = pg.subdomain AND pr.user_id = s.user_id
                AND pr.page_id = pg.page_key AND pr.is_completed = ?))) AS done
         FROM mirror_club_students s WHERE s.connection_id = ? AND s.subdomain = ? AND s.email = ?
         ORDER BY s.user_id LIMIT 1`,
        [true, false, true, false, moduleId, true, connectionId, subdomain, email.trim().toLowerCase()],
      );
      const row = rows[0];
      if (!row || Number(row['lessons']) === 0) return null;
      // JSON text on SQLite, a parsed value on PostgreSQL.
      const stored = row['raw'];
      const raw = (typeof stored === 'string' ? JSON.parse(stored) : stored) as { locale?: unknown } | null;
      return {
        userId: String(row['user_id']),
        name: row['name'] === null ? null : String(row['name']),
        role: row['role'] === null ? null : String(row['role']),
        locale: typeof raw?.locale === 'string' ? raw.locale : null,
        lessons: Number(row['lessons']),
        doneWithModule: Number(row['done']),
      };
    },
    async studentMarkers(connectionId, subdomain) {
      const rows = await sql.all(
        `SELECT s.user_id, s.pages_completed, s.last_access_date,
           (SELECT count(*) FROM mirror_club_progress p WHERE p.connection_id = s.connection_id
              AND p.subdomain = s.subdomain AND p.user_id = s.user_id) AS progress_rows
         FROM mirror_club_students s WHERE s.connection_id = ? AND s.subdomain = ?`,
        [connectionId, subdomain],
      );
      return new Map(
        rows.map((row) => [
          String(row['user_id']),
          {
            pagesCompleted: asNumber(row['pages_completed']),
            lastAccessDate: asNumber(row['last_access_date']),
            progressRows: Number(row['progress_rows']),
          },
        ]),
      );
    },
    async eventNamesByTransaction(connectionId, transactions) {
      const names = new Map<string, Set<string>>();
      for (const chunk of chunks([...new Set(transactions)])) {
        const rows = await sql.all(
          `SELECT transaction_code, name FROM events
           WHERE connection_id = ? AND transaction_code IN (${placeholders(chunk.length)})`,
          [connectionId, ...chunk],
        );
        for (const row of rows) {
          const transaction = String(row['transaction_code']);
          let set = names.get(transaction);
          if (!set) {
            set = new Set();
            names.set(transaction, set);
          }
          set.add(String(row['name']));
        }
      }
      return names;
    },
    async oldestProductDate(connectionId) {
      const [row] = await sql.all(
        'SELECT min(created_at) AS oldest FROM mirror_products WHERE connection_id = ?',
        [connectionId],
      );
      return asNumber(row?.['oldest']);
    },
    async counts(connectionId) {
      const names = Object.keys(t) as (keyof typeof t)[];
      const rows = await sql.all(
        names
          .map(
            (name) => `SELECT '${name}' AS name, count(*) AS n FROM ${t[name].table} WHERE connection_id = ?`,
          )
          .join(' UNION ALL '),
        names.map(() => connectionId),
      );
      const counts = Object.fromEntries(names.map((name) => [name, 0])) as MirrorCounts;
      for (const row of rows) counts[row['name'] as keyof typeof t] = Number(row['n']);
      return counts;
    },

    async recordFirstAccess(connectionId, subdomain, email, at) {
      const [updated] = await sql.transaction([
        {
          sql: `UPDATE mirror_club_students SET first_access_date = COALESCE(first_access_date, ?),
                  last_access_date = CASE WHEN last_access_date IS NULL OR last_access_date < ? THEN ?
                    ELSE last_access_date END
                WHERE connection_id = ? AND subdomain = ? AND email = ?`,
          params: [at, at, at, connectionId, subdomain, email.trim().toLowerCase()],
        },
      ]);
      return updated ?? 0;
    },
    async recordModuleCompleted(connectionId, subdomain, email, moduleId, at) {
      const address = email.trim().toLowerCase();
      const [marked] = await sql.transaction([
        {
          sql: `INSERT INTO mirror_club_progress (connection_id, subdomain, user_id, page_id, module_name, page_name,
                  is_completed, completed_date)
                SELECT s.connection_id, s.subdomain, s.user_id, pg.page_key, md.name, pg.name, CAST(? AS BOOLEAN),
                  CAST(? AS BIGINT)
                FROM mirror_club_students s
                JOIN mirror_club_pages pg ON pg.connection_id = s.connection_id AND pg.subdomain = s.subdomain
                JOIN mirror_club_modules md ON md.connection_id = pg.connection_id AND md.subdomain = pg.subdomain
                  AND md.module_id = pg.module_id
                WHERE s.connection_id = ? AND s.subdomain = ? AND s.email = ? AND pg.module_id = ?
                  AND pg.is_published = ?
                ON CONFLICT (connection_id, subdomain, user_id, page_id) DO UPDATE SET is_completed = excluded.is_completed,
                  completed_date = COALESCE(mirror_club_progress.completed_date, excluded.completed_date)`,
          params: [true, at, connectionId, subdomain, address, moduleId, true],
        },
        {
          sql: `UPDATE mirror_club_students SET pages_completed = ${completedCount}
                WHERE connection_id = ? AND subdomain = ? AND email = ?`,
          params: [true, true, false, connectionId, subdomain, address],
        },
        {
          sql: `UPDATE mirror_club_students SET completed_percentage =
                  CASE WHEN pages_total > 0 THEN (pages_completed * 100) / pages_total ELSE 0 END
                WHERE connection_id = ? AND subdomain = ? AND email = ?`,
          params: [connectionId, subdomain, address],
        },
      ]);
      return marked ?? 0;
    },
  };
}
