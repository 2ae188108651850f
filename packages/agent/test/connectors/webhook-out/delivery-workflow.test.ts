import { buildTestDelivery, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DeliveryResult,
  type DeliveryWorkflowOptions,
  deliveryWorkflow,
  generateWebhookSecret,
  healthKey,
  readHealth,
} from '../../../src/connectors/webhook-out/index.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import type { Logger } from '../../../src/kit/logger.ts';
import type { RunRecord, RunStatus, Store } from '../../../src/store/port.ts';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { type EndpointStore, endpointStore } from './endpoint-store.ts';
import { failTimes, type Received, type Receiver, startReceiver } from './receiver.ts';

// The delivery workflow on the real engine and SQLite store, a real receiver over HTTP, and a clock the test moves
// only while runs sleep (a lease is never outrun).

const SECOND = 1_000;
const HOUR = 3_600 * SECOND;
const DAY = 24 * HOUR;

let clock: { now: () => number; set(ms: number): void; advance(ms: number): void };
let store: Store;
/** The store as the workflow sees it (see `endpointStore`). */
let endpoints: EndpointStore;
let engine: Engine | undefined;
let receiver: Receiver;
let lines: string[];
const secret = generateWebhookSecret();

function capturingLogger(): Logger {
  const write = (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg }));
  const logger: Logger = {
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    fatal: write,
    child: () => logger,
  };
  return logger;
}

async function addEndpoint(id: string, settings: Record<string, unknown> = {}) {
  await endpoints.createConnection(
    {
      id,
      kind: 'webhook-out',
      name: id,
      hottoks: [],
      credentials: { secret },
      settings: { url: receiver.url, ...settings },
    },
    clock.now(),
  );
}

async function start(options: Partial<DeliveryWorkflowOptions> = {}) {
  const logger = capturingLogger();
  const workflow = deliveryWorkflow({
    store: endpoints,
    now: clock.now,
    random: () => 0.5,
    logger,
    ...options,
  });
  engine = createEngine({
    store,
    workflows: [workflow],
    now: clock.now,
    pollMs: 10,
    backoff: { baseMs: 1, capMs: 5 },
    logger,
  });
  await engine.start();
}

async function ingest(name: HotmartEventName): Promise<string> {
  const delivery = buildTestDelivery(name);
  const eventId = (JSON.parse(delivery.body) as { id: string }).id;
  await store.ingest({
    connectionId: 'main',
    eventId,
    receivedAt: clock.now(),
    contentType: 'application/json',
    headers: {},
    body: delivery.body,
  });
  return eventId;
}

async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function waitForRun(runId: string, status: RunStatus, unlessDueAt?: number): Promise<RunRecord> {
  return waitFor(async () => {
    const run = await store.getRun(runId);
    return run?.status === status && run.dueAt !== unlessDueAt ? run : null;
  }, `run ${runId} to be ${status}`);
}

/**
 * Lets a delivery run go through `retries` sleeps: each time it parks, moves the clock to its wake time. Returns
 * the wake times.
 */
async function driveRetries(runId: string, retries: number): Promise<number[]> {
  const wakes: number[] = [];
  let last: number | undefined;
  for (let i = 0; i < retries; i++) {
    const run = await waitForRun(runId, 'sleeping', last);
    last = run.dueAt;
    wakes.push(run.dueAt);
    clock.set(run.dueAt);
    engine?.wake();
  }
  return wakes;
}

async function finished(runId: string): Promise<DeliveryResult> {
  const run = await waitForRun(runId, 'completed');
  return run.output as DeliveryResult;
}

const headersOf = (request: Received) => ({
  'webhook-id': request.header('webhook-id'),
  'webhook-timestamp': request.header('webhook-timestamp'),
  'webhook-signature': request.header('webhook-signature'),
});

