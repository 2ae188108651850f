import { z } from 'zod';

/**
 * Metadata of a schema in the API registries: its component name in the OpenAPI document.
 *
 * @example
 * import type { ApiSchemaMeta } from './api-schemas.ts';
 * const meta: ApiSchemaMeta = { id: 'Run', description: 'A workflow run' };
 */
export interface ApiSchemaMeta {
  id: string;
  description?: string;
}

/**
 * Request-body schemas, rendered into `components.schemas` as inputs (`io: 'input'`: defaults make a field
 * optional). Kept apart from zod's global registry so other modules' ids can't collide with the API's.
 *
 * @example
 * import { z } from 'zod';
 * import { requestSchemas } from './api-schemas.ts';
 * const Body = z.strictObject({ mode: z.enum(['whole', 'failed']).default('failed') });
 * requestSchemas.add(Body, { id: 'ReplayRunRequest' });
 */
export const requestSchemas = z.registry<ApiSchemaMeta>();

/**
 * Response-body schemas, rendered into `components.schemas` as outputs (`io: 'output'`).
 *
 * @example
 * import { z } from 'zod';
 * import { responseSchemas } from './api-schemas.ts';
 * const Ok = z.object({ ok: z.boolean() });
 * responseSchemas.add(Ok, { id: 'Ok' });
 */
export const responseSchemas = z.registry<ApiSchemaMeta>();

/**
 * Registers a request-body schema under a component name and returns it (so a declaration stays one expression).
 *
 * @example
 * import { z } from 'zod';
 * import { requestSchema } from './api-schemas.ts';
 * export const CancelRequest = requestSchema('CancelRequest', z.strictObject({ reason: z.string().optional() }));
 */
export function requestSchema<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  requestSchemas.add(schema, description ? { id, description } : { id });
  return schema;
}

/**
 * Registers a response-body schema under a component name and returns it.
 *
 * @example
 * import { z } from 'zod';
 * import { responseSchema } from './api-schemas.ts';
 * export const Ok = responseSchema('Ok', z.object({ ok: z.boolean() }));
 */
export function responseSchema<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  responseSchemas.add(schema, description ? { id, description } : { id });
  return schema;
}

/**
 * An instant in API answers: an ISO 8601 UTC string (`2025-06-02T12:00:00.000Z`).
 *
 * @example
 * import { Timestamp } from './api-schemas.ts';
 * Timestamp.parse('2025-06-02T12:00:00.000Z');
 */
export const Timestamp = z.iso.datetime().describe('ISO 8601 instant, UTC');

/**
 * An epoch-ms time as an API timestamp.
 *
 * @example
 * import { iso } from './api-schemas.ts';
 * iso(0); // '1970-01-01T00:00:00.000Z'
 */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * An optional epoch-ms time as an API timestamp or null.
 *
 * @example
 * import { isoOrNull } from './api-schemas.ts';
 * isoOrNull(null); // null
 */
export function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : iso(ms);
}

/**
 * The body of every error answer.
 *
 * @example
 * import { ErrorBody } from './api-schemas.ts';
 * ErrorBody.parse({ error: { code: 'not_found', message: 'no run has this id' } });
 */
export const ErrorBody = responseSchema(
  'Error',
  z.object({
    error: z.object({
      code: z.string().describe('Stable, machine-readable code, e.g. `not_found`, `invalid_request`.'),
      message: z.string().describe('What went wrong, for people. Never holds a secret.'),
      fields: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .describe('The fields at fault, as dotted paths (`body.input.email`, `query.limit`).'),
    }),
  }),
  'An error answer.',
);

/**
 * The page size of list endpoints: 1–200, default 50.
 *
 * @example
 * import { Limit } from './api-schemas.ts';
 * Limit.parse('20'); // 20
 */
export const Limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(200)
  .default(50)
  .describe('Items per page (1–200, default 50).');

/**
 * The opaque keyset cursor of list endpoints: pass a page's `nextCursor` to get the next page.
 *
 * @example
 * import { Cursor } from './api-schemas.ts';
 * Cursor.parse('eyJ0IjoxLCJpIjoiYSJ9');
 */
export const Cursor = z
  .string()
  .min(1)
  .max(500)
  .describe('`nextCursor` of the previous page; omit for the first page.');

/**
 * A JSON object of any shape (action inputs and outputs, raw payloads).
 *
 * @example
 * import { JsonObject } from './api-schemas.ts';
 * JsonObject.parse({ any: ['thing'] });
 */
export const JsonObject = z.record(z.string(), z.unknown());
