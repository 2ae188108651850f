import { ChangeDueDayBody, EmptyResponse } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_change_due_day`: sets the day a subscription is charged (`PATCH /payments/api/v1/subscriptions/{subscriber_code}`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartChangeDueDay } from './change-due-day.ts';
 * const result = await invokeAction(hotmartChangeDueDay, { subscriber_code: 'ABC12DEF', due_day: 10 }, { connector: hotmartConnector, connection });
 */
export const hotmartChangeDueDay = defineHotmartAction({
  id: 'hotmart_change_due_day',
  title: "Change a subscription's charge day",
  description: 'Changes the day of the month (or week, for weekly plans) on which a subscription is charged.',
  llmHint:
    'Use when a subscriber asks to be charged on another day. Needs `subscriber_code` and `due_day`: 1–31 (day of month; for weekly plans 1 = Monday … 7 = Sunday). Not allowed during a trial; the new day applies after the next scheduled charge. Returns `{}`.',
  input: actionInput({ subscriber_code: PathParams.subscriber_code }, ChangeDueDayBody.shape),
  output: EmptyResponse,
  effect: 'write',
  idempotent: true,
  call: (client, { subscriber_code, ...body }, options) =>
    client.subscriptions.changeDueDay(subscriber_code, body, options),
});
