import { z } from 'zod';
import { defineAction } from '../../kit.ts';
import type { EmailCredentials } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { unsuppressAddress } from '../suppression.ts';

const Input = z.strictObject({ email: z.email().max(320) });
const Output = z.strictObject({
  removed: z.boolean(),
  previous: z
    .strictObject({
      email: z.string(),
      reason: z.string(),
      list: z.string().nullable(),
      at: z.number(),
      note: z.string().nullable(),
    })
    .nullable(),
});

/**
 * Takes an address off the suppression list, so it can be mailed again (the person asked to come back). Sequences
 * already stopped stay stopped.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailUnsuppressAddress } from './unsuppress-address.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const { removed } = await invokeAction(emailUnsuppressAddress, { email: 'ana@example.com' }, {
 *   connector: emailConnector,
 *   connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } },
 *   services: { store },
 * });
 */
export const emailUnsuppressAddress = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_unsuppress_address',
  connector: 'email',
  title: 'Unsuppress an e-mail address',
  description: 'Allows e-mail to an address again after it was suppressed.',
  llmHint:
    'Use only when the person explicitly asked to receive e-mail again. Give the email. Returns removed=false when ' +
    'the address was not suppressed.',
  input: Input,
  output: Output,
  effect: 'write',
  idempotent: true,
  async run(ctx, input) {
    const store = requireStore(readEmailServices(ctx.services), 'email_unsuppress_address');
    const previous = await unsuppressAddress(store, input.email, ctx.now(), {
      actor: 'action:email_unsuppress_address',
    });
    return { removed: previous !== null, previous };
  },
});
