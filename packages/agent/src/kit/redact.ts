import { REDACTED, Secret } from './secret.ts';

// Key fragments that mark a value as secret, compared after lower-casing and dropping `-`/`_`, so `clientSecret`,
// `client_secret` and `X-HOTMART-HOTTOK` all match. Over-redacting a harmless value costs nothing; printing a token
// costs a rotation.
const SENSITIVE_FRAGMENTS = [
  'hottok',
  'authorization',
  'cookie',
  'password',
  'passwd',
  'secret',
  'token',
  'credential',
  'apikey',
  'privatekey',
  'encryptionkey',
  'signature',
];
const SENSITIVE_EXACT = new Set(['basic', 'key', 'auth']);

/**
 * True when a property or header name usually holds a secret (hottok, authorization, cookies, client secrets,
 * tokens, keys, passwords, credentials).
 *
 * @example
 * import { isSensitiveKey } from './redact.ts';
 * isSensitiveKey('X-HOTMART-HOTTOK'); // true
 * isSensitiveKey('user-agent'); // false
 */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_\s]/g, '');
  if (SENSITIVE_EXACT.has(normalized)) return true;
  return SENSITIVE_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

// Quantifiers before the anchoring part are bounded ({0,64}): with `*` a long unbroken word (a buyer-supplied
// name, say) made each rule retry from every position to the end of the word, quadratic in its length.
const TEXT_RULES: readonly [RegExp, string][] = [
  // Credentials inside URLs: postgres://user:password@host → postgres://user:[redacted]@host.
  [/([a-z][a-z0-9+.-]{0,31}:\/\/[^:@/\s]{0,256}):([^@/\s]+)@/gi, `$1:${REDACTED}@`],
  // HTTP auth schemes.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // JSON text: "hottok":"…", "client_secret": "…".
  [
    /"([^"]{0,64}(?:hottok|token|secret|password|authorization|cookie|credential)[^"]{0,64})"\s*:\s*"(?:[^"\\]|\\.)*"/gi,
    `"$1":"${REDACTED}"`,
  ],
  // Query strings, form bodies and `key=value` log text: hottok=…&…, client_secret=…, token: ….
  [
    /\b([\w-]{0,64}(?:hottok|token|secret|password|authorization)[\w-]{0,64})(=|:\s*)(?!\[redacted\]|(?:Bearer|Basic)\s)[^&\s,;"'}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

/**
 * Masks secrets inside free text: passwords in URLs, `Bearer`/`Basic` credentials, and `hottok=…`, `token: …`,
 * `"client_secret":"…"` pairs. Use it on anything printed that did not come from a typed, redacted object (error
 * messages of drivers, request lines, user input echoed back).
 *
 * @example
 * import { redactText } from './redact.ts';
 * redactText('connect postgres://app:s3cret@db/hp failed'); // 'connect postgres://app:[redacted]@db/hp failed'
 * redactText('hottok=abc&status=approved'); // 'hottok=[redacted]&status=approved'
 */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 8;

/**
 * Returns a printable copy of any value with secrets removed: values under sensitive keys become `[redacted]`,
 * `Secret`s stay hidden, strings go through `redactText`, errors keep their name, code and a redacted message.
 * Cycles and very deep values are cut. The input is never modified.
 *
 * @example
 * import { redact } from './redact.ts';
 * redact({ id: 'main', hottoks: ['abc'], headers: { 'x-hotmart-hottok': 'abc', 'user-agent': 'Hotmart' } });
 * // { id: 'main', hottoks: '[redacted]', headers: { 'x-hotmart-hottok': '[redacted]', 'user-agent': 'Hotmart' } }
 */
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Secret) return REDACTED;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactError(value, depth, seen);
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value;
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
    if (value instanceof Map) {
      return Object.fromEntries(
        [...value].map(([k, v]) => [
          String(k),
          isSensitiveKey(String(k)) ? REDACTED : redactValue(v, depth + 1, seen),
        ]),
      );
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSensitiveKey(key) ? REDACTED : redactValue(item, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: redactText(error.message) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if (error.stack) out.stack = redactText(error.stack);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, depth + 1, seen);
  return out;
}
