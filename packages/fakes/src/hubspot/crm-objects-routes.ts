import { Hono } from 'hono';
import { z } from 'zod';
import { type CrmObjectType, objectTypeFrom, type PropertyDefinition } from './crm-schema.ts';
import { HubspotApiError } from './hubspot-error.ts';
import { listParam, objectTypeParam, readJsonBody, readJsonObject, recordResource } from './hubspot-http.ts';
import type { HubspotState } from './hubspot-state.ts';

// Unknown fields are ignored, so a definition read from `GET /crm/v3/properties` can be posted back.
const propertySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must start with a lowercase letter and use a-z, 0-9 and _'),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool']),
  fieldType: z.string().min(1),
  groupName: z.string().min(1),
  description: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  displayOrder: z.int().optional(),
  formField: z.boolean().optional(),
  hidden: z.boolean().optional(),
  options: z
    .array(
      z.object({
        label: z.string(),
        value: z.string(),
        displayOrder: z.int().optional(),
        hidden: z.boolean().optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
});

/**
 * CRM v3 object, search, property and pipeline routes (https://developers.hubspot.com/docs/api/crm/understanding-the-crm).
 *
 * @example
 * const routes = createCrmObjectsRoutes(state);
 */
export function createCrmObjectsRoutes(state: HubspotState): Hono {
  const app = new Hono();

  // Search: https://developers.hubspot.com/docs/api/crm/search (POST /crm/v3/objects/{objectType}/search)
  app.post('/crm/v3/objects/:objectType/search', async (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const body = await readJsonObject(c);
    const found = state.search(type, body);
    const properties = Array.isArray(body['properties']) ? (body['properties'] as string[]).map(String) : [];
    return c.json({
      total: found.total,
      results: found.results.map((r) => recordResource(state, r, { properties })),
      ...(found.after ? { paging: { next: { after: found.after } } } : {}),
    });
  });

  // Batch upsert: https://developers.hubspot.com/docs/api-reference/crm-contacts-v3/batch/post-crm-v3-objects-contacts-batch-upsert
  // (POST /crm/v3/objects/{objectType}/batch/upsert with inputs[].{ id, idProperty, properties })
  app.post('/crm/v3/objects/:objectType/batch/upsert', async (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const startedAt = new Date().toISOString();
    const body = await readJsonObject(c);
    const results = state.upsert(type, body['inputs']);
    return c.json({
      status: 'COMPLETE',
      results: results.map(({ record, created }) => ({
        ...recordResource(state, record, { properties: 'set' }),
        new: created,
      })),
      startedAt,
      completedAt: new Date().toISOString(),
    });
  });

  // Create: https://developers.hubspot.com/docs/api/crm/contacts#create-contacts (and the deals, notes, leads guides)
  // POST /crm/v3/objects/{objectType} with { properties, associations? } answers 201.
  app.post('/crm/v3/objects/:objectType', async (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const body = await readJsonObject(c);
    const record = state.create(type, body['properties'] ?? {}, body['associations']);
    return c.json(recordResource(state, record, { properties: 'set' }), 201);
  });

  // List: GET /crm/v3/objects/{objectType}?limit&after&properties&associations (limit at most 100).
  app.get('/crm/v3/objects/:objectType', (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const query = new URL(c.req.url).searchParams;
    const limit = Number(query.get('limit') ?? 10);
    const after = Number(query.get('after') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw HubspotApiError.validation('limit must be an integer from 1 to 100', 'limit');
    }
    if (!Number.isInteger(after) || after < 0)
      throw HubspotApiError.validation('after must be a paging cursor', 'after');
    const records = state.records(type);
    const page = records.slice(after, after + limit);
    const options = readOptions(query);
    const next = after + page.length;
    return c.json({
      results: page.map((r) => recordResource(state, r, options)),
      ...(next < records.length ? { paging: { next: { after: String(next) } } } : {}),
    });
  });

  // Read: GET /crm/v3/objects/{objectType}/{objectId}?idProperty=email — by id or by a unique property's value.
  app.get('/crm/v3/objects/:objectType/:objectId', (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const query = new URL(c.req.url).searchParams;
    const record = state.get(type, c.req.param('objectId'), query.get('idProperty') ?? undefined);
    if (!record) throw HubspotApiError.notFound();
    return c.json(recordResource(state, record, readOptions(query)));
  });

  // Update: PATCH /crm/v3/objects/{objectType}/{objectId}?idProperty= with { properties }.
  app.patch('/crm/v3/objects/:objectType/:objectId', async (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const query = new URL(c.req.url).searchParams;
    const body = await readJsonObject(c);
    const record = state.update(
      type,
      c.req.param('objectId'),
      body['properties'],
      query.get('idProperty') ?? undefined,
    );
    return c.json(recordResource(state, record, { properties: 'set' }));
  });

  // Archive: DELETE /crm/v3/objects/{objectType}/{objectId} answers 204.
  app.delete('/crm/v3/objects/:objectType/:objectId', (c) => {
    state.archive(objectTypeParam(c.req.param('objectType')), c.req.param('objectId'));
    return c.body(null, 204);
  });

  // Properties: https://developers.hubspot.com/docs/api/crm/properties
  app.get('/crm/v3/properties/:objectType', (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    return c.json({ results: [...state.definitions(type).values()] });
  });
  app.get('/crm/v3/properties/:objectType/:propertyName', (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const definition = state.definitions(type).get(c.req.param('propertyName'));
    if (!definition) throw HubspotApiError.notFound(`Unable to find property ${c.req.param('propertyName')}`);
    return c.json(definition);
  });
  app.post('/crm/v3/properties/:objectType', async (c) => {
    const type = objectTypeParam(c.req.param('objectType'));
    const parsed = propertySchema.safeParse(await readJsonBody(c));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      throw HubspotApiError.validation(
        `Invalid property definition: ${field}: ${issue?.message ?? 'invalid'}`,
        field,
      );
    }
    const { displayOrder: _d, formField: _f, hidden: _h, ...definition } = parsed.data;
    return c.json(state.createProperty(type, definition as PropertyDefinition), 201);
  });

  // Pipelines: https://developers.hubspot.com/docs/api/crm/pipelines (GET /crm/v3/pipelines/deals)
  app.get('/crm/v3/pipelines/:objectType', (c) => {
    if (objectTypeParam(c.req.param('objectType')) !== 'deals') return c.json({ results: [] });
    return c.json({
      results: state.pipelines().map((p, displayOrder) => ({
        id: p.id,
        label: p.label,
        displayOrder,
        archived: false,
        stages: p.stages.map((s, order) => ({
          id: s.id,
          label: s.label,
          displayOrder: order,
          archived: false,
          metadata: { isClosed: String(s.id === 'closedwon' || s.id === 'closedlost') },
        })),
      })),
    });
  });

  return app;
}

function readOptions(query: URLSearchParams): { properties: string[]; associations: CrmObjectType[] } {
  return {
    properties: listParam(query, 'properties'),
    associations: listParam(query, 'associations')
      .map(objectTypeFrom)
      .filter((t): t is CrmObjectType => t !== undefined),
  };
}
