import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import { redactText } from '../../kit/redact.ts';
import type { Store } from '../../store/port.ts';
import { loadConnection } from '../connections.ts';
import { apiHotmartConnection } from '../hotmart/api-connection.ts';
import { hotmartCancelSubscription, hotmartConnector } from '../hotmart/index.ts';
import { invokeAction } from '../invoke.ts';
import { defineAction } from '../kit.ts';

const input = z.strictObject({
  /** The subscription to cancel (Hotmart's subscriber code). */
  subscriber_code: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a Hotmart subscriber code'),
  /** Why: the legal basis or the request (e.g. "LGPD art. 18 request of 2026-06-01", "consumer withdrawal"). */
  reason: z.string().trim().min(3).max(1_000),
  /** Who asked for it: the subscriber's e-mail, a lawyer, a ticket reference. */
  requester: z.string().trim().min(1).max(320),
  /** Let Hotmart e-mail the subscriber about the cancellation (Hotmart's default: true). */
  send_mail: z.boolean().default(true),
  /** The Hotmart connection to act on; default: the connection's setting, else the only Hotmart connection. */
  hotmartConnectionId: z.string().min(1).max(64).optional(),
});

const output = z.strictObject({
  subscriber_code: z.string(),
  /** Hotmart's status after the cancellation (`INACTIVE`, or `CANCELLED_BY_SELLER` in listings). */
  status: z.string().nullable(),
  hotmartConnectionId: z.string(),
  requestedAt: z.string(),
  completedAt: z.string(),
  /** Audit log entries: the request (written before Hotmart is called) and its completion. */
  audit: z.strictObject({ requested: z.number(), completed: z.number() }),
});

/**
 * The audit actions of a compliance cancellation: requested (before Hotmart is called, so an attempt is on record
 * even if the process dies), then completed or failed.
 *
 * @example
 * import { LEGAL_CANCEL_AUDIT } from './cancel-subscription-action.ts';
 * console.log(LEGAL_CANCEL_AUDIT.completed); // 'legal.cancel-subscription.completed'
 */
export const LEGAL_CANCEL_AUDIT = Object.freeze({
  requested: 'legal.cancel-subscription.requested',
  completed: 'legal.cancel-subscription.completed',
  failed: 'legal.cancel-subscription.failed',
});

/**
 * `legal_cancel_subscription`: cancels a subscription for a compliance reason through the Hotmart connector
 * (`hotmart_cancel_subscription`, reference §4.2), and records it in the append-only audit log with the reason,
 * the requester, who ran it (`services.actor`, else `hotpilot`) and timestamps: one entry when requested, one when
 * completed or failed. Not idempotent at Hotmart (a second call fails with `it_can_not_cancel_subscription_status`),
 * so the Hotmart call carries the caller's idempotency key.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import type { Store } from '../../store/port.ts';
 * import { legalCancelSubscription } from './cancel-subscription-action.ts';
 * import { legalConnector } from './legal-connector.ts';
 * declare const store: Store;
 * const result = await invokeAction(
 *   legalCancelSubscription,
 *   { subscriber_code: 'Z8Q4M2LX', reason: 'LGPD request by the subscriber', requester: 'ana@example.com' },
 *   { connector: legalConnector, connection: { id: 'legal', kind: 'legal', credentials: {} }, services: { store } },
 * );
 * console.log(result.status, result.audit.completed);
 */
export const legalCancelSubscription = defineAction<
  z.output<typeof input>,
  z.infer<typeof output>,
  Record<string, never>
>({
  id: 'legal_cancel_subscription',
  connector: 'legal',
  title: 'Cancel a subscription (compliance)',
  description:
    'Cancels a Hotmart subscription for a legal or compliance reason and records who asked, why and when in the audit log.',
  llmHint:
    'Use only when a subscriber (or the law) requires the cancellation: a data-deletion or withdrawal request, a court order. Needs the `subscriber_code`, the `reason` and the `requester`. The cancellation is final at Hotmart and audited. Returns the new status and the audit entry ids.',
  input,
  output,
  effect: 'write',
  idempotent: false,
  async run(ctx, args) {
    const store = ctx.services['store'] as Store | undefined;
    if (!store || typeof store.appendAudit !== 'function') {
      throw new NonRetriableError(
        'legal_cancel_subscription needs services.store (the audit log lives there)',
        {
          code: 'LEGAL_STORE_MISSING',
        },
      );
    }
    const configured =
      args.hotmartConnectionId ??
      (ctx.connection.settings['hotmartConnectionId'] as string | undefined) ??
      null;
    const hotmartId = await apiHotmartConnection(store, configured, null);
    if (hotmartId === null) {
      throw new NonRetriableError(
        configured
          ? `Hotmart connection "${configured}" does not exist or has no API credentials`
          : 'name the Hotmart connection (hotmartConnectionId): there is not exactly one with API credentials',
        { code: 'LEGAL_HOTMART_CONNECTION' },
      );
    }
    const actor = typeof ctx.services['actor'] === 'string' ? (ctx.services['actor'] as string) : 'hotpilot';
    const common = {
      reason: args.reason,
      requester: args.requester,
      hotmartConnectionId: hotmartId,
      sendMail: args.send_mail,
    };

    const requestedAt = ctx.now();
    const requested = await store.appendAudit(
      {
        actor,
        action: LEGAL_CANCEL_AUDIT.requested,
        target: args.subscriber_code,
        details: { ...common, requestedAt: new Date(requestedAt).toISOString() },
      },
      requestedAt,
    );

    let status: string | null;
    try {
      const connection = await loadConnection(store, hotmartId, hotmartConnector);
      const result = await invokeAction(
        hotmartCancelSubscription,
        { subscriber_code: args.subscriber_code, send_mail: args.send_mail },
        {
          connector: hotmartConnector,
          connection,
          idempotencyKey: ctx.idempotencyKey,
          logger: ctx.logger,
          fetch: ctx.fetch,
          now: ctx.now,
          signal: ctx.signal,
          services: ctx.services,
        },
      );
      status = typeof result.status === 'string' ? result.status : null;
    } catch (error) {
      const failedAt = ctx.now();
      const failure = error as { name?: unknown; code?: unknown; message?: unknown };
      await store.appendAudit(
        {
          actor,
          action: LEGAL_CANCEL_AUDIT.failed,
          target: args.subscriber_code,
          details: {
            ...common,
            requestedAt: new Date(requestedAt).toISOString(),
            failedAt: new Date(failedAt).toISOString(),
            error: {
              name: typeof failure.name === 'string' ? failure.name : 'Error',
              code: typeof failure.code === 'string' ? failure.code : null,
              message: redactText(String(failure.message ?? error)),
            },
          },
        },
        failedAt,
      );
      throw error;
    }

    const completedAt = ctx.now();
    const completed = await store.appendAudit(
      {
        actor,
        action: LEGAL_CANCEL_AUDIT.completed,
        target: args.subscriber_code,
        details: {
          ...common,
          status,
          requestedAt: new Date(requestedAt).toISOString(),
          completedAt: new Date(completedAt).toISOString(),
          requestAuditId: requested.id,
        },
      },
      completedAt,
    );
    return {
      subscriber_code: args.subscriber_code,
      status,
      hotmartConnectionId: hotmartId,
      requestedAt: new Date(requestedAt).toISOString(),
      completedAt: new Date(completedAt).toISOString(),
      audit: { requested: requested.id, completed: completed.id },
    };
  },
});
