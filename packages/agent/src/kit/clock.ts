/**
 * The time source every module takes by injection, so tests control time without patching globals.
 *
 * @example
 * import { systemClock, type Clock } from './clock.ts';
 * const now: Clock = systemClock;
 * const deadline = now() + 5_000;
 */
export type Clock = () => number;

/**
 * Wall-clock milliseconds since the epoch.
 *
 * @example
 * import { systemClock } from './clock.ts';
 * console.log(new Date(systemClock()).toISOString());
 */
export const systemClock: Clock = () => Date.now();
