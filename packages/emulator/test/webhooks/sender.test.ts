import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { parseWebhook } from '@hotpilot/hotmart/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateChange } from '../../src/model.ts';
import {
  createWebhookSender,
  PURCHASE_EVENT_NAMES,
  WEBHOOK_EVENT_NAMES,
  WebhookPayloadError,
  type WebhookSender,
} from '../../src/webhooks/index.ts';
import { createMemoryAccount } from './memory-account.ts';
import { type Receiver, startReceiver } from './receiver.ts';

const HOTTOK = 'hottok-for-tests-5M9CA6Nvtq5q';

const ALL_CHANGES: StateChange[] = [
  ...PURCHASE_EVENT_NAMES.map((event) => ({ event, transaction: 'HP0000000002' })),
  {
    event: 'PURCHASE_OUT_OF_SHOPPING_CART',
    product_id: 4774438,
    offer_code: 'k2pasun0',
    buyer_ucode: 'buyer-0001',
  },
  { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3' },
  { event: 'SWITCH_PLAN', subscriber_code: 'I9OT62C3', previous_plan_id: 654321 },
  { event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', subscriber_code: 'I9OT62C3', old_due_day: 5 },
  { event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001', product_id: 4774438 },
  { event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001', product_id: 4774438, module_id: 'mod-a' },
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(behaviour?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const started = await startReceiver(behaviour);
  cleanups.push(() => started.close());
  return started;
}

function sender(...args: Parameters<typeof createWebhookSender>): WebhookSender {
  const created = createWebhookSender(...args);
  cleanups.push(() => created.close());
  return created;
}

describe('createWebhookSender — delivery', () => {
  it('POSTs every event family as JSON with X-HOTMART-HOTTOK, and each body parses', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, { endpoints: [{ id: 'main', url: target.url, hottok: HOTTOK }] });
    for (const change of ALL_CHANGES) account.notify(change);
    await webhooks.flush();

    expect(target.received).toHaveLength(15);
    expect(new Set(target.received.map((request) => request.body.event))).toEqual(
      new Set(WEBHOOK_EVENT_NAMES),
    );
    for (const request of target.received) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/webhooks/hotmart/main');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-hotmart-hottok']).toBe(HOTTOK);
      expect('hottok' in request.body).toBe(false);
      const parsed = parseWebhook(request.raw, request.headers['content-type']);
      expect(parsed.ok, request.raw.slice(0, 80)).toBe(true);
      if (parsed.ok) expect(parsed.event.id).toBe(request.body.id);
    }
    const records = webhooks.deliveries();
    expect(records).toHaveLength(15);
    expect(
      records.every((record) => record.status === 200 && record.attempt === 1 && record.endpoint === 'main'),
    ).toBe(true);
    expect(new Set(records.map((record) => record.id))).toEqual(
      new Set(target.received.map((r) => r.body.id)),
    );
    expect(records.every((record) => record.latencyMs >= 0 && record.time > 0)).toBe(true);
    expect(webhooks.stats()).toMatchObject({
      delivered: 15,
      failed: 0,
      attempts: 15,
      queued: 0,
      inFlight: 0,
    });
  });

  it('includes the body hottok for endpoints that ask for it', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, { endpoints: [{ url: target.url, hottok: HOTTOK, bodyHottok: true }] });
    account.notify({ event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', subscriber_code: 'I9OT62C3', old_due_day: 2 });
    await webhooks.flush();
    expect(target.received[0]?.body.hottok).toBe(HOTTOK);
    expect(Object.keys(target.received[0]?.body ?? {})).toEqual([
      'id',
      'creationDate',
      'event',
      'version',
      'hottok',
      'data',
    ]);
  });

  it('retries a 500 until it succeeds and records each attempt', async () => {
    const target = await receiver((_request, n) => (n < 2 ? 500 : 204));
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ id: 'flaky', url: target.url, hottok: HOTTOK }],
      retryDelaysMs: [5, 5, 5],
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    const records = webhooks.deliveries();
    expect(records.map((record) => [record.attempt, record.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 204],
    ]);
    expect(new Set(records.map((record) => record.id)).size).toBe(1);
    expect(new Set(target.received.map((request) => request.raw)).size).toBe(1);
    expect(webhooks.stats()).toMatchObject({ delivered: 1, failed: 0, attempts: 3, retrying: 0 });
  });

  it('gives up after the last retry', async () => {
    const target = await receiver(() => 503);
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      retryDelaysMs: [1, 1],
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    expect(webhooks.deliveries().map((record) => record.status)).toEqual([503, 503, 503]);
    expect(webhooks.stats()).toMatchObject({ delivered: 0, failed: 1, attempts: 3 });
  });

  it('records a dropped connection as -1 and retries it', async () => {
    const target = await receiver((_request, n) => (n === 0 ? 'drop' : 200));
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      retryDelaysMs: [5],
    });
    account.notify({ event: 'PURCHASE_CHARGEBACK', transaction: 'HP0000000001' });
    await webhooks.flush();
    const [dropped, retried] = webhooks.deliveries();
    expect(dropped).toMatchObject({ attempt: 1, status: -1, event: 'PURCHASE_CHARGEBACK' });
    expect(dropped?.error).toMatch(/^(ECONNRESET|UND_ERR_SOCKET|EPIPE|connection_failed)$/);
    expect(retried).toMatchObject({ attempt: 2, status: 200, id: dropped?.id });
  });

  it('records a refused connection as -1 with its code', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address() as { port: number };
        probe.close(() => resolve(address.port));
      });
    });
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: `http://127.0.0.1:${port}/hook`, hottok: HOTTOK }],
      retryDelaysMs: [],
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    expect(webhooks.deliveries()).toMatchObject([{ status: -1, error: 'ECONNREFUSED', attempt: 1 }]);
    expect(webhooks.stats().failed).toBe(1);
  });

  it('records a timed-out attempt as 408 (reference §6.3)', async () => {
    const target = await receiver(() => ({ status: 200, delayMs: 400 }));
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      timeoutMs: 50,
      retryDelaysMs: [],
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    const [record] = webhooks.deliveries();
    expect(record).toMatchObject({ status: 408, error: 'timeout' });
    expect(record?.latencyMs).toBeGreaterThanOrEqual(45);
    expect(record?.latencyMs).toBeLessThan(400);
  });
});

