import {
  createSlackFake,
  DEFAULT_SLACK_BOT_TOKEN,
  type RunningFake,
  type SlackFake,
  serveFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import { type InvokeOptions, invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import {
  type SlackCredentials,
  slackActions,
  slackConnector,
  slackPostMessage,
} from '../../../src/connectors/slack/index.ts';
import { capturingLogger, errorText, recordingHttp, thrown } from '../kit/support.ts';

let fake: SlackFake;
let server: RunningFake;

beforeAll(async () => {
  fake = createSlackFake({
    channels: ['sales', { name: 'outside', isMember: false }, { name: 'old', isArchived: true }],
    teamName: 'Acme',
  });
  server = await serveFake(fake);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
});

function connection(botToken: string = DEFAULT_SLACK_BOT_TOKEN) {
  return { id: 'team', kind: 'slack', credentials: { botToken }, settings: { baseUrl: server.url } };
}

function post(input: unknown, extra: Partial<InvokeOptions<SlackCredentials>> = {}) {
  return invokeAction(slackPostMessage, input, {
    connector: slackConnector,
    connection: connection(),
    services: { vendorHttp: recordingHttp().tuning },
    ...extra,
  });
}

const posts = () => fake.requests().filter((r) => r.path === '/api/chat.postMessage');

describe('slack connector', () => {
  it('lists its action', () => {
    expect(slackActions.map((a) => a.id)).toEqual(['slack_post_message']);
  });

  it('passes auth.test with the bot token and fails clearly with a wrong one', async () => {
    expect(await testConnection(slackConnector, connection())).toEqual({
      ok: true,
      message: 'bot @hotpilot in workspace Acme',
    });
    const [request] = fake.requests();
    expect(request).toMatchObject({
      method: 'POST',
      path: '/api/auth.test',
      headers: { authorization: 'Bearer [redacted]' },
    });

    const bad = await testConnection(slackConnector, connection('xoxb-wrong-token-000'));
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('invalid_auth');
    expect(bad.message).not.toContain('xoxb-wrong-token-000');
  });

  it('refuses a token that is not a bot token, naming the field', async () => {
    const error = await thrown(() =>
      post({ channel: 'sales', text: 'hi' }, { connection: connection('xoxp-user-token') }),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error['fields']).toEqual(['credentials.botToken']);
    expect(errorText(error)).not.toContain('xoxp-user-token');
    const result = await testConnection(slackConnector, connection('xoxp-user-token'));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('credentials.botToken');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('slack_post_message', () => {
  it('posts text and blocks to a channel by name, in a thread', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*New sale*: Course A' } }];
    const first = await post({ channel: '#sales', text: 'New sale: Course A' });
    expect(first).toEqual({ channel: expect.stringMatching(/^C/), ts: expect.stringMatching(/^\d+\.\d+$/) });
    const reply = await post({ channel: first.channel, text: 'R$ 197', blocks, threadTs: first.ts });
    expect(reply.channel).toBe(first.channel);

    const messages = fake.state.messages('sales');
    expect(messages.map((m) => [m.text, m.thread_ts])).toEqual([
      ['New sale: Course A', undefined],
      ['R$ 197', first.ts],
    ]);
    expect(messages[1]?.blocks).toEqual(blocks);
    const [request] = posts();
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.body).toEqual({ channel: 'sales', text: 'New sale: Course A' });
  });

  it("turns Slack's ok:false answers into VendorRequestError with Slack's code, without retrying", async () => {
    const cases: [string, string][] = [
      ['nowhere', 'channel_not_found'],
      ['outside', 'not_in_channel'],
      ['old', 'is_archived'],
    ];
    for (const [channel, code] of cases) {
      const error = await thrown(() => post({ channel, text: 'hi' }));
      expect(error).toBeInstanceOf(VendorRequestError);
      expect(error).toMatchObject({ vendor: 'slack', status: 200, code, retryable: false });
    }
    const blocks = await thrown(() => post({ channel: 'sales', blocks: [{ type: 'section' }] }));
    expect(blocks).toMatchObject({ code: 'invalid_blocks' });
    expect(blocks['vendorMessage']).toContain('/blocks/0');
    expect(posts()).toHaveLength(4);
  });

  it('waits out a 429 using Retry-After, then posts once', async () => {
    fake.faults.add({
      route: 'POST /api/chat.postMessage',
      kind: 'rate-limit',
      retryAfterSeconds: 5,
      times: 2,
    });
    const { waits, tuning } = recordingHttp();
    const result = await post(
      { channel: 'sales', text: 'after the limit' },
      { services: { vendorHttp: tuning } },
    );
    expect(result.ts).toMatch(/^\d+\.\d+$/);
    expect(waits).toEqual([5_000, 5_000]);
    expect(posts().map((r) => r.status)).toEqual([429, 429, 200]);
    expect(fake.state.messages('sales')).toHaveLength(1);
  });

  it('gives the engine a VendorRateLimitError when the limit outlasts the retries', async () => {
    fake.faults.add({ route: 'POST /api/chat.postMessage', kind: 'rate-limit', retryAfterSeconds: 1 });
    const { waits, tuning } = recordingHttp({ maxRetries: 2 });
    const error = await thrown(() =>
      post({ channel: 'sales', text: 'x' }, { services: { vendorHttp: tuning } }),
    );
    expect(error).toBeInstanceOf(VendorRateLimitError);
    expect(error).toMatchObject({ code: 'ratelimited', status: 429, retryAfter: 1_000 });
    expect(waits).toEqual([1_000, 1_000]);
    expect(fake.state.messages('sales')).toHaveLength(0);
  });

  it('retries a 503 (Slack refused before acting) but not a 500 of a post', async () => {
    fake.faults.add({ route: 'POST /api/chat.postMessage', kind: 'server-error', status: 503, times: 1 });
    await post({ channel: 'sales', text: 'one' });
    expect(posts().map((r) => r.status)).toEqual([503, 200]);

    fake.faults.add({ route: 'POST /api/chat.postMessage', kind: 'server-error', status: 500, times: 1 });
    const error = await thrown(() => post({ channel: 'sales', text: 'two' }));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 500, code: 'internal_error', retryable: true });
    expect(posts().map((r) => r.status)).toEqual([503, 200, 500]);
  });

  it('reports a timeout of a post without resending it', async () => {
    fake.faults.add({ route: 'POST /api/chat.postMessage', kind: 'hang', times: 1 });
    const { waits, tuning } = recordingHttp({ timeoutMs: 200 });
    const error = await thrown(() =>
      post({ channel: 'sales', text: 'slow' }, { services: { vendorHttp: tuning } }),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', status: 0, retryable: true });
    expect(waits).toEqual([]);
  });

  it('refuses malformed input naming the field', async () => {
    const empty = await thrown(() => post({ channel: 'sales' }));
    expect(empty).toBeInstanceOf(ActionInputError);
    expect(empty.message).toContain('input.text: give text, blocks or both');
    const thread = await thrown(() => post({ channel: 'sales', text: 'x', threadTs: 'yesterday' }));
    expect(thread.message).toContain('input.threadTs');
    const extra = await thrown(() => post({ channel: 'sales', text: 'x', username: 'bot' }));
    expect(extra.message).toContain('Unrecognized key');
    expect(fake.requests()).toHaveLength(0);
  });

  it('keeps the bot token out of errors and logs', async () => {
    const token = 'xoxb-111-222-verysecretbottoken';
    const captured = capturingLogger();
    const error = await thrown(() =>
      invokeAction(
        slackPostMessage,
        { channel: 'sales', text: 'x' },
        {
          connector: slackConnector,
          connection: connection(token),
          logger: captured.logger,
        },
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_auth' });
    for (const text of [errorText(error), captured.text()]) expect(text).not.toContain('verysecretbottoken');
  });
});
