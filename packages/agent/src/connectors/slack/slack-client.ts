import { z } from 'zod';
import { createVendorError } from '../errors.ts';
import { type VendorHttp, vendorHttpFor, vendorUrl } from '../http.ts';
import { BaseUrlSettings, type ConnectionTestContext } from '../kit.ts';

/**
 * Slack's Web API host; methods live at `/api/{method}` (https://docs.slack.dev/apis/web-api/).
 *
 * @example
 * import { SLACK_BASE_URL } from './slack-client.ts';
 * `${SLACK_BASE_URL}/api/chat.postMessage`;
 */
export const SLACK_BASE_URL = 'https://slack.com';

/**
 * Credentials of a Slack connection: a bot token (`xoxb-…`) of an app installed in the workspace, sent as
 * `Authorization: Bearer` (https://docs.slack.dev/authentication/tokens#bot).
 *
 * @example
 * import { slackCredentials } from './slack-client.ts';
 * slackCredentials.parse({ botToken: 'xoxb-1-2-abc' });
 */
export const slackCredentials = z.strictObject({
  botToken: z
    .string()
    .trim()
    .startsWith('xoxb-', 'must be a bot token (starts with xoxb-)')
    .regex(/^\S+$/, 'must not contain spaces'),
});

/**
 * Parsed Slack credentials.
 *
 * @example
 * import type { SlackCredentials } from './slack-client.ts';
 * const credentials: SlackCredentials = { botToken: 'xoxb-…' };
 */
export type SlackCredentials = z.infer<typeof slackCredentials>;

/**
 * Settings of a Slack connection: the base URL override.
 *
 * @example
 * import { slackSettings } from './slack-client.ts';
 * slackSettings.parse({ baseUrl: 'http://127.0.0.1:4030' });
 */
export const slackSettings = BaseUrlSettings;

const envelope = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  // `invalid_blocks` and similar answers list what is wrong, e.g. `missing required field: text [json-pointer:/blocks/0/text]`.
  errors: z.array(z.string()).optional(),
});

// Slack errors meaning Slack itself failed, not the request
// (https://docs.slack.dev/reference/methods/chat.postMessage#errors): another attempt later can succeed.
const SERVER_SIDE_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * A Slack Web API client for one connection. Slack answers HTTP 200 with `{ ok: false, error }` for almost every
 * failure; `call` turns that into a `VendorRequestError` with Slack's code (or a retryable `VendorError` for
 * Slack's own failures). Rate limits are real HTTP 429s with `Retry-After`, handled by the HTTP core.
 *
 * @example
 * import { slackClient } from './slack-client.ts';
 * const who = await slackClient(ctx).call('auth.test', {}, { idempotent: true });
 */
export interface SlackClient {
  readonly http: VendorHttp;
  call(
    method: string,
    args: Record<string, unknown>,
    options: { idempotent: boolean },
  ): Promise<Record<string, unknown>>;
}

/**
 * Creates the client for one call of an action or connection test.
 *
 * @example
 * import { slackClient } from './slack-client.ts';
 * const slack = slackClient(ctx);
 * await slack.call('chat.postMessage', { channel: 'C0123', text: 'hi' }, { idempotent: false });
 */
export function slackClient(ctx: ConnectionTestContext<SlackCredentials>): SlackClient {
  const { botToken } = ctx.connection.credentials;
  const configured = ctx.connection.settings['baseUrl'];
  const base = typeof configured === 'string' ? configured : SLACK_BASE_URL;
  const http = vendorHttpFor(ctx, { vendor: 'slack', redact: [botToken] });
  return {
    http,
    call: async (method, args, options) => {
      const response = await http.request({
        method: 'POST',
        url: vendorUrl(base, `/api/${method}`),
        // JSON bodies need the token in the header and an explicit charset
        // (https://docs.slack.dev/apis/web-api/#posting-json).
        headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(args),
        idempotent: options.idempotent,
        signal: ctx.signal,
        operation: method,
      });
      const body = http.parse(envelope, response);
      if (body.ok) return body;
      const code = body.error ?? 'unknown_error';
      throw createVendorError({
        vendor: 'slack',
        status: response.status,
        code,
        vendorMessage: body.errors?.length ? body.errors.slice(0, 5).join('; ') : undefined,
        request: response.request,
        retryable: SERVER_SIDE_ERRORS.has(code),
      });
    },
  };
}