describe('createWebhookSender — duplicates, ordering, filters', () => {
  it('sends duplicates with the same envelope id', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, { endpoints: [{ url: target.url, hottok: HOTTOK }], duplicateRate: 1 });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    account.notify({ event: 'PURCHASE_COMPLETE', transaction: 'HP0000000001' });
    await webhooks.flush();
    expect(target.received).toHaveLength(4);
    const byId = new Map<unknown, string[]>();
    for (const request of target.received)
      byId.set(request.body.id, [...(byId.get(request.body.id) ?? []), request.raw]);
    expect([...byId.values()].map((bodies) => bodies.length)).toEqual([2, 2]);
    for (const bodies of byId.values()) expect(bodies[0]).toBe(bodies[1]);
    expect(webhooks.deliveries().filter((record) => record.duplicate)).toHaveLength(2);
    expect(webhooks.stats().duplicates).toBe(2);
  });

  it('duplicates about duplicateRate of the deliveries', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      duplicateRate: 0.25,
      seed: 3,
    });
    for (let i = 0; i < 200; i++) account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    const duplicates = webhooks.stats().duplicates;
    expect(duplicates).toBeGreaterThan(25);
    expect(duplicates).toBeLessThan(75);
    expect(target.received).toHaveLength(200 + duplicates);
  });

  it('keeps order with one connection, and reorders within the window when asked', async () => {
    const changes: StateChange[] = Array.from({ length: 20 }, (_, i) => ({
      event: PURCHASE_EVENT_NAMES[i % PURCHASE_EVENT_NAMES.length] ?? 'PURCHASE_APPROVED',
      transaction: 'HP0000000001',
    }));
    const play = async (outOfOrder: false | { windowMs: number }) => {
      const target = await receiver();
      const account = createMemoryAccount();
      const webhooks = sender(account, {
        endpoints: [{ url: target.url, hottok: HOTTOK }],
        concurrency: 1,
        outOfOrder,
        seed: 11,
      });
      for (const change of changes) account.notify(change);
      await webhooks.flush();
      const sent = target.received.map((request) => String(request.body.event));
      return sent;
    };
    const inOrder = await play(false);
    expect(inOrder).toEqual(changes.map((change) => change.event));
    const shuffled = await play({ windowMs: 20 });
    expect(shuffled).not.toEqual(inOrder);
    expect([...shuffled].sort()).toEqual([...inOrder].sort());
  });

  it('sends each endpoint only the events and product it subscribes to', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [
        { id: 'approvals', url: `${target.url}?e=approvals`, hottok: HOTTOK, events: ['PURCHASE_APPROVED'] },
        { id: 'club', url: `${target.url}?e=club`, hottok: HOTTOK, events: 'all', productId: 5000001 },
      ],
    });
    for (const change of ALL_CHANGES) account.notify(change);
    await webhooks.flush();
    const approvals = target.received.filter((request) => request.path.endsWith('e=approvals'));
    const club = target.received.filter((request) => request.path.endsWith('e=club'));
    expect(approvals.map((request) => request.body.event)).toEqual(['PURCHASE_APPROVED']);
    // Purchase events of the subscription sale plus the three subscription events concern product 5000001.
    expect(club.map((request) => request.body.event)).toEqual([
      ...PURCHASE_EVENT_NAMES,
      'SUBSCRIPTION_CANCELLATION',
      'SWITCH_PLAN',
      'UPDATE_SUBSCRIPTION_CHARGE_DATE',
    ]);
    expect(webhooks.deliveries({ endpoint: 'club' })).toHaveLength(12);
    expect(webhooks.deliveries({ event: 'PURCHASE_APPROVED' })).toHaveLength(2);
    expect(webhooks.deliveries({ endpoint: 'club', limit: 2 }).map((record) => record.event)).toEqual([
      'SWITCH_PLAN',
      'UPDATE_SUBSCRIPTION_CHARGE_DATE',
    ]);
  });

  it('bounds concurrency and keeps going under load', async () => {
    const target = await receiver(() => ({ status: 200, delayMs: 5 }));
    const account = createMemoryAccount();
    const webhooks = sender(account, { endpoints: [{ url: target.url, hottok: HOTTOK }], concurrency: 8 });
    for (let i = 0; i < 400; i++) account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    expect(webhooks.pending()).toBe(400);
    const halfway = webhooks.whenBelow(200).then(() => webhooks.pending());
    await webhooks.flush();
    expect(await halfway).toBeLessThanOrEqual(200);
    expect(target.received).toHaveLength(400);
    expect(target.maxConcurrent).toBeLessThanOrEqual(8);
    expect(target.maxConcurrent).toBeGreaterThan(1);
    expect(webhooks.pending()).toBe(0);
  });
});

