import type { Logger } from '../../kit/logger.ts';
import type { Store } from '../../store/port.ts';

const DAY = 86_400_000;

/**
 * When an endpoint is disabled. A delivery is *dead* once its whole retry schedule failed (about 27.6 h). The
 * endpoint is disabled when its unbroken run of dead deliveries — no delivery succeeded in between — spans
 * `failingForMs` (default 5 days, Svix's rule: from the first attempt of the first dead delivery to now), or counts
 * `deadDeliveries` (default 100, so a busy seller's dead endpoint stops piling up work before five days pass).
 * A 410 Gone answer disables at once (Standard Webhooks: the receiver wants no more deliveries).
 *
 * @example
 * import { DEFAULT_DISABLE_POLICY, type DisablePolicy } from './endpoint-health.ts';
 * const strict: DisablePolicy = { ...DEFAULT_DISABLE_POLICY, deadDeliveries: 10 };
 */
export interface DisablePolicy {
  failingForMs: number;
  deadDeliveries: number;
}

/**
 * Five days of failure or 100 dead deliveries in a row, whichever comes first.
 *
 * @example
 * import { DEFAULT_DISABLE_POLICY } from './endpoint-health.ts';
 * DEFAULT_DISABLE_POLICY.failingForMs / 86_400_000; // 5 days
 */
export const DEFAULT_DISABLE_POLICY: DisablePolicy = Object.freeze({
  failingForMs: 5 * DAY,
  deadDeliveries: 100,
});

/**
 * What the state store keeps per endpoint under `webhook-out:failures:<endpoint>`.
 *
 * @example
 * import type { EndpointHealth } from './endpoint-health.ts';
 * const healthy: EndpointHealth = { consecutiveDead: 0, failingSince: null, lastError: null, counted: [] };
 */
export interface EndpointHealth {
  /** Dead deliveries since the last success (or since the endpoint was last disabled). */
  consecutiveDead: number;
  /** First attempt of the first dead delivery of that run (epoch ms). */
  failingSince: number | null;
  lastError: string | null;
  /** Runs already counted, so a repeated bookkeeping step (after a crash) never counts one twice. */
  counted: string[];
}

const HEALTHY: EndpointHealth = Object.freeze({
  consecutiveDead: 0,
  failingSince: null,
  lastError: null,
  counted: [],
});
const COUNTED_KEPT = 50;

/**
 * The state key of an endpoint's failure count.
 *
 * @example
 * import { healthKey } from './endpoint-health.ts';
 * healthKey('crm'); // 'webhook-out:failures:crm'
 */
export function healthKey(endpointId: string): string {
  return `webhook-out:failures:${endpointId}`;
}

/**
 * Reads an endpoint's failure record (a healthy one when none is stored).
 *
 * @example
 * import { readHealth } from './endpoint-health.ts';
 * const { consecutiveDead } = await readHealth(store, 'crm');
 */
export async function readHealth(
  store: Pick<Store, 'getState'>,
  endpointId: string,
): Promise<EndpointHealth> {
  const stored = await store.getState<Partial<EndpointHealth>>(healthKey(endpointId));
  if (!stored || typeof stored !== 'object') return { ...HEALTHY, counted: [] };
  return {
    consecutiveDead: typeof stored.consecutiveDead === 'number' ? stored.consecutiveDead : 0,
    failingSince: typeof stored.failingSince === 'number' ? stored.failingSince : null,
    lastError: typeof stored.lastError === 'string' ? stored.lastError : null,
    counted: Array.isArray(stored.counted) ? stored.counted.filter((id) => typeof id === 'string') : [],
  };
}

/**
 * A delivery succeeded: the endpoint's failure count starts over. Writes only when there was something to reset.
 *
 * @example
 * import { recordDelivered } from './endpoint-health.ts';
 * await recordDelivered(store, 'crm', Date.now());
 */
