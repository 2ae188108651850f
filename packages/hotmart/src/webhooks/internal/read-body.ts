/**
 * The body as text, plus what had to be repaired to get it.
 *
 * @example
 * ```ts
 * import type { DecodedBody } from './read-body.ts';
 *
 * const decoded: DecodedBody = { text: '{}', warnings: [] };
 * ```
 */
export interface DecodedBody {
  text: string;
  warnings: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Decodes bytes as UTF-8 (Hotmart's charset) and drops a leading byte-order mark. Never throws.
 *
 * @example
 * ```ts
 * import { decodeBody } from './read-body.ts';
 *
 * decodeBody(new TextEncoder().encode('{"a":1}')).text; // '{"a":1}'
 * ```
 */
export function decodeBody(body: string | Uint8Array): DecodedBody {
  if (typeof body === 'string') {
    return { text: body.charCodeAt(0) === 0xfeff ? body.slice(1) : body, warnings: [] };
  }
  try {
    return { text: strictUtf8.decode(body), warnings: [] };
  } catch {
    // The inbox stored the exact bytes already; parse what can be read rather than quarantine a readable body.
    return {
      text: lenientUtf8.decode(body),
      warnings: ['the body is not valid UTF-8: invalid bytes were replaced by U+FFFD before parsing'],
    };
  }
}

/**
 * The media type of a Content-Type header, lowercased without parameters (`application/json; charset=utf-8`).
 *
 * @example
 * ```ts
 * import { mediaTypeOf } from './read-body.ts';
 *
 * mediaTypeOf('Application/JSON; charset=utf-8'); // 'application/json'
 * ```
 */
export function mediaTypeOf(contentType: string | null | undefined): string | undefined {
  if (typeof contentType !== 'string') return undefined;
  const media = contentType.split(';')[0]?.trim().toLowerCase();
  return media ? media : undefined;
}

/**
 * `application/json`, `text/json` and structured-syntax `+json` types.
 *
 * @example
 * ```ts
 * import { isJsonMediaType } from './read-body.ts';
 *
 * isJsonMediaType('application/problem+json'); // true
 * ```
 */
export function isJsonMediaType(media: string | undefined): boolean {
  return (
    media !== undefined && (media === 'application/json' || media === 'text/json' || media.endsWith('+json'))
  );
}

/**
 * The media type of HTML form posts, which v1 ("Postback") deliveries use (reference §6.2).
 *
 * @example
 * ```ts
 * import { isFormMediaType } from './read-body.ts';
 *
 * isFormMediaType('application/x-www-form-urlencoded'); // true
 * ```
 */
export function isFormMediaType(media: string | undefined): boolean {
  return media === 'application/x-www-form-urlencoded';
}

const FORM_FIELD = /^[^=&{}[\]"\s]+=/;

/**
 * Whether a trimmed body reads as `key=value&key=value…` rather than JSON or prose.
 *
 * @example
 * ```ts
 * import { looksLikeForm } from './read-body.ts';
 *
 * looksLikeForm('hottok=abc&status=approved'); // true
 * looksLikeForm('{"event":"PURCHASE_APPROVED"}'); // false
 * ```
 */
export function looksLikeForm(trimmed: string): boolean {
  return FORM_FIELD.test(trimmed) && !/[\r\n]/.test(trimmed);
}

/**
 * Whether a trimmed body starts like a JSON object or array.
 *
 * @example
 * ```ts
 * import { looksLikeJson } from './read-body.ts';
 *
 * looksLikeJson('{"id":"e1"}'); // true
 * ```
 */
export function looksLikeJson(trimmed: string): boolean {
  return trimmed.startsWith('{') || trimmed.startsWith('[');
}
