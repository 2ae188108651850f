import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import { resolveLocale } from '../../../kit/i18n/locale.ts';
import { defineAction } from '../../kit.ts';
import type { EmailCredentials } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { availableSequences } from '../sequences/default-sequences.ts';
import { enrol } from '../sequences/enrolment.ts';
import { EnrolmentKey, EnrolmentOutput } from './enrolment-output.ts';

const Input = z.strictObject({
  ...EnrolmentKey,
  /** What the templates read: the event's normalised fields and links (`checkoutUrl`, `accessUrl`…). */
  data: z.record(z.string(), z.unknown()).optional(),
  locale: z.string().min(1).max(35).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});

const Output = z.strictObject({ created: z.boolean(), enrolment: EnrolmentOutput });

/**
 * Enrols an address in an e-mail sequence (`welcome`, `cart-recovery`, or the seller's own), sending through this
 * action's connection. Idempotent per address and sequence: enrolling again reports the existing enrolment with
 * `created: false`. The engine's `sequence` workflow sends the steps.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailEnrolSequence } from './enrol-sequence.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const { created, enrolment } = await invokeAction(
 *   emailEnrolSequence,
 *   { sequenceId: 'cart-recovery', email: 'ana@example.com', data: { product: { id: '42' }, checkoutUrl: 'https://pay.hotmart.com/X' }, locale: 'es' },
 *   { connector: emailConnector, connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } }, services: { store } },
 * );
 */
export const emailEnrolSequence = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_enrol_sequence',
  connector: 'email',
  title: 'Enrol in an e-mail sequence',
  description:
    'Starts an e-mail sequence (welcome, cart recovery…) for one address; enrolling twice does nothing (give an ' +
    '`occurrence` to enrol the address again for something new).',
  llmHint:
    'Use to start a series of e-mails for a buyer: `welcome` after a purchase, `cart-recovery` after an abandoned ' +
    'checkout (data must include product.id and checkoutUrl). Give the buyer’s email, data for the templates ' +
    '(buyer, product, amount, transaction…) and locale (pt-BR, es, en). Returns the enrolment and whether it is new.',
  input: Input,
  output: Output,
  effect: 'write',
  idempotent: true,
  async run(ctx, input) {
    const services = readEmailServices(ctx.services);
    const store = requireStore(services, 'email_enrol_sequence');
    const sequences = availableSequences(services.emailSequences);
    if (!sequences.some((sequence) => sequence.id === input.sequenceId)) {
      throw new NonRetriableError(
        `unknown sequence "${input.sequenceId}" (known: ${sequences.map((sequence) => sequence.id).join(', ')})`,
        { code: 'SEQUENCE_NOT_FOUND' },
      );
    }
    const data = input.data ?? {};
    return enrol(store, input.sequenceId, input.email, data, {
      now: ctx.now(),
      sequences,
      connectionId: ctx.connection.id,
      ...(input.locale === undefined ? {} : { locale: resolveLocale(input.locale) }),
      ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
      ...(input.occurrence === undefined ? {} : { occurrence: input.occurrence }),
    });
  },
});
