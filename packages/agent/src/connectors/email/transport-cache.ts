import { createHash } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { ActionConnection } from '../kit.ts';
import type { EmailCredentials } from './email-credentials.ts';

/**
 * A nodemailer SMTP transport for one connection.
 *
 * @example
 * import type { EmailTransport } from './transport-cache.ts';
 * const verify = (transport: EmailTransport) => transport.verify();
 */
export type EmailTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

// A handful of connections per install; the bound only guards against a caller that creates connections in a loop.
const MAX_TRANSPORTS = 32;
const transports = new Map<string, EmailTransport>();

/**
 * The transport of a connection, created on first use and cached. The cache key includes a digest of the
 * credentials, so editing a connection's SMTP account takes effect at the next send without a restart.
 *
 * The transport is not pooled: each message opens its own SMTP session. hotpilot sends a few messages per sale,
 * spread over days, and a pooled socket left idle is closed by most providers and fails the next send.
 * Timeouts bound every phase so a silent server fails the attempt (and the engine retries it) instead of hanging.
 * File and URL access are off: attachments are given as bytes, never as paths nodemailer would read.
 *
 * @example
 * import { getEmailTransport } from './transport-cache.ts';
 * const transport = getEmailTransport({
 *   id: 'smtp', kind: 'email', name: 'SMTP', settings: {},
 *   credentials: { host: '127.0.0.1', port: 2525, from: 'shop@example.com' },
 * });
 * await transport.verify();
 */
export function getEmailTransport(connection: ActionConnection<EmailCredentials>): EmailTransport {
  const { credentials } = connection;
  const key = `${connection.id}:${createHash('sha256').update(JSON.stringify(credentials)).digest('base64url')}`;
  const cached = transports.get(key);
  if (cached) return cached;
  for (const [other, transport] of transports) {
    // An older transport of the same connection (credentials edited since) is of no further use.
    if (other.startsWith(`${connection.id}:`)) {
      transports.delete(other);
      transport.close();
    }
  }
  if (transports.size >= MAX_TRANSPORTS) {
    const [oldest, transport] = transports.entries().next().value as [string, EmailTransport];
    transports.delete(oldest);
    transport.close();
  }
  const transport = createTransport({
    host: credentials.host,
    port: credentials.port,
    secure: credentials.secure ?? credentials.port === 465,
    ...(credentials.user !== undefined && credentials.pass !== undefined
      ? { auth: { user: credentials.user, pass: credentials.pass } }
      : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  transports.set(key, transport);
  return transport;
}

/**
 * Closes every cached transport (at shutdown, and between tests).
 *
 * @example
 * import { closeEmailTransports } from './transport-cache.ts';
 * closeEmailTransports();
 */
export function closeEmailTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
