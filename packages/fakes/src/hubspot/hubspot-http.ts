import type { Context } from 'hono';
import {
  type CrmObjectType,
  DEFAULT_READ_PROPERTIES,
  objectTypeFrom,
  SYSTEM_TIMESTAMPS,
} from './crm-schema.ts';
import { HubspotApiError } from './hubspot-error.ts';
import type { CrmRecord, HubspotState } from './hubspot-state.ts';

/**
 * The JSON body of a request; an unparsable body is HubSpot's 400 "Invalid input JSON".
 *
 * @example
 * const body = await readJsonBody(c);
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw HubspotApiError.validation(`Invalid input JSON: ${(error as Error).message}`);
  }
}

/**
 * The JSON body when it must be an object.
 *
 * @example
 * const body = await readJsonObject(c);
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c);
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw HubspotApiError.validation('Invalid input JSON: the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * The object type named by a path parameter; HubSpot's error when the name is unknown.
 *
 * @example
 * const type = objectTypeParam(c.req.param('objectType'));
 */
export function objectTypeParam(segment: string | undefined): CrmObjectType {
  const type = objectTypeFrom(segment ?? '');
  if (!type)
    throw new HubspotApiError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${segment ?? ''}`);
  return type;
}

/**
 * The values of a query parameter given repeated or comma-separated (`properties=a,b&properties=c`).
 *
 * @example
 * listParam(new URLSearchParams('properties=a,b&properties=c'), 'properties'); // ['a', 'b', 'c']
 */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * A record in HubSpot's `SimplePublicObject` shape. Which properties appear: every property with a value (`'set'`,
 * as after a write), or the named ones (unset ones as `null`) plus the system ones, or the type's default read set.
 * Associations, when asked for, come as `{ deals: { results: [{ id, type }] } }`.
 *
 * @example
 * recordResource(state, record, { properties: 'set' });
 */
export function recordResource(
  state: HubspotState,
  record: CrmRecord,
  options: { properties?: readonly string[] | 'set'; associations?: readonly CrmObjectType[] } = {},
): Record<string, unknown> {
  const stamps = SYSTEM_TIMESTAMPS[record.type];
  let properties: Record<string, string | null>;
  if (options.properties === 'set') {
    properties = Object.fromEntries(Object.entries(record.properties).filter(([, v]) => v !== null));
  } else {
    const definitions = state.definitions(record.type);
    const names = options.properties?.length ? options.properties : DEFAULT_READ_PROPERTIES[record.type];
    const wanted = new Set([
      ...names.filter((n) => definitions.has(n)),
      'hs_object_id',
      stamps.created,
      stamps.modified,
    ]);
    properties = Object.fromEntries([...wanted].map((n) => [n, record.properties[n] ?? null]));
  }
  const resource: Record<string, unknown> = {
    id: record.id,
    properties,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archived: record.archived,
  };
  if (options.associations?.length) {
    const associations: Record<string, unknown> = {};
    for (const to of options.associations) {
      const links = state.associationsOf(record.type, record.id, to);
      if (links.length === 0) continue;
      associations[to] = {
        results: links.flatMap((link) =>
          link.typeIds.map((typeId) => ({
            id: link.toId,
            type: state.associationType(record.type, to, typeId)?.name ?? String(typeId),
          })),
        ),
      };
    }
    if (Object.keys(associations).length > 0) resource['associations'] = associations;
  }
  return resource;
}
