import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  summarizeTicket,
  ticketSummary,
  ticketsByExternalId,
  type ZendeskCredentials,
  zendeskClient,
} from './zendesk-client.ts';

const input = z.strictObject({ externalId: z.string().trim().min(1).max(255) });

const output = z.strictObject({
  found: z.boolean(),
  /** The oldest ticket with this external id, or null. */
  ticket: ticketSummary.nullable(),
  /** How many tickets carry it (Zendesk does not make external ids unique). */
  matches: z.int().min(0),
});

/**
 * Finds the ticket carrying an external id (`GET /api/v2/tickets?external_id=`:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { zendeskFindTicket } from './find-ticket.ts';
 * import { zendeskConnector } from './zendesk-connector.ts';
 * const { found, ticket } = await invokeAction(zendeskFindTicket, { externalId: 'hotmart:HP1234:refund' }, {
 *   connector: zendeskConnector, connection,
 * });
 */
export const zendeskFindTicket = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  ZendeskCredentials
>({
  id: 'zendesk_find_ticket',
  connector: 'zendesk',
  title: 'Find a Zendesk ticket',
  description: 'Looks a ticket up by its external id.',
  llmHint:
    'Use to check whether a ticket already exists for something (e.g. a Hotmart transaction) and read its status. Needs the external id used when the ticket was created.',
  input,
  output,
  effect: 'read',
  idempotent: true,
  run: async (ctx, args) => {
    const tickets = await ticketsByExternalId(zendeskClient(ctx), args.externalId);
    const [first] = tickets;
    return {
      found: first !== undefined,
      ticket: first ? summarizeTicket(first) : null,
      matches: tickets.length,
    };
  },
});
