import { z } from 'zod';
import { hash32, Rng } from '../generator/random.ts';

/**
 * What a fault does to a request instead of answering it normally.
 *
 * @example
 * const action: FaultAction = 'drop';
 */
export type FaultAction = 'error' | 'rate_limit' | 'timeout' | 'drop';

const rate = z.number().min(0).max(1);

/**
 * A fault rule as given in options or to `POST /_emulator/faults`. `route` is a path pattern where `*` matches
 * anything (`/payments/api/v1/sales/*`, `*`); `method` narrows it. Rates are probabilities per matching request,
 * drawn from a seeded generator so a run repeats; `failFirst` fails exactly the first N matching requests (with
 * `failWith`, default `error`) and lets the rest through — the deterministic choice for retry tests.
 *
 * @example
 * const rule = faultRuleSchema.parse({ route: '/payments/api/v1/*', latencyMs: [50, 200], errorRate: 0.05 });
 */
export const faultRuleSchema = z
  .object({
    route: z.string().min(1),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((value) => value.toUpperCase())
      .optional(),
    latencyMs: z
      .union([
        z.number().int().min(0).max(600_000),
        z.tuple([z.number().int().min(0), z.number().int().min(0)]),
      ])
      .refine(
        (value) => typeof value === 'number' || value[0] <= value[1],
        'latency range must be [min, max]',
      )
      .optional(),
    errorRate: rate.optional(),
    errorStatus: z.number().int().min(500).max(599).optional(),
    rateLimitRate: rate.optional(),
    timeoutRate: rate.optional(),
    dropRate: rate.optional(),
    failFirst: z.number().int().min(0).optional(),
    failWith: z.enum(['error', 'rate_limit', 'timeout', 'drop']).optional(),
    seed: z.number().int().optional(),
  })
  .strict();

/**
 * A fault rule's input (see `faultRuleSchema`).
 *
 * @example
 * const rule: FaultRuleInput = { route: '/security/oauth/token', failFirst: 2, failWith: 'drop' };
 */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

/**
 * A registered fault rule with its id and how many requests it has matched.
 *
 * @example
 * const rules: FaultRule[] = faults.list();
 * console.log(rules.map((rule) => `${rule.id}: ${rule.matched}`));
 */
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string; matched: number };

/**
 * What to do with one request.
 *
 * @example
 * const decision: FaultDecision = faults.decide('GET', '/user/api/v1/me');
 */
export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
  /** Status for `error` (5xx). */
  status?: number;
  ruleId?: string;
}

interface ActiveRule {
  rule: FaultRule;
  pattern: RegExp;
  rng: Rng;
}

const toPattern = (route: string): RegExp =>
  new RegExp(
    `^${route
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/**
 * The fault rules in force and the decision for each request. Latencies of every matching rule add up; the
 * first rule (in order of registration) that picks an action decides it.
 *
 * @example
 * const faults = new FaultInjector(7);
 * faults.add({ route: '/payments/api/v1/sales/*', failFirst: 2, errorStatus: 503 });
 * faults.decide('GET', '/payments/api/v1/sales/history').action; // 'error'
 */
export class FaultInjector {
  readonly #seed: number;
  #active: ActiveRule[] = [];
  #nextId = 1;

  constructor(seed = 0) {
    this.#seed = seed;
  }

  /** Validates and registers a rule; throws a ZodError on bad input. */
  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const id = `fault_${this.#nextId++}`;
    const rule: FaultRule = { ...parsed, id, matched: 0 };
    this.#active.push({
      rule,
      pattern: toPattern(parsed.route),
      rng: new Rng(hash32(this.#seed, parsed.seed ?? this.#nextId, 0xfa17)),
    });
    return { ...rule };
  }

  remove(id: string): boolean {
    const before = this.#active.length;
    this.#active = this.#active.filter((active) => active.rule.id !== id);
    return this.#active.length !== before;
  }

  clear(): void {
    this.#active = [];
  }

  list(): FaultRule[] {
    return this.#active.map((active) => ({ ...active.rule }));
  }

  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const active of this.#active) {
      const { rule, pattern, rng } = active;
      if (rule.method !== undefined && rule.method !== method.toUpperCase()) continue;
      if (!pattern.test(path)) continue;
      rule.matched++;
      if (rule.latencyMs !== undefined) {
        decision.latencyMs +=
          typeof rule.latencyMs === 'number' ? rule.latencyMs : rng.int(rule.latencyMs[0], rule.latencyMs[1]);
      }
      if (decision.action !== undefined) continue;
      let action: FaultAction | undefined;
      if (rule.failFirst !== undefined && rule.matched <= rule.failFirst) {
        action = rule.failWith ?? 'error';
      } else {
        // One draw per request picks at most one action, in order of severity.
        const roll = rng.next();
        let edge = 0;
        const pick = (probability: number | undefined, candidate: FaultAction): void => {
          if (action !== undefined || probability === undefined) return;
          edge += probability;
          if (roll < edge) action = candidate;
        };
        pick(rule.dropRate, 'drop');
        pick(rule.timeoutRate, 'timeout');
        pick(rule.errorRate, 'error');
        pick(rule.rateLimitRate, 'rate_limit');
      }
      if (action !== undefined) {
        decision.action = action;
        decision.ruleId = rule.id;
        if (action === 'error') decision.status = rule.errorStatus ?? 500;
      }
    }
    return decision;
  }
}
