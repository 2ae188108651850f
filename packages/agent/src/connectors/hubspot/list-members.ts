import { z } from 'zod';
import { createVendorError } from '../errors.ts';
import { defineAction } from '../kit.ts';
import { type HubspotCredentials, hubspotClient } from './hubspot-client.ts';
import { hubspotPages, hubspotPaging } from './paging.ts';

// The most the memberships endpoint returns per page (limit 1–250).
const PAGE = 250;

const input = z.strictObject({
  /** The list's ILS id (Contacts › Lists › the list's "List ID"). */
  listId: z.string().regex(/^\d+$/, 'must be a HubSpot list id (digits)'),
  /** Stop after this many members (a guard against a list far bigger than expected). */
  max: z.int().min(1).max(1_000_000).default(200_000),
});

const output = z.strictObject({
  /** Record ids of the members, ascending. */
  memberIds: z.array(z.string()),
  /** True when `max` cut the list short. */
  truncated: z.boolean(),
});

const page = z.looseObject({
  results: z.array(z.looseObject({ recordId: z.coerce.string() })).default([]),
  ...hubspotPaging,
});

/**
 * Reads every member of a list (`GET /crm/v3/lists/{listId}/memberships?limit=250&after=…`, ordered by record id:
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/lists/memberships/get-memberships-by-id), following
 * `paging.next.after` until it is absent. A cursor that does not advance is an error, not a loop.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotListMembers } from './list-members.ts';
 * const { memberIds } = await invokeAction(hubspotListMembers, { listId: '12' }, { connector: hubspotConnector, connection });
 */
export const hubspotListMembers = defineAction<
  z.input<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_list_members',
  connector: 'hubspot',
  title: 'Read the members of a HubSpot list',
  description: 'Lists the record ids of every member of a HubSpot list, page by page.',
  llmHint:
    'Use to see who is in a HubSpot list (e.g. to compare it with the active subscribers). Needs the list id; returns contact record ids, not e-mails.',
  input,
  output,
  effect: 'read',
  idempotent: true,
  run: async (ctx, args) => {
    const max = args.max ?? 200_000;
    const memberIds: string[] = [];
    let after: string | undefined;
    const pages = hubspotPages(hubspotClient(ctx), page, (cursor) => ({
      method: 'GET',
      path: `/crm/v3/lists/${encodeURIComponent(args.listId)}/memberships`,
      query: { limit: PAGE, after: cursor },
      idempotent: true,
      operation: 'lists.memberships.get',
    }));
    for await (const { answer, response, next } of pages) {
      for (const member of answer.results) memberIds.push(member.recordId);
      // Cut short only when members remain beyond `max` (a list of exactly `max` members is complete).
      if (memberIds.length > max || (memberIds.length === max && next !== undefined)) {
        return { memberIds: memberIds.slice(0, max), truncated: true };
      }
      if (next === undefined || answer.results.length === 0) break;
      if (next === after) {
        throw createVendorError({
          vendor: 'hubspot',
          status: response.status,
          code: 'PAGING_STUCK',
          vendorMessage: `the memberships cursor did not advance (after=${next})`,
          request: response.request,
          retryable: false,
        });
      }
      after = next;
    }
    return { memberIds, truncated: false };
  },
});
