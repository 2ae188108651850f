import { EventInfoResponse, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_get_event_info`: an event product's lots and dates (`GET /events/api/v1/{event_id}/info`, reference §4.6).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetEventInfo } from './get-event-info.ts';
 * const result = await invokeAction(hotmartGetEventInfo, { event_id: 5485679 }, { connector: hotmartConnector, connection });
 */
export const hotmartGetEventInfo = defineHotmartAction({
  id: 'hotmart_get_event_info',
  title: 'Get event info',
  description: 'Shows an event (ticketed product): its ticket lots and its start and end dates.',
  llmHint:
    'Use to describe an event or find a lot id for hotmart_list_event_participants. Needs `event_id`, the product id of the event product. Dates are epoch milliseconds.',
  input: strictParams({ event_id: PathParams.event_id }),
  output: EventInfoResponse,
  effect: 'read',
  idempotent: true,
  call: (client, { event_id }, options) => client.events.info(event_id, options),
});
