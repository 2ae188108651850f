import { randomUUID } from 'node:crypto';
import type { ConnectionLike } from '../../connectors/connections.ts';
import {
  ActionInputError,
  ActionOutputError,
  ConnectionLookupError,
  CredentialsError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../connectors/errors.ts';
import { invokeAction } from '../../connectors/invoke.ts';
import type { AnyAction } from '../../connectors/kit.ts';
import { NonRetriableError, RetryAfterError } from '../../engine/errors.ts';
import { redact, redactText } from '../../kit/redact.ts';
import { isStoreError } from '../../store/errors.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { insufficientScope } from '../auth/require-api-auth.ts';
import type { ResolvedApiDeps } from './api-deps.ts';
import { ApiError } from './api-error.ts';

/**
 * A call of an action through the API: the connection to use (optional when the connector has exactly one, or
 * needs no credentials), the input, and an idempotency key to reuse when retrying the same logical call.
 *
 * @example
 * import type { ActionCall } from './call-action.ts';
 * const call: ActionCall = { connection: 'main', input: { max_results: 10 } };
 */
export interface ActionCall {
  connection?: string | undefined;
  input: Record<string, unknown>;
  idempotencyKey?: string | undefined;
}

/**
 * Runs an action for an API caller: checks the `write` scope for write actions (403 `insufficient_scope`), finds
 * the connection, invokes the action exactly as workflows do (`invokeAction`: schemas, credentials, output check)
 * and turns failures into API errors (400 `invalid_input` with fields, 404/409 for connections, 429/502/503/504 for
 * the vendor). Write actions are recorded in the audit log with their outcome, success or failure.
 *
 * @example
 * import { callAction } from './call-action.ts';
 * const result = await callAction(deps, principal, registry.action('hotmart_list_products')!, { input: {} });
 * console.log(result.connectionId, result.output);
 */
export async function callAction(
  deps: ResolvedApiDeps,
  principal: Principal,
  action: AnyAction,
  call: ActionCall,
): Promise<{ connectionId: string; output: unknown }> {
  if (action.effect === 'write' && !principal.scopes.includes('write')) throw insufficientScope('write');
  const connector = deps.registry.connectorOf(action);
  const connection = await resolveConnection(deps, action, call.connection);
  const idempotencyKey = call.idempotencyKey ?? `api:${randomUUID()}`;
  let outcome: { ok: true } | { ok: false; code: string } = { ok: false, code: 'internal' };
  try {
    const output = await invokeAction(action, call.input, {
      connector,
      connection,
      idempotencyKey,
      logger: deps.logger,
      fetch: deps.fetch,
      now: deps.now,
      signal: AbortSignal.timeout(deps.actionTimeoutMs),
      services: { ...deps.services, store: deps.store },
    });
    outcome = { ok: true };
    return { connectionId: connection.id, output };
  } catch (error) {
    const apiError = actionErrorToApi(error);
    outcome = { ok: false, code: apiError.code };
    if (apiError.status >= 500 && !(error instanceof VendorError)) {
      deps.logger.error({ err: error, action: action.id }, 'action call failed');
    }
    throw apiError;
  } finally {
    if (action.effect === 'write') {
      await deps.store
        .appendAudit(
          {
            actor: actorOf(principal),
            action: 'action.call',
            target: action.id,
            details: {
              connection: connection.id,
              idempotencyKey,
              // Inputs may hold personal data, never secrets by design; `redact` still masks secret-looking keys.
              input: redact(call.input),
              ...outcome,
            },
          },
          deps.now(),
        )
        .catch((error: unknown) => deps.logger.error({ err: error }, 'could not write the audit log'));
    }
  }
}

/**
 * The connection an action call uses: the one named (404 when unknown, 409 when of another connector); without a
 * name, the connector's only connection; without any, a credential-less stand-in when the connector needs no
 * credentials (local connectors such as reports over the mirror); otherwise a 400 naming the choices.
 *
 * @example
 * import { resolveConnection } from './call-action.ts';
 * const connection = await resolveConnection(deps, registry.action('slack_post_message')!, 'team');
 */
export async function resolveConnection(
  deps: ResolvedApiDeps,
  action: AnyAction,
  id: string | undefined,
): Promise<ConnectionLike & { name: string }> {
  const connector = deps.registry.connectorOf(action);
  if (id !== undefined) {
    const record = await deps.store.getConnection(id);
    if (!record) throw new ApiError(404, 'connection_not_found', `no connection has the id "${id}"`);
    if (record.kind !== connector.id) {
      throw new ApiError(
        409,
        'connection_kind_mismatch',
        `connection "${id}" is a ${record.kind} connection; ${action.id} needs a ${connector.id} connection`,
      );
    }
    return record;
  }
  const candidates = await deps.store.listConnections({ kind: connector.id });
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0 && connector.credentials.safeParse({}).success) {
    return { id: connector.id, kind: connector.id, name: connector.title, credentials: {}, settings: {} };
  }
  const message =
    candidates.length === 0
      ? `no ${connector.id} connection exists; create one first`
      : `several ${connector.id} connections exist (${candidates.map((c) => c.id).join(', ')}); name one in "connection"`;
  throw new ApiError(400, 'connection_required', message, {
    fields: [{ path: 'body.connection', message: 'is required here' }],
  });
}

/**
 * Maps what `invokeAction` throws to the API's errors (never a secret: connector errors are already redacted,
 * and messages go through `redactText` once more). Unknown errors come back as a 500 `internal`.
 *
 * @example
 * import { actionErrorToApi } from './call-action.ts';
 * const apiError = actionErrorToApi(new Error('boom')); // 500 internal
 */
export function actionErrorToApi(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ActionInputError) {
    return new ApiError(400, 'invalid_input', redactText(error.message), {
      fields: error.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })),
    });
  }
  if (error instanceof CredentialsError) {
    return new ApiError(409, 'connection_invalid', redactText(error.message), {
      fields: error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
    });
  }
  if (error instanceof ConnectionLookupError) {
    return error.code === 'CONNECTION_NOT_FOUND'
      ? new ApiError(404, 'connection_not_found', redactText(error.message))
      : new ApiError(409, 'connection_kind_mismatch', redactText(error.message));
  }
  if (error instanceof VendorRateLimitError) {
    return new ApiError(429, 'vendor_rate_limited', redactText(error.message), {
      headers: { 'retry-after': retryAfterSeconds(error) },
    });
  }
  if (error instanceof VendorRequestError) {
    return new ApiError(502, 'vendor_refused', redactText(error.message));
  }
  if (error instanceof VendorError) return new ApiError(502, 'vendor_unavailable', redactText(error.message));
  if (error instanceof ActionOutputError) {
    return new ApiError(502, 'invalid_vendor_response', redactText(error.message));
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new ApiError(504, 'timeout', 'the action did not finish in time');
  }
  if (error instanceof NonRetriableError) {
    return new ApiError(
      422,
      error.code ? error.code.toLowerCase() : 'action_failed',
      redactText(error.message),
    );
  }
  if (error instanceof RetryAfterError) {
    return new ApiError(503, 'try_later', redactText(error.message), {
      headers: { 'retry-after': retryAfterSeconds(error) },
    });
  }
  if (isStoreError(error, 'unavailable', 'closed')) {
    return new ApiError(503, 'unavailable', 'the database is unavailable; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  }
  return new ApiError(500, 'internal', 'the action failed unexpectedly; see the server log');
}

function retryAfterSeconds(error: RetryAfterError): string {
  const now = Date.now();
  return String(Math.max(1, Math.ceil((error.retryAt(now) - now) / 1000)));
}
