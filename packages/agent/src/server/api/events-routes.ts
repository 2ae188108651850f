import { z } from 'zod';
import type { EventRecord } from '../../store/port.ts';
import { actorOf } from '../auth/principal.ts';
import { ApiError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { Cursor, iso, JsonObject, Limit, requestSchema, responseSchema, Timestamp } from './api-schemas.ts';
import { decodeCursor, pageOf } from './cursor.ts';
import { RunSummary, runSummary } from './run-schemas.ts';

/**
 * An event in lists: the Hotmart delivery, parsed and normalised, without its payload.
 *
 * @example
 * import { EventSummary } from './events-routes.ts';
 * type Summary = import('zod').infer<typeof EventSummary>;
 */
export const EventSummary = responseSchema(
  'EventSummary',
  z.object({
    id: z.string().describe("Hotmart's event id (the dedup key)."),
    connectionId: z.string(),
    name: z.string().describe('e.g. `PURCHASE_APPROVED`.'),
    version: z.string(),
    occurredAt: Timestamp,
    receivedAt: Timestamp,
    transaction: z.string().nullable(),
    buyerEmail: z.string().nullable(),
    subscriberCode: z.string().nullable(),
    productId: z.string().nullable(),
    reconciled: z.boolean().describe('True for synthetic events created by reconciliation.'),
  }),
  'A received Hotmart event.',
);

/**
 * One page of events, newest first.
 *
 * @example
 * import { EventPage } from './events-routes.ts';
 * type Page = import('zod').infer<typeof EventPage>;
 */
export const EventPage = responseSchema(
  'EventPage',
  z.object({ items: z.array(EventSummary), nextCursor: z.string().nullable() }),
  'A page of events; pass `nextCursor` as `cursor` for the next one.',
);

/**
 * An event with its normalised fields, its payload as Hotmart sent it (parsed), and its runs.
 *
 * @example
 * import { EventDetail } from './events-routes.ts';
 * type Detail = import('zod').infer<typeof EventDetail>;
 */
export const EventDetail = responseSchema(
  'EventDetail',
  EventSummary.extend({
    normalized: JsonObject.describe('The normalised event (`normalizeWebhook`).'),
    payload: z.unknown().describe('The delivery as Hotmart sent it, parsed.'),
    runs: z.array(RunSummary),
  }),
  'A received Hotmart event with its payload and runs.',
);

/**
 * Options of an event replay.
 *
 * @example
 * import { ReplayEventRequest } from './events-routes.ts';
 * ReplayEventRequest.parse({}); // { mode: 'whole' }
 */
export const ReplayEventRequest = requestSchema(
  'ReplayEventRequest',
  z.strictObject({
    mode: z
      .enum(['whole', 'failed'])
      .default('whole')
      .describe(
        '`whole` (default) runs every workflow again from its first step; `failed` resumes at the failed step.',
      ),
  }),
);

/**
 * The outcome of an event replay.
 *
 * @example
 * import { ReplayEventResult } from './events-routes.ts';
 * type Result = import('zod').infer<typeof ReplayEventResult>;
 */
export const ReplayEventResult = responseSchema(
  'ReplayEventResult',
  z.object({
    eventId: z.string(),
    replayed: z.array(z.string()).describe('Ids of the runs queued again.'),
    skipped: z.array(z.string()).describe('Ids of runs that could not be replayed (changed meanwhile).'),
  }),
);

const EventParams = z.object({ id: z.string().min(1).max(300) });

const EventQuery = z.object({
  name: z.array(z.string().min(1).max(100)).max(50).optional().describe('Event names (repeat for several).'),
  connection: z.string().min(1).max(100).optional().describe('Connection id.'),
  email: z.string().min(1).max(254).optional().describe("Buyer's e-mail (exact)."),
  transaction: z.string().min(1).max(100).optional().describe('Hotmart transaction code.'),
  limit: Limit,
  cursor: Cursor.optional(),
});

/**
 * An event as the API shows it in lists.
 *
 * @example
 * import { eventSummary } from './events-routes.ts';
 * const view = eventSummary(event);
 */
export function eventSummary(event: EventRecord): z.input<typeof EventSummary> {
  return {
    id: event.id,
    connectionId: event.connectionId,
    name: event.name,
    version: event.version,
    occurredAt: iso(event.occurredAt),
    receivedAt: iso(event.receivedAt),
    transaction: event.transaction,
    buyerEmail: event.buyerEmail,
    subscriberCode: event.subscriberCode,
    productId: event.productId,
    reconciled: event.reconciled,
  };
}

const listEvents = defineApiRoute({
  method: 'get',
  path: '/events',
  operationId: 'listEvents',
  tag: 'events',
  summary: 'List events',
  description: 'Received Hotmart events, newest first, filtered by name, connection, buyer or transaction.',
  scope: 'read',
  role: 'viewer',
  query: EventQuery,
  response: EventPage,
  async handler({ query, deps }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const events = await deps.store.listEvents({
      ...(query.name ? { name: query.name } : {}),
      ...(query.connection ? { connectionId: query.connection } : {}),
      ...(query.email ? { buyerEmail: query.email.trim().toLowerCase() } : {}),
      ...(query.transaction ? { transaction: query.transaction } : {}),
      ...(before ? { before: { receivedAt: before.at, id: before.id } } : {}),
      limit: query.limit + 1,
    });
    const page = pageOf(events, query.limit, (event) => ({ at: event.receivedAt, id: event.id }));
    return { items: page.items.map(eventSummary), nextCursor: page.nextCursor };
  },
});

const getEvent = defineApiRoute({
  method: 'get',
  path: '/events/:id',
  operationId: 'getEvent',
  tag: 'events',
  summary: 'Show an event',
  description: 'One event with its normalised fields, its payload and the runs it started.',
  scope: 'read',
  role: 'viewer',
  params: EventParams,
  response: EventDetail,
  errors: [404],
  async handler({ params, deps }) {
    const event = await deps.store.getEvent(params.id);
    if (!event) throw new ApiError(404, 'not_found', 'no event has this id');
    const runs = await deps.store.listRuns({ eventId: event.id, limit: 1000 });
    return {
      ...eventSummary(event),
      normalized: event.normalized,
      payload: event.payload ?? null,
      runs: runs.map(runSummary),
    };
  },
});

const replayEvent = defineApiRoute({
  method: 'post',
  path: '/events/:id/replay',
  operationId: 'replayEvent',
  tag: 'events',
  summary: 'Replay an event',
  description:
    'Queues every run the event started again (by default from the first step). The event itself is not ' +
    'received again; runs already running are fenced off and restarted. Audited.',
  scope: 'write',
  role: 'operator',
  params: EventParams,
  body: ReplayEventRequest,
  response: ReplayEventResult,
  errors: [404],
  async handler({ params, body, deps, principal }) {
    const event = await deps.store.getEvent(params.id);
    if (!event) throw new ApiError(404, 'not_found', 'no event has this id');
    const runs = await deps.store.listRuns({ eventId: event.id, limit: 1000 });
    const replayed: string[] = [];
    const skipped: string[] = [];
    for (const run of runs) {
      const done = deps.engine
        ? await deps.engine.replay(run.id, body.mode)
        : await deps.store.replayRun(run.id, body.mode, deps.now());
      (done ? replayed : skipped).push(run.id);
    }
    await deps.store.appendAudit(
      {
        actor: actorOf(principal),
        action: 'event.replay',
        target: event.id,
        details: { mode: body.mode, replayed, skipped },
      },
      deps.now(),
    );
    return { eventId: event.id, replayed, skipped };
  },
});

/**
 * The `/events` endpoints: list (filters, keyset pagination), show (payload and runs), replay (requeue its runs).
 *
 * @example
 * import { eventRoutes } from './events-routes.ts';
 * console.log(eventRoutes.map((route) => `${route.method} ${route.path}`));
 */
export const eventRoutes: readonly AnyApiRoute[] = [listEvents, getEvent, replayEvent];
