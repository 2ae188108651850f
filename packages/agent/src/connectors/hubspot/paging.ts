import { z } from 'zod';
import type { VendorHttpResponse } from '../http.ts';
import type { HubspotClient } from './hubspot-client.ts';

/**
 * The cursor HubSpot puts on a page that has a next one, `paging.next.after`
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/search#paging-through-results); absent on the last
 * page. Spread into a page schema.
 *
 * @example
 * import { z } from 'zod';
 * import { hubspotPaging } from './paging.ts';
 * const page = z.looseObject({ results: z.array(z.unknown()), ...hubspotPaging });
 */
export const hubspotPaging = {
  paging: z.looseObject({ next: z.looseObject({ after: z.coerce.string() }).optional() }).optional(),
};

/**
 * One page read by `hubspotPages`: the parsed answer, the response (for errors naming the request) and the cursor
 * of the next page, undefined on the last.
 *
 * @example
 * import type { HubspotPage } from './paging.ts';
 * const isLast = (page: HubspotPage<unknown>) => page.next === undefined;
 */
export interface HubspotPage<T> {
  answer: T;
  response: VendorHttpResponse;
  next: string | undefined;
}

/**
 * Reads pages one after the other, asking `request` for each with the cursor of the one before (undefined for
 * the first), until a page has no next cursor or the caller stops iterating. Caps and a cursor that does not
 * advance are the caller's to decide.
 *
 * @example
 * import { z } from 'zod';
 * import { hubspotClient } from './hubspot-client.ts';
 * import { hubspotPages, hubspotPaging } from './paging.ts';
 * const schema = z.looseObject({ results: z.array(z.looseObject({ recordId: z.coerce.string() })), ...hubspotPaging });
 * for await (const { answer } of hubspotPages(hubspotClient(ctx), schema, (after) => ({
 *   method: 'GET', path: '/crm/v3/lists/12/memberships', query: { limit: 250, after }, idempotent: true,
 * }))) console.log(answer.results.length);
 */
export async function* hubspotPages<
  T extends { paging?: { next?: { after: string } | undefined } | undefined },
>(
  hubspot: HubspotClient,
  schema: z.ZodType<T>,
  request: (after: string | undefined) => Parameters<HubspotClient['send']>[0],
): AsyncGenerator<HubspotPage<T>, void, undefined> {
  let after: string | undefined;
  for (;;) {
    const response = await hubspot.send(request(after));
    const answer = hubspot.http.parse(schema, response);
    const next = answer.paging?.next?.after;
    yield { answer, response, next };
    if (next === undefined) return;
    after = next;
  }
}
