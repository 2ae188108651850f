import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parseWebhook, verifyHottok } from '@hotpilot/hotmart/webhooks';
import type { Context } from 'hono';
import type { Clock } from '../kit/clock.ts';
import { systemClock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { InboxEntry, Store } from '../store/port.ts';
import type { ConnectionCache } from './connection-cache.ts';
import type { HotpilotMetrics, IngestOutcome } from './metrics.ts';
import { type BodyResult, readIncomingBody, readRequestBody } from './read-body.ts';

/**
 * Largest webhook body accepted (1 MiB); Hotmart's biggest deliveries are a few KB.
 *
 * @example
 * import { DEFAULT_BODY_LIMIT, createInboxHandler } from './inbox-route.ts';
 * createInboxHandler({ store, connections, metrics, logger, bodyLimit: DEFAULT_BODY_LIMIT / 2 });
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Request headers kept with a delivery (for support and audits). The hottok is never among them. */
const KEPT_HEADERS = [
  'content-type',
  'content-length',
  'user-agent',
  'x-request-id',
  'x-forwarded-for',
  'x-real-ip',
] as const;

const HOTTOK_HEADER = 'x-hotmart-hottok';
// Event ids are UUIDs (reference §6.5); anything far longer is not an id worth indexing, so it is digested.
const MAX_EVENT_ID_LENGTH = 200;

/**
 * What the inbox route needs.
 *
 * @example
 * import type { InboxRouteOptions } from './inbox-route.ts';
 * const options: InboxRouteOptions = { store, connections, metrics, logger };
 */
export interface InboxRouteOptions {
  store: Pick<Store, 'ingest'>;
  connections: ConnectionCache;
  metrics: Pick<HotpilotMetrics, 'ingest'>;
  logger: Logger;
  now?: Clock;
  /** Default 1 MiB. */
  bodyLimit?: number;
  /** True while the process shuts down: answers then carry `Connection: close`. */
  isClosing?: () => boolean;
}

type Reply = { status: number; outcome: IngestOutcome; body: string; headers?: Record<string, string> };

const json = (error: string) => JSON.stringify({ ok: false, error });
const OK: Reply = { status: 200, outcome: 'stored', body: '{"ok":true}' };
const REPLIES = {
  notFound: { status: 404, outcome: 'not_found', body: json('not_found') },
  methodNotAllowed: {
    status: 405,
    outcome: 'bad_request',
    body: json('method_not_allowed'),
    headers: { allow: 'POST' },
  },
  unsupported: { status: 415, outcome: 'bad_request', body: json('unsupported_media_type') },
  // The connection is closed after a 413 so the rest of an oversized body is never read.
  tooLarge: {
    status: 413,
    outcome: 'too_large',
    body: json('payload_too_large'),
    headers: { connection: 'close' },
  },
  unauthorized: { status: 401, outcome: 'unauthorized', body: json('unauthorized') },
  aborted: { status: 400, outcome: 'bad_request', body: json('bad_request') },
  // 503 says "try again later": the failure is ours, not the delivery's. Hotmart's history records any 5XX as a
  // failed delivery (reference §6.3); its retry policy is undocumented, so the header is a hint at most.
  unavailable: { status: 503, outcome: 'error', body: json('unavailable'), headers: { 'retry-after': '5' } },
} as const satisfies Record<string, Reply>;

/** Reads headers and the body of one request, from Node's `IncomingMessage` when there is one (fast path). */
interface RequestView {
  header(name: string): string | undefined;
  headers(): Record<string, string>;
  body(limit: number): Promise<BodyResult>;
}

/**
 * The handler of `POST /webhooks/hotmart/:connection`: size limit, content type, hottok (constant time, header
 * first, v1 form field as fallback), then one durable `store.ingest` and `200 {"ok":true}` only after the commit.
 * Authenticated bodies that don't parse are stored with a quarantine reason and acknowledged too; store failures
 * answer 503 so Hotmart retries; bad input never gets a 5xx. Answers carry no internal detail.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createInboxHandler } from './inbox-route.ts';
 * const app = new Hono();
 * app.all('/webhooks/hotmart/:connection', createInboxHandler({ store, connections, metrics, logger }));
 */
export function createInboxHandler(options: InboxRouteOptions): (c: Context) => Promise<Response> {
  const { store, connections, metrics, logger } = options;
  const now = options.now ?? systemClock;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const isClosing = options.isClosing ?? (() => false);
  const warnUnauthorized = throttledWarning(logger, now);

  const answer = (reply: Reply, started: number): Response => {
    const ms = performance.now() - started;
    metrics.ingest(reply.outcome, ms);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...reply.headers };
    if (isClosing()) headers.connection = 'close';
    return new Response(reply.body, { status: reply.status, headers });
  };

  return async (c) => {
    const started = performance.now();
    if (c.req.method !== 'POST') return answer(REPLIES.methodNotAllowed, started);
    const connectionId = c.req.param('connection') ?? '';
    const request = viewOf(c);
    try {
      const connection = await connections.get(connectionId);
      if (connection?.kind !== 'hotmart') return answer(REPLIES.notFound, started);

      const declared = request.header('content-length');
      if (declared !== undefined && !(Number(declared) <= bodyLimit))
        return answer(REPLIES.tooLarge, started);

      const contentType = request.header('content-type') ?? null;
      const media = mediaType(contentType);
      if (media === null) return answer(REPLIES.unsupported, started);

      // The header is the authority (reference §6.2): a v2 body's own `hottok` field is never used to authenticate,
      // and a v1 form field only counts when the header is absent.
      const header = request.header(HOTTOK_HEADER);
      if (header !== undefined && !verifyHottok(header, connection.hottoks)) {
        warnUnauthorized(connectionId, 'hottok header does not match');
        return answer(REPLIES.unauthorized, started);
      }
      if (header === undefined && media !== 'form') {
        warnUnauthorized(connectionId, 'no hottok header');
        return answer(REPLIES.unauthorized, started);
      }

      const read = await request.body(bodyLimit);
      if (read.kind === 'too_large') return answer(REPLIES.tooLarge, started);
      if (read.kind === 'aborted') return answer(REPLIES.aborted, started);
      const { bytes } = read;
      const utf8 = isUtf8(bytes);
      // latin1 maps every byte to one character, so a body that isn't UTF-8 is still stored losslessly.
      const body = bytes.toString(utf8 ? 'utf8' : 'latin1');

      if (header === undefined && !verifyHottok(formField(body, 'hottok'), connection.hottoks)) {
        warnUnauthorized(connectionId, 'no hottok header and no matching v1 hottok field');
        return answer(REPLIES.unauthorized, started);
      }

      const receivedAt = now();
      // Hot path: a delivery that starts with its UUID id and ends like a JSON object is stored under that id
      // without parsing ~2 KB of JSON; the dispatcher parses it (same parser) and quarantines it, with the parser's
      // reason, if it is broken after all. Everything else (v1 form posts, odd bodies) goes through the parser now.
      let eventId = media === 'json' && utf8 ? leadingEnvelopeId(body) : undefined;
      let quarantineReason: string | null = null;
      if (eventId === undefined) {
        const parsed = parseWebhook(bytes, contentType, { receivedAt });
        if (parsed.ok) {
          eventId = parsed.event.id;
        } else {
          // The parser names the id when it got that far; an envelope it refused early (an unknown version, say)
          // may still carry one, and redeliveries of it must deduplicate on it too.
          eventId = parsed.error.eventId ?? (media === 'json' ? envelopeId(body) : undefined);
          quarantineReason = `${parsed.error.code}: ${parsed.error.message}`;
        }
      }
      if (!utf8) quarantineReason ??= 'invalid_encoding: the body is not valid UTF-8; it is stored as latin1';
      if (!eventId || eventId.length > MAX_EVENT_ID_LENGTH) {
        eventId = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      }

      const entry: InboxEntry = {
        connectionId,
        eventId,
        receivedAt,
        contentType,
        headers: request.headers(),
        body,
        quarantineReason,
      };
      let result: 'stored' | 'duplicate';
      try {
        result = await store.ingest(entry);
      } catch (error) {
        logger.error({ err: error, connection: connectionId, eventId }, 'inbox write failed; answered 503');
        return answer(REPLIES.unavailable, started);
      }
      const outcome: IngestOutcome =
        result === 'duplicate' ? 'duplicate' : quarantineReason ? 'quarantined' : 'stored';
      if (outcome === 'quarantined') {
        logger.warn({ connection: connectionId, eventId, reason: quarantineReason }, 'delivery quarantined');
      } else {
        logger.debug({ connection: connectionId, eventId, outcome }, 'delivery acknowledged');
      }
      return answer({ ...OK, outcome }, started);
    } catch (error) {
      logger.error({ err: error, connection: connectionId }, 'webhook handling failed; answered 503');
      return answer(REPLIES.unavailable, started);
    }
  };
}

