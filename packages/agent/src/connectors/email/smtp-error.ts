import { redactText } from '../../kit/redact.ts';
import { CredentialsError, VendorError, VendorRequestError } from '../errors.ts';
import type { ActionConnection } from '../kit.ts';
import type { EmailCredentials } from './email-credentials.ts';

// nodemailer's error codes for failures that can't heal by themselves: a message it refuses to build, a sender or
// recipient the server refuses for good (EENVELOPE with a 5xx reply).
const PERMANENT_CODES = new Set(['EMESSAGE', 'EENVELOPE']);

interface NodemailerError {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

/**
 * Turns a nodemailer failure into the connector error family the engine understands (STYLE convention 5), deciding
 * by the error code and the SMTP reply code, never by message text:
 * - the server refused the login (`EAUTH`, reply 535) → `CredentialsError` naming `credentials.user`/`pass`;
 * - a permanent refusal (any 5xx reply, an unbuildable message) → `VendorRequestError` (not retried);
 * - anything else — 4xx "try again later" replies (RFC 5321 §4.2.1), refused or dropped connections, timeouts,
 *   DNS and TLS failures — → `VendorError`, retried by the engine with backoff.
 *
 * For SMTP, `status` holds the SMTP reply code (0 when the server never answered) and `request` is
 * `{ method: 'SMTP <command>', url: 'smtp://host:port' }`. Messages are redacted and never hold the password.
 *
 * @example
 * import { smtpError } from './smtp-error.ts';
 * const connection = {
 *   id: 'smtp', kind: 'email', name: 'SMTP', settings: {},
 *   credentials: { host: 'smtp.example.com', port: 587, from: 'shop@example.com' },
 * };
 * const error = smtpError(Object.assign(new Error('Mailbox unavailable'), { code: 'EENVELOPE', responseCode: 550 }), connection);
 * console.log(error.name); // 'VendorRequestError'
 */
export function smtpError(
  error: unknown,
  connection: ActionConnection<EmailCredentials>,
): VendorError | VendorRequestError | CredentialsError {
  const raw = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const code = typeof raw.code === 'string' && raw.code.length > 0 ? raw.code : 'SMTP_ERROR';
  const reply = typeof raw.responseCode === 'number' ? raw.responseCode : 0;
  const command = typeof raw.command === 'string' ? raw.command.split(' ')[0] : undefined;
  const vendorMessage = redactText(
    String(typeof raw.response === 'string' ? raw.response : (raw.message ?? 'unknown SMTP failure')).slice(
      0,
      500,
    ),
  );
  const request = {
    method: command ? `SMTP ${command}` : 'SMTP',
    url: `smtp://${connection.credentials.host}:${connection.credentials.port}`,
  };

  if (code === 'EAUTH' || reply === 535) {
    const login = connection.credentials.user === undefined ? 'credentials.user' : 'credentials.pass';
    return new CredentialsError({
      connectionId: connection.id,
      connector: 'email',
      issues: [
        {
          path: login,
          message:
            connection.credentials.user === undefined
              ? `the SMTP server requires a login (${vendorMessage}); set user and pass`
              : `the SMTP server refused the user name or password (${vendorMessage})`,
        },
      ],
    });
  }
  const details = { vendor: 'email', status: reply, code, vendorMessage, request };
  const permanent = reply >= 500 || (reply === 0 && PERMANENT_CODES.has(code));
  return permanent
    ? new VendorRequestError(details, { cause: error })
    : new VendorError({ ...details, retryable: true }, { cause: error });
}
