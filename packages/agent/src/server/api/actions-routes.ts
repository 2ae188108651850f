import { z } from 'zod';
import type { AnyAction } from '../../connectors/kit.ts';
import { ApiError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { JsonObject, requestSchema, responseSchema } from './api-schemas.ts';
import { callAction } from './call-action.ts';

/**
 * An action as the API lists it, with the JSON Schemas of its input and output (draft 2020-12, from its zod
 * schemas), so a client can build a form or validate before calling.
 *
 * @example
 * import { ActionInfo } from './actions-routes.ts';
 * type Info = import('zod').infer<typeof ActionInfo>;
 */
export const ActionInfo = responseSchema(
  'Action',
  z.object({
    id: z.string().describe('`connector_verb_noun`, e.g. `hotmart_get_sales_history`.'),
    connector: z.string(),
    title: z.string(),
    description: z.string(),
    llmHint: z.string(),
    effect: z.enum(['read', 'write']).describe('Write actions need the `write` scope and are audited.'),
    idempotent: z.boolean(),
    inputSchema: JsonObject.describe('JSON Schema of `input`.'),
    outputSchema: JsonObject.describe('JSON Schema of `output`.'),
  }),
  'An action of a connector.',
);

/**
 * The list of actions.
 *
 * @example
 * import { ActionList } from './actions-routes.ts';
 * type List = import('zod').infer<typeof ActionList>;
 */
export const ActionList = responseSchema('ActionList', z.object({ items: z.array(ActionInfo) }));

/**
 * The body of an action call.
 *
 * @example
 * import { CallActionRequest } from './actions-routes.ts';
 * CallActionRequest.parse({ connection: 'main', input: { max_results: 5 } });
 */
export const CallActionRequest = requestSchema(
  'CallActionRequest',
  z.strictObject({
    connection: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Connection id; optional when the connector has exactly one connection.'),
    input: JsonObject.default({}).describe("The action's input (see its `inputSchema`)."),
    idempotencyKey: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Reuse the same key when retrying one logical call, so a write is not done twice.'),
  }),
);

/**
 * The answer of an action call.
 *
 * @example
 * import { CallActionResult } from './actions-routes.ts';
 * type Result = import('zod').infer<typeof CallActionResult>;
 */
export const CallActionResult = responseSchema(
  'CallActionResult',
  z.object({
    actionId: z.string(),
    connectionId: z.string(),
    output: z.unknown().describe("The action's output (see its `outputSchema`)."),
  }),
);

const schemaCache = new WeakMap<
  AnyAction,
  { input: Record<string, unknown>; output: Record<string, unknown> }
>();

/**
 * An action as the API shows it; its JSON Schemas are computed once per action.
 *
 * @example
 * import { actionInfo } from './actions-routes.ts';
 * const info = actionInfo(registry.action('hotmart_list_products')!);
 * console.log(info.inputSchema.type); // 'object'
 */
export function actionInfo(action: AnyAction): z.input<typeof ActionInfo> {
  let schemas = schemaCache.get(action);
  if (!schemas) {
    schemas = {
      input: z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      output: z.toJSONSchema(action.output, { io: 'output', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    };
    schemaCache.set(action, schemas);
  }
  return {
    id: action.id,
    connector: action.connector,
    title: action.title,
    description: action.description,
    llmHint: action.llmHint,
    effect: action.effect,
    idempotent: action.idempotent,
    inputSchema: schemas.input,
    outputSchema: schemas.output,
  };
}

const ActionParams = z.object({ id: z.string().min(1).max(100) });

const listActions = defineApiRoute({
  method: 'get',
  path: '/actions',
  operationId: 'listActions',
  tag: 'actions',
  summary: 'List actions',
  description: 'Every action of every connector, with the JSON Schemas of its input and output.',
  scope: 'read',
  role: 'viewer',
  query: z.object({
    connector: z.string().min(1).max(50).optional().describe('Only this connector (e.g. `hotmart`).'),
    effect: z.enum(['read', 'write']).optional().describe('Only read or only write actions.'),
  }),
  response: ActionList,
  async handler({ query, deps }) {
    const items = deps.registry.actions
      .filter((action) => (query.connector ? action.connector === query.connector : true))
      .filter((action) => (query.effect ? action.effect === query.effect : true))
      .map(actionInfo);
    return { items };
  },
});

const getAction = defineApiRoute({
  method: 'get',
  path: '/actions/:id',
  operationId: 'getAction',
  tag: 'actions',
  summary: 'Show an action',
  description: 'One action with the JSON Schemas of its input and output.',
  scope: 'read',
  role: 'viewer',
  params: ActionParams,
  response: ActionInfo,
  errors: [404],
  async handler({ params, deps }) {
    const action = deps.registry.action(params.id);
    if (!action) throw new ApiError(404, 'not_found', `no action has the id "${params.id}"`);
    return actionInfo(action);
  },
});

const callActionRoute = defineApiRoute({
  method: 'post',
  path: '/actions/:id/call',
  operationId: 'callAction',
  tag: 'actions',
  summary: 'Call an action',
  description:
    'Runs one action with the given input against a connection, as a workflow step would. Read actions need ' +
    'the `read` scope; write actions need `write` (and an operator or admin) and are recorded in the audit log.',
  scope: 'read',
  role: 'viewer',
  params: ActionParams,
  body: CallActionRequest,
  response: CallActionResult,
  errors: [404, 409, 429, 502, 503, 504],
  async handler({ params, body, deps, principal }) {
    const action = deps.registry.action(params.id);
    if (!action) throw new ApiError(404, 'not_found', `no action has the id "${params.id}"`);
    const result = await callAction(deps, principal, action, body);
    return { actionId: action.id, connectionId: result.connectionId, output: result.output };
  },
});

/**
 * The `/actions` endpoints: list (with JSON Schemas), show, call.
 *
 * @example
 * import { actionRoutes } from './actions-routes.ts';
 * console.log(actionRoutes.map((route) => route.operationId)); // ['listActions', 'getAction', 'callAction']
 */
export const actionRoutes: readonly AnyApiRoute[] = [listActions, getAction, callActionRoute];
