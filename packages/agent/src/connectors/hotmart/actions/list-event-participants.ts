import { EventParticipantItem, EventParticipantsParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_event_participants`: the tickets of an event with buyer, participant and check-in (`GET /events/api/v1/{event_id}/participants`, reference §4.6).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListEventParticipants } from './list-event-participants.ts';
 * const result = await invokeAction(hotmartListEventParticipants, { event_id: 5485679, ticket_status: 'SOLD', all: true }, { connector: hotmartConnector, connection });
 */
export const hotmartListEventParticipants = defineHotmartAction({
  id: 'hotmart_list_event_participants',
  title: 'List event participants',
  description: 'Lists the tickets of an event with their buyer, participant, lot, status and check-in state.',
  llmHint:
    "Use for attendee lists and check-in questions. Needs `event_id` (the event product's id). Filter by `ticket_status` (SOLD, REFUNDED…), `ticket_type`, `checkin_status`, `buyer_email`, `participant_email`, `id_lot`. `participant` is null until the ticket is assigned. Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({ event_id: PathParams.event_id }, EventParticipantsParams.shape),
  output: listOutput(EventParticipantItem),
  effect: 'read',
  idempotent: true,
  call: (client, { event_id, all, limit, ...params }, options) =>
    readList(client.events.participants(event_id, params, options), { all, limit }),
});
