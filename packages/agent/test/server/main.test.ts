import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { createPinoLogger } from '../../src/kit/pino.ts';
import { type Hotpilot, startHotpilot } from '../../src/main.ts';
import type { EventRecord } from '../../src/store/port.ts';
import { send } from '../support/http.ts';
import { sample } from '../support/prometheus.ts';

const HOTTOK = 'main-test-hottok-e71';
const DAY = 86_400_000;

function captureLogger() {
  let text = '';
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      text += String(chunk);
      callback();
    },
  });
  return { logger: createPinoLogger({ level: 'debug', destination }), text: () => text };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('startHotpilot', () => {
  const dirs: string[] = [];
  const running: Hotpilot[] = [];
  const servers: Server[] = [];

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotpilot-main-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (env: Record<string, string>, extras: Parameters<typeof startHotpilot>[1] = {}) => {
    const hotpilot = await startHotpilot(
      loadConfig({ HOTPILOT_PORT: '0', HOTPILOT_SHUTDOWN_DEADLINE: '5s', ...env }),
      // The engine's own behaviour is under test here: hotpilot's built-in workflows stay off.
      { logger: captureLogger().logger, builtInWorkflows: false, ...extras },
    );
    running.push(hotpilot);
    return hotpilot;
  };
  const addConnection = async (hotpilot: Hotpilot) => {
    await hotpilot.store.createConnection({ id: 'main', name: 'Main', hottoks: [HOTTOK] }, Date.now());
    hotpilot.connections.invalidate('main');
  };
  const deliver = (hotpilot: Hotpilot, id: string) =>
    send(`${hotpilot.url}/webhooks/hotmart/main`, {
      body: buildTestDelivery('PURCHASE_APPROVED', { id }).body,
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
    });

  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((hotpilot) => hotpilot.close({ deadlineMs: 1_000 })));
    for (const server of servers.splice(0)) server.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('role all: receives a delivery and runs the matching workflow with the stored event and services', async () => {
    const seen: { event: EventRecord | null; ctxKeys: string[] }[] = [];
    const workflow = defineWorkflow(
      { id: 'record', on: ['PURCHASE_APPROVED'] },
      async ({ event, step, ctx }) => {
        await step.run('remember', () => {
          seen.push({ event, ctxKeys: Object.keys(ctx as object).sort() });
          return true;
        });
      },
    );
    const hotpilot = await start({ HOTPILOT_DATA_DIR: dataDir() }, { workflows: [workflow] });
    expect(hotpilot.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(hotpilot.engine).not.toBeNull();
    await addConnection(hotpilot);
    const id = randomUUID();
    expect((await deliver(hotpilot, id)).status).toBe(200);
    await until(() => seen.length > 0);
    expect(seen[0]?.event?.id).toBe(id);
    expect(seen[0]?.event?.name).toBe('PURCHASE_APPROVED');
    expect(seen[0]?.ctxKeys).toEqual([
      'connections',
      'logger',
      'now',
      'publicUrl',
      'purchases',
      'registry',
      'services',
      'store',
    ]);
    const run = await until(async () => {
      const found = await hotpilot.store.getRun(`record:${id}`);
      return found?.status === 'completed' ? found : undefined;
    });
    expect(run.attempt).toBe(0);
    const metrics = await send(`${hotpilot.url}/metrics`, { method: 'GET' });
    expect(sample(metrics.body, 'hotpilot_webhook_deliveries_total{outcome="stored"}')).toBe(1);
    expect(sample(metrics.body, 'hotpilot_runs_finished_total{workflow="record",outcome="completed"}')).toBe(
      1,
    );
    expect(sample(metrics.body, 'hotpilot_dispatched_total{outcome="event"}')).toBe(1);
  });

  it('role web: stores deliveries but runs no engine', async () => {
    const hotpilot = await start({ HOTPILOT_DATA_DIR: dataDir(), HOTPILOT_ROLE: 'web' });
    expect(hotpilot.engine).toBeNull();
    await addConnection(hotpilot);
    const id = randomUUID();
    expect((await deliver(hotpilot, id)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rows = await hotpilot.store.listInbox({ limit: 10 });
    expect(rows.map((row) => [row.eventId, row.status])).toEqual([[id, 'pending']]);
    expect(await hotpilot.store.getEvent(id)).toBeNull();
  });

  it('role worker: serves health and metrics but no inbox, and dispatches what a web process stored', async () => {
    const dir = dataDir();
    const web = await start({ HOTPILOT_DATA_DIR: dir, HOTPILOT_ROLE: 'web' });
    await addConnection(web);
    const worker = await start({ HOTPILOT_DATA_DIR: dir, HOTPILOT_ROLE: 'worker' });
    expect(worker.engine).not.toBeNull();
    const inbox = await send(`${worker.url}/webhooks/hotmart/main`, {
      body: '{}',
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
    });
    expect([inbox.status, inbox.body]).toEqual([404, '{"ok":false,"error":"not_found"}']);
    expect((await send(`${worker.url}/healthz`, { method: 'GET' })).status).toBe(200);
    expect((await send(`${worker.url}/readyz`, { method: 'GET' })).status).toBe(200);
    expect((await send(`${worker.url}/metrics`, { method: 'GET' })).body).toContain('hotpilot_queue_depth');
    const id = randomUUID();
    expect((await deliver(web, id)).status).toBe(200);
    const event = await until(() => worker.store.getEvent(id).then((found) => found ?? undefined));
    expect(event.connectionId).toBe('main');
  });

  it('creates a private key file on first start and reuses it', async () => {
    const dir = dataDir();
    const first = await start({ HOTPILOT_DATA_DIR: dir });
    await first.store.createConnection(
      {
        id: 'main',
        name: 'Main',
        hottoks: [HOTTOK],
        credentials: { clientId: 'id', clientSecret: 'very-secret' },
      },
      Date.now(),
    );
    await first.close();
    const keyFile = join(dir, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
    const second = await start({ HOTPILOT_DATA_DIR: dir });
    expect((await second.store.getConnection('main'))?.credentials).toEqual({
      clientId: 'id',
      clientSecret: 'very-secret',
    });
  });

  it('fails to start on a busy port, and releases the store', async () => {
    const blocker = createServer();
    servers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as AddressInfo).port);
    const dir = dataDir();
    await expect(
      startHotpilot(loadConfig({ HOTPILOT_DATA_DIR: dir, HOTPILOT_PORT: port }), {
        logger: captureLogger().logger,
      }),
    ).rejects.toMatchObject({ code: 'EADDRINUSE' });
    // The database file is free again: another process can start on it.
    const again = await start({ HOTPILOT_DATA_DIR: dir });
    expect((await send(`${again.url}/readyz`, { method: 'GET' })).status).toBe(200);
  });

  it('prunes old rows on its interval, keeping recent ones', async () => {
    const { logger, text } = captureLogger();
    const hotpilot = await start(
      { HOTPILOT_DATA_DIR: dataDir(), HOTPILOT_PRUNE_INTERVAL: '1s', HOTPILOT_RETENTION_EVENTS: '30d' },
      { logger },
    );
    const old = randomUUID();
    const recent = randomUUID();
    for (const [id, receivedAt] of [
      [old, Date.now() - 40 * DAY],
      [recent, Date.now()],
    ] as const) {
      await hotpilot.store.ingest({
        connectionId: 'main',
        eventId: id,
        receivedAt,
        contentType: 'application/json',
        headers: {},
        body: buildTestDelivery('PURCHASE_APPROVED', { id }).body,
      });
    }
    await until(() => hotpilot.store.getEvent(recent).then((event) => event ?? undefined));
    await until(
      async () => ((await hotpilot.store.listInbox({ limit: 10 })).length === 1 ? true : undefined),
      5_000,
    );
    expect((await hotpilot.store.listInbox({ limit: 10 })).map((row) => row.eventId)).toEqual([recent]);
    expect(await hotpilot.store.getEvent(old)).toBeNull();
    expect(await hotpilot.store.getEvent(recent)).not.toBeNull();
    expect(text()).toContain('pruned old rows');
  });

  it('close() stops intake, closes the store, and is idempotent', async () => {
    const { logger, text } = captureLogger();
    const hotpilot = await start({ HOTPILOT_DATA_DIR: dataDir() }, { logger });
    const first = hotpilot.close();
    expect(hotpilot.close()).toBe(first);
    await first;
    await expect(send(`${hotpilot.url}/healthz`, { method: 'GET' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await expect(hotpilot.store.ping()).rejects.toThrow();
    expect(text()).toContain('"msg":"stopped"');
  });

  it('logs config warnings at start and never logs secrets', async () => {
    const { logger, text } = captureLogger();
    const key = 'ab'.repeat(32);
    await start(
      { HOTPILOT_DATA_DIR: dataDir(), HOTPILOT_ENCRYPTION_KEY: key, HOTPILOT_TYPO: '1' },
      { logger },
    );
    expect(text()).toContain('unknown variable HOTPILOT_TYPO');
    expect(text()).toContain('hotpilot started');
    expect(text()).not.toContain(key);
  });
});
