import {
  createSlackFake,
  DEFAULT_SLACK_BOT_TOKEN,
  type RunningFake,
  SLACK_IDENTITY,
  type SlackFake,
  serveFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

const auth = { authorization: `Bearer ${DEFAULT_SLACK_BOT_TOKEN}` };
let slack: SlackFake;
let server: RunningFake;
let url: string;

beforeAll(async () => {
  slack = createSlackFake({
    channels: ['sales', { name: 'archive', isArchived: true }, { name: 'private-ops', isMember: false }],
  });
  server = await serveFake(slack);
  url = server.url;
});
afterAll(() => server.close());
beforeEach(() => slack.reset());

const postMessage = (json: unknown, headers: Record<string, string> = auth) =>
  call(`${url}/api/chat.postMessage`, { method: 'POST', headers, json });

describe('Slack fake: authentication', () => {
  it('answers HTTP 200 not_authed without a token and invalid_auth with a wrong one', async () => {
    const none = await postMessage({ channel: 'sales', text: 'hi' }, {});
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ ok: false, error: 'not_authed' });
    const wrong = await postMessage({ channel: 'sales', text: 'hi' }, { authorization: 'Bearer xoxb-wrong' });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual({ ok: false, error: 'invalid_auth' });
    expect(slack.state.messages()).toEqual([]);
  });

  it('ignores a token inside a JSON body but accepts one in a form body', async () => {
    const json = await postMessage({ token: DEFAULT_SLACK_BOT_TOKEN, channel: 'sales', text: 'hi' }, {});
    expect(json.body.error).toBe('not_authed');
    const form = await call(`${url}/api/auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: DEFAULT_SLACK_BOT_TOKEN }).toString(),
    });
    expect(form.body.ok).toBe(true);
    expect(slack.requests().at(-1)?.body).toEqual({ token: '[redacted]' });
  });

  it('answers auth.test with the bot identity', async () => {
    const reply = await call(`${url}/api/auth.test`, { method: 'POST', headers: auth });
    expect(reply.body).toMatchObject({
      ok: true,
      team_id: SLACK_IDENTITY.teamId,
      user_id: SLACK_IDENTITY.userId,
      bot_id: SLACK_IDENTITY.botId,
    });
    expect(reply.body.url).toMatch(/^https:\/\/.+\.slack\.com\/$/);
  });
});

describe('Slack fake: chat.postMessage', () => {
  it('posts text and blocks to a channel by name and records them per channel', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'New sale' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Curso de Bolo* — R$ 197,50' } },
    ];
    const reply = await postMessage({ channel: '#sales', text: 'New sale: Curso de Bolo', blocks });
    expect(reply.status).toBe(200);
    expect(reply.body.ok).toBe(true);
    expect(reply.body.channel).toBe(slack.state.channel('sales')?.id);
    expect(reply.body.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(reply.body.message).toMatchObject({
      type: 'message',
      text: 'New sale: Curso de Bolo',
      bot_id: SLACK_IDENTITY.botId,
      blocks,
    });
    expect(reply.body.warning).toBeUndefined();

    const second = await postMessage({
      channel: slack.state.channel('sales')?.id,
      text: 'second',
      thread_ts: reply.body.ts,
    });
    expect(second.body.ts > reply.body.ts).toBe(true);
    const stored = slack.state.messages('sales');
    expect(stored.map((m) => m.text)).toEqual(['New sale: Curso de Bolo', 'second']);
    expect(stored[1]?.thread_ts).toBe(reply.body.ts);
  });

  it('answers HTTP 200 channel_not_found, is_archived and not_in_channel', async () => {
    expect((await postMessage({ channel: 'nowhere', text: 'x' })).body).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect((await postMessage({ text: 'x' })).body.error).toBe('channel_not_found');
    expect((await postMessage({ channel: 'archive', text: 'x' })).body.error).toBe('is_archived');
    expect((await postMessage({ channel: 'private-ops', text: 'x' })).body.error).toBe('not_in_channel');
    expect(slack.state.messages()).toEqual([]);
  });

  it('answers no_text and msg_too_long', async () => {
    const empty = await postMessage({ channel: 'sales' });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ ok: false, error: 'no_text' });
    const long = await postMessage({ channel: 'sales', text: 'x'.repeat(40_001) });
    expect(long.body.error).toBe('msg_too_long');
  });

  it('answers invalid_blocks with a JSON pointer to each problem', async () => {
    const reply = await postMessage({
      channel: 'sales',
      text: 'fallback',
      blocks: [
        { type: 'section' },
        { type: 'header', text: { type: 'mrkdwn', text: 'x' } },
        { type: 'carousel' },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.ok).toBe(false);
    expect(reply.body.error).toBe('invalid_blocks');
    expect(reply.body.errors).toEqual([
      'must provide either text or fields [json-pointer:/blocks/0]',
      'must be one of plain_text [json-pointer:/blocks/1/text/type]',
      'unsupported type: carousel [json-pointer:/blocks/2/type]',
    ]);
    expect(reply.body.response_metadata.messages[0]).toMatch(/^\[ERROR\] /);
    const format = await postMessage({ channel: 'sales', blocks: { type: 'section' } });
    expect(format.body.error).toBe('invalid_blocks_format');
    const tooMany = await postMessage({ channel: 'sales', blocks: Array(51).fill({ type: 'divider' }) });
    expect(tooMany.body.errors).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('accepts blocks as JSON text in a form body', async () => {
    const reply = await call(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        channel: 'sales',
        blocks: JSON.stringify([{ type: 'section', text: { type: 'plain_text', text: 'Hi' } }]),
      }).toString(),
    });
    expect(reply.body.ok).toBe(true);
    expect(slack.state.messages('sales')[0]?.blocks).toEqual([
      { type: 'section', text: { type: 'plain_text', text: 'Hi' } },
    ]);
  });

  it('warns missing_charset for JSON without a charset and answers invalid_json for a broken body', async () => {
    const warned = await postMessage(
      { channel: 'sales', text: 'hi' },
      { ...auth, 'content-type': 'application/json' },
    );
    expect(warned.body.ok).toBe(true);
    expect(warned.body.warning).toBe('missing_charset');
    expect(warned.body.response_metadata.warnings).toEqual(['missing_charset']);
    const broken = await call(`${url}/api/chat.postMessage`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      body: '{"channel":',
    });
    expect(broken.body).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('answers unknown_method for a method the fake does not have', async () => {
    const reply = await call(`${url}/api/chat.scheduleMessage`, { method: 'POST', headers: auth });
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ ok: false, error: 'unknown_method' });
  });

  it('reports channel details with conversations.info', async () => {
    const reply = await call(`${url}/api/conversations.info?channel=private-ops`, { headers: auth });
    expect(reply.body.channel).toMatchObject({ name: 'private-ops', is_member: false, is_archived: false });
  });
});
