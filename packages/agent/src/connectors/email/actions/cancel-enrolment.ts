import { z } from 'zod';
import { defineAction } from '../../kit.ts';
import type { EmailCredentials } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { availableSequences } from '../sequences/default-sequences.ts';
import { cancelEnrolment } from '../sequences/enrolment.ts';
import { EnrolmentKey, EnrolmentOutput } from './enrolment-output.ts';

const Input = z.strictObject({
  ...EnrolmentKey,
});
const Output = z.strictObject({ cancelled: z.boolean(), enrolment: EnrolmentOutput.nullable() });

/**
 * Cancels an address's enrolment in a sequence: no further step is sent. Cancelling what is unknown or already
 * finished changes nothing (`cancelled: false`).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailCancelEnrolment } from './cancel-enrolment.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const { cancelled } = await invokeAction(emailCancelEnrolment, { sequenceId: 'cart-recovery', email: 'ana@example.com' }, {
 *   connector: emailConnector,
 *   connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } },
 *   services: { store },
 * });
 */
export const emailCancelEnrolment = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_cancel_enrolment',
  connector: 'email',
  title: 'Cancel a sequence enrolment',
  description: 'Stops an e-mail sequence for one address; nothing more is sent.',
  llmHint:
    'Use when a buyer should stop receiving a sequence (they asked, or the situation changed). Give the sequence id ' +
    'and the email. To stop all mail to someone, use email_suppress_address instead.',
  input: Input,
  output: Output,
  effect: 'write',
  idempotent: true,
  async run(ctx, input) {
    const services = readEmailServices(ctx.services);
    const store = requireStore(services, 'email_cancel_enrolment');
    return cancelEnrolment(
      store,
      input.sequenceId,
      input.email,
      ctx.now(),
      availableSequences(services.emailSequences),
      input.occurrence,
    );
  },
});
