import { z } from 'zod';
import type { AnyAction } from '../../connectors/kit.ts';
import type { Registry } from '../../connectors/registry.ts';
import { ActionList, actionInfo } from './actions-routes.ts';
import { ApiError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { JsonObject, requestSchema, responseSchema } from './api-schemas.ts';
import { callAction } from './call-action.ts';

/**
 * The connector id of reports. Reports are ordinary actions (`report_mrr`, `report_sales`, …) of this connector, so
 * the API finds them through the registry like any action; a build without the report connector simply lists none.
 *
 * @example
 * import { REPORT_CONNECTOR } from './reports-routes.ts';
 * console.log(REPORT_CONNECTOR); // 'report'
 */
export const REPORT_CONNECTOR = 'report';

/**
 * The body of a report call.
 *
 * @example
 * import { RunReportRequest } from './reports-routes.ts';
 * RunReportRequest.parse({ input: { from: '2025-01-01' } });
 */
export const RunReportRequest = requestSchema(
  'RunReportRequest',
  z.strictObject({
    connection: z.string().min(1).max(100).optional().describe('Connection id, when the report needs one.'),
    input: JsonObject.default({}).describe("The report's input (see its `inputSchema`)."),
  }),
);

/**
 * The answer of a report call.
 *
 * @example
 * import { ReportResult } from './reports-routes.ts';
 * type Result = import('zod').infer<typeof ReportResult>;
 */
export const ReportResult = responseSchema(
  'ReportResult',
  z.object({ report: z.string(), actionId: z.string(), output: z.unknown() }),
);

/**
 * The report action a name designates: `mrr` and `report_mrr` both name
 * `report_mrr`, provided it belongs to the report connector.
 *
 * @example
 * import { findReport } from './reports-routes.ts';
 * const action = findReport(registry, 'mrr');
 */
export function findReport(registry: Registry, name: string): AnyAction | undefined {
  const id = name.startsWith(`${REPORT_CONNECTOR}_`) ? name : `${REPORT_CONNECTOR}_${name}`;
  const action = registry.action(id);
  return action?.connector === REPORT_CONNECTOR ? action : undefined;
}

const listReports = defineApiRoute({
  method: 'get',
  path: '/reports',
  operationId: 'listReports',
  tag: 'reports',
  summary: 'List reports',
  description: 'The report actions (connector `report`) with the JSON Schemas of their input and output.',
  scope: 'read',
  role: 'viewer',
  response: ActionList,
  async handler({ deps }) {
    return { items: deps.registry.actions.filter((a) => a.connector === REPORT_CONNECTOR).map(actionInfo) };
  },
});

const runReport = defineApiRoute({
  method: 'post',
  path: '/reports/:name',
  operationId: 'runReport',
  tag: 'reports',
  summary: 'Run a report',
  description:
    'Runs the report `report_<name>` (the `report_` prefix may be given or left out) and returns its output.',
  scope: 'read',
  role: 'viewer',
  params: z.object({ name: z.string().min(1).max(100) }),
  body: RunReportRequest,
  response: ReportResult,
  errors: [404, 409, 502, 503, 504],
  async handler({ params, body, deps, principal }) {
    const action = findReport(deps.registry, params.name);
    if (!action) throw new ApiError(404, 'not_found', `no report is called "${params.name}"`);
    const result = await callAction(deps, principal, action, body);
    return {
      report: action.id.slice(REPORT_CONNECTOR.length + 1),
      actionId: action.id,
      output: result.output,
    };
  },
});

/**
 * The `/reports` endpoints: list and run.
 *
 * @example
 * import { reportRoutes } from './reports-routes.ts';
 * console.log(reportRoutes.length); // 2
 */
export const reportRoutes: readonly AnyApiRoute[] = [listReports, runReport];
