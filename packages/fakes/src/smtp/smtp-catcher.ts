import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { createCatcherApp } from './catcher-page.ts';
import { type CaughtMessage, caughtMessageFrom } from './caught-message.ts';
import { type MailFields, parsePlainMessage } from './plain-message.ts';

export { type CatcherInbox, createCatcherApp } from './catcher-page.ts';
export type { CaughtMessage } from './caught-message.ts';

/**
 * Options of {@link startSmtpCatcher}. Both servers listen on loopback and on free ports by default.
 *
 * @example
 * const options: SmtpCatcherOptions = { smtpPort: 0, httpPort: 0, capacity: 100 };
 */
export interface SmtpCatcherOptions {
  /** Interface both servers bind (default `127.0.0.1`: the catcher is never reachable from the network). */
  hostname?: string;
  /** SMTP port (default 0: a free port). */
  smtpPort?: number;
  /** Port of the web page and JSON API (default 0: a free port). */
  httpPort?: number;
  /** Messages kept; the oldest are dropped beyond it (default 500). */
  capacity?: number;
  /** Largest message accepted, in bytes (default 10 MiB); bigger ones are refused with SMTP 552. */
  maxMessageBytes?: number;
  /** Time source of `receivedAt` (default: the system clock). */
  now?: () => Date;
}

/**
 * A running SMTP catcher.
 *
 * @example
 * const catcher: SmtpCatcher = await startSmtpCatcher();
 * console.log(catcher.host, catcher.port, catcher.url);
 * await catcher.close();
 */
export interface SmtpCatcher {
  /** Host to give an SMTP client (`127.0.0.1`). */
  readonly host: string;
  /** SMTP port. */
  readonly port: number;
  /** Base URL of the web page (`GET /`) and the JSON API (`GET /messages`), no trailing slash. */
  readonly url: string;
  /** The messages held, oldest first. */
  messages(): readonly CaughtMessage[];
  message(id: string): CaughtMessage | undefined;
  clear(): void;
  /**
   * Resolves with the first message (held or yet to come) that `predicate` accepts; rejects after `timeoutMs`
   * (default 10 s).
   */
  waitFor(predicate: (message: CaughtMessage) => boolean, timeoutMs?: number): Promise<CaughtMessage>;
  /** Stops both servers, ending open SMTP sessions and HTTP connections. */
  close(): Promise<void>;
}

const DEFAULT_CAPACITY = 500;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Starts a local SMTP server that accepts every message (any sender, any recipient, any login or none), keeps
 * the parsed messages in memory, and serves them as a small web page and JSON API — the demo's outbox and the
 * e-mail tests' mailbox. Nothing is relayed anywhere.
 *
 * The catcher offers neither TLS nor STARTTLS (clients talk plain SMTP to it on loopback) and accepts `AUTH PLAIN`
 * and `LOGIN` over that plain connection, so a client configured with a user and password works unchanged.
 *
 * @example
 * import nodemailer from 'nodemailer';
 * const catcher = await startSmtpCatcher();
 * const transport = nodemailer.createTransport({ host: catcher.host, port: catcher.port, secure: false });
 * await transport.sendMail({ from: 'shop@example.com', to: 'ana@example.com', subject: 'Hi', text: 'Hello' });
 * catcher.messages()[0]?.subject; // 'Hi'
 * await catcher.close();
 */
export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const hostname = options.hostname ?? '127.0.0.1';
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError('capacity must be a positive integer');
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) {
    throw new RangeError('maxMessageBytes must be a positive integer');
  }
  const now = options.now ?? (() => new Date());

  let held: CaughtMessage[] = [];
  let counter = 0;
  const waiters = new Set<(message: CaughtMessage) => void>();
  const keep = (message: CaughtMessage) => {
    held.push(message);
    if (held.length > capacity) held = held.slice(held.length - capacity);
    if (waiters.size > 0) for (const waiter of [...waiters]) waiter(message);
  };

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: maxBytes,
    logger: false,
    // A closing catcher waits this long for open sessions before ending them (the library's default is 30 s).
    closeTimeout: 1_000,
    banner: 'hotpilot SMTP catcher: nothing is relayed',
    onAuth(auth, _session, callback) {
      // Any login is accepted: the catcher stands in for a provider whose credentials it can't know.
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes) {
          const error = Object.assign(
            new Error(`message exceeds the ${maxBytes} bytes this server accepts`),
            {
              responseCode: 552,
            },
          );
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        const store = (parsed: MailFields) => {
          counter += 1;
          keep(
            caughtMessageFrom(parsed, {
              id: `msg-${counter}`,
              receivedAt: now(),
              size: raw.length,
              envelope: {
                from: addressOf(session.envelope.mailFrom),
                to: session.envelope.rcptTo.map((recipient) => recipient.address),
              },
            }),
          );
          callback();
        };
        // What nodemailer sends without attachments parses synchronously, as mailparser would parse it; the rest
        // (attachments, HTML alone, other charsets…) goes through mailparser.
        const plain = parsePlainMessage(raw);
        if (plain) {
          store(plain);
          return;
        }
        simpleParser(raw, { skipImageLinks: true }).then(store, (error: unknown) =>
          callback(
            Object.assign(new Error(`the message could not be parsed: ${String(error)}`), {
              responseCode: 554,
            }),
          ),
        );
      });
    },
  });

  const inbox = {
    messages: () => held,
    message: (id: string) => held.find((message) => message.id === id),
    clear: () => {
      held = [];
    },
  };
  const http = createAdaptorServer({ fetch: createCatcherApp(inbox).fetch, hostname }) as Server;

  let smtpListening = false;
  try {
    await new Promise<void>((resolve, reject) => {
      smtp.once('error', reject);
      smtp.listen(options.smtpPort ?? 0, hostname, () => {
        smtp.off('error', reject);
        resolve();
      });
    });
    smtpListening = true;
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.httpPort ?? 0, hostname, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (smtpListening) await new Promise<void>((resolve) => smtp.close(() => resolve()));
    throw error;
  }
  // The SMTP server keeps logging socket errors of clients that hang up; they are the client's business.
  smtp.on('error', () => {});

  const smtpAddress = smtp.server.address() as AddressInfo;
  const httpAddress = http.address() as AddressInfo;
  const host = hostPart(httpAddress);
  let closing: Promise<void> | undefined;

  return {
    host: hostPart(smtpAddress).replace(/^\[|\]$/g, ''),
    port: smtpAddress.port,
    url: `http://${host}:${httpAddress.port}`,
    messages: inbox.messages,
    message: inbox.message,
    clear: inbox.clear,
    waitFor(predicate, timeoutMs = 10_000) {
      const found = held.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMessage>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail arrived within ${timeoutMs} ms (${held.length} held)`));
        }, timeoutMs);
        const waiter = (message: CaughtMessage) => {
          if (!predicate(message)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(message);
        };
        waiters.add(waiter);
      });
    },
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        }),
      ]).then(() => undefined);
      return closing;
    },
  };
}

function addressOf(mailFrom: SMTPServerAddress | false): string | null {
  return mailFrom === false || mailFrom.address === '' ? null : mailFrom.address;
}

function hostPart(address: AddressInfo): string {
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}
