import type { SerializedError } from '../store/port.ts';

/** Long messages are cut: a vendor's HTML error page has no place in the runs table. */
const MAX_MESSAGE = 2_000;

/**
 * Turns anything a workflow threw into the JSON stored with a run or step: name, message and a string `code` when
 * the error has one. Never the stack (that goes to the logs only), never other own properties — vendor errors carry
 * requests and headers, and those may hold tokens.
 *
 * @example
 * import { serializeError } from './serialize-error.ts';
 * serializeError(Object.assign(new Error('boom'), { code: 'E_BOOM' }));
 * // → { name: 'Error', message: 'boom', code: 'E_BOOM' }
 */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const out: SerializedError = { name: clip(error.name || 'Error', 200), message: clip(error.message) };
    if (typeof code === 'string' || typeof code === 'number') out.code = String(code);
    return out;
  }
  return { name: 'NonError', message: clip(describe(error)) };
}

// A thrown plain object is described by its type only: its fields could be anything, secrets included.
function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  return `non-Error value thrown: ${Object.prototype.toString.call(value)}`;
}

function clip(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
