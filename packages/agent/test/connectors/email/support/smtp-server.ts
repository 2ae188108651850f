import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the server accepted: the SMTP envelope, the raw bytes and the parsed message. */
export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

/** A failure to inject: the next `times` transactions are refused with this SMTP reply. */
export interface SmtpFault {
  code: number;
  message: string;
  times: number;
  /** Where to refuse: after the DATA (default) or at RCPT TO. */
  at?: 'data' | 'rcpt';
}

/** A real SMTP server on 127.0.0.1 and a port chosen by the OS, recording what it receives. */
export interface TestSmtpServer {
  port: number;
  /** Accepted messages, in arrival order. */
  received: ReceivedMail[];
  /** Transactions that reached DATA (accepted or refused). */
  attempts: number;
  /** Logins tried (successful or not). */
  logins: { username: string; ok: boolean }[];
  fail(fault: SmtpFault): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server (the `smtp-server` package) without TLS. With `auth`, logins are required and checked;
 * without it, the server is an open relay that refuses AUTH.
 */
export async function startSmtpServer(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<TestSmtpServer> {
  const faults: SmtpFault[] = [];
  const state: TestSmtpServer = {
    port: 0,
    received: [],
    attempts: 0,
    logins: [],
    fail(fault) {
      faults.push({ ...fault });
    },
    async waitForMessages(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} messages, received ${state.received.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return state.received.slice(0, count);
    },
    close: async () => {},
  };

  const takeFault = (at: 'data' | 'rcpt'): SmtpFault | null => {
    const fault = faults.find((candidate) => (candidate.at ?? 'data') === at && candidate.times > 0);
    if (!fault) return null;
    fault.times -= 1;
    return fault;
  };
  const refusal = (fault: SmtpFault) => Object.assign(new Error(fault.message), { responseCode: fault.code });

  const server = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.user && auth.password === options.auth?.pass;
      state.logins.push({ username: auth.username ?? '', ok });
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      const fault = takeFault('rcpt');
      callback(fault ? refusal(fault) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        state.attempts += 1;
        const fault = takeFault('data');
        if (fault) {
          callback(refusal(fault));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            state.received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
              raw,
              parsed,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/**
 * The unfolded value of a header as it was on the wire (mailparser groups `List-*` headers into one `list` entry,
 * which hides `List-Unsubscribe-Post`); null when absent.
 */
export function headerLine(mail: ReceivedMail, name: string): string | null {
  const line = mail.parsed.headerLines.find((header) => header.key === name.toLowerCase())?.line;
  if (line === undefined) return null;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r\n[ \t]+/g, ' ')
    .trim();
}
