import type { StateChange } from '../model.ts';

/**
 * Thrown when a state change names a record the account does not hold (an unknown transaction, subscriber,
 * student…), so no payload can be rendered. `code` is stable; the message names the missing record.
 *
 * @example
 * try {
 *   buildWebhookPayload(account, { event: 'PURCHASE_APPROVED', transaction: 'HP-missing' });
 * } catch (error) {
 *   if (error instanceof WebhookPayloadError) console.log(error.code); // 'unknown_record'
 * }
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  readonly code = 'unknown_record';
  readonly event: StateChange['event'];

  constructor(event: StateChange['event'], message: string) {
    super(`${event}: ${message}`);
    this.event = event;
  }
}
