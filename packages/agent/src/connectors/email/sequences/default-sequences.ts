import {
  cartRecoveryTemplate1,
  cartRecoveryTemplate2,
  cartRecoveryTemplate3,
} from '../templates/cart-recovery-templates.ts';
import { welcomeTemplate1, welcomeTemplate2, welcomeTemplate3 } from '../templates/welcome-templates.ts';
import { defineSequence, type SequenceDefinition } from './define-sequence.ts';

/**
 * The welcome sequence the sales agent starts after an approved purchase: the welcome right away, tips a day
 * later, a check-in six days after that (a week after the purchase).
 *
 * @example
 * import { welcomeSequence } from './default-sequences.ts';
 * welcomeSequence.steps.map((step) => step.id); // ['welcome', 'tips', 'check-in']
 */
export const welcomeSequence: SequenceDefinition = defineSequence({
  id: 'welcome',
  description: 'After a purchase: welcome and access, tips the next day, a check-in after a week.',
  steps: [
    { id: 'welcome', delay: 0, template: welcomeTemplate1 },
    { id: 'tips', delay: '1d', template: welcomeTemplate2 },
    { id: 'check-in', delay: '6d', template: welcomeTemplate3 },
  ],
});

/**
 * The cart recovery sequence the marketing agent starts on an abandoned cart: a reminder after an hour, answers
 * to common doubts a day later, a last reminder two days after that. It stops as soon as the buyer purchases the
 * product (`product.id` of the enrolment data), or unsubscribes.
 *
 * @example
 * import { cartRecoverySequence } from './default-sequences.ts';
 * cartRecoverySequence.stopWhen; // [{ purchased: {} }]
 */
export const cartRecoverySequence: SequenceDefinition = defineSequence({
  id: 'cart-recovery',
  description:
    'After an abandoned checkout: three reminders with the checkout link, stopped by the purchase.',
  steps: [
    { id: 'reminder', delay: '1h', template: cartRecoveryTemplate1 },
    { id: 'doubts', delay: '1d', template: cartRecoveryTemplate2 },
    { id: 'last-call', delay: '2d', template: cartRecoveryTemplate3 },
  ],
  stopWhen: { purchased: {} },
});

/**
 * The sequences hotpilot ships.
 *
 * @example
 * import { defaultSequences } from './default-sequences.ts';
 * defaultSequences.map((sequence) => sequence.id); // ['welcome', 'cart-recovery']
 */
export const defaultSequences: readonly SequenceDefinition[] = Object.freeze([
  welcomeSequence,
  cartRecoverySequence,
]);

/**
 * The sequences an action may enrol into: the seller's own (`services.emailSequences`) first — one with a default's
 * id replaces it — then the remaining defaults.
 *
 * @example
 * import { availableSequences } from './default-sequences.ts';
 * availableSequences().map((sequence) => sequence.id); // ['welcome', 'cart-recovery']
 */
export function availableSequences(own: readonly SequenceDefinition[] = []): readonly SequenceDefinition[] {
  const ownIds = new Set(own.map((sequence) => sequence.id));
  return [...own, ...defaultSequences.filter((sequence) => !ownIds.has(sequence.id))];
}
