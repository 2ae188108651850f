import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailSendMessage } from '../../../src/connectors/email/actions/send-message.ts';
import { emailSuppressAddress } from '../../../src/connectors/email/actions/suppress-address.ts';
import { emailUnsuppressAddress } from '../../../src/connectors/email/actions/unsuppress-address.ts';
import { emailConnector } from '../../../src/connectors/email/email-connector.ts';
import { handleUnsubscribe } from '../../../src/connectors/email/handle-unsubscribe.ts';
import {
  getSuppression,
  suppressAddress,
  suppressionKey,
} from '../../../src/connectors/email/suppression.ts';
import { closeEmailTransports } from '../../../src/connectors/email/transport-cache.ts';
import {
  createUnsubscribeToken,
  verifyUnsubscribeToken,
} from '../../../src/connectors/email/unsubscribe-token.ts';
import { buildUnsubscribeUrl } from '../../../src/connectors/email/unsubscribe-url.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { Secret } from '../../../src/kit/secret.ts';
import type { Store } from '../../../src/store/port.ts';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { emailConnection, SECRET_KEY, T0, UNSUBSCRIBE_BASE, UNSUBSCRIBE_SECRET } from './support/fixtures.ts';
import { headerLine, startSmtpServer, type TestSmtpServer } from './support/smtp-server.ts';

let store: Store;
beforeEach(async () => {
  store = createSqliteStore({ path: ':memory:', secretKey: SECRET_KEY });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

describe('unsubscribe tokens', () => {
  const claim = { email: 'Ana@Example.com', list: 'welcome', locale: 'pt-BR' as const };

  it('round-trips the claim (address lower-cased) with any form of the key', () => {
    for (const secret of [
      UNSUBSCRIBE_SECRET,
      Buffer.from(UNSUBSCRIBE_SECRET),
      new Secret(UNSUBSCRIBE_SECRET),
    ]) {
      const token = createUnsubscribeToken(secret, claim);
      expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, token)).toEqual({
        ...claim,
        email: 'ana@example.com',
      });
    }
    const noLocale = createUnsubscribeToken(UNSUBSCRIBE_SECRET, { email: 'a@example.com', list: 'all' });
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, noLocale)).toEqual({
      email: 'a@example.com',
      list: 'all',
    });
  });

  it('rejects tampered, truncated, foreign and malformed tokens', () => {
    const token = createUnsubscribeToken(UNSUBSCRIBE_SECRET, claim);
    const [version, body, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ e: 'victim@example.com', l: 'welcome' })).toString(
      'base64url',
    );
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    for (const bad of [
      `${version}.${forged}.${signature}`,
      `${version}.${body}.${flipped}`,
      `${version}.${body}.${signature.slice(0, 42)}`,
      `v2.${body}.${signature}`,
      `${version}.${body}`,
      token.replace(body, `${body}A`),
      createUnsubscribeToken('another-secret-of-enough-length', claim),
      '',
      'v1..',
      `${token} `,
    ]) {
      expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, bad)).toBeNull();
    }
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, undefined)).toBeNull();
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, { token })).toBeNull();
  });

  it('rejects a correctly signed payload that is not a claim', () => {
    const body = Buffer.from(JSON.stringify({ e: 'not-an-email', l: 'welcome' })).toString('base64url');
    const signature = createHmac('sha256', UNSUBSCRIBE_SECRET).update(`v1.${body}`).digest('base64url');
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, `v1.${body}.${signature}`)).toBeNull();
  });

  it('refuses weak keys and invalid claims', () => {
    expect(() => createUnsubscribeToken('short', claim)).toThrow(
      'the unsubscribe secret must be at least 16 bytes',
    );
    expect(() => createUnsubscribeToken(UNSUBSCRIBE_SECRET, { email: 'nope', list: 'bad list!' })).toThrow(
      'createUnsubscribeToken: invalid email, list',
    );
  });

  it('builds the link on the configured page', () => {
    const url = new URL(buildUnsubscribeUrl(`${UNSUBSCRIBE_BASE}?from=mail`, UNSUBSCRIBE_SECRET, claim));
    expect(url.searchParams.get('from')).toBe('mail');
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, url.searchParams.get('token'))?.email).toBe(
      'ana@example.com',
    );
  });
});