export async function recordDelivered(
  store: Pick<Store, 'getState' | 'setState'>,
  endpointId: string,
  now: number,
): Promise<void> {
  const health = await readHealth(store, endpointId);
  if (health.consecutiveDead === 0 && health.failingSince === null) return;
  await store.setState(healthKey(endpointId), { ...HEALTHY, counted: [] }, now);
}

/**
 * What `recordDead` decided.
 *
 * @example
 * import type { DeadVerdict } from './endpoint-health.ts';
 * const verdict: DeadVerdict = { consecutiveDead: 3, failingSince: 0, disabled: false };
 */
export interface DeadVerdict {
  consecutiveDead: number;
  failingSince: number | null;
  disabled: boolean;
  reason?: string;
}

/**
 * A delivery is dead: counts it and, when the policy says the failure is sustained (or the receiver answered 410
 * Gone), disables the endpoint — `settings.disabled = true` on its connection and an audit entry
 * `webhook-out.endpoint-disabled` — and starts the count over, so re-enabling gives the endpoint a fresh start.
 * Runs can race on the count (the state store has no compare-and-set): at worst a concurrent death is not
 * counted, which only delays the disabling.
 *
 * @example
 * import { DEFAULT_DISABLE_POLICY, recordDead } from './endpoint-health.ts';
 * const verdict = await recordDead(store, {
 *   endpointId: 'crm', runId: 'webhook-out:crm:evt-1', firstAttemptAt: Date.now() - 100_000_000,
 *   lastError: 'HTTP_503', gone: false,
 * }, DEFAULT_DISABLE_POLICY, Date.now(), logger);
 */
export async function recordDead(
  store: Pick<Store, 'getState' | 'setState' | 'getConnection' | 'updateConnection' | 'appendAudit'>,
  death: { endpointId: string; runId: string; firstAttemptAt: number; lastError: string; gone: boolean },
  policy: DisablePolicy,
  now: number,
  logger: Logger,
): Promise<DeadVerdict> {
  const health = await readHealth(store, death.endpointId);
  if (health.counted.includes(death.runId)) {
    return { consecutiveDead: health.consecutiveDead, failingSince: health.failingSince, disabled: false };
  }
  const next: EndpointHealth = {
    consecutiveDead: health.consecutiveDead + 1,
    failingSince: Math.min(health.failingSince ?? death.firstAttemptAt, death.firstAttemptAt),
    lastError: death.lastError,
    counted: [...health.counted, death.runId].slice(-COUNTED_KEPT),
  };
  const span = now - (next.failingSince ?? now);
  const reason = death.gone
    ? 'the endpoint answered 410 Gone'
    : span >= policy.failingForMs
      ? `every delivery failed for ${Math.floor(span / 3_600_000)} hours`
      : next.consecutiveDead >= policy.deadDeliveries
        ? `${next.consecutiveDead} deliveries in a row failed their whole retry schedule`
        : undefined;

  if (reason === undefined) {
    await store.setState(healthKey(death.endpointId), next, now);
    return { consecutiveDead: next.consecutiveDead, failingSince: next.failingSince, disabled: false };
  }

  const connection = await store.getConnection(death.endpointId);
  if (connection && connection.settings['disabled'] !== true) {
    await store.updateConnection(
      death.endpointId,
      { settings: { ...connection.settings, disabled: true } },
      now,
    );
    await store.appendAudit(
      {
        actor: 'hotpilot',
        action: 'webhook-out.endpoint-disabled',
        target: death.endpointId,
        details: {
          reason,
          consecutiveDead: next.consecutiveDead,
          failingSince: next.failingSince,
          lastError: death.lastError,
        },
      },
      now,
    );
    logger.warn(
      {
        endpoint: death.endpointId,
        reason,
        consecutiveDead: next.consecutiveDead,
        lastError: death.lastError,
      },
      'webhook endpoint disabled after sustained failure',
    );
  }
  // Start over: the endpoint is off, and when a person turns it back on it deserves a fresh count.
  await store.setState(healthKey(death.endpointId), { ...HEALTHY, counted: next.counted }, now);
  return { consecutiveDead: next.consecutiveDead, failingSince: next.failingSince, disabled: true, reason };
}