beforeEach(async () => {
  let current = Date.now();
  clock = {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
  lines = [];
  receiver = await startReceiver();
  store = createSqliteStore({ path: ':memory:', secretKey: Buffer.alloc(32, 7), now: clock.now });
  await store.migrate();
  endpoints = endpointStore(store);
  await store.createConnection(
    { id: 'main', kind: 'hotmart', name: 'Main', hottoks: ['hottok'] },
    clock.now(),
  );
});

afterEach(async () => {
  await engine?.stop({ deadlineMs: 200 });
  engine = undefined;
  await receiver.close();
  await store.close();
});

describe('deliveryWorkflow', () => {
  it('retries on the Standard Webhooks schedule with one webhook-id and a fresh signature each time', async () => {
    await addEndpoint('erp');
    receiver.answer(failTimes(3, 503));
    await start();
    const t0 = clock.now();
    const eventId = await ingest('PURCHASE_APPROVED');
    const runId = `webhook-out:erp:${eventId}`;

    const wakes = await driveRetries(runId, 3);
    const result = await finished(runId);
    expect(result).toEqual({
      status: 'delivered',
      endpoint: 'erp',
      webhookId: `${runId}:deliver`,
      attempts: 4,
      httpStatus: 200,
    });

    const requests = receiver.received;
    expect(requests).toHaveLength(4);
    const seconds = requests.map((request) => Number(request.header('webhook-timestamp')));
    expect(seconds.slice(1).map((s, i) => s - (seconds[i] ?? 0))).toEqual([5, 300, 1_800]);
    // The clock only moves when the test moves it, so each attempt ran exactly at the previous wake time.
    expect(wakes).toEqual([t0 + 5 * SECOND, t0 + 305 * SECOND, t0 + 2_105 * SECOND]);
    // Same id and body on every attempt; the receiver can dedup on the id.
    expect(new Set(requests.map((request) => request.header('webhook-id')))).toEqual(
      new Set([`${runId}:deliver`]),
    );
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    // Every attempt is signed for its own timestamp, as the reference library computes it.
    const reference = new Webhook(secret);
    for (const request of requests) {
      const expected = reference.sign(
        request.header('webhook-id'),
        new Date(Number(request.header('webhook-timestamp')) * SECOND),
        request.body,
      );
      expect(request.header('webhook-signature')).toBe(expected);
    }
    // The first attempt went out on the real clock: the reference library verifies it end to end.
    const body = reference.verify(requests[0]?.body ?? '', headersOf(requests[0] as Received)) as {
      type: string;
      timestamp: string;
      data: { id: string; name: string };
    };
    expect(body.type).toBe('hotmart.purchase_approved');
    expect(body.data).toMatchObject({ id: eventId, name: 'PURCHASE_APPROVED' });
    expect(Date.parse(body.timestamp)).toBe((await store.getEvent(eventId))?.occurredAt);

    const steps = (await store.getSteps(runId)).map((step) => step.stepId);
    expect(steps.sort()).toEqual(
      [
        'message',
        'attempt-1',
        'wait-2',
        'attempt-2',
        'wait-3',
        'attempt-3',
        'wait-4',
        'attempt-4',
        'record-delivered',
      ].sort(),
    );
    expect((await store.getRun(`webhook-out:${eventId}`))?.output).toEqual({ endpoints: ['erp'] });
  });

  it('gives up after the whole schedule: eight attempts over 27.6 hours, then counts the failure', async () => {
    await addEndpoint('erp');
    receiver.answer(() => ({ status: 500 }));
    await start();
    const started = clock.now();
    const eventId = await ingest('PURCHASE_REFUNDED');
    const runId = `webhook-out:erp:${eventId}`;
    await driveRetries(runId, 7);
    const result = await finished(runId);
    expect(result).toMatchObject({ status: 'dead', attempts: 8, httpStatus: 500, endpointDisabled: false });
    expect(result.lastError).toContain('answered 500');

    const seconds = receiver.received.map((request) => Number(request.header('webhook-timestamp')));
    expect(seconds.slice(1).map((s, i) => s - (seconds[i] ?? 0))).toEqual([
      5, 300, 1_800, 7_200, 18_000, 36_000, 36_000,
    ]);
    expect(clock.now() - started).toBeGreaterThanOrEqual(99_305 * SECOND);
    const health = await readHealth(endpoints, 'erp');
    expect(health).toMatchObject({ consecutiveDead: 1, failingSince: started, lastError: 'HTTP_500 (500)' });
    expect(health.counted).toEqual([runId]);
    expect((await endpoints.getConnection('erp'))?.settings['disabled']).toBeUndefined();
  });

  it('delivers only to enabled endpoints whose filter matches', async () => {
    await addEndpoint('erp');
    await addEndpoint('crm', { events: ['hotmart.purchase_refunded'] });
    await addEndpoint('old', { disabled: true });
    await addEndpoint('all', { events: ['hotmart.*'] });
    await start();

    const approved = await ingest('PURCHASE_APPROVED');
    expect(
      await waitFor(
        () => store.getRun(`webhook-out:${approved}`).then((r) => r?.status === 'completed' && r),
        'fan-out',
      ),
    ).toMatchObject({ output: { endpoints: ['all', 'erp'] } });
    await finished(`webhook-out:erp:${approved}`);
    await finished(`webhook-out:all:${approved}`);
    const refunded = await ingest('PURCHASE_REFUNDED');
    await finished(`webhook-out:crm:${refunded}`);
    await finished(`webhook-out:erp:${refunded}`);
    await finished(`webhook-out:all:${refunded}`);

    const runs = (await store.listRuns({ workflowId: 'webhook-out', limit: 100 }))
      .map((run) => run.id)
      .sort();
    expect(runs).toEqual(
      [
        `webhook-out:${approved}`,
        `webhook-out:all:${approved}`,
        `webhook-out:erp:${approved}`,
        `webhook-out:${refunded}`,
        `webhook-out:all:${refunded}`,
        `webhook-out:crm:${refunded}`,
        `webhook-out:erp:${refunded}`,
      ].sort(),
    );
    const types = receiver.received
      .map((request) => (JSON.parse(request.body) as { type: string }).type)
      .sort();
    expect(types).toEqual([
      'hotmart.purchase_approved',
      'hotmart.purchase_approved',
      'hotmart.purchase_refunded',
      'hotmart.purchase_refunded',
      'hotmart.purchase_refunded',
    ]);
  });

  it('a 4xx refusal ends the delivery at once, without retries', async () => {
    await addEndpoint('erp');
    receiver.answer(() => ({ status: 422 }));
    await start();
    const eventId = await ingest('PURCHASE_APPROVED');
    const result = await finished(`webhook-out:erp:${eventId}`);
    expect(result).toMatchObject({ status: 'dead', attempts: 1, httpStatus: 422, endpointDisabled: false });
    expect(receiver.received).toHaveLength(1);
    const steps = (await store.getSteps(`webhook-out:erp:${eventId}`)).map((step) => step.stepId);
    expect(steps.sort()).toEqual(['attempt-1', 'message', 'record-dead']);
  });

  it('410 Gone disables the endpoint at once, with an audit entry', async () => {
    await addEndpoint('erp', { description: 'ERP' });
    receiver.answer(() => ({ status: 410 }));
    await start();
    const eventId = await ingest('PURCHASE_APPROVED');
    const result = await finished(`webhook-out:erp:${eventId}`);
    expect(result).toMatchObject({
      status: 'dead',
      attempts: 1,
      endpointDisabled: true,
      reason: 'the endpoint answered 410 Gone',
    });
    expect((await endpoints.getConnection('erp'))?.settings).toEqual({
      url: receiver.url,
      description: 'ERP',
      disabled: true,
    });
    const audit = await store.listAudit({ action: 'webhook-out.endpoint-disabled' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'hotpilot',
      target: 'erp',
      details: { reason: 'the endpoint answered 410 Gone' },
    });
  });

  it('disables after N dead deliveries in a row, then stops creating deliveries for the endpoint', async () => {
    await addEndpoint('erp');
    receiver.answer(() => ({ status: 503 }));
    await start({ schedule: [SECOND], disable: { deadDeliveries: 2 } });

    const first = await ingest('PURCHASE_APPROVED');
    await driveRetries(`webhook-out:erp:${first}`, 1);
    expect(await finished(`webhook-out:erp:${first}`)).toMatchObject({
      status: 'dead',
      endpointDisabled: false,
    });
    expect((await readHealth(endpoints, 'erp')).consecutiveDead).toBe(1);

    const second = await ingest('PURCHASE_COMPLETE');
    await driveRetries(`webhook-out:erp:${second}`, 1);
    expect(await finished(`webhook-out:erp:${second}`)).toMatchObject({
      status: 'dead',
      endpointDisabled: true,
      reason: '2 deliveries in a row failed their whole retry schedule',
    });
    expect((await endpoints.getConnection('erp'))?.settings['disabled']).toBe(true);
    expect((await store.listAudit({ action: 'webhook-out.endpoint-disabled' }))[0]?.details).toMatchObject({
      consecutiveDead: 2,
      lastError: 'HTTP_503 (503)',
    });
    // The count starts over for when a person turns the endpoint back on.
    expect((await readHealth(endpoints, 'erp')).consecutiveDead).toBe(0);

    const third = await ingest('PURCHASE_REFUNDED');
    const fanOut = await waitFor(
      () => store.getRun(`webhook-out:${third}`).then((run) => run?.status === 'completed' && run),
      'fan-out',
    );
    expect(fanOut.output).toEqual({ endpoints: [] });
    expect(receiver.received).toHaveLength(4);
  });

  it('disables when every delivery failed for five days', async () => {
    await addEndpoint('erp');
    receiver.answer(() => ({ status: 502 }));
    await start({ schedule: [SECOND] });
    const firstAttempt = clock.now();
    const first = await ingest('PURCHASE_APPROVED');
    await driveRetries(`webhook-out:erp:${first}`, 1);
    expect(await finished(`webhook-out:erp:${first}`)).toMatchObject({
      status: 'dead',
      endpointDisabled: false,
    });

    clock.advance(5 * DAY);
    const second = await ingest('PURCHASE_APPROVED');
    await driveRetries(`webhook-out:erp:${second}`, 1);
    const result = await finished(`webhook-out:erp:${second}`);
    expect(result).toMatchObject({ status: 'dead', endpointDisabled: true });
    expect(result.reason).toBe(
      `every delivery failed for ${Math.floor((clock.now() - firstAttempt) / HOUR)} hours`,
    );
    expect((await endpoints.getConnection('erp'))?.settings['disabled']).toBe(true);
  });

  it('a success resets the failure count', async () => {
    await addEndpoint('erp');
    receiver.answer(() => ({ status: 500 }));
    await start({ schedule: [SECOND] });
    const first = await ingest('PURCHASE_APPROVED');
    await driveRetries(`webhook-out:erp:${first}`, 1);
    await finished(`webhook-out:erp:${first}`);
    expect((await readHealth(endpoints, 'erp')).consecutiveDead).toBe(1);

    receiver.answer(() => ({ status: 204 }));
    const second = await ingest('PURCHASE_APPROVED');
    expect(await finished(`webhook-out:erp:${second}`)).toMatchObject({
      status: 'delivered',
      httpStatus: 204,
    });
    expect(await store.getState(healthKey('erp'))).toEqual({
      consecutiveDead: 0,
      failingSince: null,
      lastError: null,
      counted: [],
    });
  });

  it('stops retrying when the endpoint is disabled or deleted meanwhile', async () => {
    await addEndpoint('erp');
    await addEndpoint('crm');
    receiver.answer(() => ({ status: 503 }));
    await start();
    const eventId = await ingest('PURCHASE_APPROVED');
    const erp = `webhook-out:erp:${eventId}`;
    const crm = `webhook-out:crm:${eventId}`;
    await waitForRun(erp, 'sleeping');
    await waitForRun(crm, 'sleeping');
    const settings = (await endpoints.getConnection('erp'))?.settings ?? {};
    await endpoints.updateConnection('erp', { settings: { ...settings, disabled: true } }, clock.now());
    await endpoints.deleteConnection('crm');
    await driveRetries(erp, 1);
    expect(await finished(erp)).toMatchObject({
      status: 'skipped',
      attempts: 1,
      reason: 'the endpoint is disabled',
    });
    expect(await finished(crm)).toMatchObject({
      status: 'skipped',
      attempts: 1,
      reason: 'the endpoint was deleted',
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('never writes the secret to logs, runs or steps', async () => {
    await addEndpoint('erp');
    receiver.answer(failTimes(1, 500));
    await start();
    const eventId = await ingest('PURCHASE_APPROVED');
    const runId = `webhook-out:erp:${eventId}`;
    await driveRetries(runId, 1);
    await finished(runId);
    const stored = JSON.stringify([
      await store.listRuns({ workflowId: 'webhook-out', limit: 10 }),
      await store.getSteps(runId),
      await store.getSteps(`webhook-out:${eventId}`),
    ]);
    const key = secret.slice('whsec_'.length);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [lines.join('\n'), stored]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    }
    expect(lines.join('\n')).toContain('webhook delivery attempt failed; will retry');
  });
});
