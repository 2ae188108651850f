import { z } from 'zod';
import { compileRoutePattern, type RoutePattern } from './route-pattern.ts';

/**
 * The failures a fake can inject: a 429 with `Retry-After` (in the vendor's rate-limit shape), a 5xx, a hang that
 * never answers (so the client's timeout fires) and extra latency before (or after) the real handler.
 *
 * @example
 * const kind: FaultKind = 'rate-limit';
 */
export type FaultKind = 'rate-limit' | 'server-error' | 'hang' | 'latency';

/**
 * The schema of a fault rule as callers give it (in code or as the JSON body of `POST /_fake/faults`).
 *
 * - `route`: `[METHOD ]/path` pattern (`:param`, `*` inside a segment, `**` across segments); `*` is every request.
 * - `times`: only the next N matching requests; `rate`: that fraction of matching requests, spread evenly and
 *   deterministically (0.25 hits every fourth). With neither, every matching request until the rule is removed.
 * - `retryAfterSeconds` (rate-limit), `status` (server-error, 500–599), `latencyMs` (latency), `hangMs` (hang: give
 *   up after that long instead of waiting for the client to go away).
 * - `afterHandler`: run the real handler first, then delay (latency) or withhold (hang) its response, so the side
 *   effect happens although the client sees a timeout: the case that makes retries need idempotency.
 *
 * @example
 * faultRuleSchema.parse({ route: 'POST /api/chat.postMessage', kind: 'rate-limit', times: 1 });
 */
export const faultRuleSchema = z
  .strictObject({
    route: z.string().min(1).default('*'),
    kind: z.enum(['rate-limit', 'server-error', 'hang', 'latency']),
    times: z.int().positive().optional(),
    rate: z.number().gt(0).lte(1).optional(),
    retryAfterSeconds: z.int().min(0).max(86_400).default(1),
    status: z.int().min(500).max(599).default(503),
    latencyMs: z.int().min(0).max(600_000).default(1000),
    hangMs: z.int().positive().max(600_000).optional(),
    afterHandler: z.boolean().default(false),
  })
  .refine((rule) => rule.times === undefined || rule.rate === undefined, {
    message: 'give either times or rate, not both',
    path: ['rate'],
  })
  .refine((rule) => !rule.afterHandler || rule.kind === 'latency' || rule.kind === 'hang', {
    message: 'afterHandler applies to latency and hang only',
    path: ['afterHandler'],
  });

/**
 * A fault rule as callers write it; every field but `kind` has a default.
 *
 * @example
 * const rule: FaultRuleInput = { route: '/token', kind: 'server-error', status: 500, times: 2 };
 */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/**
 * An active fault rule with its counters: `matched` requests seen and `fired` faults injected so far.
 *
 * @example
 * const fault: Fault = fakes.slack.faults.add({ kind: 'hang', times: 1 });
 * fault.fired; // 0
 */
export type Fault = z.output<typeof faultRuleSchema> & {
  readonly id: string;
  readonly matched: number;
  readonly fired: number;
};

interface ActiveFault {
  rule: z.output<typeof faultRuleSchema>;
  id: string;
  pattern: RoutePattern;
  matched: number;
  fired: number;
}

/**
 * Holds the fault rules of one fake and decides, request by request, whether one fires. Rules are tried in the
 * order they were added; the first that fires wins. A rule with `times` disappears once spent.
 *
 * @example
 * const faults = new FaultInjector();
 * faults.add({ route: 'GET /v4/**', kind: 'server-error', times: 1 });
 * faults.decide('GET', '/v4/spreadsheets/abc')?.kind; // 'server-error'
 * faults.decide('GET', '/v4/spreadsheets/abc'); // undefined
 */
export class FaultInjector {
  #faults: ActiveFault[] = [];
  #nextId = 1;
  #hangs = new AbortController();

  /** Validates and adds a rule; throws a `TypeError` naming the bad field when the rule is invalid. */
  add(input: FaultRuleInput): Fault {
    const parsed = faultRuleSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TypeError(
        `invalid fault rule: ${issue?.path.join('.') || 'rule'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const pattern = compileRoutePattern(parsed.data.route);
    const active: ActiveFault = {
      rule: parsed.data,
      id: `fault_${this.#nextId++}`,
      pattern,
      matched: 0,
      fired: 0,
    };
    this.#faults.push(active);
    return snapshot(active);
  }

  /** The active rules, oldest first. */
  list(): Fault[] {
    return this.#faults.map(snapshot);
  }

  /** Removes one rule; answers whether it existed. */
  remove(id: string): boolean {
    const before = this.#faults.length;
    this.#faults = this.#faults.filter((f) => f.id !== id);
    return this.#faults.length !== before;
  }

  /** Removes every rule. Requests already hanging keep hanging until `releaseHangs()` or their client gives up. */
  clear(): void {
    this.#faults = [];
  }

  /**
   * The fault to inject into this request, if any. Counts the request against every matching rule it reaches.
   */
  decide(method: string, path: string): Fault | undefined {
    for (const fault of this.#faults) {
      if (!fault.pattern.matches(method, path)) continue;
      fault.matched++;
      const { times, rate } = fault.rule;
      let fires = true;
      // Deterministic spread: the rule fires whenever the running total of `matched * rate` crosses an integer, so a
      // rate of 0.25 hits exactly the 4th, 8th, … matching request and tests never depend on a random draw.
      if (rate !== undefined)
        fires = Math.floor(fault.matched * rate) > Math.floor((fault.matched - 1) * rate);
      if (!fires) continue;
      fault.fired++;
      const fired = snapshot(fault);
      if (times !== undefined && fault.fired >= times) this.#faults = this.#faults.filter((f) => f !== fault);
      return fired;
    }
    return undefined;
  }

  /** Aborts when `releaseHangs()` is called: hanging requests wait on it so a closing server is never held up. */
  get hangSignal(): AbortSignal {
    return this.#hangs.signal;
  }

  /** Ends every request that is hanging now (they answer 503); later hangs wait again. */
  releaseHangs(): void {
    this.#hangs.abort();
    this.#hangs = new AbortController();
  }
}

function snapshot(fault: ActiveFault): Fault {
  return { ...fault.rule, id: fault.id, matched: fault.matched, fired: fault.fired };
}
