import { z } from 'zod';
import { actorOf } from '../auth/principal.ts';
import type { ResolvedApiDeps } from './api-deps.ts';
import { ApiError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { Cursor, Limit, requestSchema, responseSchema } from './api-schemas.ts';
import { decodeCursor, pageOf } from './cursor.ts';
import { RunDetail, RunStatus, RunSummary, runDetail, runSummary } from './run-schemas.ts';

/**
 * One page of runs, newest first.
 *
 * @example
 * import { RunPage } from './runs-routes.ts';
 * type Page = import('zod').infer<typeof RunPage>;
 */
export const RunPage = responseSchema(
  'RunPage',
  z.object({ items: z.array(RunSummary), nextCursor: z.string().nullable() }),
  'A page of runs; pass `nextCursor` as `cursor` for the next one.',
);

/**
 * Options of a run replay.
 *
 * @example
 * import { ReplayRunRequest } from './runs-routes.ts';
 * ReplayRunRequest.parse({}); // { mode: 'failed' }
 */
export const ReplayRunRequest = requestSchema(
  'ReplayRunRequest',
  z.strictObject({
    mode: z
      .enum(['whole', 'failed'])
      .default('failed')
      .describe(
        '`failed` (default) keeps completed steps and resumes at the one that failed; `whole` forgets every step.',
      ),
  }),
);

/**
 * A run after a replay or cancel.
 *
 * @example
 * import { RunChange } from './runs-routes.ts';
 * type Change = import('zod').infer<typeof RunChange>;
 */
export const RunChange = responseSchema(
  'RunChange',
  z.object({ run: RunSummary }),
  'The run after the change.',
);

const RunParams = z.object({ id: z.string().min(1).max(400) });

const RunQuery = z.object({
  status: z.array(RunStatus).max(6).optional().describe('Statuses (repeat for several).'),
  workflow: z.string().min(1).max(200).optional().describe('Workflow id.'),
  event: z.string().min(1).max(300).optional().describe('Event id.'),
  limit: Limit,
  cursor: Cursor.optional(),
});

const listRuns = defineApiRoute({
  method: 'get',
  path: '/runs',
  operationId: 'listRuns',
  tag: 'runs',
  summary: 'List runs',
  description: 'Workflow runs, newest first, filtered by status, workflow or event.',
  scope: 'read',
  role: 'viewer',
  query: RunQuery,
  response: RunPage,
  async handler({ query, deps }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const runs = await deps.store.listRuns({
      ...(query.status ? { status: query.status } : {}),
      ...(query.workflow ? { workflowId: query.workflow } : {}),
      ...(query.event ? { eventId: query.event } : {}),
      ...(before ? { before: { createdAt: before.at, id: before.id } } : {}),
      limit: query.limit + 1,
    });
    const page = pageOf(runs, query.limit, (run) => ({ at: run.createdAt, id: run.id }));
    return { items: page.items.map(runSummary), nextCursor: page.nextCursor };
  },
});

const getRun = defineApiRoute({
  method: 'get',
  path: '/runs/:id',
  operationId: 'getRun',
  tag: 'runs',
  summary: 'Show a run',
  description: 'One run with its input, output, error and memoized steps.',
  scope: 'read',
  role: 'viewer',
  params: RunParams,
  response: RunDetail,
  errors: [404],
  async handler({ params, deps }) {
    const run = await deps.store.getRun(params.id);
    if (!run) throw new ApiError(404, 'not_found', 'no run has this id');
    return runDetail(run, await deps.store.getSteps(run.id));
  },
});

const replayRun = defineApiRoute({
  method: 'post',
  path: '/runs/:id/replay',
  operationId: 'replayRun',
  tag: 'runs',
  summary: 'Replay a run',
  description:
    'Queues the run again: from the failed step (default) or from the start. An attempt in flight is fenced ' +
    'off. Audited.',
  scope: 'write',
  role: 'operator',
  params: RunParams,
  body: ReplayRunRequest,
  response: RunChange,
  errors: [404, 409],
  async handler({ params, body, deps, principal }) {
    const done = deps.engine
      ? await deps.engine.replay(params.id, body.mode)
      : await deps.store.replayRun(params.id, body.mode, deps.now());
    const run = await changedRun(deps, params.id, done, 'not_replayable', 'the run can not be replayed now');
    await deps.store.appendAudit(
      { actor: actorOf(principal), action: 'run.replay', target: run.id, details: { mode: body.mode } },
      deps.now(),
    );
    return { run: runSummary(run) };
  },
});

const cancelRun = defineApiRoute({
  method: 'post',
  path: '/runs/:id/cancel',
  operationId: 'cancelRun',
  tag: 'runs',
  summary: 'Cancel a run',
  description:
    'Cancels a queued, running, sleeping or dead run; an attempt in flight can no longer write. Finished runs ' +
    'answer 409. Audited.',
  scope: 'write',
  role: 'operator',
  params: RunParams,
  response: RunChange,
  errors: [404, 409],
  async handler({ params, deps, principal }) {
    const done = deps.engine
      ? await deps.engine.cancel(params.id)
      : await deps.store.cancelRun(params.id, deps.now());
    const run = await changedRun(deps, params.id, done, 'not_cancellable', 'the run is finished already');
    await deps.store.appendAudit(
      { actor: actorOf(principal), action: 'run.cancel', target: run.id, details: {} },
      deps.now(),
    );
    return { run: runSummary(run) };
  },
});

async function changedRun(
  deps: ResolvedApiDeps,
  id: string,
  done: boolean,
  code: string,
  message: string,
): Promise<NonNullable<Awaited<ReturnType<ResolvedApiDeps['store']['getRun']>>>> {
  const run = await deps.store.getRun(id);
  if (!run) throw new ApiError(404, 'not_found', 'no run has this id');
  if (!done) throw new ApiError(409, code, message);
  return run;
}

/**
 * The `/runs` endpoints: list (filters, keyset pagination), show (with steps), replay (whole or from the failed
 * step) and cancel.
 *
 * @example
 * import { runRoutes } from './runs-routes.ts';
 * console.log(runRoutes.length); // 4
 */
export const runRoutes: readonly AnyApiRoute[] = [listRuns, getRun, replayRun, cancelRun];
