import type { HotmartEventKind } from '../event-names.ts';
import type { CreationDateSource, HotmartWebhookEvent, WebhookVersion } from '../webhook-event.ts';
import { protectSecrets } from './redact.ts';

/**
 * The envelope facts both parsers (2.0.0 JSON, 1.0.0 form) establish before looking at `data`.
 *
 * @example
 * ```ts
 * import type { EnvelopeParts } from './assemble-event.ts';
 *
 * const parts: EnvelopeParts = {
 *   id: 'e1',
 *   version: '2.0.0',
 *   creation_date: 1763247745737,
 *   creation_date_source: 'creation_date',
 *   hottok: undefined,
 *   raw: {},
 * };
 * ```
 */
export interface EnvelopeParts {
  id: string;
  version: WebhookVersion;
  creation_date: number;
  creation_date_source: CreationDateSource;
  hottok: string | undefined;
  raw: Record<string, unknown>;
}

/**
 * Puts an event together in a readable key order (envelope first, `raw` last) and protects its hottok from
 * being printed. The caller guarantees `data` was produced by the schema of `kind` (or is raw for `'unknown'`).
 *
 * @example
 * ```ts
 * import { assembleEvent } from './assemble-event.ts';
 *
 * const parts = { id: 'e1', version: '2.0.0', creation_date: 1, creation_date_source: 'creation_date', hottok: undefined, raw: {} } as const;
 * const event = assembleEvent(parts, 'ORDER_FULFILLMENT', 'unknown', { order: 1 });
 * ```
 */
export function assembleEvent(
  parts: EnvelopeParts,
  name: string,
  kind: HotmartEventKind,
  data: unknown,
): HotmartWebhookEvent {
  const event = {
    id: parts.id,
    event: name,
    kind,
    version: parts.version,
    creation_date: parts.creation_date,
    creation_date_source: parts.creation_date_source,
    ...(parts.hottok === undefined ? {} : { hottok: parts.hottok }),
    data,
    raw: parts.raw,
  };
  return protectSecrets(event as HotmartWebhookEvent);
}
