import type { AnyAction } from '../kit.ts';
import { zendeskAddComment } from './add-comment.ts';
import { zendeskCreateTicket } from './create-ticket.ts';
import { zendeskFindTicket } from './find-ticket.ts';

export type { ZendeskCredentials } from './zendesk-client.ts';
export { zendeskConnector } from './zendesk-connector.ts';
export { zendeskAddComment, zendeskCreateTicket, zendeskFindTicket };

/**
 * Every Zendesk action, for the registry.
 *
 * @example
 * import { zendeskActions } from './index.ts';
 * zendeskActions.map((action) => action.id); // ['zendesk_create_ticket', 'zendesk_add_comment', 'zendesk_find_ticket']
 */
export const zendeskActions: readonly AnyAction[] = [
  zendeskCreateTicket,
  zendeskAddComment,
  zendeskFindTicket,
];
