import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { type HotpilotChild, spawnHotpilot } from '../support/spawn-hotpilot.ts';

const HOTTOK = 'shutdown-hottok-93ad';

interface Open {
  id: string;
  req: ClientRequest;
  rest: string;
  answer: Promise<{ status: number; connection: string | undefined; body: string }>;
}

/** Starts a delivery and sends only the first half of its body, so the request stays in flight. */
function openDelivery(url: string): Open {
  const id = randomUUID();
  const body = buildTestDelivery('PURCHASE_APPROVED', { id }).body;
  let req!: ClientRequest;
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>(
    (resolve, reject) => {
      req = request(
        `${url}/webhooks/hotmart/main`,
        {
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }),
          );
        },
      );
      req.on('error', reject);
    },
  );
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  return { id, req, rest: body.slice(half), answer };
}

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-shutdown-'));
  let hp: HotpilotChild | undefined;

  afterAll(() => {
    if (hp && hp.child.exitCode === null) hp.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers requests in flight at SIGTERM, refuses new connections, then exits 0', async () => {
    hp = await spawnHotpilot({
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_PORT: '0',
      HOTPILOT_LOG_LEVEL: 'info',
      HOTPILOT_SHUTDOWN_DEADLINE: '10s',
      E2E_CONNECTION_ID: 'main',
      E2E_HOTTOK: HOTTOK,
    });
    const ready = await send(`${hp.url}/readyz`, { method: 'GET' });
    expect(ready.status).toBe(200);

    const open = Array.from({ length: 5 }, () => openDelivery(hp!.url));
    await new Promise((resolve) => setTimeout(resolve, 300));
    hp.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Still alive, waiting for the half-sent requests; no longer listening.
    expect(hp.child.exitCode).toBeNull();
    await expect(send(`${hp.url}/healthz`, { method: 'GET' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });

    for (const delivery of open) delivery.req.end(delivery.rest);
    const answers = await Promise.all(open.map((delivery) => delivery.answer));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toBe('{"ok":true}');
      expect(answer.connection).toBe('close');
    }

    const exit = await hp.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(hp.output()).toContain('signal received: graceful shutdown');
    expect(hp.output()).toContain('"msg":"stopped"');

    const db = new Database(join(dataDir, 'hotpilot.db'), { readonly: true });
    try {
      const stored = db.prepare('SELECT event_id FROM inbox').pluck().all() as string[];
      expect(new Set(stored)).toEqual(new Set(open.map((delivery) => delivery.id)));
    } finally {
      db.close();
    }
  }, 60_000);

  it('exits at once with 1 on a second signal', async () => {
    hp = await spawnHotpilot({
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_PORT: '0',
      HOTPILOT_LOG_LEVEL: 'info',
      HOTPILOT_SHUTDOWN_DEADLINE: '30s',
      E2E_CONNECTION_ID: 'main',
      E2E_HOTTOK: HOTTOK,
    });
    // A request that never finishes keeps the graceful shutdown waiting for up to 30 s.
    const stuck = openDelivery(hp.url);
    stuck.answer.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    hp.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hp.child.exitCode).toBeNull();
    hp.child.kill('SIGINT');
    const exit = await hp.exited;
    expect(exit.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hp.output()).toContain('second signal: exiting now');
    stuck.req.destroy();
  }, 60_000);
});
