import { strictParams, UserMe } from '@hotpilot/hotmart';
import { defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_get_user_me`: the profile of the connected account (`GET /user/api/v1/me`, reference §4.8).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetUserMe } from './get-user-me.ts';
 * const result = await invokeAction(hotmartGetUserMe, {}, { connector: hotmartConnector, connection });
 */
export const hotmartGetUserMe = defineHotmartAction({
  id: 'hotmart_get_user_me',
  title: 'Get the connected Hotmart account',
  description:
    "Shows the profile of the Hotmart account the connection's credentials belong to: name, e-mail, ucode, locale, time zone and commission currency.",
  llmHint:
    'Use to learn which Hotmart account is connected, its time zone or its commission currency. Takes no input.',
  input: strictParams({}),
  output: UserMe,
  effect: 'read',
  idempotent: true,
  call: (client, _input, options) => client.user.me(options),
});
