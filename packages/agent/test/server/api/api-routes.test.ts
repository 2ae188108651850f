import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineConnector } from '../../../src/connectors/kit.ts';
import { createRegistry, registry } from '../../../src/connectors/registry.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';
import { defineWorkflow } from '../../../src/engine/workflow.ts';
import type { Store } from '../../../src/store/port.ts';
import { storeFactories } from '../../store/stores.ts';
import { type ApiHarness, createApiHarness } from './harness.ts';

const FIXTURES = '/work/shared/fixtures/hotmart/webhooks';
const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => {
    const body = readFileSync(join(FIXTURES, name), 'utf8');
    return { name: name.replace(/\.json$/, ''), body, id: (JSON.parse(body) as { id: string }).id };
  });
const T0 = Date.parse('2025-06-02T12:00:00.000Z');
const HOTTOK = 'hottok-current-4f1c9a7e2b';

// A report connector for the generic report routing (the real one lives in connectors/report/ when present).
const reportConnector = defineConnector({
  id: 'report',
  title: 'Reports',
  description: 'Reports over local data.',
  credentials: z.strictObject({}),
  settings: z.strictObject({}),
  test: async () => ({ ok: true, message: 'local' }),
});
const reportEventsByName = defineAction({
  id: 'report_events_by_name',
  connector: 'report',
  title: 'Events by name',
  description: 'Counts received events by name.',
  llmHint: 'Counts events.',
  input: z.strictObject({ limit: z.number().int().min(1).max(1000).default(1000) }),
  output: z.object({ counts: z.record(z.string(), z.number()) }),
  effect: 'read',
  idempotent: true,
  async run(ctx, input) {
    const store = ctx.services.store as Store;
    const counts: Record<string, number> = {};
    for (const event of await store.listEvents({ limit: input.limit }))
      counts[event.name] = (counts[event.name] ?? 0) + 1;
    return { counts };
  },
});
const withReports = createRegistry(
  [...registry.connectors.filter((c) => c.id !== 'report'), reportConnector],
  [...registry.actions.filter((a) => a.connector !== 'report'), reportEventsByName],
);

