import { type Duration, parseDuration } from '../../../engine/duration.ts';
import type { EmailTemplate } from '../templates/email-template.ts';
import { type StopCondition, StopConditionSchema } from './stop-conditions.ts';

/**
 * One step of a sequence as written: wait `delay` after the previous step (or after enrolment, for the first),
 * check the stop conditions, then send `template`.
 *
 * @example
 * import type { SequenceStepOptions } from './define-sequence.ts';
 * import { welcomeTemplate2 } from '../templates/welcome-templates.ts';
 * const step: SequenceStepOptions = { id: 'tips', delay: '1d', template: welcomeTemplate2 };
 */
export interface SequenceStepOptions {
  /** Lowercase letters, digits and dashes; stable (it names the step's memoized records). */
  id: string;
  /** ms or `'1h'`, `'1d'`, `'3d'`…; 0 sends at once. */
  delay: Duration;
  template: EmailTemplate;
  /** Extra stop conditions checked before this step only. */
  stopIf?: StopCondition | readonly StopCondition[];
}

/**
 * A sequence as written.
 *
 * @example
 * import type { SequenceOptions } from './define-sequence.ts';
 * import { cartRecoveryTemplate1 } from '../templates/cart-recovery-templates.ts';
 * const options: SequenceOptions = {
 *   id: 'cart', steps: [{ id: 'reminder', delay: '1h', template: cartRecoveryTemplate1 }], stopWhen: { purchased: {} },
 * };
 */
export interface SequenceOptions {
  /** Lowercase letters, digits and dashes; stable (it is part of every enrolment id). */
  id: string;
  description?: string;
  steps: readonly SequenceStepOptions[];
  /** Stop conditions checked before every step (unsubscription is always checked). */
  stopWhen?: StopCondition | readonly StopCondition[];
}

/**
 * A checked step: the delay in ms and the stop conditions as a list.
 *
 * @example
 * import type { SequenceStep } from './define-sequence.ts';
 * const describe = (step: SequenceStep) => `${step.id} after ${step.delayMs} ms`;
 */
export interface SequenceStep {
  readonly id: string;
  readonly delayMs: number;
  readonly template: EmailTemplate;
  readonly stopIf: readonly StopCondition[];
}

/**
 * A checked sequence, ready for `sequenceWorkflow` and `enrol`.
 *
 * @example
 * import type { SequenceDefinition } from './define-sequence.ts';
 * const stepIds = (sequence: SequenceDefinition) => sequence.steps.map((step) => step.id);
 */
export interface SequenceDefinition {
  readonly id: string;
  readonly description: string | undefined;
  readonly steps: readonly SequenceStep[];
  readonly stopWhen: readonly StopCondition[];
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_STEPS = 50;

/**
 * Declares an e-mail sequence: steps sent one after another with delays, stopped as soon as a stop condition holds
 * (the buyer unsubscribed — always — or bought the product, when asked). Checked at once: a bad id, a duplicate
 * step id, an unparseable delay, a missing template or a malformed condition throws a `TypeError` naming it.
 *
 * @example
 * import { defineSequence } from './define-sequence.ts';
 * import { cartRecoveryTemplate1, cartRecoveryTemplate2 } from '../templates/cart-recovery-templates.ts';
 * export const cartRecovery = defineSequence({
 *   id: 'cart-recovery',
 *   steps: [
 *     { id: 'reminder', delay: '1h', template: cartRecoveryTemplate1 },
 *     { id: 'doubts', delay: '1d', template: cartRecoveryTemplate2 },
 *   ],
 *   stopWhen: { purchased: {} },
 * });
 */
export function defineSequence(options: SequenceOptions): SequenceDefinition {
  const label = typeof options?.id === 'string' ? ` "${options.id}"` : '';
  function fail(problem: string): never {
    throw new TypeError(`defineSequence${label}: ${problem}`);
  }
  if (typeof options?.id !== 'string' || !ID.test(options.id)) {
    fail('id must be lowercase letters, digits and dashes (at most 64)');
  }
  if (!Array.isArray(options.steps) || options.steps.length === 0) fail('steps must list at least one step');
  if (options.steps.length > MAX_STEPS) fail(`steps must list at most ${MAX_STEPS} steps`);
  const seen = new Set<string>();
  const steps = options.steps.map((step, index): SequenceStep => {
    if (typeof step?.id !== 'string' || !ID.test(step.id)) {
      fail(`steps[${index}].id must be lowercase letters, digits and dashes (at most 64)`);
    }
    if (seen.has(step.id)) fail(`steps[${index}].id "${step.id}" is used twice`);
    seen.add(step.id);
    let delayMs: number;
    try {
      delayMs = parseDuration(step.delay);
    } catch (error) {
      fail(`steps[${index}].delay: ${(error as Error).message}`);
    }
    const template = step.template as EmailTemplate | undefined;
    if (!template || typeof template.id !== 'string' || typeof template.locales !== 'object') {
      fail(`steps[${index}].template must be a template from defineEmailTemplate`);
    }
    return Object.freeze({
      id: step.id,
      delayMs,
      template,
      stopIf: conditions(step.stopIf, `steps[${index}].stopIf`, fail),
    });
  });
  return Object.freeze({
    id: options.id,
    description: options.description,
    steps: Object.freeze(steps),
    stopWhen: conditions(options.stopWhen, 'stopWhen', fail),
  });
}

function conditions(
  value: StopCondition | readonly StopCondition[] | undefined,
  where: string,
  fail: (problem: string) => never,
): readonly StopCondition[] {
  if (value === undefined) return Object.freeze([]);
  const list = Array.isArray(value) ? value : [value];
  return Object.freeze(
    list.map((condition, index) => {
      const parsed = StopConditionSchema.safeParse(condition);
      if (!parsed.success)
        fail(
          `${where}[${index}] must be { purchased: { productId?, since? } }, { subscriptionActive: {} } or { unsubscribed: true }`,
        );
      return Object.freeze(parsed.data) as StopCondition;
    }),
  );
}
