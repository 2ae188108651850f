import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type Clock, createFakeHost, type FakeHandle, formToObject } from '../internal/fake-host.ts';
import { matchesAny } from '../internal/secure-compare.ts';
import { checkBlocks } from './block-kit.ts';
import { SLACK_IDENTITY, type SlackSeed, SlackState } from './slack-state.ts';

/**
 * The bot token the Slack fake accepts unless told otherwise. Not a secret: it only opens the fake.
 *
 * @example
 * fetch(`${url}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${DEFAULT_SLACK_BOT_TOKEN}` } });
 */
export const DEFAULT_SLACK_BOT_TOKEN = 'xoxb-000000000000-0000000000000-hotpilotfakebottoken';

/**
 * Options of the Slack fake: accepted bot tokens, the seed (channels), the clock and the request log size.
 *
 * @example
 * const options: SlackFakeOptions = { botTokens: ['xoxb-test'], channels: ['sales', 'support'] };
 */
export interface SlackFakeOptions extends SlackSeed {
  botTokens?: string[];
  now?: Clock;
  requestLogCapacity?: number;
}

/**
 * The Slack fake: `chat.postMessage`, `auth.test` and `conversations.info` of the Web API.
 *
 * @example
 * const slack: SlackFake = createSlackFake({ channels: ['sales'] });
 * slack.state.messages('sales'); // []
 */
export type SlackFake = FakeHandle<SlackState> & { readonly botTokens: readonly string[] };

// chat.postMessage truncates nothing: text longer than 40,000 characters is refused with msg_too_long.
const MAX_TEXT = 40_000;

const channelSchema = z.strictObject({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  isMember: z.boolean().optional(),
  isArchived: z.boolean().optional(),
  isPrivate: z.boolean().optional(),
});

/**
 * Creates the Slack fake. Methods live at `POST /api/{method}` (https://docs.slack.dev/apis/web-api/) and answer
 * HTTP 200 with `{ ok: false, error }` for almost every failure, as Slack does; only rate limiting is an HTTP 429
 * (with `Retry-After`). The token goes in `Authorization: Bearer xoxb-…` (or a `token` field of a form body; JSON
 * bodies must use the header). Inspection extra: `POST /_fake/channels` (`{ name, isMember?, isArchived? }`).
 *
 * @example
 * const slack = createSlackFake({ channels: ['sales', { name: 'archive', isArchived: true }] });
 */
