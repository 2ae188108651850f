import { AccountInfoBody, AccountInfoResponse } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_get_account_info`: a GraphQL-shaped account query (`POST /accounts/api/v1/info`, reference §4.8).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetAccountInfo } from './get-account-info.ts';
 * const result = await invokeAction(hotmartGetAccountInfo, { query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "c9e5e3f4" }) { name } }' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetAccountInfo = defineHotmartAction({
  id: 'hotmart_get_account_info',
  title: 'Query account info',
  description: 'Runs a GraphQL-shaped query about a Hotmart account (accountByFilterToExternalApplication).',
  llmHint:
    'Rarely needed: prefer hotmart_get_user_me. Use to look up another account by ucode. Needs `query`, e.g. `{ accountByFilterToExternalApplication(accountInput: { ucode: "…" }) { name } }`; optional `variables`. Returns `{ data, errors }`.',
  input: actionInput({}, AccountInfoBody.shape),
  output: AccountInfoResponse,
  effect: 'read',
  idempotent: true,
  call: (client, body, options) => client.user.accountInfo(body, options),
});
