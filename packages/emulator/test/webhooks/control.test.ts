import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createScenarioDriver } from '../../src/scenarios/index.ts';
import { createWebhookSender, webhookControlRoutes } from '../../src/webhooks/index.ts';
import { createMemoryAccount } from './memory-account.ts';
import { startReceiver } from './receiver.ts';

const HOTTOK = 'control-hottok-never-echoed';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setUp() {
  const account = createMemoryAccount();
  const sender = createWebhookSender(account, { retryDelaysMs: [] });
  cleanups.push(() => sender.close());
  const driver = createScenarioDriver(account);
  const app = new Hono();
  app.route('/_emulator', webhookControlRoutes({ account, sender, driver }));
  const call = async (method: string, path: string, body?: unknown) => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await app.request(`/_emulator${path}`, init);
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  return { account, sender, driver, call };
}

const fieldsOf = (json: Record<string, unknown>) =>
  (json.issues as { field: string }[] | undefined)?.map((issue) => issue.field) ?? [];

describe('webhookControlRoutes — endpoints', () => {
  it('registers, lists and removes endpoints without echoing the hottok', async () => {
    const { call, sender } = setUp();
    const created = await call('POST', '/webhooks/endpoints', {
      id: 'main',
      url: 'http://127.0.0.1:9/hook',
      hottok: HOTTOK,
      events: ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'],
      productId: 4774438,
      bodyHottok: true,
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: 'main',
      url: 'http://127.0.0.1:9/hook',
      hottok: '[redacted]',
      events: ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'],
      productId: 4774438,
      bodyHottok: true,
    });
    expect(sender.endpoints()[0]?.hottok).toBe(HOTTOK);
    const listed = await call('GET', '/webhooks/endpoints');
    expect(listed.status).toBe(200);
    expect(listed.json.items).toEqual([created.json]);
    expect(listed.text).not.toContain(HOTTOK);

    expect(
      (await call('POST', '/webhooks/endpoints', { id: 'main', url: 'http://127.0.0.1:9/x', hottok: 'h' }))
        .status,
    ).toBe(409);
    expect((await call('DELETE', '/webhooks/endpoints/main')).status).toBe(204);
    const missing = await call('DELETE', '/webhooks/endpoints/main');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe('not_found');

    await call('POST', '/webhooks/endpoints', { url: 'http://127.0.0.1:9/a', hottok: 'a' });
    await call('POST', '/webhooks/endpoints', { url: 'http://127.0.0.1:9/b', hottok: 'b' });
    expect((await call('DELETE', '/webhooks/endpoints')).json).toEqual({ removed: 2 });
    expect(sender.endpoints()).toHaveLength(0);
  });

  it('answers 400 naming each bad field', async () => {
    const { call } = setUp();
    const cases: [unknown, string[]][] = [
      [{ url: 'not a url', hottok: 'x' }, ['url']],
      [{ url: 'ftp://127.0.0.1/x', hottok: 'x' }, ['url']],
      [{ url: 'http://127.0.0.1/x' }, ['hottok']],
      [{ url: 'http://127.0.0.1/x', hottok: 'x', events: ['PURCHASE_APPROVED', 'NOPE'] }, ['events.1']],
      [{ url: 'http://127.0.0.1/x', hottok: 'x', events: [] }, ['events']],
      [{ url: 'http://127.0.0.1/x', hottok: 'x', colour: 'blue' }, ['colour']],
      [{ url: 'http://127.0.0.1/x', hottok: 'x', productId: 999 }, ['productId']],
      [[1, 2], ['body']],
    ];
    for (const [body, fields] of cases) {
      const response = await call('POST', '/webhooks/endpoints', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json.error).toBe('invalid_parameter');
      expect(fieldsOf(response.json), JSON.stringify(body)).toEqual(fields);
      expect(String(response.json.error_description)).toContain(`${fields[0]}:`);
    }
    const broken = await call('POST', '/webhooks/endpoints', '{"url":');
    expect(broken.status).toBe(400);
    expect(broken.json.error_description).toMatch(/JSON/);
  });
});

