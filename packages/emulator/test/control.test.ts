import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, createEmulatorApp, DEFAULT_REFERENCE_NOW } from '../src/index.ts';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

describe('control API (/_emulator)', () => {
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 61, sales: 800, requestLogSize: 5 });
  });
  afterAll(() => emulator.close());

  const control = async (path: string, init: RequestInit = {}) => {
    const response = await emulator.control(path, init);
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  it('describes itself and summarises the account', async () => {
    const index = await control('');
    expect(index.status).toBe(200);
    expect(index.body.endpoints).toContain('POST /_emulator/reset');
    const summary = await control('/account/summary');
    expect(summary.body.seed).toBe(61);
    expect(summary.body.sales.total).toBe(800);
    expect(summary.body.products).toBe(emulator.hotmart.account.products().length);
    expect(summary.body.subscriptions.total).toBe(emulator.hotmart.account.subscriptions().length);
    expect(summary.body.club.students).toBeGreaterThan(0);
  });

  it('records API requests in a bounded ring buffer (method, path, query, status, time)', async () => {
    await control('/requests', { method: 'DELETE' });
    for (let i = 0; i < 7; i++) await emulator.api(`/payments/api/v1/sales/history?max_results=${i + 1}`);
    await emulator.api('/payments/api/v1/sales/summary');
    const log = await control('/requests');
    expect(log.body.total).toBe(8);
    expect(log.body.items.length).toBe(5);
    const last = log.body.items[4];
    expect(last).toMatchObject({
      method: 'GET',
      path: '/payments/api/v1/sales/summary',
      status: 200,
      client_id: 'hotpilot-emulator',
    });
    expect(typeof last.time).toBe('number');
    expect(typeof last.duration_ms).toBe('number');
    expect(log.body.items[3].query).toEqual({ max_results: '7' });
    const filtered = await control('/requests?path=/payments/api/v1/sales/history&limit=2');
    expect(
      filtered.body.items.map((item: { query: { max_results: string } }) => item.query.max_results),
    ).toEqual(['6', '7']);
    expect((await control('/requests?limit=zero')).status).toBe(400);
  });

  it('moves the clock: set (ms or ISO), advance, freeze', async () => {
    const set = await control('/clock', {
      method: 'POST',
      body: JSON.stringify({ set: '2026-07-01T00:00:00Z', frozen: true }),
    });
    expect(set.body).toEqual({ now: Date.UTC(2026, 6, 1), iso: '2026-07-01T00:00:00.000Z', frozen: true });
    const advanced = await control('/clock', {
      method: 'POST',
      body: JSON.stringify({ advance_ms: 60_000 }),
    });
    expect(advanced.body.now).toBe(Date.UTC(2026, 6, 1, 0, 1));
    expect(emulator.hotmart.account.now()).toBe(Date.UTC(2026, 6, 1, 0, 1));
    const read = await control('/clock');
    expect(read.body.now).toBe(Date.UTC(2026, 6, 1, 0, 1));
    const bad = await control('/clock', { method: 'POST', body: JSON.stringify({ set: 'tomorrow' }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('set');
    const notJson = await control('/clock', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    // Back to the start, running: the test token (48 h) is valid again.
    const back = await control('/clock', {
      method: 'POST',
      body: JSON.stringify({ set: DEFAULT_REFERENCE_NOW, frozen: false }),
    });
    expect(back.body.frozen).toBe(false);
    expect((await emulator.api('/user/api/v1/me')).status).toBe(200);
  });

  it('resets the account, undoing writes', async () => {
    const sale = emulator.hotmart.account.saleAt(10);
    emulator.hotmart.account.updateSale(sale.transaction, { status: 'CHARGEBACK' });
    expect(emulator.hotmart.account.saleAt(10).status).toBe('CHARGEBACK');
    const reset = await control('/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body.sales.modified).toBe(0);
    expect(emulator.hotmart.account.saleAt(10).status).toBe(sale.status);
  });

  it('reseeds with new sizes and invalidates old page tokens', async () => {
    const page = await emulator.json('/payments/api/v1/sales/history?max_results=5');
    const token = page.body.page_info.next_page_token;
    const seeded = await control('/seed', {
      method: 'POST',
      body: JSON.stringify({ seed: 62, sales: 1_500, now: DEFAULT_REFERENCE_NOW }),
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body.seed).toBe(62);
    expect(seeded.body.sales.total).toBe(1_500);
    expect(emulator.hotmart.account.saleCount()).toBe(1_500);
    expect(emulator.hotmart.emulator.clock.now() - DEFAULT_REFERENCE_NOW).toBeLessThan(5_000);
    expect(emulator.hotmart.emulator.clock.now()).toBeGreaterThanOrEqual(DEFAULT_REFERENCE_NOW);
    const stale = await emulator.json(`/payments/api/v1/sales/history?max_results=5&page_token=${token}`);
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe('invalid_token');
    const invalid = await control('/seed', { method: 'POST', body: JSON.stringify({ sales: -5 }) });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error_description).toContain('sales');
    const unknown = await control('/seed', { method: 'POST', body: JSON.stringify({ size: 5 }) });
    expect(unknown.status).toBe(400);
  });

  it('changes the token lifetime for new tokens', async () => {
    const set = await control('/settings', {
      method: 'POST',
      body: JSON.stringify({ token_ttl_seconds: 60 }),
    });
    expect(set.body).toEqual({ token_ttl_seconds: 60 });
    const { clientId, clientSecret, basic } = emulator.hotmart.credentials;
    const response = await fetch(
      `${emulator.hotmart.tokenUrl}?grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
      { method: 'POST', headers: { authorization: `Basic ${basic}` } },
    );
    expect(((await response.json()) as { expires_in: number }).expires_in).toBe(60);
    expect(
      (await control('/settings', { method: 'POST', body: JSON.stringify({ token_ttl_seconds: 0 }) })).status,
    ).toBe(400);
  });

  it('answers only loopback clients unless remote control is allowed', async () => {
    const local = createEmulator({ seed: 1, sales: 20 });
    const app = createEmulatorApp(local);
    const remote = { incoming: { socket: { remoteAddress: '203.0.113.9' } } } as never;
    const refused = await app.request('/_emulator/account/summary', {}, remote);
    expect(refused.status).toBe(403);
    const refusedIndex = await app.request('/_emulator', {}, remote);
    expect(refusedIndex.status).toBe(403);
    const loopback = await app.request('/_emulator/account/summary', {}, {
      incoming: { socket: { remoteAddress: '::1' } },
    } as never);
    expect(loopback.status).toBe(200);
    const open = createEmulatorApp(createEmulator({ seed: 1, sales: 20, allowRemoteControl: true }));
    expect((await open.request('/_emulator/account/summary', {}, remote)).status).toBe(200);
  });
});