describe('createWebhookSender — injected fetch', () => {
  it('posts through an injected fetch and maps its failures', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    let fail = true;
    const fakeFetch: typeof fetch = async (url, init) => {
      calls.push({ url: String(url), init: init ?? {} });
      if (fail) {
        fail = false;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
        });
      }
      return new Response('ok', { status: 202 });
    };
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: 'http://hooks.invalid/hotmart', hottok: HOTTOK }],
      fetch: fakeFetch,
      retryDelaysMs: [1],
    });
    account.notify({ event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001', product_id: 4774438 });
    await webhooks.flush();
    expect(webhooks.deliveries().map((record) => [record.status, record.error])).toEqual([
      [-1, 'ECONNRESET'],
      [202, undefined],
    ]);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.url).toBe('http://hooks.invalid/hotmart');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers).toEqual({
      'Content-Type': 'application/json',
      'X-HOTMART-HOTTOK': HOTTOK,
    });
    expect(JSON.parse(String(calls[1]?.init.body))).toMatchObject({
      event: 'CLUB_FIRST_ACCESS',
      version: '2.0.0',
    });
  });

  it('times out a hanging fetch as 408', async () => {
    const hanging: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: 'http://hooks.invalid/hotmart', hottok: HOTTOK }],
      fetch: hanging,
      timeoutMs: 30,
      retryDelaysMs: [],
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    expect(webhooks.deliveries()).toMatchObject([{ status: 408, error: 'timeout' }]);
  });
});

