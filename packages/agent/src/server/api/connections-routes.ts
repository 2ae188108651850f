import { z } from 'zod';
import { testConnection } from '../../connectors/invoke.ts';
import type { AnyConnector } from '../../connectors/kit.ts';
import { redact, redactText } from '../../kit/redact.ts';
import { isStoreError } from '../../store/errors.ts';
import type { ConnectionRecord } from '../../store/port.ts';
import { actorOf } from '../auth/principal.ts';
import type { ResolvedApiDeps } from './api-deps.ts';
import { ApiError, type ApiFieldError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { iso, JsonObject, requestSchema, responseSchema, Timestamp } from './api-schemas.ts';

/**
 * A connection as the API shows it: never a secret — hottoks are counted, credentials are named by field only.
 *
 * @example
 * import { ConnectionView } from './connections-routes.ts';
 * type View = import('zod').infer<typeof ConnectionView>;
 */
export const ConnectionView = responseSchema(
  'Connection',
  z.object({
    id: z.string(),
    kind: z.string().describe('Connector id: `hotmart`, `hubspot`, `slack`, …'),
    name: z.string(),
    settings: JsonObject.describe('Non-secret settings (base URL overrides, environment).'),
    hottoks: z.number().int().describe('How many hottoks are accepted (2 during a rotation).'),
    credentials: z.object({
      set: z.boolean(),
      fields: z.array(z.string()).describe('Names of the stored credential fields, never their values.'),
    }),
    webhookUrl: z.string().nullable().describe('Where Hotmart must post (hotmart connections).'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
  'A connected account (secrets never shown).',
);

/**
 * The list of connections.
 *
 * @example
 * import { ConnectionList } from './connections-routes.ts';
 * type List = import('zod').infer<typeof ConnectionList>;
 */
export const ConnectionList = responseSchema('ConnectionList', z.object({ items: z.array(ConnectionView) }));

const ConnectionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'use lowercase letters, digits, "-" and "_" (at most 63)');
const Hottok = z.string().min(1).max(200).regex(/^\S+$/, 'must be one word without spaces');

/**
 * The body that creates a connection.
 *
 * @example
 * import { CreateConnectionRequest } from './connections-routes.ts';
 * CreateConnectionRequest.parse({
 *   id: 'main', kind: 'hotmart', name: 'Main store', hottoks: ['…'], credentials: { clientId: 'id', clientSecret: 's' },
 * });
 */
export const CreateConnectionRequest = requestSchema(
  'CreateConnectionRequest',
  z.strictObject({
    id: ConnectionId.describe('URL-safe id; Hotmart posts to `/webhooks/hotmart/<id>`.'),
    kind: z.string().min(1).max(50).describe('Connector id (see `GET /actions` for what each offers).'),
    name: z.string().trim().min(1).max(200),
    credentials: JsonObject.nullable()
      .default(null)
      .describe("Checked against the connector's credential schema; stored encrypted."),
    settings: JsonObject.default({}).describe("Checked against the connector's settings schema."),
    hottoks: z
      .array(Hottok)
      .max(5)
      .default([])
      .describe("Hotmart connections: the hottok shown in Hotmart's webhook settings (required)."),
  }),
);

/**
 * The body that rotates a Hotmart connection's hottok.
 *
 * @example
 * import { RotateHottokRequest } from './connections-routes.ts';
 * RotateHottokRequest.parse({ hottok: 'new-hottok' }); // { hottok: 'new-hottok', keepPrevious: true }
 */
export const RotateHottokRequest = requestSchema(
  'RotateHottokRequest',
  z.strictObject({
    hottok: Hottok.describe('The new hottok from Hotmart.'),
    keepPrevious: z
      .boolean()
      .default(true)
      .describe(
        'Keep accepting the current hottok too (default), so deliveries signed before the change still pass. ' +
          'Call again with `false` once Hotmart sends the new one, to retire the old.',
      ),
  }),
);

/**
 * The outcome of a connection test.
 *
 * @example
 * import { ConnectionTestResult } from './connections-routes.ts';
 * ConnectionTestResult.parse({ ok: true, message: 'Hotmart account Ann Seller …' });
 */
export const ConnectionTestResult = responseSchema(
  'ConnectionTestResult',
  z.object({ ok: z.boolean(), message: z.string() }),
);

/**
 * A connection as the API shows it.
 *
 * @example
 * import { connectionView } from './connections-routes.ts';
 * const view = connectionView(record, 'https://ops.example.com', registry.connector(record.kind));
 */
export function connectionView(
  record: ConnectionRecord,
  publicUrl: string | null,
  connector?: AnyConnector,
): z.input<typeof ConnectionView> {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    settings: visibleSettings(record.settings, connector),
    hottoks: record.hottoks.length,
    credentials: {
      set: record.credentials !== null,
      fields: record.credentials ? Object.keys(record.credentials).sort() : [],
    },
    webhookUrl:
      record.kind === 'hotmart'
        ? `${(publicUrl ?? '').replace(/\/+$/, '')}/webhooks/hotmart/${encodeURIComponent(record.id)}`
        : null,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}

/**
 * Settings as shown: what the connector's (strict, non-secret) settings schema accepts, with credentials inside
 * URLs masked. Settings that don't parse (a hand-edited row, a connector this build lacks) go through `redact`,
 * which also masks every secret-looking key.
 */
function visibleSettings(
  settings: Record<string, unknown>,
  connector?: AnyConnector,
): Record<string, unknown> {
  const parsed = connector?.settings.safeParse(settings);
  if (!parsed?.success) return redact(settings) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed.data).map(([key, value]) => [
      key,
      typeof value === 'string' ? redactText(value) : value,
    ]),
  );
}

const ConnectionParams = z.object({ id: z.string().min(1).max(100) });

async function existing(deps: ResolvedApiDeps, id: string): Promise<ConnectionRecord> {
  const record = await deps.store.getConnection(id);
  if (!record) throw new ApiError(404, 'not_found', `no connection has the id "${id}"`);
  return record;
}

const listConnections = defineApiRoute({
  method: 'get',
  path: '/connections',
  operationId: 'listConnections',
  tag: 'connections',
  summary: 'List connections',
  description: 'Every connected account, without secrets.',
  scope: 'read',
  role: 'viewer',
  response: ConnectionList,
  async handler({ deps }) {
    const records = await deps.store.listConnections();
    return {
      items: records.map((record) =>
        connectionView(record, deps.publicUrl, deps.registry.connector(record.kind)),
      ),
    };
  },
});

const getConnection = defineApiRoute({
  method: 'get',
  path: '/connections/:id',
  operationId: 'getConnection',
  tag: 'connections',
  summary: 'Show a connection',
  description: 'One connected account, without secrets.',
  scope: 'read',
  role: 'viewer',
  params: ConnectionParams,
  response: ConnectionView,
  errors: [404],
  async handler({ params, deps }) {
    const record = await existing(deps, params.id);
    return connectionView(record, deps.publicUrl, deps.registry.connector(record.kind));
  },
});

const createConnection = defineApiRoute({
  method: 'post',
  path: '/connections',
  operationId: 'createConnection',
  tag: 'connections',
  summary: 'Create a connection',
  description:
    "Connects an account. Credentials and settings are checked against the connector's schemas and stored " +
    'encrypted; a Hotmart connection needs its hottok. Admins only. Audited (without secrets).',
  scope: 'write',
  role: 'admin',
  body: CreateConnectionRequest,
  response: ConnectionView,
  status: 201,
  errors: [409],
  async handler({ body, deps, principal }) {
    const connector = deps.registry.connector(body.kind);
    if (!connector) {
      const known = deps.registry.connectors.map((c) => c.id).join(', ');
      throw invalid([{ path: 'body.kind', message: `must be one of ${known}` }]);
    }
    const fields: ApiFieldError[] = [];
    if (body.credentials !== null) {
      const parsed = connector.credentials.safeParse(body.credentials);
      if (!parsed.success) fields.push(...issues('body.credentials', parsed.error));
    }
    const settings = connector.settings.safeParse(body.settings);
    if (!settings.success) fields.push(...issues('body.settings', settings.error));
    if (connector.id === 'hotmart' && body.hottoks.length === 0) {
      fields.push({
        path: 'body.hottoks',
        message: "a Hotmart connection needs the hottok from Hotmart's webhook settings",
      });
    }
    if (connector.id !== 'hotmart' && body.hottoks.length > 0) {
      fields.push({ path: 'body.hottoks', message: 'only Hotmart connections receive webhooks' });
    }
    if (fields.length > 0) throw invalid(fields);
    // A connector without credentials (reports over the mirror) gets `{}`: null would read as "not set yet".
    const credentials = body.credentials ?? (connector.credentials.safeParse({}).success ? {} : null);
    let record: ConnectionRecord;
    try {
      record = await deps.store.createConnection(
        {
          id: body.id,
          kind: connector.id,
          name: body.name,
          hottoks: body.hottoks,
          credentials,
          settings: body.settings,
        },
        deps.now(),
      );
    } catch (error) {
      if (isStoreError(error, 'conflict')) {
        throw new ApiError(409, 'conflict', `a connection with the id "${body.id}" exists already`);
      }
      throw error;
    }
    deps.connections?.invalidate(record.id);
    await deps.store.appendAudit(
      {
        actor: actorOf(principal),
        action: 'connection.create',
        target: record.id,
        details: { kind: record.kind },
      },
      deps.now(),
    );
    return connectionView(record, deps.publicUrl, connector);
  },
});

const testConnectionRoute = defineApiRoute({
  method: 'post',
  path: '/connections/:id/test',
  operationId: 'testConnection',
  tag: 'connections',
  summary: 'Test a connection',
  description:
    "Makes the connector's cheapest authenticated call with the stored credentials and says what it reached or " +
    'what to fix. Changes nothing.',
  scope: 'read',
  role: 'operator',
  params: ConnectionParams,
  response: ConnectionTestResult,
  errors: [404, 409],
  async handler({ params, deps }) {
    const record = await existing(deps, params.id);
    const connector = deps.registry.connector(record.kind);
    if (!connector) {
      throw new ApiError(409, 'unknown_connector', `this build has no "${record.kind}" connector`);
    }
    return testConnection(connector, record, {
      logger: deps.logger,
      fetch: deps.fetch,
      now: deps.now,
      signal: AbortSignal.timeout(deps.actionTimeoutMs),
      services: { ...deps.services, store: deps.store },
    });
  },
});

const rotateHottok = defineApiRoute({
  method: 'post',
  path: '/connections/:id/rotate-hottok',
  operationId: 'rotateHottok',
  tag: 'connections',
  summary: "Rotate a Hotmart connection's hottok",
  description:
    'Makes the new hottok the current one, keeping the previous one accepted during the change unless ' +
    '`keepPrevious` is false. Takes effect for webhooks at once. Admins only. Audited (without the hottoks).',
  scope: 'write',
  role: 'admin',
  params: ConnectionParams,
  body: RotateHottokRequest,
  response: ConnectionView,
  errors: [404, 409],
  async handler({ params, body, deps, principal }) {
    const record = await existing(deps, params.id);
    if (record.kind !== 'hotmart') {
      throw new ApiError(409, 'not_hotmart', 'only Hotmart connections have hottoks');
    }
    const previous = body.keepPrevious ? record.hottoks.filter((h) => h !== body.hottok).slice(0, 1) : [];
    const updated = await deps.store.updateConnection(
      record.id,
      { hottoks: [body.hottok, ...previous] },
      deps.now(),
    );
    deps.connections?.invalidate(record.id);
    await deps.store.appendAudit(
      {
        actor: actorOf(principal),
        action: 'connection.rotate_hottok',
        target: record.id,
        details: { accepted: updated.hottoks.length, keepPrevious: body.keepPrevious },
      },
      deps.now(),
    );
    return connectionView(updated, deps.publicUrl, deps.registry.connector(updated.kind));
  },
});

function invalid(fields: ApiFieldError[]): ApiError {
  return new ApiError(400, 'invalid_request', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
    fields,
  });
}

function issues(root: string, error: z.ZodError): ApiFieldError[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/**
 * The `/connections` endpoints: list, show, create, test and rotate a hottok. Secrets go in, never out.
 *
 * @example
 * import { connectionRoutes } from './connections-routes.ts';
 * console.log(connectionRoutes.length); // 5
 */
export const connectionRoutes: readonly AnyApiRoute[] = [
  listConnections,
  getConnection,
  createConnection,
  testConnectionRoute,
  rotateHottok,
];
