import { VendorError } from '../errors.ts';
import { defineConnector } from '../kit.ts';
import {
  type HubspotCredentials,
  hubspotClient,
  hubspotCredentials,
  hubspotSettings,
} from './hubspot-client.ts';

/**
 * The HubSpot connector: a private app token, and CRM actions for contacts, deals, leads, notes and static lists.
 * The connection test reads one contact (`GET /crm/v3/objects/contacts?limit=1`), the cheapest call the scopes
 * the actions need already allow.
 *
 * @example
 * import { hubspotConnector } from './hubspot-connector.ts';
 * const result = await hubspotConnector.test(ctx); // { ok: true, message: 'HubSpot private app token works …' }
 */
export const hubspotConnector = defineConnector<HubspotCredentials>({
  id: 'hubspot',
  title: 'HubSpot',
  description:
    'HubSpot CRM through a private app access token: contacts, deals, leads, notes and static list memberships.',
  credentials: hubspotCredentials,
  settings: hubspotSettings,
  test: async (ctx) => {
    try {
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/basic/get-crm-v3-objects-contacts
      await hubspotClient(ctx).send({
        method: 'GET',
        path: '/crm/v3/objects/contacts',
        query: { limit: 1 },
        idempotent: true,
        operation: 'contacts.list',
      });
      return { ok: true, message: 'HubSpot private app token works (contacts are readable)' };
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      if (error.status === 401) {
        return {
          ok: false,
          message:
            'HubSpot rejected the access token (401): copy the token of your private app again (Settings › Integrations › Private Apps)',
        };
      }
      if (error.status === 403) {
        return {
          ok: false,
          message: `HubSpot refused the call (403 ${error.code}): give the private app the crm.objects.contacts.read scope and the others listed in docs/connectors.md`,
        };
      }
      return { ok: false, message: `HubSpot could not be reached: ${error.message}` };
    }
  },
});
