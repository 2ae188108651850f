import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHURN_REASON_ACTION,
  latestChurnAnswer,
} from '../../src/agents/retention/churn-form/churn-answer.ts';
import type { ChurnFormClaim } from '../../src/agents/retention/churn-form/churn-form-token.ts';
import { buildChurnFormUrl } from '../../src/agents/retention/churn-form/churn-form-url.ts';
import { churnReasons } from '../../src/agents/retention/churn-form/churn-reasons-report.ts';
import { getSuppression } from '../../src/connectors/email/suppression.ts';
import { buildUnsubscribeUrl } from '../../src/connectors/email/unsubscribe-url.ts';
import { BUYER_BODY_LIMIT, createBuyerRoutes } from '../../src/server/buyer-routes.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

const UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789';
const CHURN_SECRET = 'test-churn-form-secret-0123456789';
const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const claim: ChurnFormClaim = {
  connectionId: 'main',
  subscriberCode: 'SUB-4F2A',
  email: 'ana@example.com',
  productId: '1925400',
  locale: 'pt-BR',
};

function expectBuyerHeaders(response: Response): void {
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('content-security-policy')).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
}

function hiddenToken(html: string): string {
  return /<input type="hidden" name="token" value="([^"]*)">/.exec(html)?.[1] ?? '';
}

