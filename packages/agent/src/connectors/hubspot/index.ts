import type { AnyAction } from '../kit.ts';
import { hubspotAddToList } from './add-to-list.ts';
import { hubspotUpsertContacts } from './batch-upsert-contacts.ts';
import { hubspotCreateLead } from './create-lead.ts';
import { hubspotCreateNote } from './create-note.ts';
import { hubspotFindContact } from './find-contact.ts';
import { hubspotFindContacts } from './find-contacts.ts';
import { hubspotListMembers } from './list-members.ts';
import { hubspotRemoveFromList } from './remove-from-list.ts';
import { hubspotUpsertContact } from './upsert-contact.ts';
import { hubspotUpsertDeal } from './upsert-deal.ts';

export type { HubspotCredentials } from './hubspot-client.ts';
export { hubspotConnector } from './hubspot-connector.ts';
export {
  hubspotAddToList,
  hubspotCreateLead,
  hubspotCreateNote,
  hubspotFindContact,
  hubspotFindContacts,
  hubspotListMembers,
  hubspotRemoveFromList,
  hubspotUpsertContact,
  hubspotUpsertContacts,
  hubspotUpsertDeal,
};

/**
 * Every HubSpot action, for the registry.
 *
 * @example
 * import { hubspotActions } from './index.ts';
 * hubspotActions.map((action) => action.id); // ['hubspot_upsert_contact', …]
 */
export const hubspotActions: readonly AnyAction[] = [
  hubspotUpsertContact,
  hubspotUpsertDeal,
  hubspotCreateLead,
  hubspotCreateNote,
  hubspotAddToList,
  hubspotRemoveFromList,
  hubspotFindContact,
  hubspotListMembers,
  hubspotFindContacts,
  hubspotUpsertContacts,
];
