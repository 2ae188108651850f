import { Hono } from 'hono';
import { z } from 'zod';
import { OBJECT_TYPE_IDS } from './crm-schema.ts';
import { HubspotApiError } from './hubspot-error.ts';
import { readJsonBody } from './hubspot-http.ts';
import { type CrmList, type HubspotState, listResource } from './hubspot-state.ts';

const createListSchema = z.object({
  name: z.string().trim().min(1),
  objectTypeId: z.enum(Object.values(OBJECT_TYPE_IDS) as [string, ...string[]]),
  processingType: z.enum(['MANUAL', 'SNAPSHOT', 'DYNAMIC']),
  listFolderId: z.int().optional(),
  customProperties: z.record(z.string(), z.string()).optional(),
  filterBranch: z.unknown().optional(),
});

const recordIdsSchema = z.array(z.union([z.string().min(1), z.int()]).transform(String));

/**
 * Lists API v3 routes for static (MANUAL) lists (https://developers.hubspot.com/docs/api/crm/lists): create, read
 * (by id or by name), add, remove and read memberships. Membership changes answer HubSpot's
 * `MembershipsUpdateResponse`, whose "added" field really is spelled `recordsIdsAdded`.
 *
 * @example
 * const routes = createListsRoutes(state);
 */
export function createListsRoutes(state: HubspotState): Hono {
  const app = new Hono();

  // POST /crm/v3/lists with { name, objectTypeId, processingType } answers { list }.
  app.post('/crm/v3/lists', async (c) => {
    const parsed = createListSchema.safeParse(await readJsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      throw HubspotApiError.validation(
        `Invalid list definition: ${field}: ${issue?.message ?? 'invalid'}`,
        field,
      );
    }
    const list = state.createList(
      parsed.data as { name: string; objectTypeId: string; processingType: CrmList['processingType'] },
    );
    return c.json({ list: listResource(list) });
  });

  // GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}
  app.get('/crm/v3/lists/object-type-id/:objectTypeId/name/:listName', (c) => {
    const list = state.listByName(c.req.param('objectTypeId'), c.req.param('listName'));
    if (!list) throw HubspotApiError.notFound(`List does not exist with name ${c.req.param('listName')}.`);
    return c.json({ list: listResource(list) });
  });

  // GET /crm/v3/lists/{listId}
  app.get('/crm/v3/lists/:listId', (c) =>
    c.json({ list: listResource(requireList(state, c.req.param('listId'))) }),
  );

  // PUT /crm/v3/lists/{listId}/memberships/add with a JSON array of record ids.
  app.put('/crm/v3/lists/:listId/memberships/add', async (c) => {
    const ids = parseIds(await readJsonBody(c));
    const result = state.changeMembers(c.req.param('listId'), ids, []);
    return c.json({ recordIdsMissing: result.missing, recordsIdsAdded: result.added });
  });

  // PUT /crm/v3/lists/{listId}/memberships/remove with a JSON array of record ids.
  app.put('/crm/v3/lists/:listId/memberships/remove', async (c) => {
    const ids = parseIds(await readJsonBody(c));
    const result = state.changeMembers(c.req.param('listId'), [], ids);
    return c.json({ recordIdsMissing: result.missing, recordIdsRemoved: result.removed });
  });

  // PUT /crm/v3/lists/{listId}/memberships/add-and-remove with { recordIdsToAdd, recordIdsToRemove }.
  app.put('/crm/v3/lists/:listId/memberships/add-and-remove', async (c) => {
    const body = (await readJsonBody(c)) as
      | { recordIdsToAdd?: unknown; recordIdsToRemove?: unknown }
      | undefined;
    const add = parseIds(body?.recordIdsToAdd ?? [], 'recordIdsToAdd');
    const remove = parseIds(body?.recordIdsToRemove ?? [], 'recordIdsToRemove');
    const result = state.changeMembers(c.req.param('listId'), add, remove);
    return c.json({
      recordIdsMissing: result.missing,
      recordsIdsAdded: result.added,
      recordIdsRemoved: result.removed,
    });
  });

  // GET /crm/v3/lists/{listId}/memberships?limit&after: members by record id, with when they joined.
  app.get('/crm/v3/lists/:listId/memberships', (c) => {
    const list = requireList(state, c.req.param('listId'));
    const query = new URL(c.req.url).searchParams;
    const limit = Number(query.get('limit') ?? 100);
    const after = Number(query.get('after') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
      throw HubspotApiError.validation('limit must be an integer from 1 to 250', 'limit');
    }
    if (!Number.isInteger(after) || after < 0)
      throw HubspotApiError.validation('after must be a paging cursor', 'after');
    const members = [...list.members].sort(([a], [b]) => Number(a) - Number(b));
    const page = members.slice(after, after + limit);
    const next = after + page.length;
    return c.json({
      results: page.map(([recordId, joined]) => ({ recordId, membershipTimestamp: joined.toISOString() })),
      total: members.length,
      ...(next < members.length ? { paging: { next: { after: String(next) } } } : {}),
    });
  });

  return app;
}

function requireList(state: HubspotState, listId: string): CrmList {
  const list = state.list(listId);
  if (!list) throw HubspotApiError.notFound(`List does not exist with ID ${listId}.`);
  return list;
}

function parseIds(body: unknown, field = 'body'): string[] {
  const parsed = recordIdsSchema.safeParse(body);
  if (!parsed.success) throw HubspotApiError.validation(`${field} must be a JSON array of record ids`, field);
  return parsed.data;
}
