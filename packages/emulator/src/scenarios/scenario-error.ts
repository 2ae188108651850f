/**
 * Why a journey step or a triggered event could not be played.
 *
 * @example
 * const status = ({ not_found: 404, conflict: 409, unavailable: 422 } as const)[error.code satisfies ScenarioErrorCode];
 */
export type ScenarioErrorCode = 'not_found' | 'conflict' | 'unavailable';

/**
 * Thrown when a triggered event names a record the account does not hold (`not_found`), asks for a transition the
 * record is not in a state for (`conflict`), or needs something the seeded catalogue lacks, such as a product with
 * two switchable plans (`unavailable`).
 *
 * @example
 * try {
 *   driver.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'NOPE0000' });
 * } catch (error) {
 *   if (error instanceof ScenarioError && error.code === 'not_found') console.log(error.message);
 * }
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly code: ScenarioErrorCode;

  constructor(code: ScenarioErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
