import { isSensitiveKey, redactText } from '../kit/redact.ts';
import { REDACTED } from '../kit/secret.ts';

/** Characters of one string shown; a buyer can send a name of a megabyte. */
const MAX_STRING = 2_000;
/** Characters of strings shown in all; the rest is cut. */
const MAX_TOTAL = 200_000;
const MAX_DEPTH = 24;
const CUT = '…';

// redactText's patterns scan runs of word characters and cost time quadratic in their length, so they only run on
// strings that could hold a secret at all (every one of its patterns needs one of these fragments) and never on
// more than MAX_STRING characters.
const SECRET_HINT = /:\/\/|bearer|basic|hottok|token|secret|password|authorization|cookie|credential/i;

/**
 * A string as the dashboard shows it: at most `max` characters, secrets in it masked.
 *
 * @example
 * import { printableText } from './printable-json.ts';
 * printableText('hottok=abc&status=approved', 100); // 'hottok=[redacted]&status=approved'
 */
export function printableText(text: string, max: number = MAX_STRING): string {
  const clipped = text.length > max ? `${text.slice(0, max)}${CUT}` : text;
  return SECRET_HINT.test(clipped) ? redactText(clipped) : clipped;
}

/**
 * Pretty JSON of something a buyer, a vendor or a workflow produced: values under secret-looking keys masked (a
 * delivery may carry the hottok in its body, reference §6.2), secrets inside strings masked, long strings and very
 * large values cut, so an oversized payload can't make a page slow. The page escapes the result.
 *
 * @example
 * import { printableJson } from './printable-json.ts';
 * printableJson({ hottok: 'abc', buyer: { name: 'Ana' } }); // '{\n  "hottok": "[redacted]", …'
 */
export function printableJson(value: unknown): string {
  let budget = MAX_TOTAL;
  const visit = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') {
      if (budget <= 0) return CUT;
      const shown = printableText(item, Math.min(MAX_STRING, budget));
      budget -= shown.length;
      return shown;
    }
    if (item === null || typeof item !== 'object') return item;
    if (depth >= MAX_DEPTH) return CUT;
    if (Array.isArray(item)) return item.map((entry) => visit(entry, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      out[printableText(key, 200)] = isSensitiveKey(key) ? REDACTED : visit(entry, depth + 1);
    }
    return out;
  };
  return JSON.stringify(visit(value ?? null, 0), null, 2) ?? 'null';
}
