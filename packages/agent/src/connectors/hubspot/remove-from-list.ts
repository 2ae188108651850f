import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { type HubspotCredentials, hubspotClient } from './hubspot-client.ts';
import { changeListMembership, listMembershipInput } from './list-membership.ts';

const output = z.strictObject({
  /** Contacts that left the list now. */
  removed: z.array(z.string()),
  /** Ids HubSpot does not know. */
  missing: z.array(z.string()),
});

/**
 * Removes contacts from a static (MANUAL or SNAPSHOT) HubSpot list
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/memberships/remove-from-list).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotRemoveFromList } from './remove-from-list.ts';
 * await invokeAction(hubspotRemoveFromList, { listId: '12', contactIds: ['101'] }, { connector: hubspotConnector, connection });
 */
export const hubspotRemoveFromList = defineAction<
  z.infer<typeof listMembershipInput>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_remove_from_list',
  connector: 'hubspot',
  title: 'Remove contacts from a HubSpot list',
  description: 'Removes contacts from a static list (e.g. after a refund).',
  llmHint:
    'Use to take contacts out of a static HubSpot list, e.g. when a purchase is refunded. Needs the list id and contact ids; removing a non-member is harmless.',
  input: listMembershipInput,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const result = await changeListMembership(hubspotClient(ctx), 'remove', args.listId, args.contactIds);
    return { removed: result.changed, missing: result.missing };
  },
});
