import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import { EventInfoResponse, EventParticipantItem, EventParticipantsParams } from '../schemas/index.ts';

/**
 * `client.events`: event tickets (reference §4.6). `eventId` is the product id of the event product; paths are
 * the official `/events/api/v1/{event_id}/…`, not HPY's `/payments/api/v1/events` (§9).
 *
 * @example
 * const info = await client.events.info(5485679);
 * for await (const ticket of client.events.participants(5485679, { ticket_status: 'SOLD' })) {
 *   console.log(ticket.participant?.email);
 * }
 */
export class EventsResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /events/api/v1/{event_id}/info`: the event product, its lots, start and end (ms). */
  async info(eventId: number | string, options?: RequestOptions): Promise<EventInfoResponse> {
    return this.#api.call(
      {
        name: 'events.info',
        method: 'GET',
        path: `/events/api/v1/${pathSegment('eventId', eventId)}/info`,
        idempotent: true,
      },
      EventInfoResponse,
      options,
    );
  }

  /** `GET /events/api/v1/{event_id}/participants`: tickets with buyer, participant, lot and check-in status. */
  participants(
    eventId: number | string,
    params: EventParticipantsParams = {},
    options?: RequestOptions,
  ): PagePromise<EventParticipantItem> {
    return this.#api.list(
      'events.participants',
      () => ({
        name: 'events.participants',
        method: 'GET',
        path: `/events/api/v1/${pathSegment('eventId', eventId)}/participants`,
        query: parseInput(EventParticipantsParams, params, 'events.participants parameters'),
        idempotent: true,
      }),
      EventParticipantItem,
      options,
    );
  }
}
