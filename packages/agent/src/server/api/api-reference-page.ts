import { Hono } from 'hono';
import type { Auth } from '../auth/auth-options.ts';
import { PAGE_HEADERS } from '../auth/auth-pages.ts';
import { escapeHtml } from '../auth/escape-html.ts';
import type { AuthEnv } from '../auth/principal.ts';
import { requireSession } from '../auth/require-session.ts';
import { apiOpenApiDocument } from './create-api-routes.ts';
import type { JsonSchema, OpenApiDocument, OpenApiOperation } from './openapi-document.ts';

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#fafbfc}
  header{padding:1.5rem 2rem;background:#1d2330;color:#fff}
  header h1{margin:0;font-size:1.5rem} header p{margin:.4rem 0 0;color:#c9d1de;max-width:60rem}
  header a{color:#ffb199}
  .layout{display:flex;align-items:flex-start}
  nav{position:sticky;top:0;width:17rem;max-height:100vh;overflow:auto;padding:1rem 1.25rem;border-right:1px solid #e3e6ea}
  nav h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:#6b7480;margin:1rem 0 .3rem}
  nav a{display:block;color:#1d2330;text-decoration:none;font-size:.88rem;padding:.1rem 0}
  main{flex:1;padding:1rem 2rem 4rem;max-width:62rem}
  section.op{background:#fff;border:1px solid #e3e6ea;border-radius:10px;padding:1rem 1.25rem;margin:1.25rem 0}
  .method{display:inline-block;min-width:4.2rem;text-align:center;font-weight:700;font-size:.8rem;border-radius:6px;
    padding:.15rem .45rem;color:#fff;margin-right:.5rem}
  .get{background:#1d7f4e} .post{background:#1d5fbf} .delete{background:#b3261e}
  code,.path{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
  .path{font-weight:600}
  .meta{color:#566;font-size:.85rem}
  table{border-collapse:collapse;width:100%;margin:.5rem 0}
  th,td{text-align:left;border-bottom:1px solid #eef0f3;padding:.3rem .4rem;vertical-align:top;font-size:.9rem}
  ul.schema{list-style:none;padding-left:1rem;margin:.2rem 0;border-left:2px solid #eef0f3}
  ul.schema li{margin:.15rem 0}
  .req{color:#b3261e;font-size:.8rem} .type{color:#6b4fbb}
  h3{font-size:1rem;margin:1rem 0 .3rem} h4{font-size:.92rem;margin:.8rem 0 .2rem}
`;

/**
 * Renders an OpenAPI document as one self-contained HTML page (no script, no CDN, no external request): an index by
 * tag, then every operation with its access rule, parameters, request body and responses, and every component
 * schema as a nested field list. Every text from the document is HTML-escaped.
 *
 * @example
 * import { renderApiReference } from './api-reference-page.ts';
 * import { apiOpenApiDocument } from './create-api-routes.ts';
 * const html = renderApiReference(apiOpenApiDocument());
 */
export function renderApiReference(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const nav = document.tags
    .map((tag) => {
      const links = operations
        .filter(({ op }) => op.tags.includes(tag.name))
        .map(({ op }) => `<a href="#op-${escapeHtml(op.operationId)}">${escapeHtml(op.summary)}</a>`)
        .join('');
      return `<h2>${escapeHtml(tag.name)}</h2>${links}`;
    })
    .join('');
  const body = document.tags
    .map((tag) => {
      const ops = operations
        .filter(({ op }) => op.tags.includes(tag.name))
        .map(({ path, method, op }) => renderOperation(path, method, op, document))
        .join('');
      return `<h2 id="tag-${escapeHtml(tag.name)}">${escapeHtml(tag.name)}</h2><p class="meta">${escapeHtml(tag.description)}</p>${ops}`;
    })
    .join('');
  const schemas = Object.entries(document.components.schemas)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([id, schema]) =>
        `<section class="op" id="schema-${escapeHtml(id)}"><h3>${escapeHtml(id)}</h3>${paragraph(schema.description)}${renderSchema(schema, 0)}</section>`,
    )
    .join('');
  const server = document.servers[0]?.url ?? '/api/v1';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — reference</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(document.info.title)} <span class="meta">v${escapeHtml(document.info.version)} · OpenAPI ${escapeHtml(document.openapi)}</span></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Base URL: <code>${escapeHtml(server)}</code> · <a href="${escapeHtml(server)}/openapi.json">openapi.json</a></p>
</header>
<div class="layout">
<nav aria-label="Endpoints">${nav}<h2>schemas</h2><a href="#schemas">All schemas</a></nav>
<main>
${body}
<h2 id="schemas">Schemas</h2>
${schemas}
</main>
</div>
</body>
</html>
`;
}

function renderOperation(
  path: string,
  method: string,
  op: OpenApiOperation,
  document: OpenApiDocument,
): string {
  const parameters = op.parameters?.length
    ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>${op.parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${escapeHtml(p.in)}</td><td class="type">${escapeHtml(typeName(p.schema))}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const requestSchema = op.requestBody?.content['application/json'].schema;
  const request = requestSchema
    ? `<h4>Request body${op.requestBody?.required ? '' : ' (optional)'} <span class="meta">application/json</span></h4>${renderSchema(resolve(requestSchema, document), 0)}`
    : '';
  const responses = Object.entries(op.responses)
    .map(([status, response]) => {
      const ref = (response as { $ref?: string }).$ref;
      const described = ref
        ? (document.components.responses[ref.split('/').pop() ?? ''] as { description?: string } | undefined)
        : (response as { description?: string });
      const schema = (response as { content?: Record<string, { schema: JsonSchema }> }).content?.[
        'application/json'
      ]?.schema;
      const link = schema?.$ref ? ` — ${schemaLink(String(schema.$ref))}` : '';
      return `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(described?.description ?? '')}${link}</td></tr>`;
    })
    .join('');
  return `<section class="op" id="op-${escapeHtml(op.operationId)}">
<div><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span><span class="path">${escapeHtml(path)}</span></div>
<h3>${escapeHtml(op.summary)}</h3>
${paragraph(op.description)}
<p class="meta">Scope <code>${escapeHtml(op['x-hotpilot-scope'])}</code> · role ${escapeHtml(op['x-hotpilot-role'])}+ · ${op.security.map((s) => Object.keys(s).join('+')).join(' or ')}</p>
${parameters}${request}
<h4>Responses</h4><table>${responses}</table>
</section>`;
}

function renderSchema(schema: JsonSchema, depth: number): string {
  if (depth > 6) return '';
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const items = Object.entries(properties)
      .map(([name, property]) => {
        const nested = nestedObject(property);
        return `<li><code>${escapeHtml(name)}</code> <span class="type">${typeHtml(property)}</span>${required.has(name) ? ' <span class="req">required</span>' : ''}${property.description ? ` — ${escapeHtml(String(property.description))}` : ''}${nested ? renderSchema(nested, depth + 1) : ''}</li>`;
      })
      .join('');
    return `<ul class="schema">${items}</ul>`;
  }
  return `<p><span class="type">${typeHtml(schema)}</span></p>`;
}

/** The inline object a property holds (directly or as array items), to render its fields too; refs stay links. */
function nestedObject(property: JsonSchema): JsonSchema | null {
  const candidates = [property, property.items as JsonSchema | undefined, ...anyOf(property)];
  for (const candidate of candidates) {
    if (candidate && !candidate.$ref && candidate.properties) return candidate;
  }
  return null;
}

function anyOf(schema: JsonSchema): JsonSchema[] {
  return ((schema.anyOf ?? schema.oneOf ?? []) as JsonSchema[]).filter(Boolean);
}

function typeHtml(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return schemaLink(schema.$ref);
  if (schema.type === 'array' && schema.items) return `array of ${typeHtml(schema.items as JsonSchema)}`;
  const variants = anyOf(schema);
  if (variants.length > 0) return variants.map(typeHtml).join(' | ');
  return escapeHtml(typeName(schema));
}

function typeName(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop() ?? 'object';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (type === 'array' && schema.items) return `array of ${typeName(schema.items as JsonSchema)}`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  const fallback = schema.default !== undefined ? `, default ${JSON.stringify(schema.default)}` : '';
  return `${type}${format}${fallback}`;
}

function schemaLink(ref: string): string {
  const id = ref.split('/').pop() ?? '';
  return `<a href="#schema-${escapeHtml(id)}">${escapeHtml(id)}</a>`;
}

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  return document.components.schemas[schema.$ref.split('/').pop() ?? ''] ?? schema;
}

function paragraph(text: unknown): string {
  if (typeof text !== 'string' || text === '') return '';
  return text
    .split(/\n{2,}/)
    .map((part) => `<p>${escapeHtml(part).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

/**
 * `GET /api/docs`: the REST API reference rendered from the OpenAPI document, for signed-in people (the same
 * session as the dashboard; others are sent to the sign-in page).
 *
 * @example
 * import { Hono } from 'hono';
 * import { createAuth } from '../auth/auth-options.ts';
 * import { createApiReferenceRoutes } from './api-reference-page.ts';
 * const app = new Hono();
 * app.route('/', createApiReferenceRoutes({ auth: createAuth({ store }) }));
 */
export function createApiReferenceRoutes(options: { auth: Auth; publicUrl?: string | null }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  let html: string | null = null;
  app.get('/api/docs', requireSession(options.auth), (c) => {
    html ??= renderApiReference(
      apiOpenApiDocument({ publicUrl: options.publicUrl ?? options.auth.publicUrl }),
    );
    return c.body(html, 200, { ...PAGE_HEADERS, 'cache-control': 'private, max-age=300' });
  });
  return app;
}
