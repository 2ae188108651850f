import type { Store } from '../../store/port.ts';

/**
 * Why an address must not be mailed: it unsubscribed (link or one-click header), the seller removed it by hand,
 * its mailbox bounced for good, or it reported a message as spam.
 *
 * @example
 * import type { SuppressionReason } from './suppression.ts';
 * const reason: SuppressionReason = 'unsubscribed';
 */
export type SuppressionReason = 'unsubscribed' | 'manual' | 'bounced' | 'complained';

/**
 * One entry of the suppression list.
 *
 * @example
 * import type { Suppression } from './suppression.ts';
 * const entry: Suppression = { email: 'ana@example.com', reason: 'unsubscribed', list: 'welcome', at: 0, note: null };
 */
export interface Suppression {
  /** Trimmed and lower-cased. */
  email: string;
  reason: SuppressionReason;
  /** The list the person unsubscribed from (informative: a suppressed address receives nothing). */
  list: string | null;
  /** When it was suppressed (epoch ms). */
  at: number;
  note: string | null;
}

// Storage choice: the store's key/value state (`getState`/`setState`), one key per address. Every send needs one
// point lookup by address, which a key gives on both adapters without a migration (the schema belongs to the store
// engineer). What it can't give is a listing: the port has no prefix scan, so exporting the whole list needs a
// table later. Removal writes null (the port has no delete), which reads back as "not suppressed".
const PREFIX = 'email:suppressed:';

/**
 * The canonical form of an address for the list: trimmed and lower-cased. Mailbox providers treat the local part
 * case-insensitively in practice, and Hotmart's normalised events lower-case buyer e-mails too.
 *
 * @example
 * import { normalizeEmail } from './suppression.ts';
 * normalizeEmail(' Ana@Example.COM '); // 'ana@example.com'
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The state key of an address: `email:suppressed:<lower-cased address>`.
 *
 * @example
 * import { suppressionKey } from './suppression.ts';
 * suppressionKey('Ana@Example.com'); // 'email:suppressed:ana@example.com'
 */
export function suppressionKey(email: string): string {
  return `${PREFIX}${normalizeEmail(email)}`;
}

/**
 * The suppression entry of an address, or null when it may be mailed.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { getSuppression } from './suppression.ts';
 * declare const store: Store;
 * const entry = await getSuppression(store, 'ana@example.com');
 * if (entry) console.log(`suppressed since ${new Date(entry.at).toISOString()}: ${entry.reason}`);
 */
export async function getSuppression(
  store: Pick<Store, 'getState'>,
  email: string,
): Promise<Suppression | null> {
  const value = await store.getState<Suppression>(suppressionKey(email));
  return value !== null && typeof value === 'object' && typeof value.reason === 'string' ? value : null;
}

/**
 * Adds an address to the suppression list and records it in the audit log. Idempotent: an address already on the
 * list keeps its first entry (when and why it first left matters more than the latest click).
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { suppressAddress } from './suppression.ts';
 * declare const store: Store;
 * const { created } = await suppressAddress(store, 'ana@example.com', { reason: 'manual' }, Date.now());
 */
export async function suppressAddress(
  store: Pick<Store, 'getState' | 'setState' | 'appendAudit'>,
  email: string,
  options: { reason: SuppressionReason; list?: string | null; note?: string | null; actor?: string },
  now: number,
): Promise<{ created: boolean; suppression: Suppression }> {
  const existing = await getSuppression(store, email);
  if (existing) return { created: false, suppression: existing };
  const suppression: Suppression = {
    email: normalizeEmail(email),
    reason: options.reason,
    list: options.list ?? null,
    at: now,
    note: options.note ?? null,
  };
  await store.setState(suppressionKey(email), suppression, now);
  await store.appendAudit(
    {
      actor: options.actor ?? 'email',
      action: 'email.suppress',
      target: suppression.email,
      details: { reason: suppression.reason, list: suppression.list },
    },
    now,
  );
  return { created: true, suppression };
}

/**
 * Takes an address off the suppression list (the person asked to receive mail again) and records it in the audit
 * log. Returns the entry removed, or null when the address wasn't suppressed.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { unsuppressAddress } from './suppression.ts';
 * declare const store: Store;
 * const removed = await unsuppressAddress(store, 'ana@example.com', Date.now());
 */
export async function unsuppressAddress(
  store: Pick<Store, 'getState' | 'setState' | 'appendAudit'>,
  email: string,
  now: number,
  options: { actor?: string } = {},
): Promise<Suppression | null> {
  const existing = await getSuppression(store, email);
  if (!existing) return null;
  await store.setState(suppressionKey(email), null, now);
  await store.appendAudit(
    {
      actor: options.actor ?? 'email',
      action: 'email.unsuppress',
      target: existing.email,
      details: { reason: existing.reason, list: existing.list },
    },
    now,
  );
  return existing;
}
