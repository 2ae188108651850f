import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import { invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import type { ActionDefinition } from '../../../src/connectors/kit.ts';
import {
  deliverWebhook,
  generateWebhookSecret,
  type WebhookOutCredentials,
  webhookOutActions,
  webhookOutConnector,
  webhookOutCreateSecret,
  webhookOutSendEvent,
  webhookOutVerifySignature,
} from '../../../src/connectors/webhook-out/index.ts';
import { NonRetriableError, RetryAfterError } from '../../../src/engine/errors.ts';
import type { Logger } from '../../../src/kit/logger.ts';
import { closedPortUrl, type Receiver, startReceiver } from './receiver.ts';

let receiver: Receiver;
const secret = generateWebhookSecret();
const lines: string[] = [];

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

const endpoint = (settings: Record<string, unknown> = {}, credentials: unknown = { secret }) => ({
  id: 'erp',
  kind: 'webhook-out',
  credentials,
  settings: { url: receiver.url, ...settings },
});

function call<I, O>(
  action: ActionDefinition<I, O, WebhookOutCredentials>,
  input: unknown,
  options: { idempotencyKey?: string; settings?: Record<string, unknown>; credentials?: unknown } = {},
): Promise<O> {
  return invokeAction(action, input, {
    connector: webhookOutConnector,
    connection: endpoint(options.settings, options.credentials ?? { secret }),
    logger: capturingLogger(),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  });
}

beforeAll(async () => {
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer(() => ({ status: 200 }));
});

describe('webhook_out_send_event', () => {
  it('POSTs a signed Standard Webhooks message that the reference library verifies', async () => {
    const result = await call(
      webhookOutSendEvent,
      {
        type: 'hotmart.purchase_approved',
        data: { transaction: 'HP1', amount: 97 },
        timestamp: '2025-01-31T12:00:00Z',
      },
      { idempotencyKey: 'run_7:notify-erp' },
    );
    expect(result).toMatchObject({ delivered: true, status: 200, webhook_id: 'run_7:notify-erp' });
    const [request] = await receiver.waitFor(1);
    if (!request) throw new Error('nothing received');
    expect(request.method).toBe('POST');
    expect(request.header('content-type')).toBe('application/json');
    expect(request.header('webhook-id')).toBe('run_7:notify-erp');
    expect(Number(request.header('webhook-timestamp'))).toBe(result.webhook_timestamp);
    const payload = new Webhook(secret).verify(request.body, {
      'webhook-id': request.header('webhook-id'),
      'webhook-timestamp': request.header('webhook-timestamp'),
      'webhook-signature': request.header('webhook-signature'),
    });
    expect(payload).toEqual({
      type: 'hotmart.purchase_approved',
      timestamp: '2025-01-31T12:00:00Z',
      data: { transaction: 'HP1', amount: 97 },
    });
  });

  it('sends the same webhook-id for the same idempotency key, a new one otherwise', async () => {
    await call(webhookOutSendEvent, { type: 'hotpilot.test', data: {} }, { idempotencyKey: 'run_1:step' });
    await call(webhookOutSendEvent, { type: 'hotpilot.test', data: {} }, { idempotencyKey: 'run_1:step' });
    await call(webhookOutSendEvent, { type: 'hotpilot.test', data: {} });
    const ids = (await receiver.waitFor(3)).map((request) => request.header('webhook-id'));
    expect(ids[0]).toBe('run_1:step');
    expect(ids[1]).toBe('run_1:step');
    expect(ids[2]).toMatch(/^adhoc:/);
  });

  it('signs with the previous secrets too during a rotation', async () => {
    const previous = generateWebhookSecret();
    await call(
      webhookOutSendEvent,
      { type: 'hotpilot.test', data: {} },
      { credentials: { secret, previousSecrets: [previous] } },
    );
    const [request] = await receiver.waitFor(1);
    const headers = {
      'webhook-id': request?.header('webhook-id') ?? '',
      'webhook-timestamp': request?.header('webhook-timestamp') ?? '',
      'webhook-signature': request?.header('webhook-signature') ?? '',
    };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(previous).verify(request?.body ?? '', headers)).toMatchObject({
      type: 'hotpilot.test',
    });
  });

  it('maps the receiver’s answers: 4xx final, 409/408/5xx retryable, 429 waits, 410 gone', async () => {
    const send = () =>
      call(webhookOutSendEvent, { type: 'hotpilot.test', data: {} }).catch((error: unknown) => error);

    receiver.answer(() => ({ status: 400 }));
    const refused = await send();
    expect(refused).toBeInstanceOf(VendorRequestError);
    expect(refused).toBeInstanceOf(NonRetriableError);
    expect(refused).toMatchObject({ vendor: 'webhook-out', status: 400, code: 'HTTP_400', retryable: false });

    receiver.answer(() => ({ status: 410 }));
    expect(await send()).toMatchObject({ name: 'VendorRequestError', status: 410, code: 'ENDPOINT_GONE' });

    for (const status of [408, 409, 500, 503]) {
      receiver.answer(() => ({ status }));
      const error = await send();
      expect(error).toBeInstanceOf(VendorError);
      expect(error).not.toBeInstanceOf(NonRetriableError);
      expect(error).toMatchObject({ status, retryable: true });
    }

    receiver.answer(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const limited = await send();
    expect(limited).toBeInstanceOf(VendorRateLimitError);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as VendorRateLimitError).retryAfter).toBe(120_000);

    receiver.answer(() => ({ status: 302, headers: { location: 'https://example.com/elsewhere' } }));
    expect(await send()).toMatchObject({ name: 'VendorError', status: 302, retryable: true });
    // The redirect was not followed: only our receiver saw requests.
    expect(receiver.received.every((request) => request.path === '/hooks/hotpilot')).toBe(true);
  });

  it('refuses a disabled endpoint without sending anything', async () => {
    const error = await call(
      webhookOutSendEvent,
      { type: 'hotpilot.test', data: {} },
      { settings: { disabled: true } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('ENDPOINT_DISABLED');
    expect(receiver.received).toHaveLength(0);
  });

  it('names the field of a bad input and of a bad secret, never the secret', async () => {
    const badType = await call(webhookOutSendEvent, { type: 'purchase approved', data: {} }).catch(
      (e: unknown) => e,
    );
    expect(badType).toBeInstanceOf(ActionInputError);
    expect((badType as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.type']);
    const noData = await call(webhookOutSendEvent, { type: 'hotpilot.test' }).catch((e: unknown) => e);
    expect((noData as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.data']);

    const weak = 'whsec_c2hvcnQ=';
    const badSecret = await call(
      webhookOutSendEvent,
      { type: 'hotpilot.test', data: {} },
      { credentials: { secret: weak } },
    ).catch((e: unknown) => e);
    expect(badSecret).toBeInstanceOf(CredentialsError);
    expect((badSecret as CredentialsError).fields).toEqual(['credentials.secret']);
    expect((badSecret as CredentialsError).message).not.toContain(weak);
    expect(receiver.received).toHaveLength(0);
  });

  it('keeps secrets out of logs and errors', async () => {
    lines.length = 0;
    const withSecretInUrl = `${receiver.url}?token=abc123secretvalue`;
    receiver.answer(() => ({ status: 500 }));
    const error = await call(
      webhookOutSendEvent,
      { type: 'hotpilot.test', data: {} },
      { settings: { url: withSecretInUrl } },
    ).catch((e: unknown) => e as Error);
    receiver.answer(() => ({ status: 200 }));
    await call(webhookOutSendEvent, { type: 'hotpilot.test', data: {} });
    const text = [lines.join('\n'), (error as Error).message, JSON.stringify(error)].join('\n');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice('whsec_'.length));
    expect(text).not.toContain('abc123secretvalue');
    expect((error as Error).message).toContain('token=[redacted]');
  });
});

describe('deliverWebhook failures without an answer', () => {
  it('a receiver slower than the timeout is a retryable TIMEOUT', async () => {
    receiver.answer(() => ({ status: 200, delayMs: 2_000 }));
    const outcome = await deliverWebhook({
      url: receiver.url,
      secrets: [secret],
      webhookId: 'msg_t',
      body: '{}',
      fetch,
      now: Date.now,
      timeoutMs: 100,
    });
    expect(outcome).toMatchObject({ ok: false, status: 0, code: 'TIMEOUT', retryable: true, gone: false });
  });

  it('a closed port is a retryable NETWORK_ERROR', async () => {
    const outcome = await deliverWebhook({
      url: await closedPortUrl(),
      secrets: [secret],
      webhookId: 'msg_n',
      body: '{}',
      fetch,
      now: Date.now,
    });
    expect(outcome).toMatchObject({ ok: false, status: 0, code: 'NETWORK_ERROR', retryable: true });
    expect(outcome.ok ? '' : outcome.message).toContain('ECONNREFUSED');
  });

  it('an abort from the caller rejects instead of reporting a failure', async () => {
    receiver.answer(() => ({ status: 200, delayMs: 2_000 }));
    const controller = new AbortController();
    const pending = deliverWebhook({
      url: receiver.url,
      secrets: [secret],
      webhookId: 'msg_a',
      body: '{}',
      fetch,
      now: Date.now,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    await expect(pending).rejects.toThrow('shutting down');
  });
});

describe('webhook_out_create_secret and webhook_out_verify_signature', () => {
  it('creates usable secrets of the asked size', async () => {
    const { secret: created } = await call(webhookOutCreateSecret, { bytes: 48 });
    expect(Buffer.from(created.slice('whsec_'.length), 'base64')).toHaveLength(48);
    expect(() => new Webhook(created)).not.toThrow();
    const small = await call(webhookOutCreateSecret, { bytes: 8 }).catch((e: unknown) => e);
    expect((small as ActionInputError).issues.map((issue) => issue.path)).toEqual(['input.bytes']);
  });

  it('verifies with the connection’s secrets and explains a failure', async () => {
    const body = '{"type":"hotpilot.test","timestamp":"2025-01-31T12:00:00Z","data":{}}';
    const signed = new Webhook(secret).sign('msg_v', new Date(), body);
    const headers = {
      'webhook-id': 'msg_v',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': signed,
    };
    expect(await call(webhookOutVerifySignature, { payload: body, headers })).toEqual({ valid: true });
    expect(await call(webhookOutVerifySignature, { payload: `${body}\n`, headers })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
    const stale = { ...headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3_600) };
    expect(await call(webhookOutVerifySignature, { payload: body, headers: stale })).toEqual({
      valid: false,
      reason: 'timestamp_too_old',
    });
    expect(
      await call(webhookOutVerifySignature, { payload: body, headers: stale, tolerance_seconds: 7_200 }),
    ).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
  });
});

describe('webhook-out declarations and connection test', () => {
  it('has unique, well-formed action ids with JSON-Schema inputs', () => {
    expect(webhookOutActions.map((action) => action.id)).toEqual([
      'webhook_out_send_event',
      'webhook_out_create_secret',
      'webhook_out_verify_signature',
    ]);
    expect(webhookOutActions.map((action) => action.effect)).toEqual(['write', 'read', 'read']);
    for (const action of webhookOutActions) {
      expect(action.connector).toBe('webhook-out');
      const schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      expect(schema['type']).toBe('object');
      expect(schema['additionalProperties']).toBe(false);
    }
  });

  it('passes with a signed ping the receiver can verify', async () => {
    const result = await testConnection(webhookOutConnector, endpoint());
    expect(result).toEqual({ ok: true, message: `${receiver.url} accepted a signed ping with 200` });
    const [request] = await receiver.waitFor(1);
    const payload = new Webhook(secret).verify(request?.body ?? '', {
      'webhook-id': request?.header('webhook-id') ?? '',
      'webhook-timestamp': request?.header('webhook-timestamp') ?? '',
      'webhook-signature': request?.header('webhook-signature') ?? '',
    }) as { type: string; data: { endpoint: string } };
    expect(payload.type).toBe('webhook.ping');
    expect(payload.data.endpoint).toBe('erp');
    expect(request?.header('webhook-id')).toMatch(/^ping_/);
  });

  it('fails clearly when the endpoint refuses or is unreachable', async () => {
    receiver.answer(() => ({ status: 401 }));
    const refused = await testConnection(webhookOutConnector, endpoint());
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('answered 401');
    const unreachable = await testConnection(webhookOutConnector, endpoint({ url: await closedPortUrl() }));
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toContain('NETWORK_ERROR');
    const invalid = await testConnection(webhookOutConnector, endpoint({}, { secret: 'nope' }));
    expect(invalid.ok).toBe(false);
    expect(invalid.message).toContain('credentials.secret');
  });
});
