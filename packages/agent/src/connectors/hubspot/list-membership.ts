import { z } from 'zod';
import type { HubspotClient } from './hubspot-client.ts';

/**
 * The input both list-membership actions take: a static list and the contacts to add or remove.
 *
 * @example
 * import { listMembershipInput } from './list-membership.ts';
 * listMembershipInput.parse({ listId: '12', contactIds: ['101', '102'] });
 */
export const listMembershipInput = z.strictObject({
  /** The list's ILS id (Contacts › Lists › the list's "List ID"); MANUAL or SNAPSHOT lists only. */
  listId: z.string().regex(/^\d+$/, 'must be a HubSpot list id (digits)'),
  contactIds: z.array(z.string().regex(/^\d+$/, 'must be a HubSpot record id')).min(1).max(1_000),
});

const membershipAnswer = z.looseObject({
  recordIdsMissing: z.array(z.coerce.string()).default([]),
  // HubSpot's field really is spelled `recordsIdsAdded` (MembershipsUpdateResponse).
  recordsIdsAdded: z.array(z.coerce.string()).default([]),
  recordIdsRemoved: z.array(z.coerce.string()).default([]),
});

/**
 * Adds or removes records of a static list (`PUT /crm/v3/lists/{listId}/memberships/add|remove` with a JSON array
 * of record ids: https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/memberships/add-to-list).
 * Membership is a set, so sending the same change twice has the effect of once: retried freely.
 *
 * @example
 * import { changeListMembership } from './list-membership.ts';
 * const result = await changeListMembership(hubspot, 'add', '12', ['101']);
 */
export async function changeListMembership(
  hubspot: HubspotClient,
  change: 'add' | 'remove',
  listId: string,
  contactIds: readonly string[],
): Promise<{ changed: string[]; missing: string[] }> {
  const response = await hubspot.send({
    method: 'PUT',
    path: `/crm/v3/lists/${encodeURIComponent(listId)}/memberships/${change}`,
    body: [...new Set(contactIds)],
    idempotent: true,
    operation: `lists.memberships.${change}`,
  });
  const answer = hubspot.http.parse(membershipAnswer, response);
  return {
    changed: change === 'add' ? answer.recordsIdsAdded : answer.recordIdsRemoved,
    missing: answer.recordIdsMissing,
  };
}
