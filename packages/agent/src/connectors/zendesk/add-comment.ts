import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  summarizeTicket,
  ticketSummary,
  type ZendeskCredentials,
  zendeskClient,
  zendeskTicket,
} from './zendesk-client.ts';

const input = z.strictObject({
  ticketId: z.int().positive(),
  body: z.string().trim().min(1).max(65_000),
  html: z.boolean().default(false),
  /** A private comment (an internal note) is visible to agents only. */
  public: z.boolean().default(true),
  /** Moves the ticket to this status with the comment. */
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved']).optional(),
});

const output = z.strictObject({ ticket: ticketSummary });
const updateAnswer = z.looseObject({ ticket: zendeskTicket });

/**
 * Adds a public reply or a private note to a ticket, optionally changing its status
 * (`PUT /api/v2/tickets/{id}` with `{ ticket: { comment, status } }`:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket). Not idempotent: Zendesk
 * takes idempotency keys on ticket creation only, so the HTTP core does not resend a comment whose answer was
 * lost, and a retried step may add it twice.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { zendeskAddComment } from './add-comment.ts';
 * import { zendeskConnector } from './zendesk-connector.ts';
 * await invokeAction(zendeskAddComment, { ticketId: 42, body: 'Refund issued.', status: 'solved' }, {
 *   connector: zendeskConnector, connection,
 * });
 */
export const zendeskAddComment = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  ZendeskCredentials
>({
  id: 'zendesk_add_comment',
  connector: 'zendesk',
  title: 'Comment on a Zendesk ticket',
  description: 'Adds a public reply or a private note to a ticket, optionally setting its status.',
  llmHint:
    'Use to add information to an existing ticket (public reply or internal note with public=false), e.g. "refund issued", and optionally solve it. Needs the ticket id and the text.',
  input,
  output,
  effect: 'write',
  idempotent: false,
  run: async (ctx, args) => {
    const zendesk = zendeskClient(ctx);
    const response = await zendesk.send({
      method: 'PUT',
      path: `/api/v2/tickets/${args.ticketId}`,
      body: {
        ticket: {
          comment: args.html
            ? { html_body: args.body, public: args.public }
            : { body: args.body, public: args.public },
          ...(args.status ? { status: args.status } : {}),
        },
      },
      idempotent: false,
      operation: 'tickets.update',
    });
    return { ticket: summarizeTicket(zendesk.http.parse(updateAnswer, response).ticket) };
  },
});
