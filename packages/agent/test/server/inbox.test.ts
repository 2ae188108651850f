import { createHash, randomUUID } from 'node:crypto';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideInboxRow } from '../../src/engine/decide-inbox-row.ts';
import type { InboxRecord, Store } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { send } from '../support/http.ts';
import { type InboxServer, startInboxServer } from '../support/inbox-server.ts';
import { sample } from '../support/prometheus.ts';

const HOTTOK = 'hottok-current-4f1c9a7e2b';
const OLD_HOTTOK = 'hottok-previous-77d0e3';
const WRONG_HOTTOK = 'hottok-wrong-0c5b11';
const MiB = 1024 * 1024;
const OK = '{"ok":true}';

describe.each(storeFactories)('webhook inbox on $name', (factory) => {
  let t: TestStore;
  let inbox: InboxServer;
  let webhookUrl: string;

  beforeEach(async () => {
    t = await factory.create();
    await t.store.createConnection(
      { id: 'main', name: 'Main store', hottoks: [HOTTOK, OLD_HOTTOK] },
      Date.now(),
    );
    inbox = await startInboxServer(t.store);
    webhookUrl = `${inbox.url}/webhooks/hotmart/main`;
  });

  afterEach(async () => {
    await inbox?.close();
    await t?.destroy();
  });

  const rows = (store: Store = t.store): Promise<InboxRecord[]> => store.listInbox({ limit: 1000 });
  const counted = async (outcome: string) =>
    sample((await inbox.metrics.render()).body, `hotpilot_webhook_deliveries_total{outcome="${outcome}"}`);
  const json = (body: string, hottok: string | null = HOTTOK, extra: Record<string, string> = {}) =>
    send(webhookUrl, {
      body,
      headers: {
        'content-type': 'application/json',
        ...(hottok === null ? {} : { 'x-hotmart-hottok': hottok }),
        ...extra,
      },
    });

  it('stores a valid delivery and acknowledges it only after the commit', async () => {
    const id = randomUUID();
    const delivery = buildTestDelivery('PURCHASE_APPROVED', { id, hottok: HOTTOK });
    const answer = await send(webhookUrl, {
      body: delivery.body,
      headers: { ...delivery.headers, 'user-agent': 'Hotmart/2.0', 'x-request-id': 'req-1', cookie: 'sid=1' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(OK);
    expect(answer.headers['content-type']).toBe('application/json');
    // Acknowledged means committed: the row is readable right away, from this store and from a second one.
    const stored = await rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      connectionId: 'main',
      eventId: id,
      status: 'pending',
      quarantineReason: null,
      contentType: 'application/json',
      body: delivery.body,
    });
    expect(stored[0]?.headers).toEqual({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(delivery.body)),
      'user-agent': 'Hotmart/2.0',
      'x-request-id': 'req-1',
    });
    expect(Math.abs((stored[0]?.receivedAt ?? 0) - Date.now())).toBeLessThan(10_000);
    const other = t.reopen();
    expect((await rows(other)).map((row) => row.eventId)).toEqual([id]);
    expect(await counted('stored')).toBe(1);
    expect(sample((await inbox.metrics.render()).body, 'hotpilot_webhook_ack_duration_ms_count')).toBe(1);
  });

  it('answers a duplicate event id with the same 200 and stores nothing more', async () => {
    const delivery = buildTestDelivery('PURCHASE_COMPLETE', { hottok: HOTTOK });
    const first = await json(delivery.body);
    const again = await json(delivery.body);
    expect([first.status, first.body, again.status, again.body]).toEqual([200, OK, 200, OK]);
    expect(await rows()).toHaveLength(1);
    expect(await counted('stored')).toBe(1);
    expect(await counted('duplicate')).toBe(1);
  });

  it('accepts every hottok of the connection (rotation)', async () => {
    const answer = await json(buildTestDelivery('PURCHASE_APPROVED').body, OLD_HOTTOK);
    expect(answer.status).toBe(200);
    expect(await rows()).toHaveLength(1);
  });

  it('answers 404 for an unknown connection, without detail, and stores nothing', async () => {
    const answer = await send(`${inbox.url}/webhooks/hotmart/nope`, {
      body: buildTestDelivery('PURCHASE_APPROVED').body,
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toBe('{"ok":false,"error":"not_found"}');
    expect(await rows()).toEqual([]);
    expect(await counted('not_found')).toBe(1);
  });

  it('sees a connection added after start (cache expiry)', async () => {
    const url = `${inbox.url}/webhooks/hotmart/late`;
    const delivery = buildTestDelivery('PURCHASE_APPROVED');
    const headers = { 'content-type': 'application/json', 'x-hotmart-hottok': 'late-hottok' };
    expect((await send(url, { body: delivery.body, headers })).status).toBe(404);
    await t.store.createConnection({ id: 'late', name: 'Late', hottoks: ['late-hottok'] }, Date.now());
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await send(url, { body: delivery.body, headers })).status).toBe(200);
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and Allow: POST', async (method) => {
    const answer = await send(webhookUrl, { method, headers: { 'x-hotmart-hottok': HOTTOK } });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(answer.body).toBe('{"ok":false,"error":"method_not_allowed"}');
    expect(await rows()).toEqual([]);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
    ['xml', 'application/xml'],
  ])('answers 415 for %s and stores nothing', async (_name, contentType) => {
    const answer = await send(webhookUrl, {
      body: buildTestDelivery('PURCHASE_APPROVED').body,
      headers: { 'content-type': contentType, 'x-hotmart-hottok': HOTTOK },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toBe('{"ok":false,"error":"unsupported_media_type"}');
    expect(await rows()).toEqual([]);
    expect(await counted('bad_request')).toBe(1);
  });

  it('answers 415 when there is no content type at all', async () => {
    const answer = await send(webhookUrl, { body: '{}', headers: { 'x-hotmart-hottok': HOTTOK } });
    expect(answer.status).toBe(415);
  });

  it('accepts JSON content types with parameters and in any case', async () => {
    const answer = await json(buildTestDelivery('PURCHASE_APPROVED').body, HOTTOK, {
      'content-type': 'Application/JSON; charset=UTF-8',
    });
    expect(answer.status).toBe(200);
    expect((await rows())[0]?.contentType).toBe('Application/JSON; charset=UTF-8');
  });

  it('answers 401 for a missing or wrong hottok, stores nothing, counts it, and never logs the token', async () => {
    const delivery = buildTestDelivery('PURCHASE_APPROVED', { hottok: WRONG_HOTTOK, bodyHottok: true });
    const missing = await json(delivery.body, null);
    const wrong = await json(delivery.body, WRONG_HOTTOK);
    const empty = await json(delivery.body, '');
    for (const answer of [missing, wrong, empty]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toBe('{"ok":false,"error":"unauthorized"}');
    }
    expect(await rows()).toEqual([]);
    expect(await counted('unauthorized')).toBe(3);
    const logs = inbox.logs();
    expect(logs).toContain('webhook rejected: 401');
    expect(logs).not.toContain(WRONG_HOTTOK);
    expect(logs).not.toContain(HOTTOK);
  });

  it('never takes the hottok from a JSON body: the header is the authority (§6.2)', async () => {
    const withRightBodyField = buildTestDelivery('PURCHASE_APPROVED', { hottok: HOTTOK, bodyHottok: true });
    expect((await json(withRightBodyField.body, null)).status).toBe(401);
    expect((await json(withRightBodyField.body, WRONG_HOTTOK)).status).toBe(401);
    const withWrongBodyField = buildTestDelivery('PURCHASE_APPROVED', {
      hottok: WRONG_HOTTOK,
      bodyHottok: true,
    });
    expect((await json(withWrongBodyField.body, HOTTOK)).status).toBe(200);
    expect(await rows()).toHaveLength(1);
  });

  it('keeps the hottok out of the stored headers and of every log line of an accepted delivery', async () => {
    const answer = await json(buildTestDelivery('PURCHASE_APPROVED').body, HOTTOK);
    expect(answer.status).toBe(200);
    const [row] = await rows();
    expect(Object.keys(row?.headers ?? {})).not.toContain('x-hotmart-hottok');
    expect(JSON.stringify(row?.headers)).not.toContain(HOTTOK);
    expect(inbox.logs()).toContain('delivery acknowledged');
    expect(inbox.logs()).not.toContain(HOTTOK);
  });

  describe('quarantine: authenticated bodies that do not parse are kept and acknowledged', () => {
    it('stores bad JSON under the digest of its bytes', async () => {
      const body = '{"id": "abc", "event": ';
      const answer = await json(body);
      expect([answer.status, answer.body]).toEqual([200, OK]);
      const [row] = await rows();
      expect(row?.status).toBe('quarantined');
      expect(row?.quarantineReason).toMatch(/^invalid_json: /);
      expect(row?.eventId).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
      expect(row?.body).toBe(body);
      expect(await counted('quarantined')).toBe(1);
      // A repeat of the same broken body is a duplicate, not a second row.
      expect((await json(body)).status).toBe(200);
      expect(await rows()).toHaveLength(1);
      expect(await counted('duplicate')).toBe(1);
    });

    // Deliveries that start with their UUID id take the hot path: stored pending under that id, then quarantined
    // by the dispatcher (same parser, same reasons) when the rest doesn't hold up.
    const dispatch = () => t.store.dispatchInbox(10, Date.now(), (row) => decideInboxRow(row, []));

    it.each([
      [
        'an unknown version',
        (id: string) => buildTestDelivery('PURCHASE_APPROVED', { id, version: '3.0.0' }).body,
        /^unsupported_version: /,
      ],
      [
        'invalid data of a known event',
        (id: string) =>
          JSON.stringify({
            id,
            creation_date: Date.now(),
            event: 'PURCHASE_APPROVED',
            version: '2.0.0',
            data: { purchase: 'x', buyer: 42 },
          }),
        /^invalid_data: /,
      ],
      [
        'JSON cut after a nested object',
        (id: string) => `{"id":"${id}","event":"PURCHASE_APPROVED","data":{"a":1}`,
        /^invalid_json: /,
      ],
    ])('stores %s under its id, and the dispatcher quarantines it', async (_name, makeBody, reason) => {
      const id = randomUUID();
      expect((await json(makeBody(id))).status).toBe(200);
      expect((await rows())[0]).toMatchObject({ eventId: id, status: 'pending' });
      expect(await dispatch()).toMatchObject({ dispatched: 0, quarantined: 1 });
      const [row] = await rows();
      expect(row).toMatchObject({ eventId: id, status: 'quarantined' });
      expect(row?.quarantineReason).toMatch(reason);
      expect(await t.store.getEvent(id)).toBeNull();
    });

    it('quarantines a truncated delivery at once, under the digest of its bytes', async () => {
      const id = randomUUID();
      const body = buildTestDelivery('PURCHASE_APPROVED', { id }).body.slice(0, 500);
      expect((await json(body)).status).toBe(200);
      const [row] = await rows();
      expect(row?.status).toBe('quarantined');
      expect(row?.quarantineReason).toMatch(/^invalid_json: /);
      expect(row?.eventId).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
    });

    it('dispatches a valid hot-path delivery as an event with the same id', async () => {
      const id = randomUUID();
      expect((await json(buildTestDelivery('PURCHASE_APPROVED', { id }).body)).status).toBe(200);
      expect(await dispatch()).toMatchObject({ dispatched: 1, quarantined: 0 });
      expect((await t.store.getEvent(id))?.name).toBe('PURCHASE_APPROVED');
    });

    it('stores an unknown version without a UUID id under its envelope id, quarantined at once', async () => {
      const body = buildTestDelivery('PURCHASE_APPROVED', { id: 'evt-42', version: '3.0.0' }).body;
      expect((await json(body)).status).toBe(200);
      const [row] = await rows();
      expect(row).toMatchObject({ eventId: 'evt-42', status: 'quarantined' });
      expect(row?.quarantineReason).toMatch(/^unsupported_version: /);
    });

    it('stores a body that is not UTF-8 losslessly (latin1) and quarantines it', async () => {
      const bytes = Buffer.concat([
        Buffer.from('{"id":"x","note":"'),
        Buffer.from([0xff, 0xfe, 0xe9]),
        Buffer.from('"}'),
      ]);
      const answer = await send(webhookUrl, {
        body: bytes,
        headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
      });
      expect(answer.status).toBe(200);
      const [row] = await rows();
      expect(row?.status).toBe('quarantined');
      expect(Buffer.from(row?.body ?? '', 'latin1').equals(bytes)).toBe(true);
    });

    it('stores an empty authenticated body', async () => {
      expect((await json('')).status).toBe(200);
      const [row] = await rows();
      expect(row?.quarantineReason).toMatch(/^empty_body: /);
      expect(row?.eventId).toBe(`sha256:${createHash('sha256').update('').digest('hex')}`);
    });
  });

  describe('legacy v1 form posts', () => {
    it('accepts the hottok as a form field when there is no header, and stores the raw form', async () => {
      const delivery = buildTestDelivery('PURCHASE_APPROVED', { form: true, hottok: HOTTOK });
      expect(delivery.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(delivery.headers['x-hotmart-hottok']).toBeUndefined();
      const answer = await send(webhookUrl, { body: delivery.body, headers: delivery.headers });
      expect([answer.status, answer.body]).toEqual([200, OK]);
      const [row] = await rows();
      expect(row?.status).toBe('pending');
      expect(row?.eventId).toMatch(/^v1-[0-9a-f]{32}$/);
      expect(row?.body).toBe(delivery.body);
      expect(inbox.logs()).not.toContain(HOTTOK);
    });

    it('answers 401 for a wrong or missing form hottok', async () => {
      const wrong = buildTestDelivery('PURCHASE_APPROVED', { form: true, hottok: WRONG_HOTTOK });
      const none = buildTestDelivery('PURCHASE_APPROVED', { form: true });
      expect((await send(webhookUrl, { body: wrong.body, headers: wrong.headers })).status).toBe(401);
      expect((await send(webhookUrl, { body: none.body, headers: none.headers })).status).toBe(401);
      expect(await rows()).toEqual([]);
      expect(inbox.logs()).not.toContain(WRONG_HOTTOK);
    });

    it('lets a header decide when both are present', async () => {
      const delivery = buildTestDelivery('PURCHASE_APPROVED', { form: true, hottok: HOTTOK });
      const headers = { ...delivery.headers, 'x-hotmart-hottok': WRONG_HOTTOK };
      expect((await send(webhookUrl, { body: delivery.body, headers })).status).toBe(401);
      const noField = buildTestDelivery('PURCHASE_APPROVED', { form: true });
      const answer = await send(webhookUrl, {
        body: noField.body,
        headers: { ...noField.headers, 'x-hotmart-hottok': HOTTOK },
      });
      expect(answer.status).toBe(200);
    });
  });

  describe('the 1 MiB body limit', () => {
    it('answers 413 from Content-Length alone, before reading or authenticating', async () => {
      const answer = await send(webhookUrl, {
        body: 'x'.repeat(MiB + 1),
        headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toBe('{"ok":false,"error":"payload_too_large"}');
      expect(await rows()).toEqual([]);
      expect(await counted('too_large')).toBe(1);
    });

    it('counts the bytes of a chunked body and answers 413 once it passes the limit', async () => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const answer = await send(webhookUrl, {
        chunks: Array.from({ length: 20 }, () => chunk),
        chunkDelayMs: 1,
        headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
      });
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe('close');
      expect(await rows()).toEqual([]);
    });

    it('accepts a chunked body of exactly 1 MiB', async () => {
      const delivery = buildTestDelivery('PURCHASE_APPROVED');
      const padding = MiB - Buffer.byteLength(delivery.body);
      const body = delivery.body + ' '.repeat(padding);
      const answer = await send(webhookUrl, {
        chunks: [body.slice(0, 1000), body.slice(1000)],
        headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
      });
      expect(answer.status).toBe(200);
      const [row] = await rows();
      expect(Buffer.byteLength(row?.body ?? '')).toBe(MiB);
      expect(row?.status).toBe('pending');
    });
  });

  it('answers 503 (retry later) when the store fails, with no internal detail', async () => {
    await inbox.close();
    const failing: Store = Object.create(t.store, {
      ingest: {
        value: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full at /secret/path')),
      },
    });
    inbox = await startInboxServer(failing);
    webhookUrl = `${inbox.url}/webhooks/hotmart/main`;
    const answer = await json(buildTestDelivery('PURCHASE_APPROVED').body);
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('{"ok":false,"error":"unavailable"}');
    expect(answer.headers['retry-after']).toBe('5');
    expect(await counted('error')).toBe(1);
    expect(inbox.logs()).toContain('inbox write failed');
  });

  it('answers 503 when the connection cannot be read', async () => {
    await inbox.close();
    const failing: Store = Object.create(t.store, {
      getConnection: { value: async () => Promise.reject(new Error('connection refused')) },
    });
    inbox = await startInboxServer(failing);
    webhookUrl = `${inbox.url}/webhooks/hotmart/main`;
    const answer = await json(buildTestDelivery('PURCHASE_APPROVED').body);
    expect([answer.status, answer.body]).toEqual([503, '{"ok":false,"error":"unavailable"}']);
    expect(await counted('error')).toBe(1);
  });

  it('serves /healthz, /readyz and /metrics, and turns /readyz to 503 while closing', async () => {
    const health = await send(`${inbox.url}/healthz`, { method: 'GET' });
    expect([health.status, health.body]).toEqual([200, OK]);
    const ready = await send(`${inbox.url}/readyz`, { method: 'GET' });
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      ok: true,
      store: 'up',
      migrations: 'current',
      shuttingDown: false,
    });
    await json(buildTestDelivery('PURCHASE_APPROVED').body);
    const metrics = await send(`${inbox.url}/metrics`, { method: 'GET' });
    expect(metrics.status).toBe(200);
    expect(sample(metrics.body, 'hotpilot_queue_depth{queue="inbox_pending"}')).toBe(1);
    inbox.setClosing(true);
    const closing = await send(`${inbox.url}/readyz`, { method: 'GET' });
    expect(closing.status).toBe(503);
    expect(JSON.parse(closing.body)).toMatchObject({ ok: false, shuttingDown: true });
    const accepted = await json(buildTestDelivery('PURCHASE_APPROVED').body);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.connection).toBe('close');
  });

  it('answers 503 on /readyz when the store is down', async () => {
    await inbox.close();
    const down: Store = Object.create(t.store, {
      ping: { value: async () => Promise.reject(new Error('down')) },
    });
    inbox = await startInboxServer(down);
    const ready = await send(`${inbox.url}/readyz`, { method: 'GET' });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({
      ok: false,
      store: 'down',
      migrations: 'unknown',
      shuttingDown: false,
    });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const answer = await send(`${inbox.url}/webhooks/hotmart/main/extra`, { body: '{}' });
    expect([answer.status, answer.body]).toEqual([404, '{"ok":false,"error":"not_found"}']);
  });
});
