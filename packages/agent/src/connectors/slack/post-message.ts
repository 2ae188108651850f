import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { type SlackCredentials, slackClient } from './slack-client.ts';

const input = z
  .strictObject({
    /** A channel id (`C0123…`) or name (`#sales` or `sales`); the bot must be a member. */
    channel: z.string().trim().min(1).max(100),
    /** Message text (mrkdwn); with `blocks` it is the notification fallback. Slack refuses more than 40,000 characters. */
    text: z.string().min(1).max(40_000).optional(),
    /** Block Kit blocks (https://docs.slack.dev/block-kit/), at most 50. */
    blocks: z
      .array(z.looseObject({ type: z.string().min(1) }))
      .min(1)
      .max(50)
      .optional(),
    /** Reply in the thread of this message. */
    threadTs: z
      .string()
      .regex(/^\d+\.\d+$/, 'must be a message ts such as 1712345678.000100')
      .optional(),
  })
  .refine((args) => args.text !== undefined || args.blocks !== undefined, {
    message: 'give text, blocks or both',
    path: ['text'],
  });

const output = z.strictObject({
  channel: z.string(),
  ts: z.string(),
});

/**
 * Posts a message to a channel (`POST /api/chat.postMessage` with a JSON body:
 * https://docs.slack.dev/reference/methods/chat.postMessage). Slack's `{ ok: false, error }` answers become a
 * `VendorRequestError` with Slack's code (`channel_not_found`, `not_in_channel`, `invalid_blocks`…); a 429 is
 * waited out using its `Retry-After`. Not idempotent: Slack takes no idempotency key, so the HTTP core does not
 * resend a post whose answer was lost, and a retried step may post twice.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { slackPostMessage } from './post-message.ts';
 * import { slackConnector } from './slack-connector.ts';
 * const { ts } = await invokeAction(slackPostMessage, { channel: '#sales', text: 'New sale: Course A (R$ 197)' }, {
 *   connector: slackConnector, connection,
 * });
 */
export const slackPostMessage = defineAction<z.infer<typeof input>, z.infer<typeof output>, SlackCredentials>(
  {
    id: 'slack_post_message',
    connector: 'slack',
    title: 'Post a Slack message',
    description: 'Posts a message (text and/or Block Kit blocks) to a channel, optionally in a thread.',
    llmHint:
      'Use to notify the seller’s team in Slack (a new sale, a refund, a report). Needs a channel id or name the bot is in, and text or blocks. Returns the message ts.',
    input,
    output,
    effect: 'write',
    idempotent: false,
    run: async (ctx, args) => {
      const answer = await slackClient(ctx).call(
        'chat.postMessage',
        {
          // Slack takes a channel id or a bare name; a leading `#` is what people type, not part of the name.
          channel: args.channel.replace(/^#/, ''),
          ...(args.text !== undefined ? { text: args.text } : {}),
          ...(args.blocks ? { blocks: args.blocks } : {}),
          ...(args.threadTs ? { thread_ts: args.threadTs } : {}),
        },
        { idempotent: false },
      );
      return { channel: String(answer['channel']), ts: String(answer['ts']) };
    },
  },
);