describe('createWebhookSender — bookkeeping and failures', () => {
  it('keeps the delivery log bounded, newest last', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      maxDeliveries: 5,
      concurrency: 1,
    });
    for (const change of ALL_CHANGES.slice(0, 8)) account.notify(change);
    await webhooks.flush();
    expect(webhooks.deliveries().map((record) => record.event)).toEqual(
      ALL_CHANGES.slice(3, 8).map((c) => c.event),
    );
  });

  it('reports changes it cannot render and sends nothing for them', async () => {
    const target = await receiver();
    const account = createMemoryAccount();
    const errors: Error[] = [];
    const webhooks = sender(account, {
      endpoints: [{ url: target.url, hottok: HOTTOK }],
      onError: (error) => errors.push(error),
    });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP-ghost' });
    await webhooks.flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WebhookPayloadError);
    expect(webhooks.stats().buildErrors).toBe(1);
    expect(target.received).toHaveLength(0);
  });

  it('never prints a hottok', async () => {
    const target = await receiver(() => 500);
    const account = createMemoryAccount();
    const webhooks = sender(account, { endpoints: [{ url: target.url, hottok: HOTTOK }], retryDelaysMs: [] });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await webhooks.flush();
    const [endpoint] = webhooks.endpoints();
    expect(endpoint?.hottok).toBe(HOTTOK);
    for (const text of [
      JSON.stringify(webhooks.endpoints()),
      inspect(webhooks.endpoints(), { depth: 5 }),
      String(endpoint),
      JSON.stringify(webhooks.deliveries()),
      JSON.stringify(webhooks.stats()),
    ]) {
      expect(text).not.toContain(HOTTOK);
    }
    expect(JSON.parse(JSON.stringify(endpoint))).toMatchObject({
      hottok: '[redacted]',
      events: 'all',
      bodyHottok: false,
    });
  });

  it('validates options and endpoints', () => {
    const account = createMemoryAccount();
    expect(() => createWebhookSender(account, { concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createWebhookSender(account, { duplicateRate: 1.5 })).toThrow(/duplicateRate/);
    expect(() => createWebhookSender(account, { retryDelaysMs: [-1] })).toThrow(/retryDelaysMs/);
    expect(() => createWebhookSender(account, { outOfOrder: { windowMs: 0 } })).toThrow(/windowMs/);
    const webhooks = sender(account);
    expect(() => webhooks.addEndpoint({ url: 'ftp://example.com', hottok: 'x' })).toThrow();
    expect(() => webhooks.addEndpoint({ url: 'http://127.0.0.1/x', hottok: '' })).toThrow();
    expect(() =>
      webhooks.addEndpoint({
        url: 'http://127.0.0.1/x',
        hottok: 'x',
        events: ['NOT_AN_EVENT' as 'PURCHASE_APPROVED'],
      }),
    ).toThrow();
    // Every documented name is accepted, even the one the emulator never sends.
    const fulfilment = webhooks.addEndpoint({
      url: 'http://127.0.0.1/z',
      hottok: 'z',
      events: ['ORDER_FULFILLMENT'],
    });
    expect(fulfilment.events).toEqual(['ORDER_FULFILLMENT']);
    webhooks.addEndpoint({ id: 'one', url: 'http://127.0.0.1/x', hottok: 'x' });
    expect(() => webhooks.addEndpoint({ id: 'one', url: 'http://127.0.0.1/y', hottok: 'y' })).toThrow(
      /already/,
    );
    expect(webhooks.removeEndpoint('one')).toBe(true);
    expect(webhooks.removeEndpoint('one')).toBe(false);
  });

  it('stops listening and aborts in-flight attempts on close', async () => {
    const target = await receiver(() => ({ status: 200, delayMs: 5_000 }));
    const account = createMemoryAccount();
    const webhooks = createWebhookSender(account, { endpoints: [{ url: target.url, hottok: HOTTOK }] });
    account.notify({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000001' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(webhooks.stats().inFlight).toBe(1);
    const started = Date.now();
    await webhooks.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(webhooks.pending()).toBe(0);
    account.notify({ event: 'PURCHASE_COMPLETE', transaction: 'HP0000000001' });
    expect(webhooks.deliver({ event: 'PURCHASE_COMPLETE', transaction: 'HP0000000001' })).toBe(0);
    await webhooks.flush();
    expect(target.received).toHaveLength(1);
  });
});