describe.each(storeFactories)('buyer routes on $name (real HTTP)', (factory) => {
  let t: TestStore;
  let server: Server;
  let base: string;
  let clock: number;

  beforeEach(async () => {
    t = await factory.create();
    clock = T0;
    const app = new Hono();
    // Mounted as the composition root mounts it.
    app.route(
      '/',
      createBuyerRoutes({
        store: t.store,
        unsubscribeSecret: UNSUBSCRIBE_SECRET,
        churnFormSecret: CHURN_SECRET,
        now: () => clock,
      }),
    );
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(started as Server),
      ) as Server;
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    await t.destroy();
  });

  const formUrl = (overrides: Partial<ChurnFormClaim> = {}, now = T0) =>
    buildChurnFormUrl(base, CHURN_SECRET, { ...claim, ...overrides }, { now }).replace(base, '');
  const tokenOf = (path: string) => new URL(path, 'http://x').searchParams.get('token') ?? '';
  const post = (fields: Record<string, string>, headers: Record<string, string> = FORM_TYPE) =>
    fetch(`${base}/forms/churn`, { method: 'POST', headers, body: new URLSearchParams(fields) });
  const answers = () => t.store.listAudit({ action: CHURN_REASON_ACTION });

  it('serves the form in the token’s language: every reason, the text box, the token in a hidden field', async () => {
    const path = formUrl();
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expectBuyerHeaders(response);
    const html = await response.text();
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('<title>Por que você cancelou?</title>');
    expect(html).toContain('<form method="post" action="churn">');
    expect(hiddenToken(html)).toBe(tokenOf(path));
    const radios = [
      ...html.matchAll(
        /<input type="radio" id="reason-([a-z-]+)" name="reason" value="([a-z-]+)" required>/g,
      ),
    ];
    expect(radios.map((match) => match[2])).toEqual([
      'too-expensive',
      'not-using',
      'content-mismatch',
      'technical-problems',
      'found-alternative',
      'temporary-pause',
      'other',
    ]);
    expect(html).toContain('<label for="reason-too-expensive">Ficou caro demais</label>');
    expect(html).toContain('<legend>O principal motivo</legend>');
    expect(html).toContain('maxlength="1000"');
    expect(html).toContain('Até 1.000 caracteres.');
    expect(html).not.toMatch(/<script|javascript:|\son[a-z]+=/i);

    const spanish = await (await fetch(`${base}${formUrl({ locale: 'es' })}`)).text();
    expect(spanish).toContain('<html lang="es">');
    expect(spanish).toContain('<h1>¿Por qué cancelaste?</h1>');
    expect(spanish).toContain('>Es demasiado caro</label>');
    const english = await (await fetch(`${base}${formUrl({ locale: 'en' })}`)).text();
    expect(english).toContain('<button type="submit">Send answer</button>');
  });

  it('refuses a missing, forged, expired or foreign token with a 400 page in three languages', async () => {
    const valid = tokenOf(formUrl());
    const [version, body, signature] = valid.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${version}.${Buffer.from(JSON.stringify({ ...payload, s: 'SUB-OTHER' })).toString('base64url')}.${signature}`;
    const expired = tokenOf(formUrl({}, T0 - 61 * DAY));
    const otherKey = tokenOf(buildChurnFormUrl(base, 'another-secret-of-enough-length', claim, { now: T0 }));
    const unsubscribeToken = tokenOf(
      buildUnsubscribeUrl(`${base}/unsubscribe`, CHURN_SECRET, {
        email: 'ana@example.com',
        list: 'win-back',
      }),
    );
    for (const query of [
      '',
      '?token=',
      `?token=${forged}`,
      `?token=${expired}`,
      `?token=${otherKey}`,
      `?token=${unsubscribeToken}`,
    ]) {
      const response = await fetch(`${base}/forms/churn${query}`);
      expect(response.status, query).toBe(400);
      expectBuyerHeaders(response);
      const html = await response.text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<h1>Invalid or expired link</h1>');
      expect(html).toContain('<h2>Link inválido ou expirado</h2>');
      expect(html).toContain('<h2>Enlace no válido o vencido</h2>');
      expect(html).not.toContain('name="reason"');
    }
    const spanishFirst = await fetch(`${base}/forms/churn?token=${forged}`, {
      headers: { 'accept-language': 'es-MX,es;q=0.9' },
    });
    expect(await spanishFirst.text()).toContain('<html lang="es">');

    for (const token of [undefined, forged, expired]) {
      const response = await post({ ...(token === undefined ? {} : { token }), reason: 'too-expensive' });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('Invalid or expired link');
    }
    // Two tokens in one post are refused, not resolved.
    const twice = new URLSearchParams([
      ['token', valid],
      ['token', forged],
      ['reason', 'other'],
    ]);
    expect(
      (await fetch(`${base}/forms/churn`, { method: 'POST', headers: FORM_TYPE, body: twice })).status,
    ).toBe(400);
    expect(await answers()).toEqual([]);
  });

  it('records an answer and thanks the subscriber; answering twice counts once, with the newest reason', async () => {
    const token = tokenOf(formUrl());
    const first = await post({ token, reason: 'too-expensive', text: '  R$ 97 por mês pesou.  ' });
    expect(first.status).toBe(200);
    expectBuyerHeaders(first);
    const thanks = await first.text();
    expect(thanks).toContain('<html lang="pt-BR">');
    expect(thanks).toContain('<h1>Obrigado!</h1>');

    expect((await answers()).map((entry) => entry.details)).toEqual([
      {
        connectionId: 'main',
        subscriberCode: 'SUB-4F2A',
        email: 'ana@example.com',
        productId: '1925400',
        reason: 'too-expensive',
        text: 'R$ 97 por mês pesou.',
        locale: 'pt-BR',
        answeredAt: T0,
      },
    ]);

    // The form now shows the answer given, and says a new one replaces it.
    const again = await (await fetch(`${base}/forms/churn?token=${token}`)).text();
    expect(again).toContain('value="too-expensive" required checked>');
    expect(again).toContain('R$ 97 por mês pesou.</textarea>');
    expect(again).toContain('Você já respondeu antes.');

    clock = T0 + 1000;
    expect((await post({ token, reason: 'temporary-pause' })).status).toBe(200);
    expect((await answers()).length).toBe(2);
    expect(await latestChurnAnswer(t.store, claim)).toMatchObject({ reason: 'temporary-pause', text: null });
    const report = await churnReasons(t.store, { from: T0 - DAY, to: T0 + DAY });
    expect(report.total).toBe(1);
    expect(report.counts['temporary-pause']).toBe(1);
    expect(report.counts['too-expensive']).toBe(0);
  });

  it('escapes the free text wherever it is shown again', async () => {
    const token = tokenOf(formUrl({ locale: 'en' }));
    const hostile = '</textarea><script>alert("x")</script> & \'quoted\' <img src=x onerror=alert(1)>';
    expect((await post({ token, reason: 'other', text: hostile })).status).toBe(200);
    expect((await latestChurnAnswer(t.store, claim))?.text).toBe(hostile);
    const html = await (await fetch(`${base}/forms/churn?token=${token}`)).text();
    expect(html).toContain(
      '&lt;/textarea&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &lt;img src=x onerror=alert(1)&gt;</textarea>',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });

  it('answers a reason off the list, or a text over 1000 characters, with the form again (400)', async () => {
    const token = tokenOf(formUrl({ locale: 'es' }));
    const attempts: Record<string, string>[] = [
      { token, text: 'sin motivo <b>' },
      { token, reason: 'bored', text: 'sin motivo <b>' },
    ];
    for (const fields of attempts) {
      const response = await post(fields);
      expect(response.status).toBe(400);
      expectBuyerHeaders(response);
      const html = await response.text();
      expect(html).toContain(
        '<p id="form-error" class="notice error" role="alert">Elige uno de los motivos de la lista.</p>',
      );
      expect(html).toContain('<fieldset aria-describedby="form-error">');
      expect(hiddenToken(html)).toBe(token);
      expect(html).toContain('sin motivo &lt;b&gt;</textarea>');
    }
    const twoReasons = new URLSearchParams([
      ['token', token],
      ['reason', 'other'],
      ['reason', 'not-using'],
    ]);
    expect(
      (await fetch(`${base}/forms/churn`, { method: 'POST', headers: FORM_TYPE, body: twoReasons })).status,
    ).toBe(400);

    const long = 'a'.repeat(1001);
    const tooLong = await post({ token, reason: 'other', text: long });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain('El texto supera los 1000 caracteres.');
    expect(html).toContain('value="other" required checked>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`${long}</textarea>`);
    // Exactly 1000 is fine.
    expect((await post({ token, reason: 'other', text: 'a'.repeat(1000) })).status).toBe(200);
    expect((await answers()).map((entry) => (entry.details as { text: string }).text.length)).toEqual([1000]);
  });

  it('refuses bodies over the limit (with or without Content-Length) and anything but a form post', async () => {
    const token = tokenOf(formUrl());
    const big = await post({ token, reason: 'other', text: 'x'.repeat(BUYER_BODY_LIMIT) });
    expect(big.status).toBe(413);
    expectBuyerHeaders(big);
    expect(await big.text()).toContain('Answer too large');

    const chunks = [`token=${token}&reason=other&text=`, 'y'.repeat(BUYER_BODY_LIMIT)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    });
    const chunked = await fetch(`${base}/forms/churn`, {
      method: 'POST',
      headers: FORM_TYPE,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    const json = await fetch(`${base}/forms/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, reason: 'other' }),
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('Submission not recognised');
    expect(await answers()).toEqual([]);
  });

  it('serves the unsubscribe confirmation on GET and unsubscribes on the one-click POST (RFC 8058)', async () => {
    const url = buildUnsubscribeUrl(`${base}/unsubscribe`, UNSUBSCRIBE_SECRET, {
      email: 'Ana@Example.com',
      list: 'dunning',
      locale: 'es',
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expectBuyerHeaders(page);
    const confirm = await page.text();
    expect(confirm).toContain('<html lang="es">');
    expect(confirm).toContain('¿Quieres dejar de recibir nuestros correos en ana@example.com?');
    expect(confirm).toContain('<form method="post" action="">');
    // A GET (a link scanner, a preview) changes nothing.
    expect(await getSuppression(t.store, 'ana@example.com')).toBeNull();

    const oneClick = await fetch(url, {
      method: 'POST',
      headers: FORM_TYPE,
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expectBuyerHeaders(oneClick);
    expect(await oneClick.text()).toContain('Listo: ana@example.com ya no recibirá nuestros correos.');
    expect(await getSuppression(t.store, 'ana@example.com')).toMatchObject({
      email: 'ana@example.com',
      reason: 'unsubscribed',
      list: 'dunning',
      at: T0,
    });

    // The confirmation button (a form post with an empty body) works too, and a second time is harmless.
    const button = await fetch(url, { method: 'POST', headers: FORM_TYPE, body: '' });
    expect(button.status).toBe(200);
    const suppressed = await t.store.listAudit({});
    expect(suppressed.filter((entry) => entry.action.includes('suppress')).length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a missing or forged unsubscribe token on GET and POST, suppressing nothing', async () => {
    const url = new URL(
      buildUnsubscribeUrl(`${base}/unsubscribe`, UNSUBSCRIBE_SECRET, {
        email: 'ana@example.com',
        list: 'win-back',
      }),
    );
    const token = url.searchParams.get('token') ?? '';
    const otherKey = new URL(
      buildUnsubscribeUrl(`${base}/unsubscribe`, CHURN_SECRET, {
        email: 'ana@example.com',
        list: 'win-back',
      }),
    ).searchParams.get('token');
    const churnToken = tokenOf(formUrl());
    for (const query of [
      '',
      `?token=${token.slice(0, -2)}xx`,
      `?token=${otherKey}`,
      `?token=${churnToken}`,
    ]) {
      for (const method of ['GET', 'POST']) {
        const response = await fetch(`${base}/unsubscribe${query}`, {
          method,
          ...(method === 'POST' ? { headers: FORM_TYPE, body: 'List-Unsubscribe=One-Click' } : {}),
        });
        expect(response.status, `${method} ${query}`).toBe(400);
        expectBuyerHeaders(response);
        expect(await response.text()).toContain('Invalid link');
      }
    }
    expect(await getSuppression(t.store, 'ana@example.com')).toBeNull();
    const big = await fetch(`${base}/unsubscribe?token=${token}`, {
      method: 'POST',
      headers: FORM_TYPE,
      body: 'x'.repeat(BUYER_BODY_LIMIT + 1),
    });
    expect(big.status).toBe(413);
    expect(await getSuppression(t.store, 'ana@example.com')).toBeNull();
  });
});

describe('the buyer route table', () => {
  it('has exactly the form and unsubscribe routes, each refusing a request without a token', async () => {
    const t = await storeFactories[0]!.create();
    try {
      const app = createBuyerRoutes({
        store: t.store,
        unsubscribeSecret: UNSUBSCRIBE_SECRET,
        churnFormSecret: CHURN_SECRET,
      });
      expect(app.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
        'GET /forms/churn',
        'POST /forms/churn',
        'GET /unsubscribe',
        'POST /unsubscribe',
      ]);
      for (const route of app.routes) {
        const response = await app.request(route.path, {
          method: route.method,
          ...(route.method === 'POST' ? { headers: FORM_TYPE, body: 'reason=other' } : {}),
        });
        expect(response.status, `${route.method} ${route.path}`).toBe(400);
      }
      expect(await t.store.listAudit({})).toEqual([]);
    } finally {
      await t.destroy();
    }
  });
});
