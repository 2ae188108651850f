import { redactText } from '../../kit/redact.ts';
import { CredentialsError } from '../errors.ts';
import { defineConnector } from '../kit.ts';
import { EmailCredentials, EmailSettings } from './email-credentials.ts';
import { smtpError } from './smtp-error.ts';
import { getEmailTransport } from './transport-cache.ts';

/**
 * The `email` connector: sends mail through the seller's SMTP account (their provider, or a transactional service
 * such as SES, Postmark or SendGrid over SMTP). The connection test opens an SMTP session, upgrades to TLS when
 * offered, logs in, and quits (nodemailer's `verify()`); nothing is sent.
 *
 * @example
 * import { testConnection } from '../invoke.ts';
 * import { emailConnector } from './email-connector.ts';
 * const result = await testConnection(emailConnector, {
 *   id: 'smtp', kind: 'email',
 *   credentials: { host: 'smtp.example.com', port: 587, user: 'apikey', pass: 'secret', from: 'shop@example.com' },
 * });
 * console.log(result.ok, result.message);
 */
export const emailConnector = defineConnector<EmailCredentials>({
  id: 'email',
  title: 'E-mail (SMTP)',
  description:
    'Sends e-mail to buyers and students through an SMTP account, with templates in pt-BR, es and en, sequences and a suppression list.',
  credentials: EmailCredentials,
  settings: EmailSettings,
  async test(ctx) {
    const { host, port, user } = ctx.connection.credentials;
    try {
      await getEmailTransport(ctx.connection).verify();
    } catch (error) {
      const failure = smtpError(error, ctx.connection);
      const hint =
        failure instanceof CredentialsError
          ? 'check the user name and password'
          : 'check the host, the port and whether the port expects TLS from the start (secure, usually 465) or STARTTLS (587)';
      return { ok: false, message: redactText(`SMTP ${host}:${port} failed: ${failure.message} — ${hint}`) };
    }
    return {
      ok: true,
      message: `SMTP ${host}:${port} accepted the connection${user ? ` and the login of ${user}` : ''}`,
    };
  },
});
