import { type RunningFakes, startFakes } from '@hotpilot/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

const fixed = new Date('2026-03-01T10:00:00.000Z');
let fakes: RunningFakes;

beforeAll(async () => {
  fakes = await startFakes({ now: () => fixed, slack: { channels: ['sales'] } });
});
afterAll(() => fakes.close());

describe('startFakes', () => {
  it('starts the four fakes on distinct loopback ports, each answering its API', async () => {
    const urls = [fakes.hubspot.url, fakes.zendesk.url, fakes.slack.url, fakes.google.url];
    expect(new Set(urls).size).toBe(4);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fakes.google.tokenUrl).toBe(`${fakes.google.url}/token`);

    const hubspot = await call(`${fakes.hubspot.url}/crm/v3/objects/contacts`, {
      headers: { authorization: `Bearer ${fakes.hubspot.accessTokens[0]}` },
    });
    expect(hubspot.body).toEqual({ results: [] });
    const zendesk = await call(`${fakes.zendesk.url}/api/v2/users/me`, {
      headers: { authorization: fakes.zendesk.authorizationHeader() },
    });
    expect(zendesk.body.user.role).toBe('admin');
    const slack = await call(`${fakes.slack.url}/api/auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fakes.slack.botTokens[0]}` },
    });
    expect(slack.body.ok).toBe(true);
    const google = await call(fakes.google.tokenUrl, { method: 'POST', body: 'grant_type=password' });
    expect(google.body.error).toBe('unsupported_grant_type');
  });

  it('records each request with method, path, query, redacted headers, body, status, time and duration', async () => {
    fakes.slack.reset();
    await call(`${fakes.slack.url}/api/chat.postMessage?source=test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fakes.slack.botTokens[0]}` },
      json: { channel: 'sales', text: 'New sale' },
    });
    const [request] = fakes.slack.requests();
    expect(request).toMatchObject({
      id: expect.any(Number),
      method: 'POST',
      path: '/api/chat.postMessage',
      query: { source: 'test' },
      body: { channel: 'sales', text: 'New sale' },
      status: 200,
      time: fixed.toISOString(),
    });
    expect(request?.headers['authorization']).toBe('Bearer [redacted]');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.durationMs).toBeGreaterThanOrEqual(0);
    const over = await call(`${fakes.slack.url}/_fake/requests`);
    expect(over.body.requests).toEqual(JSON.parse(JSON.stringify(fakes.slack.requests())));
    expect(fakes.slack.requests()).toHaveLength(1);
  });

  it('shows state over /_fake/state and resets it over /_fake/reset', async () => {
    fakes.slack.reset();
    await call(`${fakes.slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fakes.slack.botTokens[0]}` },
      json: { channel: 'sales', text: 'hello' },
    });
    fakes.slack.faults.add({ kind: 'latency', latencyMs: 1 });
    const state = await call(`${fakes.slack.url}/_fake/state`);
    const sales = state.body.channels.find((c: { name: string }) => c.name === 'sales');
    expect(sales.messages.map((m: { text: string }) => m.text)).toEqual(['hello']);

    const reset = await call(`${fakes.slack.url}/_fake/reset`, { method: 'POST' });
    expect(reset.body).toEqual({ ok: true });
    expect(fakes.slack.state.messages()).toEqual([]);
    expect(fakes.slack.requests()).toEqual([]);
    expect(fakes.slack.faults.list()).toEqual([]);
  });

  it('creates spreadsheets and channels through the inspection endpoints', async () => {
    const sheet = await call(`${fakes.google.url}/_fake/spreadsheets`, {
      json: {
        spreadsheetId: 'demo',
        title: 'Demo',
        sheets: [{ title: 'Sales', rows: [['date', 'amount']] }],
      },
    });
    expect(sheet.status).toBe(201);
    expect(fakes.google.state.spreadsheet('demo')?.sheetRows('Sales')).toEqual([['date', 'amount']]);
    const again = await call(`${fakes.google.url}/_fake/spreadsheets`, { json: { spreadsheetId: 'demo' } });
    expect(again.status).toBe(409);
    const invalid = await call(`${fakes.google.url}/_fake/spreadsheets`, { json: { sheets: [{}] } });
    expect(invalid.status).toBe(400);

    const token = await call(`${fakes.google.url}/_fake/access-tokens`, {
      json: { scopes: ['https://www.googleapis.com/auth/spreadsheets'] },
    });
    const values = await call(`${fakes.google.url}/v4/spreadsheets/demo/values/Sales`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
    expect(values.body.values).toEqual([['date', 'amount']]);

    const channel = await call(`${fakes.slack.url}/_fake/channels`, { json: { name: 'support' } });
    expect(channel.status).toBe(201);
    expect(fakes.slack.state.channel('#support')?.id).toBe(channel.body.channel.id);
    const duplicate = await call(`${fakes.slack.url}/_fake/channels`, { json: { name: 'support' } });
    expect(duplicate.status).toBe(409);
  });
});