/** `json`, `form`, or null for any other (or no) content type. Parameters such as `charset` are ignored. */
function mediaType(contentType: string | null): 'json' | 'form' | null {
  if (contentType === null) return null;
  const semicolon = contentType.indexOf(';');
  const media = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (media === 'application/json' || media === 'text/json' || media.endsWith('+json')) return 'json';
  if (media === 'application/x-www-form-urlencoded') return 'form';
  return null;
}

/** The string `id` of a JSON object body, if it has one (used on the quarantine path only). */
function envelopeId(body: string): string | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const id = (value as { id?: unknown }).id;
    return typeof id === 'string' && id.trim() !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

// Every published delivery starts with its id (reference §6.5, all fixtures): `{"id":"<uuid>",…`. The first member
// of the root object is the top-level id, so this reads the id the parser will read (unless the key is repeated
// later in the body, which JSON.parse would let win; no sender does that). Only UUIDs qualify: an escape sequence
// or any other shape takes the parser's path.
const LEADING_ID =
  /^\s*\{\s*"id"\s*:\s*"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"\s*,/;

/**
 * The envelope id of a body that starts with it and ends with `}` (a truncated body rarely does), or undefined.
 * Regex on the first bytes plus a look at the last ones: no allocation, no full parse.
 */
function leadingEnvelopeId(body: string): string | undefined {
  const match = LEADING_ID.exec(body);
  if (!match) return undefined;
  let end = body.length - 1;
  while (end > 0 && isJsonWhitespace(body.charCodeAt(end))) end--;
  return body.charCodeAt(end) === 0x7d /* } */ ? match[1] : undefined;
}

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function formField(body: string, name: string): string | undefined {
  try {
    return new URLSearchParams(body).get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

function viewOf(c: Context): RequestView {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming) {
    const raw = incoming.headers;
    return {
      header: (name) => single(raw[name]),
      headers: () => keptHeaders((name) => single(raw[name])),
      body: (limit) => readIncomingBody(incoming, limit),
    };
  }
  const raw = c.req.raw;
  return {
    header: (name) => raw.headers.get(name) ?? undefined,
    headers: () => keptHeaders((name) => raw.headers.get(name) ?? undefined),
    body: (limit) => readRequestBody(raw, limit),
  };
}

function single(value: IncomingHttpHeaders[string]): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function keptHeaders(read: (name: string) => string | undefined): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = read(name);
    if (value !== undefined) kept[name] = value;
  }
  return kept;
}

// A flood of bad deliveries must not become a flood of log lines: one warning per connection and reason every
// 10 s, with the number suppressed in between. The token itself is never logged.
function throttledWarning(logger: Logger, now: Clock): (connection: string, reason: string) => void {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (connection, reason) => {
    const key = `${connection}\u0000${reason}`;
    const at = now();
    const seen = last.get(key);
    if (seen && at - seen.at < 10_000) {
      seen.suppressed++;
      return;
    }
    if (last.size > 1_000) last.clear();
    last.set(key, { at, suppressed: 0 });
    logger.warn({ connection, reason, suppressedSinceLast: seen?.suppressed ?? 0 }, 'webhook rejected: 401');
  };
}
