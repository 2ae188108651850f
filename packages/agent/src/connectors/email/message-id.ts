import { createHash } from 'node:crypto';

// RFC 5322 `atext`, minus `%` (our escape character). Everything else is written `%XX` per UTF-8 byte.
const ATEXT = /[A-Za-z0-9!#$&'*+\-/=?^_`{|}~.]/;
const MAX_LEFT = 200;

/**
 * The `Message-ID` of the message sent under an idempotency key: `<key@hotpilot>`. A retried send (same
 * `runId:stepId`) carries the same id, so the receiving side — and anyone reading the logs — recognises the
 * duplicate. Characters a msg-id can't hold (`:` and `@` in `sequence:welcome:ana@example.com:send-day-1`) are
 * written `%XX`, and so are dots that would break the dot-atom rule; a key too long for a header line becomes its
 * SHA-256 digest. The mapping is deterministic.
 *
 * @example
 * import { messageIdFor } from './message-id.ts';
 * messageIdFor('run_1:send-day-1'); // '<run_1%3Asend-day-1@hotpilot>'
 */
export function messageIdFor(key: string): string {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('messageIdFor: the key must not be empty');
  let left = '';
  for (const char of key) {
    left += ATEXT.test(char)
      ? char
      : [...Buffer.from(char, 'utf8')]
          .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join('');
  }
  // dot-atom: no leading, trailing or doubled dot.
  left = left.replace(/^\.|\.(?=\.)|\.$/g, '%2E');
  if (left.length > MAX_LEFT) left = `sha256.${createHash('sha256').update(key).digest('base64url')}`;
  return `<${left}@hotpilot>`;
}
