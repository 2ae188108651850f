/**
 * The `select` custom response (reference §3.3): a comma-separated list of fields, dot paths allowed
 * (`purchase.transaction,buyer.email`), that trims each item of a list to those fields. Unknown paths are left
 * out; only items are trimmed, never `page_info`.
 */

/**
 * Parses `select` into paths, or undefined when absent or empty.
 *
 * @example
 * parseSelect('subscriber_code, plan.name'); // [['subscriber_code'], ['plan', 'name']]
 */
export function parseSelect(raw: string | undefined): string[][] | undefined {
  if (raw === undefined) return undefined;
  const paths = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => part.split('.').filter((segment) => segment !== ''));
  return paths.length === 0 ? undefined : paths;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Keeps only the selected paths of an item.
 *
 * @example
 * applySelect({ a: 1, b: { c: 2, d: 3 } }, [['b', 'c']]); // { b: { c: 2 } }
 */
export function applySelect(item: unknown, paths: readonly string[][]): unknown {
  if (!isObject(item)) return item;
  const out: Json = {};
  for (const path of paths) {
    let source: unknown = item;
    let target = out;
    for (let i = 0; i < path.length; i++) {
      const key = path[i] as string;
      // An undefined value is an absent key: JSON.stringify leaves it out, and so does the selection.
      if (!isObject(source) || source[key] === undefined) break;
      const value = source[key];
      if (i === path.length - 1) {
        target[key] = value;
      } else {
        if (!isObject(target[key])) target[key] = {};
        target = target[key] as Json;
        source = value;
      }
    }
  }
  return out;
}
