import { Hono } from 'hono';
import { OBJECT_TYPE_IDS } from './crm-schema.ts';
import { HubspotApiError } from './hubspot-error.ts';
import { objectTypeParam, readJsonBody } from './hubspot-http.ts';
import type { HubspotState } from './hubspot-state.ts';

/**
 * Associations API v4 routes (https://developers.hubspot.com/docs/api/crm/associations): the default (unlabeled)
 * association, an association of explicit types, and reading a record's associations.
 *
 * @example
 * const routes = createAssociationsRoutes(state);
 */
export function createAssociationsRoutes(state: HubspotState): Hono {
  const app = new Hono();
  const base = '/crm/v4/objects/:fromObjectType/:fromObjectId/associations';

  // PUT …/associations/default/{toObjectType}/{toObjectId}: "Create the default (most generic) association type
  // between two object types"; answers a batch result holding both directions.
  app.put(`${base}/default/:toObjectType/:toObjectId`, (c) => {
    const startedAt = new Date().toISOString();
    const from = objectTypeParam(c.req.param('fromObjectType'));
    const to = objectTypeParam(c.req.param('toObjectType'));
    const edges = state.associate(from, c.req.param('fromObjectId'), to, c.req.param('toObjectId'));
    return c.json({
      status: 'COMPLETE',
      results: edges.map((e) => ({
        from: { id: e.fromId },
        to: { id: e.toId },
        associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: e.typeId },
      })),
      startedAt,
      completedAt: new Date().toISOString(),
    });
  });

  // PUT …/associations/{toObjectType}/{toObjectId} with [{ associationCategory, associationTypeId }] (labelled).
  app.put(`${base}/:toObjectType/:toObjectId`, async (c) => {
    const from = objectTypeParam(c.req.param('fromObjectType'));
    const to = objectTypeParam(c.req.param('toObjectType'));
    const body = await readJsonBody(c);
    if (!Array.isArray(body) || body.length === 0) {
      throw HubspotApiError.validation('the body must be a non-empty array of association types', 'body');
    }
    const fromId = c.req.param('fromObjectId');
    const toId = c.req.param('toObjectId');
    body.forEach((spec, i) => {
      const { associationCategory, associationTypeId } = (spec ?? {}) as Record<string, unknown>;
      if (associationCategory !== 'HUBSPOT_DEFINED' || !Number.isInteger(associationTypeId)) {
        throw HubspotApiError.validation(
          `[${i}] must be { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: <integer> }`,
          `[${i}]`,
        );
      }
    });
    for (const spec of body as { associationTypeId: number }[]) {
      state.associate(from, fromId, to, toId, spec.associationTypeId);
    }
    return c.json(
      {
        fromObjectTypeId: OBJECT_TYPE_IDS[from],
        fromObjectId: Number(fromId),
        toObjectTypeId: OBJECT_TYPE_IDS[to],
        toObjectId: Number(toId),
        labels: [],
      },
      201,
    );
  });

  // GET …/associations/{toObjectType}: the linked records with their association types.
  app.get(`${base}/:toObjectType`, (c) => {
    const from = objectTypeParam(c.req.param('fromObjectType'));
    const to = objectTypeParam(c.req.param('toObjectType'));
    const fromId = c.req.param('fromObjectId');
    if (!state.get(from, fromId)) throw HubspotApiError.notFound();
    return c.json({
      results: state.associationsOf(from, fromId, to).map((link) => ({
        toObjectId: Number(link.toId),
        associationTypes: link.typeIds.map((typeId) => ({
          category: 'HUBSPOT_DEFINED',
          typeId,
          label: state.associationType(from, to, typeId)?.label ?? null,
        })),
      })),
    });
  });

  return app;
}
