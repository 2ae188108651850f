import { z } from 'zod';
import type { AnyApiRoute } from './api-route.ts';
import { requestSchemas, responseSchemas } from './api-schemas.ts';

/**
 * An OpenAPI 3.1 document (plain JSON).
 *
 * @example
 * import type { OpenApiDocument } from './openapi-document.ts';
 * const pathCount = (doc: OpenApiDocument) => Object.keys(doc.paths).length;
 */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
}

/**
 * One operation of the document.
 *
 * @example
 * import type { OpenApiOperation } from './openapi-document.ts';
 * const isWrite = (op: OpenApiOperation) => op['x-hotpilot-scope'] === 'write';
 */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
  security: Record<string, string[]>[];
  'x-hotpilot-scope': string;
  'x-hotpilot-role': string;
}

/**
 * A path or query parameter.
 *
 * @example
 * import type { OpenApiParameter } from './openapi-document.ts';
 * const p: OpenApiParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
 */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: 'form';
  explode?: boolean;
}

/**
 * A JSON Schema (draft 2020-12, which OpenAPI 3.1 uses as is).
 *
 * @example
 * import type { JsonSchema } from './openapi-document.ts';
 * const s: JsonSchema = { type: 'string', format: 'date-time' };
 */
export type JsonSchema = Record<string, unknown>;

const TAGS: { name: string; description: string }[] = [
  { name: 'auth', description: 'Who is calling.' },
  { name: 'events', description: 'Hotmart events received by the webhook inbox.' },
  { name: 'runs', description: 'Workflow runs: inspect, replay, cancel.' },
  { name: 'actions', description: 'Every connector action, callable with a JSON input.' },
  { name: 'reports', description: 'Reports over the local mirror.' },
  { name: 'connections', description: 'Connected accounts (secrets go in, never out).' },
  { name: 'tokens', description: 'API tokens.' },
  { name: 'meta', description: 'This document.' },
];

const ERROR_RESPONSES: Readonly<Record<number, { name: string; description: string }>> = {
  400: { name: 'BadRequest', description: 'The request is invalid (`invalid_request`, `invalid_input`…).' },
  401: { name: 'Unauthorized', description: 'No valid credentials (`unauthorized`, `invalid_token`…).' },
  403: { name: 'Forbidden', description: 'Missing scope or role, or a failed CSRF check.' },
  404: { name: 'NotFound', description: 'Nothing has this id.' },
  409: { name: 'Conflict', description: 'The current state does not allow it.' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than 1 MiB.' },
  415: { name: 'UnsupportedMediaType', description: 'The body is not JSON.' },
  422: { name: 'Unprocessable', description: 'The action refused the request.' },
  429: { name: 'TooManyRequests', description: 'Rate limited; see `Retry-After`.' },
  500: { name: 'InternalError', description: 'An unexpected failure; see the server log.' },
  502: { name: 'BadGateway', description: 'The vendor failed or refused the call.' },
  503: { name: 'ServiceUnavailable', description: 'Try again later; see `Retry-After`.' },
  504: { name: 'GatewayTimeout', description: 'The action did not finish in time.' },
};

const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;

/**
 * Builds the OpenAPI 3.1 document of a list of routes. Every request and response body is a component generated
 * from its zod schema with `z.toJSONSchema` (request bodies as inputs, where defaults make fields optional;
 * responses as outputs); parameters are generated from the routes' params and query schemas. A body schema that
 * is not registered in `requestSchemas`/`responseSchemas` is a programming error and throws.
 *
 * @example
 * import { buildOpenApiDocument } from './openapi-document.ts';
 * import { runRoutes } from './runs-routes.ts';
 * const doc = buildOpenApiDocument(runRoutes, { serverUrl: '/api/v1' });
 * console.log(Object.keys(doc.paths)); // ['/runs', '/runs/{id}', …]
 */
export function buildOpenApiDocument(
  routes: readonly AnyApiRoute[],
  options: { serverUrl: string; version?: string },
): OpenApiDocument {
  const schemas = {
    ...components(z.toJSONSchema(responseSchemas, { io: 'output', uri: SCHEMA_REF }).schemas),
  };
  for (const [id, schema] of Object.entries(
    components(z.toJSONSchema(requestSchemas, { io: 'input', uri: SCHEMA_REF }).schemas),
  )) {
    if (schemas[id]) throw new Error(`OpenAPI component "${id}" is both a request and a response schema`);
    schemas[id] = schema;
  }

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const methods = paths[path] ?? {};
    paths[path] = methods;
    if (methods[route.method])
      throw new Error(`route ${route.method.toUpperCase()} ${route.path} is declared twice`);
    methods[route.method] = operation(route);
  }

  const responses: Record<string, unknown> = {};
  for (const { name, description } of Object.values(ERROR_RESPONSES)) {
    responses[name] = {
      description,
      content: { 'application/json': { schema: { $ref: SCHEMA_REF('Error') } } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'hotpilot REST API',
      version: options.version ?? '1',
      description:
        'Events, runs, actions, reports and connections of a hotpilot server. Authenticate with ' +
        '`Authorization: Bearer hp_…` (an API token with the `read` and, for changes, `write` scope) or, from the ' +
        'dashboard, the `hp_session` cookie plus the `x-csrf-token` header on unsafe methods. Errors are ' +
        '`{ "error": { "code", "message", "fields"? } }`; times are ISO 8601 UTC.',
    },
    servers: [{ url: options.serverUrl, description: 'this hotpilot server' }],
    tags: TAGS.filter((tag) => routes.some((route) => route.tag === tag.name)),
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas,
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'hp_<43 characters>',
          description: 'An API token (scopes `read`, `write`, `mcp`), created in the dashboard.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'hp_session',
          description: 'A dashboard session; unsafe methods also need the `x-csrf-token` header (`GET /me`).',
        },
      },
    },
  };
}

