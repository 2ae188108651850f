import {
  createSlackFake,
  DEFAULT_SLACK_BOT_TOKEN,
  type RunningFakes,
  serveFake,
  startFakes,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

let fakes: RunningFakes;
let hubspotAuth: Record<string, string>;
let zendeskAuth: Record<string, string>;
let slackAuth: Record<string, string>;
let googleAuth: Record<string, string>;

beforeAll(async () => {
  fakes = await startFakes({ google: { spreadsheets: [{ spreadsheetId: 'finance' }] } });
  hubspotAuth = { authorization: `Bearer ${fakes.hubspot.accessTokens[0]}` };
  zendeskAuth = { authorization: fakes.zendesk.authorizationHeader() };
  slackAuth = { authorization: `Bearer ${fakes.slack.botTokens[0]}` };
});
afterAll(() => fakes.close());
beforeEach(() => {
  for (const fake of [fakes.hubspot, fakes.zendesk, fakes.slack, fakes.google]) fake.reset();
  const token = fakes.google.state.issueAccessToken({
    scopes: ['https://www.googleapis.com/auth/spreadsheets'],
  });
  googleAuth = { authorization: `Bearer ${token.accessToken}` };
});

const createContact = (email: string, signal?: AbortSignal) =>
  call(`${fakes.hubspot.url}/crm/v3/objects/contacts`, {
    method: 'POST',
    headers: hubspotAuth,
    json: { properties: { email } },
    ...(signal ? { signal } : {}),
  });

describe('fault injection: rate limits', () => {
  it('answers HubSpot 429s with its body, window headers and Retry-After for the next N requests only', async () => {
    fakes.hubspot.faults.add({
      route: 'POST /crm/v3/objects/contacts',
      kind: 'rate-limit',
      times: 2,
      retryAfterSeconds: 3,
    });
    const first = await createContact('ana@example.com');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    expect(first.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect((await createContact('ana@example.com')).status).toBe(429);
    expect((await createContact('ana@example.com')).status).toBe(201);
    expect(fakes.hubspot.faults.list()).toEqual([]);
    expect(fakes.hubspot.requests().map((r) => [r.status, r.fault])).toEqual([
      [429, 'rate-limit'],
      [429, 'rate-limit'],
      [201, undefined],
    ]);
    expect(fakes.hubspot.state.records('contacts')).toHaveLength(1);
  });

  it("answers Zendesk's, Slack's and Google's 429s in their own shapes", async () => {
    fakes.zendesk.faults.add({
      route: 'POST /api/v2/tickets',
      kind: 'rate-limit',
      times: 1,
      retryAfterSeconds: 7,
    });
    const zendesk = await call(`${fakes.zendesk.url}/api/v2/tickets.json`, {
      method: 'POST',
      headers: zendeskAuth,
      json: { ticket: { comment: { body: 'x' } } },
    });
    expect(zendesk.status).toBe(429);
    expect(zendesk.headers.get('retry-after')).toBe('7');
    expect(zendesk.body).toBe('Number of allowed API requests per minute exceeded');

    fakes.slack.faults.add({
      route: '/api/chat.postMessage',
      kind: 'rate-limit',
      times: 1,
      retryAfterSeconds: 30,
    });
    const slack = await call(`${fakes.slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: slackAuth,
      json: { channel: 'general', text: 'x' },
    });
    expect(slack.status).toBe(429);
    expect(slack.headers.get('retry-after')).toBe('30');
    expect(slack.body).toEqual({ ok: false, error: 'ratelimited' });

    fakes.google.faults.add({ route: '/v4/**', kind: 'rate-limit', times: 1 });
    const google = await call(`${fakes.google.url}/v4/spreadsheets/finance`, { headers: googleAuth });
    expect(google.status).toBe(429);
    expect(google.headers.get('retry-after')).toBe('1');
    expect(google.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
  });

  it('spreads a rate deterministically: 0.5 fails every second matching request', async () => {
    fakes.slack.faults.add({ route: 'POST /api/auth.test', kind: 'rate-limit', rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await call(`${fakes.slack.url}/api/auth.test`, { method: 'POST', headers: slackAuth })).status,
      );
    }
    expect(statuses).toEqual([200, 429, 200, 429, 200, 429]);
    expect(fakes.slack.faults.list()[0]).toMatchObject({ matched: 6, fired: 3 });
  });

  it('leaves requests the route pattern does not match alone', async () => {
    fakes.hubspot.faults.add({ route: 'POST /crm/v3/objects/contacts', kind: 'rate-limit' });
    const read = await call(`${fakes.hubspot.url}/crm/v3/objects/contacts`, { headers: hubspotAuth });
    expect(read.status).toBe(200);
    fakes.zendesk.faults.add({ route: 'GET /api/v2/tickets/:id', kind: 'server-error', times: 1 });
    const suffixed = await call(`${fakes.zendesk.url}/api/v2/tickets/1.json`, { headers: zendeskAuth });
    expect(suffixed.status).toBe(503);
  });
});

describe('fault injection: server errors, hangs and latency', () => {
  it('answers the chosen 5xx in the vendor shape', async () => {
    fakes.hubspot.faults.add({ route: '**', kind: 'server-error', status: 502, times: 1 });
    const hubspot = await createContact('ana@example.com');
    expect(hubspot.status).toBe(502);
    expect(hubspot.body).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
    fakes.google.faults.add({ route: 'POST /token', kind: 'server-error', status: 500, times: 1 });
    const token = await call(`${fakes.google.tokenUrl}`, { method: 'POST', body: 'grant_type=x' });
    expect(token.status).toBe(500);
    expect(token.body.error).toBe('internal_failure');
    fakes.slack.faults.add({ kind: 'server-error', times: 1 });
    const slack = await call(`${fakes.slack.url}/api/auth.test`, { method: 'POST', headers: slackAuth });
    expect(slack.status).toBe(503);
    expect(slack.body).toEqual({ ok: false, error: 'service_unavailable' });
    expect(fakes.hubspot.state.records('contacts')).toEqual([]);
  });

  it('hangs until the client times out, without running the handler', async () => {
    fakes.hubspot.faults.add({ route: 'POST /crm/v3/objects/contacts', kind: 'hang', times: 1 });
    const started = performance.now();
    const outcome = await createContact('ana@example.com', AbortSignal.timeout(200)).catch(
      (error: Error) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).name).toBe('TimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(fakes.hubspot.state.records('contacts')).toEqual([]);
    await expect.poll(() => fakes.hubspot.requests().length).toBe(1);
    expect(fakes.hubspot.requests()[0]).toMatchObject({ status: 0, fault: 'hang' });
  });

  it('hangs after the handler: the write happens, the client times out, and its retry conflicts', async () => {
    fakes.hubspot.faults.add({
      route: 'POST /crm/v3/objects/contacts',
      kind: 'hang',
      afterHandler: true,
      times: 1,
    });
    const outcome = await createContact('ana@example.com', AbortSignal.timeout(200)).catch(
      (error: Error) => error,
    );
    expect((outcome as Error).name).toBe('TimeoutError');
    expect(fakes.hubspot.state.records('contacts')).toHaveLength(1);
    const retry = await createContact('ana@example.com');
    expect(retry.status).toBe(409);
  });

  it('gives up a hang after hangMs with a 504', async () => {
    fakes.slack.faults.add({ route: '/api/auth.test', kind: 'hang', hangMs: 100, times: 1 });
    const reply = await call(`${fakes.slack.url}/api/auth.test`, { method: 'POST', headers: slackAuth });
    expect(reply.status).toBe(504);
  });

  it('delays responses by latencyMs, before or after the handler', async () => {
    fakes.zendesk.faults.add({ route: 'GET /api/v2/groups', kind: 'latency', latencyMs: 300, times: 1 });
    let started = performance.now();
    const slow = await call(`${fakes.zendesk.url}/api/v2/groups.json`, { headers: zendeskAuth });
    const elapsed = performance.now() - started;
    expect(slow.status).toBe(200);
    expect(slow.body.groups).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(fakes.zendesk.requests()[0]?.durationMs).toBeGreaterThanOrEqual(290);
    expect(fakes.zendesk.requests()[0]?.fault).toBe('latency');

    started = performance.now();
    const fast = await call(`${fakes.zendesk.url}/api/v2/groups.json`, { headers: zendeskAuth });
    expect(fast.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(250);

    fakes.google.faults.add({
      route: 'GET /v4/spreadsheets/:id',
      kind: 'latency',
      latencyMs: 200,
      afterHandler: true,
    });
    started = performance.now();
    expect((await call(`${fakes.google.url}/v4/spreadsheets/finance`, { headers: googleAuth })).status).toBe(
      200,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('ends hanging requests when the fake closes', async () => {
    const slack = createSlackFake();
    const server = await serveFake(slack);
    slack.faults.add({ kind: 'hang' });
    const pending = fetch(`${server.url}/api/auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEFAULT_SLACK_BOT_TOKEN}` },
    }).then(
      (response) => response.status,
      () => 'aborted',
    );
    await expect.poll(() => slack.faults.list()[0]?.fired).toBe(1);
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(2000);
    expect([503, 'aborted']).toContain(await pending);
  });
});

describe('fault injection over HTTP: /_fake/faults', () => {
  it('adds, lists and clears rules, and names the field of an invalid rule', async () => {
    const added = await call(`${fakes.slack.url}/_fake/faults`, {
      json: { route: 'POST /api/chat.postMessage', kind: 'server-error', status: 500, times: 1 },
    });
    expect(added.status).toBe(201);
    expect(added.body.fault).toMatchObject({ kind: 'server-error', status: 500, times: 1, fired: 0 });
    const listed = await call(`${fakes.slack.url}/_fake/faults`);
    expect(listed.body.faults).toHaveLength(1);
    const failed = await call(`${fakes.slack.url}/api/chat.postMessage`, {
      method: 'POST',
      headers: slackAuth,
      json: { channel: 'general', text: 'x' },
    });
    expect(failed.status).toBe(500);

    const invalid = await call(`${fakes.slack.url}/_fake/faults`, { json: { kind: 'explode' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toContain('kind');
    const both = await call(`${fakes.slack.url}/_fake/faults`, {
      json: { kind: 'hang', times: 1, rate: 0.5 },
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toContain('rate');
    const badRoute = await call(`${fakes.slack.url}/_fake/faults`, {
      json: { kind: 'hang', route: 'api/x' },
    });
    expect(badRoute.status).toBe(400);

    const one = await call(`${fakes.slack.url}/_fake/faults`, { json: { kind: 'latency', latencyMs: 1 } });
    expect(
      (await call(`${fakes.slack.url}/_fake/faults/${one.body.fault.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect(
      (await call(`${fakes.slack.url}/_fake/faults/${one.body.fault.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
    await call(`${fakes.slack.url}/_fake/faults`, { json: { kind: 'hang' } });
    const cleared = await call(`${fakes.slack.url}/_fake/faults`, { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect(fakes.slack.faults.list()).toEqual([]);
  });
});
