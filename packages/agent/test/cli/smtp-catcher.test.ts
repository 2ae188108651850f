import { createConnection } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
// The catcher lives in @hotpilot/fakes (subpath `@hotpilot/fakes/smtp`); the tests run on its source.
import { type SmtpCatcher, startSmtpCatcher } from '../../../fakes/src/smtp/smtp-catcher.ts';

// The demo's outbox: a real SMTP server receiving what nodemailer (the e-mail connector's transport) sends.

let catcher: SmtpCatcher | null = null;
afterEach(async () => {
  await catcher?.close();
  catcher = null;
});

function transport(running: SmtpCatcher, auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({
    host: running.host,
    port: running.port,
    secure: false,
    ...(auth ? { auth } : {}),
  });
}

describe('SMTP catcher', () => {
  it('keeps what nodemailer sends: envelope, headers, text and HTML bodies, attachments', async () => {
    catcher = await startSmtpCatcher({ now: () => new Date('2026-06-01T12:00:00.000Z') });
    await transport(catcher).sendMail({
      from: 'Escola Demo <vendas@example.com>',
      to: 'ana@example.com, bruno@example.com',
      cc: 'copia@example.com',
      replyTo: 'suporte@example.com',
      subject: 'Bem-vinda, Ana! Seu acesso está pronto',
      text: 'Olá, Ana!\nSeu curso começa hoje.',
      html: '<p>Olá, <strong>Ana</strong>!</p>',
      headers: { 'List-Unsubscribe': '<https://hp.example.com/unsubscribe?t=abc>' },
      attachments: [
        {
          filename: 'certificado.pdf',
          content: Buffer.from('%PDF-1.4 test'),
          contentType: 'application/pdf',
        },
      ],
    });
    const [message] = catcher.messages();
    expect(catcher.messages()).toHaveLength(1);
    expect(message).toMatchObject({
      id: 'msg-1',
      receivedAt: '2026-06-01T12:00:00.000Z',
      envelope: {
        from: 'vendas@example.com',
        to: ['ana@example.com', 'bruno@example.com', 'copia@example.com'],
      },
      subject: 'Bem-vinda, Ana! Seu acesso está pronto',
      from: '"Escola Demo" <vendas@example.com>',
      to: ['ana@example.com', 'bruno@example.com'],
      cc: ['copia@example.com'],
      replyTo: 'suporte@example.com',
      text: 'Olá, Ana!\nSeu curso começa hoje.',
      html: '<p>Olá, <strong>Ana</strong>!</p>',
      attachments: [{ filename: 'certificado.pdf', contentType: 'application/pdf', size: 13 }],
    });
    expect(message?.headers['list-unsubscribe']).toBe('<https://hp.example.com/unsubscribe?t=abc>');
    expect(message?.messageId).toMatch(/^<.+@.+>$/);
    expect(message?.size).toBeGreaterThan(300);
  });

  it('accepts a login over plain SMTP, as a provider account configured with a user and password', async () => {
    catcher = await startSmtpCatcher();
    const info = await transport(catcher, { user: 'apikey', pass: 'not-checked' }).sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: 'with login',
      text: 'x',
    });
    expect(info.accepted).toEqual(['b@example.com']);
    expect(catcher.messages().map((message) => message.subject)).toEqual(['with login']);
  });

  it('serves the messages as JSON and as an HTML page that escapes them, and forgets them on DELETE', async () => {
    catcher = await startSmtpCatcher();
    await transport(catcher).sendMail({
      from: 'a@example.com',
      to: 'b@example.com',
      subject: '<script>alert(1)</script>',
      text: 'hello & bye',
      html: '<p onclick="x()">hi</p>',
    });
    const list = (await (await fetch(`${catcher.url}/messages`)).json()) as { messages: { id: string }[] };
    expect(list.messages.map((message) => message.id)).toEqual(['msg-1']);
    const one = await fetch(`${catcher.url}/messages/msg-1`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { text: string }).text).toBe('hello & bye');
    const page = await fetch(`${catcher.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('hello &amp; bye');
    const body = await fetch(`${catcher.url}/messages/msg-1/html`);
    expect(body.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await body.text()).toBe('<p onclick="x()">hi</p>');
    const missing = await fetch(`${catcher.url}/messages/msg-9`);
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'not_found' }]);
    expect((await fetch(`${catcher.url}/messages`, { method: 'DELETE' })).status).toBe(200);
    expect(catcher.messages()).toEqual([]);
  });

  it('keeps only the newest messages beyond its capacity, and waits for one to come', async () => {
    catcher = await startSmtpCatcher({ capacity: 2 });
    const arriving = catcher.waitFor((message) => message.subject === 'third', 5_000);
    const mailer = transport(catcher);
    for (const subject of ['first', 'second', 'third']) {
      await mailer.sendMail({ from: 'a@example.com', to: 'b@example.com', subject, text: subject });
    }
    expect((await arriving).id).toBe('msg-3');
    expect(catcher.messages().map((message) => message.subject)).toEqual(['second', 'third']);
    await expect(catcher.waitFor((message) => message.subject === 'never', 50)).rejects.toThrow(
      'no matching e-mail arrived within 50 ms (2 held)',
    );
  });

  it('refuses a message over the size limit with 552 and keeps nothing', async () => {
    catcher = await startSmtpCatcher({ maxMessageBytes: 2_000 });
    await expect(
      transport(catcher).sendMail({
        from: 'a@example.com',
        to: 'b@example.com',
        subject: 'big',
        text: 'x'.repeat(10_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(catcher.messages()).toEqual([]);
  });

  it('offers no STARTTLS (plain SMTP on loopback) and rejects bad options', async () => {
    catcher = await startSmtpCatcher();
    const running = catcher;
    const greeting = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: running.host, port: running.port });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text.startsWith('220') && !text.includes('EHLO sent')) {
          text += 'EHLO sent\n';
          socket.write('EHLO tests\r\n');
        } else if (/^250 /m.test(text)) {
          socket.end('QUIT\r\n');
          resolve(text);
        }
      });
      socket.on('error', reject);
    });
    expect(greeting).toContain('nothing is relayed');
    expect(greeting).not.toContain('STARTTLS');
    expect(greeting).toMatch(/^250-AUTH LOGIN PLAIN$/m);
    await expect(startSmtpCatcher({ capacity: 0 })).rejects.toThrow('capacity must be a positive integer');
    await expect(startSmtpCatcher({ maxMessageBytes: -1 })).rejects.toThrow(
      'maxMessageBytes must be a positive integer',
    );
  });
});
