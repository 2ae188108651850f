import type { WebhookEnvelope } from '../webhook-event.ts';

const REDACTED = '[redacted]';

// Node looks this symbol up on any object it formats (console.log, util.inspect); Symbol.for avoids importing node:util.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A copy of the event safe to print: the hottok, top-level and in `raw`, replaced by `[redacted]`. */
function printable(event: WebhookEnvelope): Record<string, unknown> {
  const view: Record<string, unknown> = { ...event };
  if (event.hottok !== undefined) view.hottok = REDACTED;
  if (Object.hasOwn(event.raw, 'hottok')) view.raw = { ...event.raw, hottok: REDACTED };
  return view;
}

/**
 * Makes `JSON.stringify(event)` and `util.inspect(event)` print `[redacted]` for the hottok, which the event keeps
 * readable as data (`event.hottok`, `event.raw.hottok`) because callers may need to verify it. The hooks are
 * non-enumerable, so equality checks and spreading see plain data; a spread copy loses the protection.
 *
 * @example
 * ```ts
 * import { protectSecrets } from './redact.ts';
 *
 * const event = protectSecrets({
 *   id: 'e1',
 *   version: '2.0.0',
 *   creation_date: 1,
 *   creation_date_source: 'creation_date',
 *   hottok: 'secret',
 *   raw: { hottok: 'secret' },
 * } as const);
 * JSON.stringify(event); // ... "hottok":"[redacted]" ...
 * ```
 */
export function protectSecrets<T extends WebhookEnvelope>(event: T): T {
  Object.defineProperty(event, 'toJSON', {
    value: () => printable(event),
    configurable: true,
    writable: true,
  });
  Object.defineProperty(event, INSPECT, {
    value: () => printable(event),
    configurable: true,
    writable: true,
  });
  return event;
}
