import { InvalidInputError } from '../errors.ts';

/**
 * One path segment from a caller-supplied id: checked (a non-empty string without surrounding spaces, or a
 * non-negative integer) and percent-encoded, so an id such as `../coupon/1` cannot change which endpoint is called.
 *
 * @example
 * pathSegment('subscriberCode', 'ABC 123'); // 'ABC%20123'
 */
export function pathSegment(name: string, value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '' && value === value.trim())
    return encodeURIComponent(value);
  throw new InvalidInputError('path parameter', [
    { path: name, message: 'expected a non-empty string or a non-negative integer' },
  ]);
}