// Workflow state the tests steer: `deliver` fails until `fixed`.
const state = { fixed: false, greeted: 0, delivered: 0 };
const flaky = defineWorkflow({ id: 'flaky', on: ['PURCHASE_APPROVED'], retries: 0 }, async ({ step }) => {
  await step.run('greet', async () => {
    state.greeted++;
    return 'hi';
  });
  return step.run('deliver', async () => {
    if (!state.fixed) throw new NonRetriableError('the CRM is down', { code: 'CRM_DOWN' });
    state.delivered++;
    return { delivered: true };
  });
});
const notify = defineWorkflow(
  { id: 'notify', on: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE', 'PURCHASE_REFUNDED'] },
  async ({ step, event }) => step.run('note', async () => event.name),
);

let hotmart: RunningEmulator;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 7, sales: 40, rateLimit: false });
});
afterAll(async () => {
  await hotmart?.close();
});

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The routes reach the database only through the store port and the access repositories, whose own suites run on
// both adapters; the API runs on SQLite here.
describe.each(storeFactories.filter((f) => f.name === 'sqlite'))('REST API on $name', (factory) => {
  let h: ApiHarness;
  let engine: Engine | null = null;
  let admin: string;
  let operator: string;
  let reader: string;

  beforeEach(async () => {
    Object.assign(state, { fixed: false, greeted: 0, delivered: 0 });
    hotmart.emulator.reset();
    h = await createApiHarness(factory, {
      registry: withReports,
      engine: {
        replay: (id, mode) => engine!.replay(id, mode),
        cancel: (id) => engine!.cancel(id),
      },
    });
    admin = await h.token(h.users.admin, ['read', 'write']);
    operator = await h.token(h.users.operator, ['read', 'write']);
    reader = await h.token(h.users.operator, ['read']);
  });

  afterEach(async () => {
    await engine?.stop({ deadlineMs: 1000 });
    engine = null;
    await h?.t.destroy();
  });

  async function startEngine(): Promise<Engine> {
    engine = createEngine({
      store: h.t.store,
      workflows: [flaky, notify],
      pollMs: 20,
      backoff: { baseMs: 1, capMs: 5 },
    });
    await engine.start();
    return engine;
  }

  /** Hotmart's published samples, through the inbox and the dispatcher, one second apart. */
  async function ingestFixtures(): Promise<void> {
    await startEngine();
    for (const [index, fixture] of fixtures.entries()) {
      const outcome = await h.t.store.ingest({
        connectionId: 'main',
        eventId: fixture.id,
        receivedAt: T0 + index * 1000,
        contentType: 'application/json',
        headers: {},
        body: fixture.body,
      });
      expect(outcome).toBe('stored');
    }
    await until(
      () => h.t.store.listInbox({ status: 'pending' }),
      (rows) => rows.length === 0,
      'the dispatcher',
    );
  }

  async function createHotmartConnection() {
    return h.call('POST', '/connections', {
      token: admin,
      body: {
        id: 'main',
        kind: 'hotmart',
        name: 'Main store',
        hottoks: [HOTTOK],
        credentials: {
          clientId: hotmart.credentials.clientId,
          clientSecret: hotmart.credentials.clientSecret,
        },
        settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
      },
    });
  }

  it('creates a connection, shows it without secrets, and rotates its hottok', async () => {
    const created = await createHotmartConnection();
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'main',
      kind: 'hotmart',
      name: 'Main store',
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
      hottoks: 1,
      credentials: { set: true, fields: ['clientId', 'clientSecret'] },
      webhookUrl: 'https://ops.example.com/webhooks/hotmart/main',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(h.invalidated).toEqual(['main']);
    const stored = await h.t.store.getConnection('main');
    expect(stored?.credentials).toEqual({
      clientId: hotmart.credentials.clientId,
      clientSecret: hotmart.credentials.clientSecret,
    });

    const listed = await h.call('GET', '/connections', { token: reader });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual(['main']);
    const shown = await h.call('GET', '/connections/main', { token: reader });
    for (const answer of [created, listed, shown]) {
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain(hotmart.credentials.clientSecret);
      expect(text).not.toContain(HOTTOK);
    }

    const duplicate = await createHotmartConnection();
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('conflict');

    const rotated = await h.call('POST', '/connections/main/rotate-hottok', {
      token: admin,
      body: { hottok: 'hottok-next-91ab' },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.hottoks).toBe(2);
    expect((await h.t.store.getConnection('main'))?.hottoks).toEqual(['hottok-next-91ab', HOTTOK]);
    const retired = await h.call('POST', '/connections/main/rotate-hottok', {
      token: admin,
      body: { hottok: 'hottok-next-91ab', keepPrevious: false },
    });
    expect(retired.body.hottoks).toBe(1);
    expect((await h.t.store.getConnection('main'))?.hottoks).toEqual(['hottok-next-91ab']);
    expect(h.invalidated).toEqual(['main', 'main', 'main']);

    const audit = await h.t.store.listAudit({ limit: 10 });
    expect(audit.map((a) => a.action).sort()).toEqual([
      'connection.create',
      'connection.rotate_hottok',
      'connection.rotate_hottok',
    ]);
    expect(JSON.stringify(audit)).not.toContain('hottok-next-91ab');
    expect(audit.every((a) => a.actor.startsWith('token:'))).toBe(true);

    expect((await h.call('GET', '/connections/nope', { token: reader })).status).toBe(404);
    const notHotmart = await h.call('POST', '/connections', {
      token: admin,
      body: { id: 'team', kind: 'slack', name: 'Team', credentials: { botToken: 'xoxb-1-2-abc' } },
    });
    expect(notHotmart.status).toBe(201);
    expect(notHotmart.body.webhookUrl).toBeNull();
    const rotateSlack = await h.call('POST', '/connections/team/rotate-hottok', {
      token: admin,
      body: { hottok: 'x' },
    });
    expect(rotateSlack.status).toBe(409);
    expect(rotateSlack.body.error.code).toBe('not_hotmart');
  });

  it('refuses invalid connections field by field, without echoing secrets', async () => {
    const answer = await h.call('POST', '/connections', {
      token: admin,
      body: {
        id: 'Bad Id!',
        kind: 'hotmart',
        name: '',
        credentials: { clientId: 'id', clientSecrt: 'super-secret-value' },
        settings: { apiBaseUrl: 'ftp://x' },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.id', 'body.name']);
    expect(JSON.stringify(answer.body)).not.toContain('super-secret-value');

    const schemaLevel = await h.call('POST', '/connections', {
      token: admin,
      body: {
        id: 'main',
        kind: 'hotmart',
        name: 'Main',
        credentials: { clientId: 'id', clientSecrt: 'super-secret-value' },
        settings: { apiBaseUrl: 'ftp://x' },
      },
    });
    expect(schemaLevel.status).toBe(400);
    expect(schemaLevel.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'body.credentials.clientSecret',
      'body.credentials',
      'body.settings.apiBaseUrl',
      'body.hottoks',
    ]);
    expect(JSON.stringify(schemaLevel.body)).not.toContain('super-secret-value');

    const unknownKind = await h.call('POST', '/connections', {
      token: admin,
      body: { id: 'x', kind: 'myspace', name: 'X' },
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.error.fields[0].path).toBe('body.kind');
    expect(await h.t.store.listConnections()).toEqual([]);
  });

  it('tests a connection and calls a read action against the Hotmart emulator', async () => {
    expect((await createHotmartConnection()).status).toBe(201);
    const test = await h.call('POST', '/connections/main/test', { token: reader });
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(true);
    expect(test.body.message).toMatch(/^Hotmart account .+ <.+@.+> \(ucode .+\)/);

    const products = hotmart.account.products();
    const answer = await h.call('POST', '/actions/hotmart_list_products/call', {
      token: reader,
      body: { connection: 'main', input: { max_results: 5 } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.actionId).toBe('hotmart_list_products');
    expect(answer.body.connectionId).toBe('main');
    const items = answer.body.output.items as { id: number; name: string }[];
    expect(items.length).toBe(Math.min(5, products.length));
    for (const item of items) {
      expect(products.find((product) => product.id === item.id)?.name).toBe(item.name);
    }
    // The only hotmart connection is used when none is named; read calls are not audited.
    const implicit = await h.call('POST', '/actions/hotmart_list_products/call', { token: reader, body: {} });
    expect(implicit.status).toBe(200);
    expect(implicit.body.connectionId).toBe('main');
    expect(await h.t.store.listAudit({ action: 'action.call' })).toEqual([]);
  });

  it('needs the write scope for write actions, and audits them', async () => {
    expect((await createHotmartConnection()).status).toBe(201);
    const product = hotmart.account.products().find((p) => !p.is_subscription)!;
    const coupon = { product_id: product.id, code: 'API10OFF', discount: 0.1 };
    const coupons = () => hotmart.account.summary().coupons;
    const before = coupons();

    const readOnly = await h.call('POST', '/actions/hotmart_create_coupon/call', {
      token: reader,
      body: { connection: 'main', input: coupon },
    });
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error).toEqual({
      code: 'insufficient_scope',
      message: 'this request needs the "write" scope',
    });
    const viewerWrite = await h.token(h.users.viewer, ['read', 'write']);
    expect(
      (
        await h.call('POST', '/actions/hotmart_create_coupon/call', {
          token: viewerWrite,
          body: { connection: 'main', input: coupon },
        })
      ).status,
    ).toBe(403);
    expect(coupons()).toBe(before);

    const done = await h.call('POST', '/actions/hotmart_create_coupon/call', {
      token: operator,
      body: { connection: 'main', input: coupon, idempotencyKey: 'coupon-api10off' },
    });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ actionId: 'hotmart_create_coupon', connectionId: 'main', output: {} });
    expect(coupons()).toBe(before + 1);
    const audit = await h.t.store.listAudit({ action: 'action.call' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: expect.stringMatching(/^token:/),
      target: 'hotmart_create_coupon',
      details: { connection: 'main', idempotencyKey: 'coupon-api10off', input: coupon, ok: true },
    });

    // A refused write is audited too, with its error code.
    const refused = await h.call('POST', '/actions/hotmart_create_coupon/call', {
      token: operator,
      body: { connection: 'main', input: { ...coupon, product_id: 999_999_999 } },
    });
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('vendor_refused');
    const after = await h.t.store.listAudit({ action: 'action.call' });
    expect(after[0]?.details).toMatchObject({ ok: false, code: 'vendor_refused' });
  });

  it('answers bad action calls with stable codes and field paths', async () => {
    expect((await createHotmartConnection()).status).toBe(201);
    const invalid = await h.call('POST', '/actions/hotmart_create_coupon/call', {
      token: operator,
      body: { connection: 'main', input: { product_id: 'abc', code: 'X', discount: 5 } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_input');
    expect(invalid.body.error.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['body.input.product_id', 'body.input.discount']),
    );
    const unknown = await h.call('POST', '/actions/nope_do_thing/call', { token: reader, body: {} });
    expect(unknown.status).toBe(404);
    const noConnection = await h.call('POST', '/actions/hotmart_list_products/call', {
      token: reader,
      body: { connection: 'ghost' },
    });
    expect(noConnection.status).toBe(404);
    expect(noConnection.body.error.code).toBe('connection_not_found');
    const noSlack = await h.call('POST', '/actions/slack_post_message/call', {
      token: operator,
      body: { input: { channel: 'C1', text: 'hi' } },
    });
    expect(noSlack.status).toBe(400);
    expect(noSlack.body.error).toMatchObject({
      code: 'connection_required',
      fields: [{ path: 'body.connection', message: 'is required here' }],
    });
    const wrongKind = await h.call('POST', '/actions/slack_post_message/call', {
      token: operator,
      body: { connection: 'main', input: { channel: 'C1', text: 'hi' } },
    });
    expect(wrongKind.status).toBe(409);
    expect(wrongKind.body.error.code).toBe('connection_kind_mismatch');
    const notJson = await h.call('POST', '/actions/hotmart_list_products/call', {
      token: reader,
      body: 'connection=main',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    const broken = await h.call('POST', '/actions/hotmart_list_products/call', {
      token: reader,
      body: '{"input":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const extra = await h.call('POST', '/actions/hotmart_list_products/call', {
      token: reader,
      body: { input: {}, surprise: true },
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toEqual([{ path: 'body', message: 'Unrecognized key: "surprise"' }]);
  });

  it('lists actions with the JSON Schemas of their input and output', async () => {
    const all = await h.call('GET', '/actions', { token: reader });
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(withReports.actions.length);
    const writes = await h.call('GET', '/actions?connector=hotmart&effect=write', { token: reader });
    expect(writes.body.items.length).toBeGreaterThan(5);
    expect(
      writes.body.items.every(
        (a: { connector: string; effect: string }) => a.connector === 'hotmart' && a.effect === 'write',
      ),
    ).toBe(true);
    const one = await h.call('GET', '/actions/hotmart_create_coupon', { token: reader });
    expect(one.body).toMatchObject({
      id: 'hotmart_create_coupon',
      connector: 'hotmart',
      effect: 'write',
      idempotent: false,
      inputSchema: { type: 'object', required: expect.arrayContaining(['product_id', 'code', 'discount']) },
    });
    expect(one.body.inputSchema.properties.discount.type).toBe('number');
    expect((await h.call('GET', '/actions?effect=maybe', { token: reader })).status).toBe(400);
  });

  it('lists events after ingesting the fixtures, with filters and keyset pages', async () => {
    await ingestFixtures();
    const first = await h.call('GET', '/events?limit=4', { token: reader });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(4);
    // Newest first: the last fixture ingested comes first.
    expect(first.body.items[0]).toMatchObject({
      id: fixtures.at(-1)!.id,
      name: fixtures.at(-1)!.name,
      connectionId: 'main',
      receivedAt: new Date(T0 + (fixtures.length - 1) * 1000).toISOString(),
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await h.call(
        'GET',
        `/events?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        { token: reader },
      );
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(fixtures.length / 4));
    expect(seen).toEqual([...fixtures].reverse().map((f) => f.id));

    const approved = await h.call('GET', '/events?name=PURCHASE_APPROVED&name=PURCHASE_REFUNDED', {
      token: reader,
    });
    expect(approved.body.items.map((e: { name: string }) => e.name).sort()).toEqual([
      'PURCHASE_APPROVED',
      'PURCHASE_REFUNDED',
    ]);
    expect(approved.body.nextCursor).toBeNull();
    const email = approved.body.items.find(
      (e: { name: string }) => e.name === 'PURCHASE_APPROVED',
    ).buyerEmail;
    const byEmail = await h.call(
      'GET',
      `/events?email=${encodeURIComponent(email.toUpperCase())}&limit=100`,
      {
        token: reader,
      },
    );
    expect(byEmail.body.items.length).toBeGreaterThan(0);
    expect(byEmail.body.items.every((e: { buyerEmail: string }) => e.buyerEmail === email)).toBe(true);

    const badCursor = await h.call('GET', '/events?cursor=not-a-cursor', { token: reader });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.code).toBe('invalid_cursor');
    const badLimit = await h.call('GET', '/events?limit=500', { token: reader });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.fields[0].path).toBe('query.limit');
  });

  it('shows an event with its payload (body hottok redacted) and its runs', async () => {
    await ingestFixtures();
    const approved = fixtures.find((f) => f.name === 'PURCHASE_APPROVED')!;
    await until(
      () => h.t.store.listRuns({ eventId: approved.id }),
      (runs) => runs.length === 2 && runs.every((r) => r.status === 'dead' || r.status === 'completed'),
      'the runs of the event',
    );
    const shown = await h.call('GET', `/events/${approved.id}`, { token: reader });
    expect(shown.status).toBe(200);
    expect(shown.body.payload).toMatchObject({
      id: approved.id,
      event: 'PURCHASE_APPROVED',
      version: '2.0.0',
    });
    expect(shown.body.normalized).toBeTypeOf('object');
    expect(
      shown.body.runs
        .map((r: { workflowId: string; status: string }) => `${r.workflowId}:${r.status}`)
        .sort(),
    ).toEqual(['flaky:dead', 'notify:completed']);

    const withHottok = fixtures.find((f) => f.body.includes('"hottok"'))!;
    const raw = (JSON.parse(withHottok.body) as { hottok: string }).hottok;
    const event = await h.call('GET', `/events/${withHottok.id}`, { token: reader });
    expect(event.status).toBe(200);
    expect(JSON.stringify(event.body)).not.toContain(raw);
    expect((await h.call('GET', '/events/no-such-event', { token: reader })).status).toBe(404);
  });

  it('replays a dead run from its failed step, shows its steps, and cancels', async () => {
    await ingestFixtures();
    const approved = fixtures.find((f) => f.name === 'PURCHASE_APPROVED')!;
    const runId = `flaky:${approved.id}`;
    await until(
      () => h.t.store.getRun(runId),
      (run) => run?.status === 'dead',
      'the run to die',
    );

    const dead = await h.call('GET', `/runs?status=dead`, { token: reader });
    expect(dead.body.items.map((r: { id: string }) => r.id)).toEqual([runId]);
    const detail = await h.call('GET', `/runs/${encodeURIComponent(runId)}`, { token: reader });
    expect(detail.body).toMatchObject({
      id: runId,
      status: 'dead',
      error: { name: 'NonRetriableError', message: 'the CRM is down', code: 'CRM_DOWN' },
    });
    const steps = detail.body.steps as { stepId: string; status: string; output: unknown; attempt: number }[];
    // Steps of one millisecond come in step-id order; compare as a set.
    expect(steps.map((s) => `${s.stepId}:${s.status}`).sort()).toEqual(['deliver:failed', 'greet:completed']);
    expect(steps.find((s) => s.stepId === 'greet')?.output).toBe('hi');

    state.fixed = true;
    const replayed = await h.call('POST', `/runs/${encodeURIComponent(runId)}/replay`, { token: operator });
    expect(replayed.status).toBe(200);
    expect(replayed.body.run).toMatchObject({ id: runId, attempt: 0, error: null });
    // The engine here was woken at once: the run may already be claimed.
    expect(['queued', 'running', 'completed']).toContain(replayed.body.run.status);
    await until(
      () => h.t.store.getRun(runId),
      (run) => run?.status === 'completed',
      'the replayed run',
    );
    // Resumed at the failed step: `greet` was not run again.
    expect(state).toMatchObject({ greeted: 1, delivered: 1 });
    const finished = await h.call('GET', `/runs/${encodeURIComponent(runId)}`, { token: reader });
    expect(finished.body.output).toEqual({ delivered: true });
    const audit = await h.t.store.listAudit({ action: 'run.replay' });
    expect(audit[0]).toMatchObject({ target: runId, details: { mode: 'failed' } });

    // Completed runs can't be cancelled; replay "whole" runs every step again.
    const cancelDone = await h.call('POST', `/runs/${encodeURIComponent(runId)}/cancel`, { token: operator });
    expect(cancelDone.status).toBe(409);
    expect(cancelDone.body.error.code).toBe('not_cancellable');
    const whole = await h.call('POST', `/runs/${encodeURIComponent(runId)}/replay`, {
      token: operator,
      body: { mode: 'whole' },
    });
    expect(whole.status).toBe(200);
    await until(
      () => h.t.store.getRun(runId),
      (run) => run?.status === 'completed',
      'the whole replay',
    );
    expect(state).toMatchObject({ greeted: 2, delivered: 2 });
    const badMode = await h.call('POST', `/runs/${encodeURIComponent(runId)}/replay`, {
      token: operator,
      body: { mode: 'some' },
    });
    expect(badMode.status).toBe(400);
    expect(badMode.body.error.fields[0].path).toBe('body.mode');
  });

  it('cancels a waiting run, with or without an engine in the process', async () => {
    const waiting = (id: string) => ({
      id,
      workflowId: 'later',
      eventId: null,
      connectionId: null,
      concurrencyKey: null,
      input: { note: 'x' },
      maxAttempts: 3,
      dueAt: Date.now() + 3_600_000,
    });
    const noEngine = await createApiHarness(factory);
    try {
      // Role `web`: no engine here, so the API writes to the store and workers elsewhere see it.
      await noEngine.t.store.createRuns([waiting('later:0')], Date.now());
      const token = await noEngine.token(noEngine.users.operator, ['read', 'write']);
      const answer = await noEngine.call('POST', '/runs/later:0/cancel', { token });
      expect(answer.status).toBe(200);
      expect(answer.body.run).toMatchObject({ id: 'later:0', status: 'cancelled' });
      expect((await noEngine.t.store.getRun('later:0'))?.status).toBe('cancelled');
    } finally {
      await noEngine.t.destroy();
    }
    await startEngine();
    await h.t.store.createRuns([waiting('later:1')], Date.now());
    const cancelled = await h.call('POST', '/runs/later:1/cancel', { token: operator });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.run).toMatchObject({ id: 'later:1', status: 'cancelled', workflowId: 'later' });
    expect((await h.t.store.getRun('later:1'))?.status).toBe('cancelled');
    const listed = await h.call('GET', '/runs?status=cancelled&workflow=later', { token: reader });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual(['later:1']);
    const again = await h.call('POST', '/runs/later:1/cancel', { token: operator });
    expect(again.status).toBe(409);
    expect((await h.call('GET', '/runs?status=lost', { token: reader })).status).toBe(400);
  });

  it('replays an event: every run it started is queued again', async () => {
    await ingestFixtures();
    const approved = fixtures.find((f) => f.name === 'PURCHASE_APPROVED')!;
    await until(
      () => h.t.store.listRuns({ eventId: approved.id }),
      (runs) => runs.length === 2 && runs.every((r) => r.status === 'dead' || r.status === 'completed'),
      'the runs of the event',
    );
    state.fixed = true;
    const replayed = await h.call('POST', `/events/${approved.id}/replay`, { token: operator });
    expect(replayed.status).toBe(200);
    expect(replayed.body.eventId).toBe(approved.id);
    expect([...replayed.body.replayed].sort()).toEqual([`flaky:${approved.id}`, `notify:${approved.id}`]);
    expect(replayed.body.skipped).toEqual([]);
    await until(
      () => h.t.store.listRuns({ eventId: approved.id }),
      (runs) => runs.every((r) => r.status === 'completed'),
      'the replayed runs',
    );
    // `whole` by default: greet ran again.
    expect(state.greeted).toBe(2);
    const audit = await h.t.store.listAudit({ action: 'event.replay' });
    expect(audit[0]?.target).toBe(approved.id);
    const viewer = await h.token(h.users.viewer, ['read']);
    expect((await h.call('POST', `/events/${approved.id}/replay`, { token: viewer })).status).toBe(403);
    expect((await h.call('POST', '/events/none/replay', { token: operator })).status).toBe(404);
  });

  it('runs reports through the registry by name', async () => {
    await ingestFixtures();
    const list = await h.call('GET', '/reports', { token: reader });
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual(['report_events_by_name']);
    const report = await h.call('POST', '/reports/events_by_name', { token: reader, body: {} });
    expect(report.status).toBe(200);
    expect(report.body.report).toBe('events_by_name');
    expect(report.body.output.counts.PURCHASE_APPROVED).toBe(1);
    expect(
      Object.values(report.body.output.counts as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(fixtures.length);
    // A report connection needs no credentials; once it exists, reports run with it.
    const connection = await h.call('POST', '/connections', {
      token: admin,
      body: { id: 'reports', kind: 'report', name: 'Reports' },
    });
    expect(connection.status).toBe(201);
    expect(connection.body.credentials).toEqual({ set: true, fields: [] });
    const named = await h.call('POST', '/reports/events_by_name', {
      token: reader,
      body: { connection: 'reports' },
    });
    expect(named.status).toBe(200);
    expect(named.body.output.counts.PURCHASE_APPROVED).toBe(1);
    const prefixed = await h.call('POST', '/reports/report_events_by_name', {
      token: reader,
      body: { input: { limit: 2 } },
    });
    expect(
      Object.values(prefixed.body.output.counts as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe(2);
    expect((await h.call('POST', '/reports/hotmart_list_products', { token: reader, body: {} })).status).toBe(
      404,
    );
    const bad = await h.call('POST', '/reports/events_by_name', {
      token: reader,
      body: { input: { limit: 0 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.input.limit');
  });
});
