import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailSendMessage } from '../../../src/connectors/email/actions/send-message.ts';
import { emailConnector } from '../../../src/connectors/email/email-connector.ts';
import { messageIdFor } from '../../../src/connectors/email/message-id.ts';
import { suppressAddress } from '../../../src/connectors/email/suppression.ts';
import { closeEmailTransports } from '../../../src/connectors/email/transport-cache.ts';
import { verifyUnsubscribeToken } from '../../../src/connectors/email/unsubscribe-token.ts';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import { invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';
import type { Store } from '../../../src/store/port.ts';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { emailConnection, SECRET_KEY, T0, UNSUBSCRIBE_BASE, UNSUBSCRIBE_SECRET } from './support/fixtures.ts';
import { headerLine, startSmtpServer, type TestSmtpServer } from './support/smtp-server.ts';

const NBSP = '\u00a0';
const AUTH = { user: 'mailer', pass: 'sup3r-s3cret-pass' };

let smtp: TestSmtpServer;
let store: Store;

beforeAll(async () => {
  smtp = await startSmtpServer({ auth: AUTH });
});
afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  store = createSqliteStore({ path: ':memory:', secretKey: SECRET_KEY });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

function send(
  input: unknown,
  options: {
    key?: string;
    connection?: ReturnType<typeof emailConnection>;
    services?: Record<string, unknown>;
  } = {},
) {
  return invokeAction(emailSendMessage, input, {
    connector: emailConnector,
    connection: options.connection ?? emailConnection(smtp.port, { auth: AUTH }),
    idempotencyKey: options.key ?? 'run-1:send-welcome',
    now: () => T0,
    services: options.services ?? { store, unsubscribeSecret: UNSUBSCRIBE_SECRET },
  });
}

describe('email_send_message over a real SMTP server', () => {
  it('delivers headers, both bodies and an attachment’s exact bytes', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x00, 0xff, 0x10, 0x80]);
    const result = await send({
      to: 'Buyer@Example.com',
      subject: 'Seu certificado chegou',
      text: 'Olá, Ana! Segue o certificado.',
      html: '<p>Olá, <b>Ana</b>! Segue o certificado.</p>',
      attachments: [
        { filename: 'certificado.pdf', content: pdf.toString('base64'), contentType: 'application/pdf' },
      ],
      headers: { 'X-Campaign': 'certificates' },
      locale: 'pt_BR',
      list: 'certificates',
    });

    expect(result).toEqual({
      status: 'sent',
      to: 'buyer@example.com',
      messageId: '<run-1%3Asend-welcome@hotpilot>',
      accepted: ['buyer@example.com'],
      rejected: [],
      suppression: null,
      template: null,
      locale: 'pt-BR',
    });
    const [mail] = await smtp.waitForMessages(1);
    const parsed = mail!.parsed;
    expect(mail!.envelope).toEqual({ from: 'ana@cursodaana.example', to: ['buyer@example.com'] });
    expect(parsed.from?.value).toEqual([{ address: 'ana@cursodaana.example', name: 'Curso da Ana' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : null).toBe('buyer@example.com');
    expect(parsed.replyTo?.text).toBe('suporte@cursodaana.example');
    expect(parsed.subject).toBe('Seu certificado chegou');
    expect(parsed.messageId).toBe('<run-1%3Asend-welcome@hotpilot>');
    expect(parsed.date?.getTime()).toBe(T0);
    expect(parsed.text?.trim()).toBe('Olá, Ana! Segue o certificado.');
    expect(parsed.html).toBe('<p>Olá, <b>Ana</b>! Segue o certificado.</p>');
    expect(parsed.headers.get('x-campaign')).toBe('certificates');
    expect(parsed.headers.get('content-language')).toBe('pt-BR');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('certificado.pdf');
    expect(parsed.attachments[0]?.contentType).toBe('application/pdf');
    expect(Buffer.compare(parsed.attachments[0]!.content, pdf)).toBe(0);
    expect(smtp.logins.at(-1)).toEqual({ username: 'mailer', ok: true });
  });

  it('adds RFC 8058 List-Unsubscribe headers whose token names the recipient and list', async () => {
    await send({ to: 'ana@example.com', subject: 'Oi', text: 'Olá', list: 'welcome', locale: 'es' });
    const [mail] = await smtp.waitForMessages(1);
    expect(headerLine(mail!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = new URL((headerLine(mail!, 'list-unsubscribe') ?? '').replace(/^<|>$/g, ''));
    expect(`${url.origin}${url.pathname}`).toBe(UNSUBSCRIBE_BASE);
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, url.searchParams.get('token'))).toEqual({
      email: 'ana@example.com',
      list: 'welcome',
      locale: 'es',
    });
  });

  it('omits the unsubscribe headers when no unsubscribe URL can be built', async () => {
    await send(
      { to: 'ana@example.com', subject: 'Oi', text: 'Olá' },
      { services: { store } }, // no unsubscribe secret
    );
    await send(
      { to: 'ana@example.com', subject: 'Oi', text: 'Olá' },
      { connection: emailConnection(smtp.port, { auth: AUTH, settings: {} }), key: 'k2' },
    );
    const mails = await smtp.waitForMessages(2);
    for (const mail of mails) {
      expect(headerLine(mail, 'list-unsubscribe')).toBeNull();
      expect(headerLine(mail, 'list-unsubscribe-post')).toBeNull();
      expect(mail.parsed.replyTo?.text ?? null).toBe(mail === mails[0] ? 'suporte@cursodaana.example' : null);
    }
  });

  it('renders a template in the recipient’s locale with money and dates formatted', async () => {
    const result = await send({
      to: 'jose@example.com',
      template: {
        id: 'refund-acknowledgement',
        data: {
          buyer: { name: 'JOSÉ PÉREZ' },
          product: { name: 'Curso de Tango' },
          amount: { value: 1500, currency: 'MXN' },
          transaction: 'HP17715690036014',
          requestedAt: Date.UTC(2025, 5, 3, 2, 30),
        },
        timeZone: 'America/Mexico_City',
      },
      locale: 'es_MX',
    });
    expect(result.template).toBe('refund-acknowledgement');
    expect(result.locale).toBe('es');
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Recibimos tu solicitud de reembolso (HP17715690036014)');
    const text = mail!.parsed.text ?? '';
    expect(text).toContain('¡Hola, José!');
    expect(text).toContain('- Importe: $1,500.00');
    // 02:30 UTC on 3 June is still 2 June in Mexico City.
    expect(text).toContain('- Fecha de la solicitud: 2 de junio de 2025');
    expect(mail!.parsed.html).toContain('<li>Importe: $1,500.00</li>');
    expect(mail!.parsed.html).toContain('<html lang="es">');
  });

  it('renders pt-BR amounts with the Brazilian real', async () => {
    await send({
      to: 'ana@example.com',
      template: {
        id: 'welcome-1',
        data: {
          buyer: { name: 'Ana' },
          product: { name: 'Fotografia' },
          amount: { value: 1500, currency: 'BRL' },
        },
      },
      locale: 'pt-BR',
    });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Fotografia: tudo pronto para você começar');
    expect(mail!.parsed.text).toContain(`- Valor: R$${NBSP}1.500,00`);
    // Marketing template: the unsubscribe link is in both bodies.
    expect(mail!.parsed.text).toContain(
      `Não quer mais receber mensagens como esta? ${UNSUBSCRIBE_BASE}?token=v1.`,
    );
    expect(mail!.parsed.html).toMatch(
      /<a href="https:\/\/hp\.example\.com\/unsubscribe\?token=v1\.[^"]+"[^>]*>Cancelar inscrição<\/a>/,
    );
  });

  it('refuses a marketing template when no unsubscribe link can be built, sending nothing', async () => {
    const error = await send(
      { to: 'ana@example.com', template: { id: 'welcome-2' }, locale: 'en' },
      { services: { store } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('UNSUBSCRIBE_LINK_MISSING');
    expect(smtp.received).toHaveLength(0);
  });

  it('checks the suppression list first and sends nothing to a suppressed address', async () => {
    await suppressAddress(store, 'ANA@example.com', { reason: 'unsubscribed', list: 'welcome' }, T0 - 1000);
    const result = await send({ to: 'ana@EXAMPLE.com', subject: 'Oi', text: 'Olá' });
    expect(result).toEqual({
      status: 'suppressed',
      to: 'ana@example.com',
      messageId: null,
      accepted: [],
      rejected: [],
      suppression: { reason: 'unsubscribed', list: 'welcome', at: T0 - 1000 },
      template: null,
      locale: 'en',
    });
    const templated = await send({ to: 'ana@example.com', template: { id: 'certificate' } }, { key: 'k2' });
    expect(templated.status).toBe('suppressed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smtp.received).toHaveLength(0);
  });

  it('uses the idempotency key as the Message-ID, the same on a retried send', async () => {
    await send(
      { to: 'ana@example.com', subject: 'A', text: 'a' },
      { key: 'sequence:welcome:ana@example.com:send-tips' },
    );
    await send(
      { to: 'ana@example.com', subject: 'A', text: 'a' },
      { key: 'sequence:welcome:ana@example.com:send-tips' },
    );
    const mails = await smtp.waitForMessages(2);
    const expected = '<sequence%3Awelcome%3Aana%40example.com%3Asend-tips@hotpilot>';
    expect(mails.map((mail) => mail.parsed.messageId)).toEqual([expected, expected]);
    expect(messageIdFor('sequence:welcome:ana@example.com:send-tips')).toBe(expected);
  });

  it('rejects bad input with one message naming each field, before any SMTP traffic', async () => {
    const attempts = smtp.attempts;
    const error = (await send({
      to: 'not-an-address',
      text: 'x',
      headers: { Bcc: 'x@example.com', 'X-Ok': 'a\r\nb' },
    }).catch((e: unknown) => e)) as ActionInputError;
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      ['input.headers.Bcc', 'input.headers.X-Ok', 'input.subject', 'input.to'].sort(),
    );
    expect(error.message).toContain('input.to: Invalid email address');
    expect(error.message).toContain('input.headers.Bcc: is set by hotpilot and cannot be given');

    const both = (await send({
      to: 'a@example.com',
      subject: 's',
      text: 't',
      template: { id: 'certificate' },
    }).catch((e: unknown) => e)) as ActionInputError;
    expect(both.issues.map((issue) => issue.path)).toEqual(['input.subject', 'input.text']);

    const attachment = (await send({
      to: 'a@example.com',
      subject: 's',
      text: 't',
      attachments: [{ filename: '../../etc/passwd', content: 'not base64!' }],
    }).catch((e: unknown) => e)) as ActionInputError;
    expect(attachment.issues.map((issue) => issue.path)).toEqual([
      'input.attachments[0].filename',
      'input.attachments[0].content',
    ]);
    expect(smtp.attempts).toBe(attempts);
  });

  it('fails clearly on an unknown template or a missing store', async () => {
    const unknown = await send({ to: 'a@example.com', template: { id: 'nope' } }).catch((e: unknown) => e);
    expect((unknown as NonRetriableError).code).toBe('TEMPLATE_NOT_FOUND');
    const noStore = await send({ to: 'a@example.com', subject: 's', text: 't' }, { services: {} }).catch(
      (e: unknown) => e,
    );
    expect((noStore as NonRetriableError).code).toBe('EMAIL_STORE_MISSING');
    expect(smtp.received).toHaveLength(0);
  });
});

describe('SMTP failures', () => {
  it('maps a temporary 4xx refusal to a retryable VendorError', async () => {
    smtp.fail({ code: 451, message: 'Try again later', times: 1 });
    const error = (await send({ to: 'a@example.com', subject: 's', text: 't' }).catch(
      (e: unknown) => e,
    )) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(NonRetriableError);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(451);
    expect(error.vendor).toBe('email');
    expect(error.request).toEqual({ method: 'SMTP DATA', url: `smtp://127.0.0.1:${smtp.port}` });
    expect(smtp.received).toHaveLength(0);
  });

  it('maps a permanent 5xx refusal to a non-retriable VendorRequestError', async () => {
    smtp.fail({ code: 550, message: 'Mailbox unavailable', times: 1, at: 'rcpt' });
    const error = (await send({ to: 'gone@example.com', subject: 's', text: 't' }).catch(
      (e: unknown) => e,
    )) as VendorRequestError;
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.status).toBe(550);
    expect(error.code).toBe('EENVELOPE');
    expect(error.message).toContain('Mailbox unavailable');
  });

  it('reports refused credentials as a CredentialsError naming the field, never the password', async () => {
    const wrong = emailConnection(smtp.port, { auth: { user: 'mailer', pass: 'wrong-password-123' } });
    const error = (await send({ to: 'a@example.com', subject: 's', text: 't' }, { connection: wrong }).catch(
      (e: unknown) => e,
    )) as CredentialsError;
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.code).toBe('CREDENTIALS_INVALID');
    expect(error.fields).toEqual(['credentials.pass']);
    expect(error.message).toMatch(
      /^connection "smtp" \(email\) has invalid credentials: credentials\.pass: the SMTP server refused the user name or password/,
    );
    expect(error.message).not.toContain('wrong-password-123');
    expect(JSON.stringify(error)).not.toContain('wrong-password-123');
    expect(smtp.logins.at(-1)).toEqual({ username: 'mailer', ok: false });
  });

  it('reports malformed credentials before connecting', async () => {
    const connection = emailConnection(smtp.port);
    connection.credentials = { host: '', port: 70_000, user: 'only-user', from: 'nobody', extra: 1 };
    const error = (await send({ to: 'a@example.com', subject: 's', text: 't' }, { connection }).catch(
      (e: unknown) => e,
    )) as CredentialsError;
    expect(error).toBeInstanceOf(CredentialsError);
    // `credentials` itself: the unknown key `extra` (the schema is strict).
    expect([...error.fields].sort()).toEqual([
      'credentials',
      'credentials.from',
      'credentials.host',
      'credentials.pass',
      'credentials.port',
    ]);
  });

  it('maps a refused connection to a retryable VendorError', async () => {
    const closed = await startSmtpServer();
    const port = closed.port;
    await closed.close();
    const error = (await send(
      { to: 'a@example.com', subject: 's', text: 't' },
      { connection: emailConnection(port, { id: 'closed' }) },
    ).catch((e: unknown) => e)) as VendorError;
    expect(error).toBeInstanceOf(VendorError);
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(0);
    expect(error.code).toBe('ESOCKET');
  });
});

describe('the connection test', () => {
  it('verifies the SMTP login without sending', async () => {
    const ok = await testConnection(emailConnector, emailConnection(smtp.port, { auth: AUTH }));
    expect(ok).toEqual({
      ok: true,
      message: `SMTP 127.0.0.1:${smtp.port} accepted the connection and the login of mailer`,
    });
    expect(smtp.received).toHaveLength(0);
  });

  it('explains a refused login without printing the password', async () => {
    const result = await testConnection(
      emailConnector,
      emailConnection(smtp.port, { id: 'bad', auth: { user: 'mailer', pass: 'not-the-password' } }),
    );
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`SMTP 127.0.0.1:${smtp.port} failed:`);
    expect(result.message).toContain('check the user name and password');
    expect(result.message).not.toContain('not-the-password');
  });

  it('names the broken field of invalid credentials', async () => {
    const connection = emailConnection(smtp.port, { id: 'broken' });
    connection.credentials = { host: '127.0.0.1', port: smtp.port, from: 'not a mailbox' };
    const result = await testConnection(emailConnector, connection);
    expect(result).toEqual({
      ok: false,
      message:
        'connection "broken" (email) has invalid credentials: credentials.from: must be an address or "Name <address>"',
    });
  });
});
