const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets a key as an own data property, so "__proto__" and friends stay ordinary keys. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A deep copy of JSON-like data (objects, arrays, scalars).
 *
 * @example
 * ```ts
 * import { cloneJson } from './deep-merge.ts';
 *
 * const copy = cloneJson({ plans: [{ id: 1 }] }); // a new object graph
 * ```
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) setOwn(copy, key, cloneJson(member));
  return copy as T;
}

/**
 * Merges `patch` into a copy of `base`: objects merge key by key, anything else (arrays included) replaces, an
 * `undefined` member leaves the base value, `null` sets null. Neither input is modified.
 *
 * @example
 * ```ts
 * import { deepMerge } from './deep-merge.ts';
 *
 * deepMerge({ buyer: { name: 'Ana', email: 'a@x.com' } }, { buyer: { email: 'b@x.com' } });
 * // { buyer: { name: 'Ana', email: 'b@x.com' } }
 * ```
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return cloneJson(base);
  if (!isPlainObject(base) || !isPlainObject(patch)) return cloneJson(patch);
  const merged = cloneJson(base);
  for (const [key, member] of Object.entries(patch)) {
    if (member === undefined) continue;
    setOwn(merged, key, deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, member));
  }
  return merged;
}
