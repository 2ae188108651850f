import { loadConnection } from '../connectors/connections.ts';
import { invokeAction } from '../connectors/invoke.ts';
import { NonRetriableError } from '../engine/errors.ts';
import type { StepTools } from '../engine/step.ts';
import { type AgentContext, readAgentContext } from './agent-context.ts';

// A spent Hotmart budget frees within a minute; a run waits in its worker slot only this long, else it gives the
// slot back (DeferRunError) and comes back when there is room, so the runs that don't call Hotmart keep flowing.
const RATE_WAIT_IN_SLOT_MS = 1_000;

/**
 * Calls a registered action as one memoized workflow step: inside `step.run(stepId)`, with the step's idempotency
 * key (`runId:stepId`, the same on every retry, so writes happen once), the step's abort signal, and the connection
 * read from the store (credentials decrypted, checked with the connector's schemas). A finished step is never
 * called again: its stored output is returned. Unknown actions, missing connections and bad input stop the run
 * (`NonRetriableError`); vendor failures are retried by the engine as the connectors classify them.
 *
 * @example
 * import type { StepTools } from '../engine/step.ts';
 * import type { AgentContext } from './agent-context.ts';
 * import { callAction } from './call-action.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const posted = await callAction<{ ts: string }>(ctx, step, 'slack-notify', 'slack_post_message', {
 *   channel: '#sales', text: 'New sale',
 * }, 'team-slack');
 *
 * `keep`, when given, turns the action's output into what the step stores and returns: a workflow that reads a
 * whole sheet column to find one row keeps the row's index, not the column, in the run's history.
 */
export async function callAction<O = unknown, K = O>(
  ctx: AgentContext,
  step: StepTools,
  stepId: string,
  actionId: string,
  input: unknown,
  connectionId: string,
  keep?: (output: O) => K,
): Promise<K> {
  const context = readAgentContext(ctx);
  const output = await step.run(stepId, async (info) => {
    const action = context.registry.action(actionId);
    if (!action) {
      throw new NonRetriableError(`unknown action "${actionId}" (not in the registry)`, {
        code: 'ACTION_NOT_FOUND',
      });
    }
    const connector = context.registry.connectorOf(action);
    const connection = await loadConnection(context.connections, connectionId, connector);
    const result = await invokeAction(action, input, {
      connector,
      connection,
      idempotencyKey: info.idempotencyKey,
      signal: info.signal,
      fetch: context.fetch,
      now: context.now,
      logger: context.logger,
      logBindings: { step: stepId },
      services: { ...context.services, store: context.store },
      maxRateWaitMs: RATE_WAIT_IN_SLOT_MS,
    });
    return keep ? keep(result as O) : result;
  });
  return output as K;
}

/**
 * Like {@link callAction}, for a call the workflow can do without (a lookup that enriches what the event already
 * says): a failure no retry can fix — the vendor refused the request, the credentials are wrong — is logged as a
 * warning and gives null, so the run goes on with what it has; other failures are retried as usual.
 *
 * @example
 * import type { StepTools } from '../engine/step.ts';
 * import type { AgentContext } from './agent-context.ts';
 * import { callOptionalAction } from './call-action.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const history = await callOptionalAction<{ items: unknown[] }>(ctx, step, 'hotmart-sale',
 *   'hotmart_get_sales_history', { transaction: 'HP123' }, 'main');
 * console.log(history === null ? 'from the webhook only' : history.items.length);
 */
export async function callOptionalAction<O = unknown>(
  ctx: AgentContext,
  step: StepTools,
  stepId: string,
  actionId: string,
  input: unknown,
  connectionId: string,
): Promise<O | null> {
  try {
    return await callAction<O>(ctx, step, stepId, actionId, input, connectionId);
  } catch (error) {
    if (!(error instanceof NonRetriableError)) throw error;
    readAgentContext(ctx).logger.warn(
      {
        step: stepId,
        action: actionId,
        connection: connectionId,
        err: { name: error.name, code: error.code },
      },
      'optional lookup refused; going on without it',
    );
    return null;
  }
}
