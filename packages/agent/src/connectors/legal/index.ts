import type { AnyAction } from '../kit.ts';
import { legalCancelSubscription } from './cancel-subscription-action.ts';

export { LEGAL_CANCEL_AUDIT, legalCancelSubscription } from './cancel-subscription-action.ts';
export { LegalSettings, legalConnector } from './legal-connector.ts';

/**
 * The legal connector's actions: compliance cancellations recorded in the append-only audit log.
 *
 * @example
 * import { legalActions } from './index.ts';
 * legalActions.map((action) => action.id); // ['legal_cancel_subscription']
 */
export const legalActions: readonly AnyAction[] = Object.freeze([legalCancelSubscription]);
