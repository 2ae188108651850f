import { createHash } from 'node:crypto';

/**
 * A digest of a tool call's input for the audit log: SHA-256 of its canonical JSON (keys sorted at every depth), so
 * the same input always gives the same digest and the log can match repeated calls without keeping the values —
 * some of which (e-mail addresses, message bodies) are nobody else's business, and a few of which may be secrets.
 *
 * @example
 * import { inputDigest } from './input-digest.ts';
 * inputDigest({ b: 1, a: [2, { d: 3, c: 4 }] }) === inputDigest({ a: [2, { c: 4, d: 3 }], b: 1 }); // true
 */
export function inputDigest(input: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(input)).digest('hex')}`;
}

/**
 * JSON with object keys sorted at every depth; `undefined` members are dropped as `JSON.stringify` drops them.
 *
 * @example
 * import { canonicalJson } from './input-digest.ts';
 * canonicalJson({ b: 1, a: { d: undefined, c: true } }); // '{"a":{"c":true},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, new WeakSet())) ?? 'null';
}

function sortKeys(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) throw new TypeError('canonicalJson: the value is circular');
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => sortKeys(item, seen));
    const maybeJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof maybeJson === 'function') return sortKeys(maybeJson.call(value), seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = sortKeys((value as Record<string, unknown>)[key], seen);
    return out;
  } finally {
    seen.delete(value);
  }
}
