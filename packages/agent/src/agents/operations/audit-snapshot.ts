import { z } from 'zod';

const ProductState = z.object({ name: z.string(), status: z.string() });
const OfferState = z.object({
  productId: z.string(),
  name: z.string(),
  price: z.number().nullable(),
  currency: z.string().nullable(),
});
const PlanState = z.object({
  productId: z.string(),
  productName: z.string(),
  planId: z.string(),
  planName: z.string(),
  subscribers: z.number().int().nonnegative(),
});
const OverdueCharge = z.object({
  subscriberCode: z.string(),
  recurrence: z.number().int(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  productName: z.string(),
  chargeDate: z.number(),
});
const ModuleState = z.object({ name: z.string(), extra: z.boolean() });
const PageState = z.object({ moduleId: z.string(), name: z.string(), published: z.boolean() });
const MembersAreaState = z.object({
  productId: z.string().nullable(),
  modules: z.record(z.string(), ModuleState),
  pages: z.record(z.string(), PageState),
});

/**
 * What an audit saw, kept in the state KV (`operations:snapshot:<connection>`) for the next audit to compare with.
 * A section is null when its audit was off: the next audit that reads it takes it as a first look (no differences).
 *
 * @example
 * import { AuditSnapshot } from './audit-snapshot.ts';
 * AuditSnapshot.parse({ version: 1, connectionId: 'main', takenAt: 0, catalogue: null, subscribers: null, membersAreas: null });
 */
export const AuditSnapshot = z.object({
  version: z.literal(1),
  connectionId: z.string(),
  takenAt: z.number(),
  catalogue: z
    .object({
      /** By product id. */
      products: z.record(z.string(), ProductState),
      /** By offer code (subscription plans are offers too: their codes are offer codes, reference §4.3). */
      offers: z.record(z.string(), OfferState),
    })
    .nullable(),
  subscribers: z
    .object({
      /** Live subscriptions (ACTIVE, DELAYED, OVERDUE) per `<product id>:<plan id>`. */
      plans: z.record(z.string(), PlanState),
      /** Unpaid charges past the overdue threshold, by `<subscriber code>#<recurrence>`. */
      overdue: z.record(z.string(), OverdueCharge),
    })
    .nullable(),
  /** By members-area subdomain. */
  membersAreas: z.record(z.string(), MembersAreaState).nullable(),
});

/**
 * The parsed type of {@link AuditSnapshot}.
 *
 * @example
 * import type { AuditSnapshot } from './audit-snapshot.ts';
 * const productCount = (snapshot: AuditSnapshot) => Object.keys(snapshot.catalogue?.products ?? {}).length;
 */
export type AuditSnapshot = z.infer<typeof AuditSnapshot>;

/**
 * The state KV key of a connection's last audit snapshot.
 *
 * @example
 * import { snapshotKey } from './audit-snapshot.ts';
 * snapshotKey('main'); // 'operations:snapshot:main'
 */
export function snapshotKey(connectionId: string): string {
  return `operations:snapshot:${connectionId}`;
}

/**
 * A stored snapshot, or null when there is none or it no longer fits {@link AuditSnapshot} (written by another
 * version): the audit then starts afresh rather than reporting differences it can't trust.
 *
 * @example
 * import { readSnapshot } from './audit-snapshot.ts';
 * readSnapshot({ version: 0 }); // null
 */
export function readSnapshot(value: unknown): AuditSnapshot | null {
  const parsed = AuditSnapshot.safeParse(value);
  return parsed.success ? parsed.data : null;
}
