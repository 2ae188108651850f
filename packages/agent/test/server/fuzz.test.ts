import { isUtf8 } from 'node:buffer';
import { buildTestDelivery, parseWebhook } from '@hotpilot/hotmart/webhooks';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideInboxRow } from '../../src/engine/decide-inbox-row.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { send } from '../support/http.ts';
import { type InboxServer, startInboxServer } from '../support/inbox-server.ts';

const HOTTOK = 'fuzz-hottok-5d2a9c';

// Printable ASCII only: node:http refuses to send other bytes in header values, so they can't reach the server.
const headerText = fc.string({
  unit: fc.constantFrom(...' !#$%&()*+,-./0123456789:;<=>?@ABCXYZabcxyz[]^_{|}~'.split('')),
  maxLength: 40,
});

const validJson = fc
  .constantFrom(
    'PURCHASE_APPROVED',
    'PURCHASE_REFUNDED',
    'SUBSCRIPTION_CANCELLATION',
    'CLUB_FIRST_ACCESS',
    'PURCHASE_OUT_OF_SHOPPING_CART',
  )
  .map((name) => buildTestDelivery(name).body);

const body = fc.oneof(
  validJson,
  validJson.chain((text) => fc.nat(text.length).map((cut) => text.slice(0, cut))),
  fc.json().map(String),
  // The hot path's shape (a leading UUID id, a closing brace) with anything in between.
  fc.tuple(fc.uuid(), fc.string({ maxLength: 200 })).map(([id, rest]) => `{"id":"${id}",${rest}}`),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc
    .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }))
    .map((fields) => new URLSearchParams(fields).toString()),
  fc.constant('hottok=' + HOTTOK + '&status=approved&transaction=HP1&prod=1&email=a%40b.c'),
);

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/vnd.api+json',
      'multipart/form-data; boundary=z',
    ),
    headerText,
  ),
  { nil: undefined },
);

const hottokHeader = fc.option(fc.oneof(fc.constant(HOTTOK), headerText), { nil: undefined });

const delivery = fc.record({
  body,
  contentType,
  hottokHeader,
  method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'GET'),
  connection: fc.constantFrom('main', 'main', 'main', 'other'),
  requestId: fc.option(headerText, { nil: undefined }),
});

describe.each(storeFactories)('inbox fuzz on $name', (factory) => {
  let t: TestStore;
  let inbox: InboxServer;

  beforeAll(async () => {
    t = await factory.create();
    await t.store.createConnection({ id: 'main', name: 'Main', hottoks: [HOTTOK] }, Date.now());
    inbox = await startInboxServer(t.store);
  });

  afterAll(async () => {
    await inbox?.close();
    await t?.destroy();
  });

  it('never answers 5xx nor crashes; stores only authenticated deliveries; quarantines authenticated garbage', async () => {
    let stored = (await t.store.listInbox({ limit: 10_000 })).length;
    await fc.assert(
      fc.asyncProperty(delivery, async (d) => {
        const headers: Record<string, string> = {};
        if (d.contentType !== undefined) headers['content-type'] = d.contentType;
        if (d.hottokHeader !== undefined) headers['x-hotmart-hottok'] = d.hottokHeader;
        if (d.requestId !== undefined) headers['x-request-id'] = d.requestId;
        const answer = await send(`${inbox.url}/webhooks/hotmart/${d.connection}`, {
          method: d.method,
          headers,
          body: d.method === 'GET' ? undefined : d.body,
        });
        expect(answer.status).toBeLessThan(500);
        expect([200, 401, 404, 405, 415]).toContain(answer.status);
        expect(answer.body).toMatch(/^\{"ok":(true|false)(,"error":"[a-z_]+")?\}$/);

        const rows = await t.store.listInbox({ limit: 10_000 });
        const media = (d.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const isForm = media === 'application/x-www-form-urlencoded';
        const isJson = media === 'application/json' || media === 'text/json' || media.endsWith('+json');
        const text = Buffer.isBuffer(d.body) ? d.body.toString('latin1') : d.body;
        const formHottok = isForm ? new URLSearchParams(text).get('hottok') : null;
        const authenticated =
          d.hottokHeader !== undefined ? d.hottokHeader === HOTTOK : isForm && formHottok === HOTTOK;
        const acceptable = d.method === 'POST' && d.connection === 'main' && (isForm || isJson);

        if (!(acceptable && authenticated)) {
          expect(answer.status).not.toBe(200);
          expect(rows.length).toBe(stored);
          return;
        }
        expect(answer.status).toBe(200);
        if (rows.length === stored) return; // a duplicate of an earlier delivery
        expect(rows.length).toBe(stored + 1);
        stored = rows.length;
        const newest = rows.reduce((a, b) => (b.seq > a.seq ? b : a));
        // The parser is the oracle. Whatever it can't read must end in quarantine, never be dropped: at once, or —
        // for a well-formed 2.0.0 envelope whose data doesn't fit — when the dispatcher reads it. What it reads
        // becomes an event. Bytes that aren't UTF-8 are quarantined either way.
        const bytes = Buffer.isBuffer(d.body) ? d.body : Buffer.from(d.body);
        const readable =
          isUtf8(bytes) && parseWebhook(bytes, d.contentType ?? null, { receivedAt: Date.now() }).ok;
        if (newest.status === 'quarantined') expect(newest.quarantineReason).toMatch(/^[a-z_]+: /);
        if (readable) expect(newest.status).toBe('pending');
        await t.store.dispatchInbox(10, Date.now(), (row) => decideInboxRow(row, []));
        const after = await t.store.getInbox(newest.seq);
        expect(after?.status).toBe(readable ? 'dispatched' : 'quarantined');
        if (!readable) expect(after?.quarantineReason).toMatch(/^[a-z_]+: /);
      }),
      { numRuns: 250 },
    );
  }, 120_000);
});
