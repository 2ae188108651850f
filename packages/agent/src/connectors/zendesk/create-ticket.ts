import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  summarizeTicket,
  ticketSummary,
  ticketsByExternalId,
  type ZendeskCredentials,
  zendeskClient,
  zendeskTicket,
} from './zendesk-client.ts';

const input = z.strictObject({
  requester: z.strictObject({
    email: z.email(),
    /** Used when Zendesk creates the user; an existing user keeps their name. */
    name: z.string().trim().min(1).max(255).optional(),
  }),
  subject: z.string().trim().min(1).max(150),
  /** The first comment (the ticket's description). */
  body: z.string().trim().min(1).max(65_000),
  /** Whether `body` is HTML (sent as `html_body`) or plain text. */
  html: z.boolean().default(false),
  /** A private first comment is visible to agents only. */
  public: z.boolean().default(true),
  groupId: z.int().positive().optional(),
  tags: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
  priority: z.enum(['urgent', 'high', 'normal', 'low']).optional(),
  type: z.enum(['problem', 'incident', 'question', 'task']).optional(),
  /**
   * Your reference for the ticket, e.g. `hotmart:HP1234:refund`. A ticket with this external id is looked up
   * first and returned instead of creating another one.
   */
  externalId: z.string().trim().min(1).max(255).optional(),
});

const output = z.strictObject({
  created: z.boolean(),
  ticket: ticketSummary,
});

const createAnswer = z.looseObject({ ticket: zendeskTicket });

/**
 * Opens a Zendesk ticket for a requester, once. Two guards make it idempotent:
 * - with an `externalId`, the tickets carrying it are looked up first (`GET /api/v2/tickets?external_id=`) and the
 *   oldest is returned instead of creating;
 * - the create carries the call's idempotency key as `Idempotency-Key`, which Zendesk honours on ticket creation
 *   for two hours (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency): a create sent
 *   again after a lost answer returns the first ticket, so the HTTP core may resend it.
 * Create: `POST /api/v2/tickets` (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { zendeskCreateTicket } from './create-ticket.ts';
 * import { zendeskConnector } from './zendesk-connector.ts';
 * const { ticket } = await invokeAction(zendeskCreateTicket, {
 *   requester: { email: 'ana@example.com', name: 'Ana' }, subject: 'Refund request', body: 'Please refund HP1234',
 *   externalId: 'hotmart:HP1234:refund', tags: ['refund'],
 * }, { connector: zendeskConnector, connection, idempotencyKey: 'run_1:zendesk-ticket' });
 */
export const zendeskCreateTicket = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  ZendeskCredentials
>({
  id: 'zendesk_create_ticket',
  connector: 'zendesk',
  title: 'Open a Zendesk ticket',
  description:
    'Creates a ticket for a requester (subject, description, group, tags, priority), once per external id.',
  llmHint:
    'Use to open a support ticket, e.g. for a refund request. Needs the requester e-mail, a subject and the description. Give an externalId (such as the Hotmart transaction) so calling again returns the same ticket.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const zendesk = zendeskClient(ctx);
    if (args.externalId) {
      const [existing] = await ticketsByExternalId(zendesk, args.externalId);
      if (existing) return { created: false, ticket: summarizeTicket(existing) };
    }
    const response = await zendesk.send({
      method: 'POST',
      path: '/api/v2/tickets',
      headers: { 'idempotency-key': ctx.idempotencyKey },
      body: {
        ticket: {
          subject: args.subject,
          comment: args.html
            ? { html_body: args.body, public: args.public }
            : { body: args.body, public: args.public },
          requester: {
            email: args.requester.email,
            ...(args.requester.name ? { name: args.requester.name } : {}),
          },
          ...(args.groupId !== undefined ? { group_id: args.groupId } : {}),
          ...(args.tags ? { tags: args.tags } : {}),
          ...(args.priority ? { priority: args.priority } : {}),
          ...(args.type ? { type: args.type } : {}),
          ...(args.externalId ? { external_id: args.externalId } : {}),
        },
      },
      // Idempotent thanks to the Idempotency-Key header: a resent create answers with the first ticket.
      idempotent: true,
      operation: 'tickets.create',
    });
    return { created: true, ticket: summarizeTicket(zendesk.http.parse(createAnswer, response).ticket) };
  },
});
