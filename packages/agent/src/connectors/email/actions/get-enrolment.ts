import { z } from 'zod';
import { defineAction } from '../../kit.ts';
import type { EmailCredentials } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { availableSequences } from '../sequences/default-sequences.ts';
import { getEnrolment } from '../sequences/enrolment.ts';
import { EnrolmentKey, EnrolmentOutput } from './enrolment-output.ts';

const Input = z.strictObject({
  ...EnrolmentKey,
});
const Output = z.strictObject({ found: z.boolean(), enrolment: EnrolmentOutput.nullable() });

/**
 * Reports where an address stands in a sequence: active (with the next step and when), completed, stopped (and
 * why), cancelled or failed, and which steps were sent.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailGetEnrolment } from './get-enrolment.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const { enrolment } = await invokeAction(emailGetEnrolment, { sequenceId: 'welcome', email: 'ana@example.com' }, {
 *   connector: emailConnector,
 *   connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } },
 *   services: { store },
 * });
 */
export const emailGetEnrolment = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_get_enrolment',
  connector: 'email',
  title: 'Get a sequence enrolment',
  description: 'Shows the state of one address in one e-mail sequence.',
  llmHint:
    'Use to answer "did this buyer get the welcome e-mails?" or "is the cart recovery still running?". Give the ' +
    'sequence id and the email. Returns found=false when never enrolled.',
  input: Input,
  output: Output,
  effect: 'read',
  idempotent: true,
  async run(ctx, input) {
    const services = readEmailServices(ctx.services);
    const store = requireStore(services, 'email_get_enrolment');
    const enrolment = await getEnrolment(
      store,
      input.sequenceId,
      input.email,
      availableSequences(services.emailSequences),
      input.occurrence,
    );
    return { found: enrolment !== null, enrolment };
  },
});
