import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderApiReference } from '../../../src/server/api/api-reference-page.ts';
import { API_ROUTES, apiOpenApiDocument } from '../../../src/server/api/create-api-routes.ts';
import type { JsonSchema, OpenApiDocument } from '../../../src/server/api/openapi-document.ts';
import { storeFactories } from '../../store/stores.ts';
import { type ApiHarness, createApiHarness } from './harness.ts';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Every `$ref` anywhere in a JSON value. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

function resolves(document: OpenApiDocument, ref: string): boolean {
  const match = /^#\/components\/(schemas|responses)\/([A-Za-z0-9_.-]+)$/.exec(ref);
  if (!match) return false;
  const group = document.components[match[1] as 'schemas' | 'responses'] as Record<string, unknown>;
  return group[match[2]!] !== undefined;
}

describe('OpenAPI 3.1 document', () => {
  let h: ApiHarness;
  let document: OpenApiDocument;

  beforeAll(async () => {
    h = await createApiHarness(storeFactories[0]!);
    const token = await h.token(h.users.viewer, ['read']);
    const answer = await h.call('GET', '/openapi.json', { token });
    expect(answer.status).toBe(200);
    document = answer.body as OpenApiDocument;
  });
  afterAll(async () => {
    await h?.t.destroy();
  });

  it('is OpenAPI 3.1 in shape, served by the API itself', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'hotpilot REST API', version: '1' });
    expect(document.servers).toEqual([
      { url: 'https://ops.example.com/api/v1', description: 'this hotpilot server' },
    ]);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearerAuth', 'sessionCookie']);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'hp_session',
    });
    expect(document.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, operation] of Object.entries(item)) {
        expect(METHODS.has(method)).toBe(true);
        expect(Object.keys(operation.responses).length).toBeGreaterThanOrEqual(5);
        expect(Object.keys(operation.responses).every((status) => /^[1-5][0-9]{2}$/.test(status))).toBe(true);
        // Every {param} in the path is declared as a required path parameter.
        for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
          expect(operation.parameters?.find((p) => p.name === name && p.in === 'path')?.required).toBe(true);
        }
      }
    }
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a path and operation for every route of the API app', () => {
    const routes = h.api.routes.filter((route) => route.method !== 'ALL');
    expect(routes.length).toBe(API_ROUTES.length);
    for (const route of routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect({ route: `${route.method} ${route.path}`, documented: operation !== undefined }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
    }
    const documented = Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(documented).toBe(routes.length);
  });

  it('takes its components from the zod schemas, and every $ref resolves', () => {
    const schemas = document.components.schemas;
    for (const name of [
      'RunSummary',
      'RunDetail',
      'Step',
      'EventPage',
      'Connection',
      'Action',
      'Error',
      'Me',
    ]) {
      expect(schemas[name], name).toBeDefined();
      expect(schemas[name]).not.toHaveProperty('$schema');
      expect(schemas[name]).not.toHaveProperty('$id');
    }
    expect(schemas.RunSummary).toMatchObject({
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['queued', 'running', 'sleeping', 'completed', 'dead', 'cancelled'] },
        createdAt: { type: 'string', format: 'date-time' },
        error: { anyOf: [{ $ref: '#/components/schemas/RunError' }, { type: 'null' }] },
      },
    });
    // Request bodies are inputs: a defaulted field is optional.
    expect(schemas.ReplayRunRequest).toMatchObject({
      type: 'object',
      properties: { mode: { type: 'string', enum: ['whole', 'failed'], default: 'failed' } },
      additionalProperties: false,
    });
    expect((schemas.ReplayRunRequest as JsonSchema).required).toBeUndefined();
    expect((schemas.CreateConnectionRequest as JsonSchema).required).toEqual(['id', 'kind', 'name']);
    expect(schemas.EventPage).toMatchObject({
      properties: { items: { type: 'array', items: { $ref: '#/components/schemas/EventSummary' } } },
    });
    const all = refs(document);
    expect(all.length).toBeGreaterThan(50);
    expect(all.filter((ref) => !resolves(document, ref))).toEqual([]);
  });

  it('describes parameters, bodies, access rules and errors per operation', () => {
    const list = document.paths['/events']!.get!;
    expect(list.parameters?.map((p) => `${p.in}:${p.name}:${p.required}`)).toEqual([
      'query:name:false',
      'query:connection:false',
      'query:email:false',
      'query:transaction:false',
      'query:limit:false',
      'query:cursor:false',
    ]);
    expect(list.parameters?.[0]).toMatchObject({ style: 'form', explode: true, schema: { type: 'array' } });
    expect(list.parameters?.[4]).toMatchObject({
      schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    });
    expect(list.responses['200']).toEqual({
      description: 'List events',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/EventPage' } } },
    });
    expect(list.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });

    const call = document.paths['/actions/{id}/call']!.post!;
    expect(call.requestBody).toEqual({
      required: false,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CallActionRequest' } } },
    });
    expect(Object.keys(call.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '413', '415', '429', '502', '504']),
    );
    const create = document.paths['/connections']!.post!;
    expect(create['x-hotpilot-scope']).toBe('write');
    expect(create['x-hotpilot-role']).toBe('admin');
    expect(Object.keys(create.responses)[0]).toBe('201');
    expect(create.requestBody?.required).toBe(true);
    expect(document.paths['/tokens']!.post!.security).toEqual([{ sessionCookie: [] }]);
  });

  it('is built once per server URL', () => {
    expect(apiOpenApiDocument({ publicUrl: 'https://ops.example.com' })).toBe(
      apiOpenApiDocument({ publicUrl: 'https://ops.example.com/' }),
    );
    expect(apiOpenApiDocument().servers[0]?.url).toBe('/api/v1');
  });
});

describe('API reference page', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await createApiHarness(storeFactories[0]!);
  });
  afterAll(async () => {
    await h?.t.destroy();
  });

  it('renders every operation and schema in one self-contained page for signed-in people', async () => {
    const { cookie } = await h.session(h.users.viewer);
    const response = await h.app.request('/api/docs', { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    for (const route of API_ROUTES) {
      expect(html).toContain(`id="op-${route.operationId}"`);
      expect(html).toContain(`<span class="path">${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}</span>`);
    }
    expect(html).toContain('id="schema-RunSummary"');
    expect(html).toContain('<a href="#schema-EventSummary">EventSummary</a>');
    expect(html).toContain('https://ops.example.com/api/v1/openapi.json');
    // Self-contained: no script and nothing loaded from elsewhere.
    expect(html).not.toMatch(/<script|<link |src="http|@import/i);
  });

  it('sends anonymous visitors to the sign-in page', async () => {
    const response = await h.app.request('/api/docs');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?next=%2Fapi%2Fdocs');
  });

  it('escapes what it prints', () => {
    const document = apiOpenApiDocument();
    const tampered = {
      ...document,
      info: { ...document.info, description: '<img src=x onerror=alert(1)>' },
    } as OpenApiDocument;
    const html = renderApiReference(tampered);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });
});
