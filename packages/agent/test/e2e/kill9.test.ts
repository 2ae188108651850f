import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sample } from '../support/prometheus.ts';
import { type HotpilotChild, spawnHotpilot } from '../support/spawn-hotpilot.ts';

const DELIVERIES = 20_000;
const CONCURRENCY = 50;
const WORKER_CONCURRENCY = 32;
const HOTTOK = 'kill9-hottok-1b7e';
const KEY_HEX = 'c4'.repeat(32);

/** The side-effect counter: every hit of a step, with the pid of the process that made it. */
async function startCounter(): Promise<{ url: string; hits: Map<string, number[]>; server: Server }> {
  const hits = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? Buffer.concat(chunks).toString());
      const list = hits.get(key) ?? [];
      list.push(Number(req.headers['x-pid']));
      hits.set(key, list);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ count: list.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/count`, hits, server };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Posts one delivery; resolves with the status, or 0 when the connection failed (process down). */
function post(url: string, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-hotmart-hottok': HOTTOK,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function metric(url: string, series: string): Promise<number | undefined> {
  const response = await fetch(`${url}/metrics`);
  return sample(await response.text(), series);
}

describe('kill -9 during a flood of deliveries', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-kill9-'));
  const children: HotpilotChild[] = [];
  let counterServer: Server | undefined;

  afterAll(async () => {
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
    agent.destroy();
    counterServer?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged delivery exactly once and runs every completed step once', async () => {
    const counter = await startCounter();
    counterServer = counter.server;
    const env = {
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_PORT: '0',
      HOTPILOT_ENCRYPTION_KEY: KEY_HEX,
      HOTPILOT_LOG_LEVEL: 'warn',
      HOTPILOT_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      HOTPILOT_SHUTDOWN_DEADLINE: '10s',
      E2E_CONNECTION_ID: 'main',
      E2E_HOTTOK: HOTTOK,
      E2E_COUNTER_URL: counter.url,
      E2E_LEASE_MS: '5000',
    };
    let current = await spawnHotpilot(env);
    children.push(current);
    const firstPid = current.pid;

    const ids = Array.from({ length: DELIVERIES }, () => randomUUID());
    const bodies = new Map(ids.map((id) => [id, buildTestDelivery('PURCHASE_APPROVED', { id }).body]));
    const acknowledged = new Set<string>();
    const queue = [...ids];
    const killAt = randomInt(1_000, 12_000);
    let restarting: Promise<void> | null = null;
    let killed = false;

    const restart = async () => {
      killed = true;
      current.child.kill('SIGKILL');
      const exit = await current.exited;
      expect(exit.signal).toBe('SIGKILL');
      current = await spawnHotpilot(env);
      children.push(current);
    };

    const worker = async () => {
      for (;;) {
        if (restarting) await restarting;
        const id = queue.shift();
        if (id === undefined) return;
        const status = await post(`${current.url}/webhooks/hotmart/main`, bodies.get(id)!);
        if (status >= 200 && status < 300) {
          acknowledged.add(id);
          if (!killed && acknowledged.size >= killAt) {
            restarting = restart().finally(() => {
              restarting = null;
            });
          }
        } else {
          // Not acknowledged (the process died, or answered 5xx): Hotmart would deliver it again.
          expect([0, 503]).toContain(status);
          queue.push(id);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (restarting) await restarting;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBe(DELIVERIES);

    // The same event id, 50 times at once: one event, one run.
    const duplicateId = randomUUID();
    const duplicateBody = buildTestDelivery('PURCHASE_APPROVED', { id: duplicateId }).body;
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () => post(`${current.url}/webhooks/hotmart/main`, duplicateBody)),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    // Wait until every run has finished: both steps of every run reached the counter and the queues are empty.
    const expectedKeys = (DELIVERIES + 1) * 2;
    const deadline = Date.now() + 180_000;
    for (;;) {
      const [pending, queued, running] = await Promise.all([
        metric(current.url, 'hotpilot_queue_depth{queue="inbox_pending"}'),
        metric(current.url, 'hotpilot_queue_depth{queue="runs_queued"}'),
        metric(current.url, 'hotpilot_queue_depth{queue="runs_running"}'),
      ]);
      if (counter.hits.size >= expectedKeys && pending === 0 && queued === 0 && running === 0) break;
      if (Date.now() > deadline) {
        throw new Error(
          `runs did not finish: ${counter.hits.size}/${expectedKeys} step keys, inbox ${pending}, queued ${queued}, running ${running}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    current.child.kill('SIGTERM');
    expect((await current.exited).code).toBe(0);

    const db = new Database(join(dataDir, 'hotpilot.db'), { readonly: true });
    try {
      const eventIds = db.prepare('SELECT id FROM events').pluck().all() as string[];
      expect(eventIds.length).toBe(DELIVERIES + 1);
      expect(new Set(eventIds)).toEqual(new Set([...ids, duplicateId]));
      const inbox = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS d FROM inbox').get() as {
        n: number;
        d: number;
      };
      expect(inbox).toEqual({ n: DELIVERIES + 1, d: DELIVERIES + 1 });
      const runs = db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS events FROM runs').get() as {
        n: number;
        events: number;
      };
      expect(runs).toEqual({ n: DELIVERIES + 1, events: DELIVERIES + 1 });
      const statuses = db.prepare('SELECT status, COUNT(*) AS n FROM runs GROUP BY status').all();
      expect(statuses).toEqual([{ status: 'completed', n: DELIVERIES + 1 }]);
      const runIds = db.prepare('SELECT id FROM runs').pluck().all() as string[];
      for (const runId of runIds) {
        expect(counter.hits.get(`${runId}:first`)?.length ?? 0).toBeGreaterThanOrEqual(1);
        expect(counter.hits.get(`${runId}:second`)?.length ?? 0).toBeGreaterThanOrEqual(1);
      }
    } finally {
      db.close();
    }

    // A completed step never ran twice. Only a step in flight at the kill may repeat: its first hit came from the
    // killed process, its second from the restarted one, and at most one per run slot was in flight.
    const repeated = [...counter.hits].filter(([, pids]) => pids.length > 1);
    for (const [key, pids] of repeated) {
      expect(pids, key).toHaveLength(2);
      expect(pids[0], key).toBe(firstPid);
      expect(pids[1], key).not.toBe(firstPid);
    }
    expect(repeated.length).toBeLessThanOrEqual(WORKER_CONCURRENCY);
    expect(counter.hits.size).toBe(expectedKeys);
  }, 240_000);
});
