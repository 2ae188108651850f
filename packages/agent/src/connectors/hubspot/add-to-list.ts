import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { type HubspotCredentials, hubspotClient } from './hubspot-client.ts';
import { changeListMembership, listMembershipInput } from './list-membership.ts';

const output = z.strictObject({
  /** Contacts that joined the list now (members already in it are not listed). */
  added: z.array(z.string()),
  /** Ids HubSpot does not know. */
  missing: z.array(z.string()),
});

/**
 * Adds contacts to a static (MANUAL or SNAPSHOT) HubSpot list.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotAddToList } from './add-to-list.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * await invokeAction(hubspotAddToList, { listId: '12', contactIds: ['101'] }, { connector: hubspotConnector, connection });
 */
export const hubspotAddToList = defineAction<
  z.infer<typeof listMembershipInput>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_add_to_list',
  connector: 'hubspot',
  title: 'Add contacts to a HubSpot list',
  description: 'Adds contacts to a static list (e.g. "Buyers of Course A").',
  llmHint:
    'Use to put contacts in a static HubSpot list, e.g. to segment buyers. Needs the list id and contact ids; adding a member twice is harmless.',
  input: listMembershipInput,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const result = await changeListMembership(hubspotClient(ctx), 'add', args.listId, args.contactIds);
    return { added: result.changed, missing: result.missing };
  },
});
