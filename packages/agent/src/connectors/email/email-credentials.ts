import { z } from 'zod';

// `Name <address>` or a bare address: what an SMTP `From` header holds.
const MAILBOX = /^(?:[^<>\r\n]*<\s*([^<>\s]+)\s*>|([^<>\s]+))$/;

/**
 * Reads the address out of a `From`-style mailbox (`Ana's Course <ana@example.com>` or `ana@example.com`).
 *
 * @example
 * import { mailboxAddress } from './email-credentials.ts';
 * mailboxAddress('Curso da Ana <ana@example.com>'); // 'ana@example.com'
 * mailboxAddress('not a mailbox'); // null
 */
export function mailboxAddress(mailbox: string): string | null {
  const match = MAILBOX.exec(mailbox.trim());
  const address = match?.[1] ?? match?.[2];
  return address !== undefined && z.email().safeParse(address).success ? address : null;
}

/**
 * The SMTP account of an `email` connection (stored encrypted). `secure: true` is TLS from the first byte (port
 * 465); otherwise the connection upgrades with STARTTLS when the server offers it (587). `user` and `pass` go
 * together; leave both out for a relay that needs no login. `from` is the sender mailbox every message carries.
 *
 * @example
 * import { EmailCredentials } from './email-credentials.ts';
 * EmailCredentials.parse({
 *   host: 'smtp.example.com', port: 587, user: 'apikey', pass: 'secret', from: 'Curso da Ana <ana@example.com>',
 * });
 */
export const EmailCredentials = z
  .strictObject({
    host: z.string().trim().min(1, 'must name the SMTP host').max(255),
    port: z.int('must be an integer').min(1, 'must be 1–65535').max(65_535, 'must be 1–65535'),
    secure: z.boolean().optional(),
    user: z.string().min(1, 'must not be empty').max(320).optional(),
    pass: z.string().min(1, 'must not be empty').max(1024).optional(),
    from: z
      .string()
      .max(320)
      .refine((value) => mailboxAddress(value) !== null, 'must be an address or "Name <address>"'),
  })
  .superRefine((value, context) => {
    // A user without a password (or the reverse) is a half-filled form, not an anonymous relay.
    if ((value.user === undefined) !== (value.pass === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [value.user === undefined ? 'user' : 'pass'],
        message: 'user and pass go together: set both, or neither for a relay without login',
      });
    }
  });

/**
 * The parsed type of {@link EmailCredentials}.
 *
 * @example
 * import type { EmailCredentials } from './email-credentials.ts';
 * const relay: EmailCredentials = { host: '127.0.0.1', port: 25, from: 'shop@example.com' };
 */
export type EmailCredentials = z.infer<typeof EmailCredentials>;

/**
 * Non-secret settings of an `email` connection: the `Reply-To` every message carries (a support inbox, say) and
 * the public URL of hotpilot's unsubscribe page (`https://hotpilot.example.com/unsubscribe`), from which each
 * message's unsubscribe link and `List-Unsubscribe` header are built.
 *
 * @example
 * import { EmailSettings } from './email-credentials.ts';
 * EmailSettings.parse({ replyTo: 'help@example.com', unsubscribeBaseUrl: 'https://hp.example.com/unsubscribe' });
 */
export const EmailSettings = z.strictObject({
  replyTo: z.email().optional(),
  unsubscribeBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

/**
 * The parsed type of {@link EmailSettings}.
 *
 * @example
 * import type { EmailSettings } from './email-credentials.ts';
 * const settings: EmailSettings = { unsubscribeBaseUrl: 'https://hp.example.com/unsubscribe' };
 */
export type EmailSettings = z.infer<typeof EmailSettings>;