export function createSlackFake(options: SlackFakeOptions = {}): SlackFake {
  const now = options.now ?? (() => new Date());
  const botTokens = options.botTokens?.length ? [...options.botTokens] : [DEFAULT_SLACK_BOT_TOKEN];
  const state = new SlackState(options, now);
  const api = new Hono();

  api.all('/api/:method', async (c) => {
    const method = c.req.param('method');
    const call = await readCall(c);
    if ('invalid' in call) return c.json({ ok: false, error: 'invalid_json' });
    const reply = (body: Record<string, unknown>) =>
      c.json(call.warning ? withWarning(body, call.warning) : body);
    const handler = METHODS[method];
    if (!handler) return c.json({ ok: false, error: 'unknown_method', req_method: method }, 404);
    if (!call.token) return reply({ ok: false, error: 'not_authed' });
    if (!matchesAny(call.token, botTokens)) return reply({ ok: false, error: 'invalid_auth' });
    return reply(handler(call.args, state, new URL(c.req.url)));
  });
  api.notFound((c) => c.json({ ok: false, error: 'unknown_method' }, 404));

  const host = createFakeHost({
    api,
    state,
    now,
    requestLogCapacity: options.requestLogCapacity ?? 1000,
    failures: {
      // Rate limits: "HTTP 429 Too Many Requests, and a Retry-After HTTP header containing the number of seconds
      // until you can retry" (https://docs.slack.dev/apis/web-api/rate-limits).
      rateLimited: ({ retryAfterSeconds }) =>
        Response.json(
          { ok: false, error: 'ratelimited' },
          { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
        ),
      serverError: ({ status }) =>
        Response.json(
          { ok: false, error: status === 503 ? 'service_unavailable' : 'internal_error' },
          { status },
        ),
    },
    admin: (admin) => {
      admin.post('/channels', async (c) => {
        const parsed = channelSchema.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
        try {
          const { id, isMember, isArchived, isPrivate, name } = parsed.data;
          return c.json(
            {
              channel: state.addChannel({
                name,
                ...(id !== undefined ? { id } : {}),
                ...(isMember !== undefined ? { isMember } : {}),
                ...(isArchived !== undefined ? { isArchived } : {}),
                ...(isPrivate !== undefined ? { isPrivate } : {}),
              }),
            },
            201,
          );
        } catch (error) {
          return c.json({ error: (error as Error).message }, 409);
        }
      });
    },
  });
  return { ...host, state, botTokens };
}

type MethodHandler = (args: Record<string, unknown>, state: SlackState, url: URL) => Record<string, unknown>;

const METHODS: Record<string, MethodHandler> = {
  // https://docs.slack.dev/reference/methods/auth.test
  'auth.test': (_args, state) => ({
    ok: true,
    url: `https://${state.teamName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.slack.com/`,
    team: state.teamName,
    user: SLACK_IDENTITY.botName,
    team_id: SLACK_IDENTITY.teamId,
    user_id: SLACK_IDENTITY.userId,
    bot_id: SLACK_IDENTITY.botId,
    is_enterprise_install: false,
  }),

  // https://docs.slack.dev/reference/methods/chat.postMessage
  'chat.postMessage': (args, state) => {
    const ref = typeof args['channel'] === 'string' ? args['channel'] : '';
    const channel = ref ? state.channel(ref) : undefined;
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (channel.isArchived) return { ok: false, error: 'is_archived' };
    if (!channel.isMember) return { ok: false, error: 'not_in_channel' };
    const text = typeof args['text'] === 'string' ? args['text'] : undefined;
    const hasBlocks = args['blocks'] !== undefined && args['blocks'] !== '';
    const hasAttachments = args['attachments'] !== undefined && args['attachments'] !== '';
    if ((text === undefined || text === '') && !hasBlocks && !hasAttachments)
      return { ok: false, error: 'no_text' };
    if (text !== undefined && text.length > MAX_TEXT) return { ok: false, error: 'msg_too_long' };
    let blocks: Record<string, unknown>[] | undefined;
    if (hasBlocks) {
      const checked = checkBlocks(args['blocks']);
      if ('error' in checked) {
        return {
          ok: false,
          error: checked.error,
          errors: checked.errors,
          response_metadata: { messages: checked.errors.map((e) => `[ERROR] ${e}`) },
        };
      }
      blocks = checked.blocks;
    }
    let attachments: unknown[] | undefined;
    if (hasAttachments) {
      const parsed =
        typeof args['attachments'] === 'string' ? safeJson(args['attachments']) : args['attachments'];
      if (!Array.isArray(parsed)) return { ok: false, error: 'invalid_attachments' };
      attachments = parsed;
    }
    const threadTs =
      typeof args['thread_ts'] === 'string' && args['thread_ts'] ? args['thread_ts'] : undefined;
    const message = state.post({
      channel: channel.id,
      text: text ?? '',
      ...(blocks ? { blocks } : {}),
      ...(attachments ? { attachments } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    const { channel: _channel, ...echo } = message;
    return { ok: true, channel: channel.id, ts: message.ts, message: echo };
  },

  // https://docs.slack.dev/reference/methods/conversations.info
  'conversations.info': (args, state) => {
    const channel = typeof args['channel'] === 'string' ? state.channel(args['channel']) : undefined;
    if (!channel) return { ok: false, error: 'channel_not_found' };
    return {
      ok: true,
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: !channel.isPrivate,
        is_private: channel.isPrivate ?? false,
        is_archived: channel.isArchived,
        is_member: channel.isMember,
      },
    };
  },
};

type Call =
  | { args: Record<string, unknown>; token: string | undefined; warning?: string }
  | { invalid: true };

async function readCall(c: Context): Promise<Call> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const header = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim())?.[1];
  const query = formToObject(new URL(c.req.url).searchParams);
  const text = c.req.method === 'GET' || c.req.method === 'HEAD' ? '' : await c.req.text();
  if (type.includes('application/json')) {
    const parsed = text.trim() === '' ? {} : safeJson(text);
    if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { invalid: true };
    }
    // JSON bodies must carry the token in the Authorization header; a `token` field in JSON is ignored.
    const call: Call = { args: { ...query, ...(parsed as Record<string, unknown>) }, token: header };
    // Slack warns when a JSON body does not declare its charset.
    if (!type.includes('charset')) call.warning = 'missing_charset';
    return call;
  }
  const form = type.includes('application/x-www-form-urlencoded')
    ? formToObject(new URLSearchParams(text))
    : {};
  const args: Record<string, unknown> = { ...query, ...form };
  const formToken = typeof form['token'] === 'string' ? form['token'] : undefined;
  delete args['token'];
  return { args, token: header ?? formToken };
}

function withWarning(body: Record<string, unknown>, warning: string): Record<string, unknown> {
  const metadata = (body['response_metadata'] ?? {}) as Record<string, unknown>;
  return { ...body, warning, response_metadata: { ...metadata, warnings: [warning] } };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
