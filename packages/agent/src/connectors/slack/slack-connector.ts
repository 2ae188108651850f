import { VendorError } from '../errors.ts';
import { defineConnector } from '../kit.ts';
import { type SlackCredentials, slackClient, slackCredentials, slackSettings } from './slack-client.ts';

/**
 * The Slack connector: a bot token, and posting messages. The connection test calls `auth.test`
 * (https://docs.slack.dev/reference/methods/auth.test), which needs no scope and names the bot and workspace.
 *
 * @example
 * import { slackConnector } from './slack-connector.ts';
 * const result = await slackConnector.test(ctx); // { ok: true, message: 'bot @hotpilot in workspace Acme' }
 */
export const slackConnector = defineConnector<SlackCredentials>({
  id: 'slack',
  title: 'Slack',
  description: 'Slack through a bot token (chat:write): posts messages to channels.',
  credentials: slackCredentials,
  settings: slackSettings,
  test: async (ctx) => {
    try {
      const who = await slackClient(ctx).call('auth.test', {}, { idempotent: true });
      const user = typeof who['user'] === 'string' ? who['user'] : 'bot';
      const team = typeof who['team'] === 'string' ? who['team'] : 'the workspace';
      return { ok: true, message: `bot @${user} in workspace ${team}` };
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      if (error.code === 'invalid_auth' || error.code === 'not_authed' || error.code === 'token_revoked') {
        return {
          ok: false,
          message: `Slack rejected the bot token (${error.code}): copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page`,
        };
      }
      return { ok: false, message: `Slack could not be reached: ${error.message}` };
    }
  },
});
