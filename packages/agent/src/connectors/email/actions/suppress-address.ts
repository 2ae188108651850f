import { z } from 'zod';
import { defineAction } from '../../kit.ts';
import type { EmailCredentials } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { suppressAddress } from '../suppression.ts';

const Input = z.strictObject({
  email: z.email().max(320),
  reason: z.enum(['manual', 'unsubscribed', 'bounced', 'complained']).optional(),
  note: z.string().max(500).optional(),
});

const Suppression = z.strictObject({
  email: z.string(),
  reason: z.string(),
  list: z.string().nullable(),
  at: z.number(),
  note: z.string().nullable(),
});

const Output = z.strictObject({ created: z.boolean(), suppression: Suppression });

/**
 * Puts an address on the suppression list: no e-mail is sent to it again (every send checks the list) and its
 * sequences stop before their next step. Idempotent: an address already suppressed keeps its first entry.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailSuppressAddress } from './suppress-address.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * await invokeAction(emailSuppressAddress, { email: 'ana@example.com', reason: 'manual', note: 'asked by phone' }, {
 *   connector: emailConnector,
 *   connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } },
 *   services: { store },
 * });
 */
export const emailSuppressAddress = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_suppress_address',
  connector: 'email',
  title: 'Suppress an e-mail address',
  description: 'Stops all e-mail to an address (unsubscribe, bounce, complaint or the seller’s decision).',
  llmHint:
    'Use when someone must receive no more e-mail: they asked to stop, their mailbox bounces, or they complained. ' +
    'Give the email and optionally a reason (manual, unsubscribed, bounced, complained) and a note.',
  input: Input,
  output: Output,
  effect: 'write',
  idempotent: true,
  async run(ctx, input) {
    const store = requireStore(readEmailServices(ctx.services), 'email_suppress_address');
    return suppressAddress(
      store,
      input.email,
      { reason: input.reason ?? 'manual', note: input.note ?? null, actor: 'action:email_suppress_address' },
      ctx.now(),
    );
  },
});
