import { NonRetriableError } from '../../engine/errors.ts';
import type { Store } from '../../store/port.ts';
import type { ActionServices } from '../kit.ts';
import type { SequenceDefinition } from './sequences/define-sequence.ts';
import type { EmailTemplate } from './templates/email-template.ts';
import { type UnsubscribeSecret, unsubscribeKeyBytes } from './unsubscribe-token.ts';

/**
 * Answers "has this buyer bought this product?" (ordered at or after `since`, ms, when given) for the `purchased`
 * stop condition of sequences. The composition root backs it with the local mirror of sales (or the Hotmart API).
 *
 * @example
 * import type { HasPurchased } from './email-services.ts';
 * const never: HasPurchased = async () => false;
 */
export type HasPurchased = (email: string, productId: string, since?: number) => Promise<boolean>;

/**
 * Answers "what is this subscription's status now?" (`ACTIVE`, `DELAYED`, `CANCELLED_BY_CUSTOMER`… as Hotmart
 * names them; null when unknown) for the `subscriptionActive` stop condition of sequences. `connectionId` is the
 * Hotmart connection, `subscriberCode` the subscriber code. The composition root backs it with the mirror
 * (`mirror_subscriptions.status`).
 *
 * @example
 * import type { SubscriptionStatus } from './email-services.ts';
 * const alwaysActive: SubscriptionStatus = async () => 'ACTIVE';
 */
export type SubscriptionStatus = (connectionId: string, subscriberCode: string) => Promise<string | null>;

/**
 * The services the e-mail connector reads from `ActionContext.services` (given by the composition root):
 * - `store` — the suppression list and the sequence enrolments live there (required by every action but rendering);
 * - `unsubscribeSecret` — the HMAC key of unsubscribe links (≥ 16 bytes; a `Secret` is unwrapped only to sign);
 * - `hasPurchased` — for the `purchased` stop condition;
 * - `subscriptionStatus` — for the `subscriptionActive` stop condition;
 * - `emailTemplates` / `emailSequences` — the seller's own templates and sequences, overriding the defaults by id.
 *
 * @example
 * import type { EmailServices } from './email-services.ts';
 * import type { Store } from '../../store/port.ts';
 * declare const store: Store;
 * const services: EmailServices = { store, unsubscribeSecret: 'a long random secret from the environment' };
 */
export interface EmailServices {
  store?: Store;
  unsubscribeSecret?: UnsubscribeSecret;
  hasPurchased?: HasPurchased;
  subscriptionStatus?: SubscriptionStatus;
  emailTemplates?: readonly EmailTemplate[];
  emailSequences?: readonly SequenceDefinition[];
}

/**
 * The e-mail services, checked: what is present has the right shape (a wrong type is a wiring bug and throws a
 * `TypeError`); what is absent stays absent.
 *
 * @example
 * import { readEmailServices } from './email-services.ts';
 * const services = readEmailServices({});
 * console.log(services.store === undefined); // true
 */
export function readEmailServices(services: ActionServices): EmailServices {
  const { store, unsubscribeSecret, hasPurchased, subscriptionStatus, emailTemplates, emailSequences } =
    services as Record<string, unknown>;
  if (store !== undefined && !isStore(store)) throw new TypeError('services.store is not a Store');
  // Checked (type and length) now, so a wiring mistake fails the first call rather than the first unsubscribe.
  if (unsubscribeSecret !== undefined) unsubscribeKeyBytes(unsubscribeSecret as UnsubscribeSecret);
  if (hasPurchased !== undefined && typeof hasPurchased !== 'function') {
    throw new TypeError('services.hasPurchased must be a function');
  }
  if (subscriptionStatus !== undefined && typeof subscriptionStatus !== 'function') {
    throw new TypeError('services.subscriptionStatus must be a function');
  }
  if (emailTemplates !== undefined && !Array.isArray(emailTemplates)) {
    throw new TypeError('services.emailTemplates must be an array of templates');
  }
  if (emailSequences !== undefined && !Array.isArray(emailSequences)) {
    throw new TypeError('services.emailSequences must be an array of sequences');
  }
  return services as EmailServices;
}

/**
 * The store from the services, or a `NonRetriableError` explaining the wiring that is missing.
 *
 * @example
 * import { requireStore } from './email-services.ts';
 * import type { Store } from '../../store/port.ts';
 * declare const store: Store;
 * requireStore({ store }, 'email_send_message') === store; // true
 */
export function requireStore(services: EmailServices, actionId: string): Store {
  if (!services.store) {
    throw new NonRetriableError(
      `${actionId} needs services.store (the suppression list and enrolments live in the store)`,
      { code: 'EMAIL_STORE_MISSING' },
    );
  }
  return services.store;
}

function isStore(value: unknown): value is Store {
  const store = value as Partial<Store> | null;
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof store.getState === 'function' &&
    typeof store.setState === 'function' &&
    typeof store.getRun === 'function'
  );
}