function operation(route: AnyApiRoute): OpenApiOperation {
  const parameters = [
    ...parametersOf(route.params as z.ZodObject | undefined, 'path'),
    ...parametersOf(route.query as z.ZodObject | undefined, 'query'),
  ];
  const status = String(route.status ?? 200);
  const errors = new Set<number>([400, 401, 403, 500, ...(route.errors ?? [])]);
  if (route.body) {
    errors.add(413);
    errors.add(415);
  }
  const responses: Record<string, unknown> = {
    [status]: {
      description: route.summary,
      content: {
        'application/json': { schema: { $ref: SCHEMA_REF(componentId(route.response, 'response')) } },
      },
    },
  };
  for (const code of [...errors].sort((a, b) => a - b)) {
    const known = ERROR_RESPONSES[code];
    if (known) responses[String(code)] = { $ref: `#/components/responses/${known.name}` };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description}\n\nNeeds the \`${route.scope}\` scope and the ${route.role} role or higher.`,
    tags: [route.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: !(route.body as z.ZodType).safeParse({}).success,
            content: {
              'application/json': { schema: { $ref: SCHEMA_REF(componentId(route.body, 'request')) } },
            },
          },
        }
      : {}),
    responses,
    security: route.sessionOnly ? [{ sessionCookie: [] }] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    'x-hotpilot-scope': route.scope,
    'x-hotpilot-role': route.role,
  };
}

function componentId(schema: z.ZodType, kind: 'request' | 'response'): string {
  const meta = (kind === 'request' ? requestSchemas : responseSchemas).get(schema);
  if (!meta) throw new Error(`a ${kind} body schema is not registered in ${kind}Schemas`);
  return meta.id;
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): OpenApiParameter[] {
  if (!schema) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = clean(z.toJSONSchema(field, { io: 'input' }) as JsonSchema);
    const { description, ...rest } = json;
    const required = where === 'path' || !field.safeParse(undefined).success;
    return {
      name,
      in: where,
      required,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      ...(acceptsArray(field) ? { style: 'form' as const, explode: true } : {}),
    };
  });
}

/**
 * True when a query field takes repeated values (`?status=dead&status=queued`): an array, possibly optional.
 *
 * @example
 * import { z } from 'zod';
 * import { acceptsArray } from './openapi-document.ts';
 * acceptsArray(z.array(z.string()).optional()); // true
 */
export function acceptsArray(schema: z.ZodType): boolean {
  let def = (schema as unknown as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def;
  while ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
    def = (def.innerType as { _zod: { def: { type: string; innerType?: unknown } } })._zod.def;
  }
  return def.type === 'array';
}

function components(schemas: Record<string, unknown>): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, clean(schema as JsonSchema)]));
}

// `$schema` and `$id` belong to standalone documents; inside OpenAPI components the dialect is the document's.
function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}
