import {
  cartRecoveryTemplate1,
  cartRecoveryTemplate2,
  cartRecoveryTemplate3,
} from '../templates/cart-recovery-templates.ts';
import { dunningTemplate1, dunningTemplate2, dunningTemplate3 } from '../templates/dunning-templates.ts';
import { welcomeTemplate1, welcomeTemplate2, welcomeTemplate3 } from '../templates/welcome-templates.ts';
import { winBackTemplate1, winBackTemplate2 } from '../templates/win-back-templates.ts';
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
 * The dunning sequence the retention agent starts when a subscription charge fails: the notice right away, a
 * reminder two days later, a last notice three days after that, each with the way to pay. It stops as soon as the
 * subscription is ACTIVE again (the charge was paid), or the buyer unsubscribes.
 *
 * @example
 * import { dunningSequence } from './default-sequences.ts';
 * dunningSequence.steps.map((step) => step.delayMs); // [0, 172800000, 259200000]
 */
export const dunningSequence: SequenceDefinition = defineSequence({
  id: 'dunning',
  description:
    'After a failed subscription charge: three notices with the way to pay, stopped once it is paid.',
  steps: [
    { id: 'payment-failed', delay: 0, template: dunningTemplate1 },
    { id: 'reminder', delay: '2d', template: dunningTemplate2 },
    { id: 'last-notice', delay: '3d', template: dunningTemplate3 },
  ],
  stopWhen: { subscriptionActive: {} },
});

/**
 * The win-back sequence the retention agent starts some time after a cancellation (the agent waits its configured
 * delay before enrolling): "we miss you" with the churn-reason form right away, a follow-up five days later. It
 * stops when the subscription is reactivated, when the buyer buys the product again after the enrolment, or
 * unsubscribes.
 *
 * @example
 * import { winBackSequence } from './default-sequences.ts';
 * winBackSequence.stopWhen; // [{ subscriptionActive: {} }, { purchased: { since: 'enrolment' } }]
 */
export const winBackSequence: SequenceDefinition = defineSequence({
  id: 'win-back',
  description:
    'After a cancellation: we miss you and why did you leave, then a follow-up; stopped by a comeback.',
  steps: [
    { id: 'we-miss-you', delay: 0, template: winBackTemplate1 },
    { id: 'follow-up', delay: '5d', template: winBackTemplate2 },
  ],
  stopWhen: [{ subscriptionActive: {} }, { purchased: { since: 'enrolment' } }],
});

/**
 * The sequences hotpilot ships.
 *
 * @example
 * import { defaultSequences } from './default-sequences.ts';
 * defaultSequences.map((sequence) => sequence.id); // ['welcome', 'cart-recovery', 'dunning', 'win-back']
 */
export const defaultSequences: readonly SequenceDefinition[] = Object.freeze([
  welcomeSequence,
  cartRecoverySequence,
  dunningSequence,
  winBackSequence,
]);

/**
 * The sequences an action may enrol into: the seller's own (`services.emailSequences`) first — one with a default's
 * id replaces it — then the remaining defaults.
 *
 * @example
 * import { availableSequences } from './default-sequences.ts';
 * availableSequences().map((sequence) => sequence.id); // ['welcome', 'cart-recovery', 'dunning', 'win-back']
 */
export function availableSequences(own: readonly SequenceDefinition[] = []): readonly SequenceDefinition[] {
  const ownIds = new Set(own.map((sequence) => sequence.id));
  return [...own, ...defaultSequences.filter((sequence) => !ownIds.has(sequence.id))];
}