describe('webhookControlRoutes — trigger and deliveries', () => {
  it('triggers one state change, delivers it and lists the delivery', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { call, sender, account } = setUp();
    await call('POST', '/webhooks/endpoints', { id: 'hook', url: receiver.url, hottok: HOTTOK });
    const triggered = await call('POST', '/webhooks/trigger', {
      event: 'PURCHASE_REFUNDED',
      transaction: 'HP0000000001',
    });
    expect(triggered.status).toBe(202);
    expect(triggered.json.change).toEqual({ event: 'PURCHASE_REFUNDED', transaction: 'HP0000000001' });
    expect(account.sale('HP0000000001')?.status).toBe('REFUNDED');
    await sender.flush();
    expect(receiver.received.map((request) => request.body.event)).toEqual(['PURCHASE_REFUNDED']);
    expect(receiver.received[0]?.headers['x-hotmart-hottok']).toBe(HOTTOK);

    const deliveries = await call(
      'GET',
      '/webhooks/deliveries?event=PURCHASE_REFUNDED&endpoint=hook&limit=5',
    );
    expect(deliveries.status).toBe(200);
    expect(deliveries.json.items).toMatchObject([
      {
        event: 'PURCHASE_REFUNDED',
        endpoint: 'hook',
        attempt: 1,
        status: 200,
        id: receiver.received[0]?.body.id,
      },
    ]);
    expect(deliveries.json.stats).toMatchObject({ delivered: 1 });
    expect(deliveries.text).not.toContain(HOTTOK);
    expect((await call('GET', '/webhooks/deliveries?event=PURCHASE_APPROVED')).json.items).toEqual([]);
  });

  it('validates trigger bodies and maps driver errors to 404/409', async () => {
    const { call, account } = setUp();
    const invalid: [unknown, string][] = [
      [{}, 'event'],
      [{ event: 'NOPE' }, 'event'],
      [{ event: 'PURCHASE_APPROVED', transaction: 7 }, 'transaction'],
      [{ event: 'PURCHASE_APPROVED', subscriber_code: 'x' }, 'subscriber_code'],
      [{ event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', due_day: 0 }, 'due_day'],
    ];
    for (const [body, field] of invalid) {
      const response = await call('POST', '/webhooks/trigger', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response.json)[0], JSON.stringify(body)).toBe(field);
    }
    const notFound = await call('POST', '/webhooks/trigger', {
      event: 'PURCHASE_REFUNDED',
      transaction: 'HP-nope',
    });
    expect(notFound.status).toBe(404);
    expect(notFound.json).toEqual({ error: 'not_found', error_description: 'unknown transaction HP-nope' });
    const conflict = await call('POST', '/webhooks/trigger', {
      event: 'PURCHASE_CHARGEBACK',
      transaction: 'HP0000000003',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toBe('conflict');
    expect(account.changes).toEqual([]);
    const badQuery = await call('GET', '/webhooks/deliveries?limit=0');
    expect(badQuery.status).toBe(400);
    expect(fieldsOf(badQuery.json)).toEqual(['limit']);
    expect((await call('GET', '/webhooks/deliveries?event=NOPE')).status).toBe(400);
  });
});

describe('webhookControlRoutes — scenarios', () => {
  it('starts a run, reports progress and stops it', async () => {
    const { call } = setUp();
    const listed = await call('GET', '/scenarios');
    expect((listed.json.journeys as { name: string }[]).map((journey) => journey.name)).toContain('refund');
    const started = await call('POST', '/scenarios/run', {
      journeys: 500,
      rate: 50,
      seed: 3,
      mix: { card_purchase: 1 },
    });
    expect(started.status).toBe(202);
    const id = String(started.json.id);
    expect(started.json.progress).toMatchObject({ id, status: 'running', seed: 3, rate: 50 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const progress = await call('GET', `/scenarios/${id}`);
    expect(progress.status).toBe(200);
    expect(progress.json.status).toBe('running');
    expect(Number(progress.json.events)).toBeGreaterThan(0);
    const stopped = await call('POST', `/scenarios/${id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.json.status).toBe('stopped');
    expect(Number(stopped.json.events)).toBeLessThan(1000);
    expect((await call('GET', '/scenarios/run_999')).status).toBe(404);
    expect((await call('POST', '/scenarios/run_999/stop')).status).toBe(404);
  });

  it('runs to completion and validates run bodies', async () => {
    const { call } = setUp();
    const started = await call('POST', '/scenarios/run', { journeys: 4, mix: { refund: 1 } });
    let progress = await call('GET', `/scenarios/${String(started.json.id)}`);
    for (let i = 0; i < 50 && progress.json.status === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      progress = await call('GET', `/scenarios/${String(started.json.id)}`);
    }
    expect(progress.json).toMatchObject({
      status: 'completed',
      events: 8,
      byEvent: { PURCHASE_APPROVED: 4, PURCHASE_REFUNDED: 4 },
    });
    const invalid: [unknown, string][] = [
      [{}, 'journeys'],
      [{ journeys: 0 }, 'journeys'],
      [{ journeys: 1.5 }, 'journeys'],
      [{ journeys: 1, rate: -2 }, 'rate'],
      [{ journeys: 1, mix: { teleport: 1 } }, 'mix.teleport'],
      [{ journeys: 1, mix: { refund: 0 } }, 'mix'],
      [{ journeys: 1, seed: 'x' }, 'seed'],
      [{ journeys: 1, speed: 2 }, 'speed'],
    ];
    for (const [body, field] of invalid) {
      const response = await call('POST', '/scenarios/run', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response.json)[0], JSON.stringify(body)).toBe(field);
    }
  });
});
