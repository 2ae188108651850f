import type { AnyAction } from '../kit.ts';
import { slackPostMessage } from './post-message.ts';

export type { SlackCredentials } from './slack-client.ts';
export { slackConnector } from './slack-connector.ts';
export { slackPostMessage };

/**
 * Every Slack action, for the registry.
 *
 * @example
 * import { slackActions } from './index.ts';
 * slackActions.map((action) => action.id); // ['slack_post_message']
 */
export const slackActions: readonly AnyAction[] = [slackPostMessage];