describe('handleUnsubscribe', () => {
  const token = () =>
    createUnsubscribeToken(UNSUBSCRIBE_SECRET, { email: 'ana@example.com', list: 'welcome', locale: 'es' });

  it('suppresses the address, records it in the audit log and answers in three languages', async () => {
    const result = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, token(), T0);
    expect(result).toMatchObject({
      outcome: 'unsubscribed',
      status: 200,
      email: 'ana@example.com',
      list: 'welcome',
      alreadySuppressed: false,
      locale: 'es',
    });
    expect(result.texts).toEqual({
      'pt-BR': {
        title: 'Inscrição cancelada',
        message:
          'Pronto: ana@example.com não vai mais receber nossos e-mails. Se foi um engano, é só responder a qualquer mensagem nossa pedindo para voltar.',
      },
      es: {
        title: 'Baja confirmada',
        message:
          'Listo: ana@example.com ya no recibirá nuestros correos. Si fue un error, responde a cualquiera de nuestros mensajes y te volvemos a suscribir.',
      },
      en: {
        title: "You're unsubscribed",
        message:
          "Done: ana@example.com won't receive our emails anymore. If this was a mistake, just reply to any of our messages and we'll add you back.",
      },
    });
    // The reader's language first.
    expect(result.html.indexOf('lang="es"')).toBeLessThan(result.html.indexOf('<section lang="pt-BR"'));
    expect(result.html).toContain('<title>Baja confirmada</title>');
    expect(result.html).toContain('You&#39;re unsubscribed');
    expect(await getSuppression(store, 'ANA@example.com')).toEqual({
      email: 'ana@example.com',
      reason: 'unsubscribed',
      list: 'welcome',
      at: T0,
      note: null,
    });
    const audit = await store.listAudit({ action: 'email.suppress' });
    expect(audit.map((entry) => [entry.actor, entry.target, entry.details])).toEqual([
      ['unsubscribe-link', 'ana@example.com', { reason: 'unsubscribed', list: 'welcome' }],
    ]);
  });

  it('is idempotent: a second click keeps the first entry', async () => {
    await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, token(), T0);
    const again = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, token(), T0 + 60_000);
    expect(again.outcome).toBe('unsubscribed');
    expect(again.outcome === 'unsubscribed' && again.alreadySuppressed).toBe(true);
    expect((await getSuppression(store, 'ana@example.com'))?.at).toBe(T0);
    expect(await store.listAudit({ action: 'email.suppress' })).toHaveLength(1);
  });

  it('only shows a confirmation form in confirm mode (GET), changing nothing', async () => {
    const result = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, token(), T0, { mode: 'confirm' });
    expect(result.outcome).toBe('confirm');
    expect(result.texts.en).toEqual({
      title: 'Unsubscribe',
      message: 'Do you want to stop receiving our emails at ana@example.com?',
      button: 'Yes, unsubscribe me',
    });
    expect(result.html).toContain('<form method="post" action=""><button type="submit"');
    expect(result.html).toContain('Sí, darme de baja');
    expect(await getSuppression(store, 'ana@example.com')).toBeNull();
  });

  it('answers 400 to a tampered token and suppresses nobody', async () => {
    const result = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, `${token()}x`, T0);
    expect(result.outcome).toBe('invalid');
    expect(result.status).toBe(400);
    expect(result.texts['pt-BR'].title).toBe('Link inválido');
    expect(result.texts.en.title).toBe('Invalid link');
    expect(result.html).toContain('<html lang="en">');
    expect(await getSuppression(store, 'ana@example.com')).toBeNull();
    expect(await store.listAudit({})).toHaveLength(0);
  });
});

describe('suppression list', () => {
  const connection = emailConnection(2525);
  const options = { connector: emailConnector, connection, now: () => T0 };
  const suppress = (input: unknown) =>
    invokeAction(emailSuppressAddress, input, { ...options, services: { store } });
  const unsuppress = (input: unknown) =>
    invokeAction(emailUnsuppressAddress, input, { ...options, services: { store } });

  it('is stored under email:suppressed:<lower-cased address>', async () => {
    await suppressAddress(store, ' Ana@Example.COM ', { reason: 'bounced' }, T0);
    expect(suppressionKey(' Ana@Example.COM ')).toBe('email:suppressed:ana@example.com');
    expect(await store.getState('email:suppressed:ana@example.com')).toEqual({
      email: 'ana@example.com',
      reason: 'bounced',
      list: null,
      at: T0,
      note: null,
    });
  });

  it('is managed by the suppress and unsuppress actions', async () => {
    const first = await suppress({ email: 'ana@example.com', note: 'asked by phone' });
    expect(first).toEqual({
      created: true,
      suppression: { email: 'ana@example.com', reason: 'manual', list: null, at: T0, note: 'asked by phone' },
    });
    const second = await suppress({ email: 'ANA@example.com', reason: 'complained' });
    expect(second.created).toBe(false);
    expect(second.suppression.reason).toBe('manual');

    const removed = await unsuppress({ email: 'ana@example.com' });
    expect(removed).toEqual({ removed: true, previous: first.suppression });
    expect(await getSuppression(store, 'ana@example.com')).toBeNull();
    expect(await unsuppress({ email: 'ana@example.com' })).toEqual({
      removed: false,
      previous: null,
    });
    const audit = await store.listAudit({});
    expect(audit.map((entry) => entry.action).sort()).toEqual(['email.suppress', 'email.unsuppress']);
  });

  it('refuses a suppress call without a store', async () => {
    const error = await invokeAction(
      emailSuppressAddress,
      { email: 'ana@example.com' },
      { connector: emailConnector, connection, services: {} },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'email_suppress_address needs services.store (the suppression list and enrolments live in the store)',
    );
  });
});

describe('unsubscribing from a received message', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    closeEmailTransports();
    await smtp.close();
  });

  it('the List-Unsubscribe link of a delivered message stops every later send', async () => {
    const send = (key: string) =>
      invokeAction(
        emailSendMessage,
        {
          to: 'ana@example.com',
          template: { id: 'welcome-2', data: { product: { name: 'Curso' } } },
          locale: 'pt-BR',
        },
        {
          connector: emailConnector,
          connection: emailConnection(smtp.port),
          idempotencyKey: key,
          services: { store, unsubscribeSecret: UNSUBSCRIBE_SECRET },
        },
      );
    expect((await send('k1')).status).toBe('sent');
    const [mail] = await smtp.waitForMessages(1);
    const link = new URL((headerLine(mail!, 'list-unsubscribe') ?? '').replace(/^<|>$/g, ''));
    // The body's link is the same URL as the header's.
    expect(mail!.parsed.text).toContain(link.toString());

    // What the server does on the one-click POST.
    const result = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, link.searchParams.get('token'), T0);
    expect(result.outcome === 'unsubscribed' && result.list).toBe('welcome-2');
    expect(result.locale).toBe('pt-BR');

    const after = await send('k2');
    expect(after.status).toBe('suppressed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smtp.received).toHaveLength(1);
  });
});
