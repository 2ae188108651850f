import { z } from 'zod';
import { VendorError } from '../errors.ts';
import { defineConnector } from '../kit.ts';
import {
  type ZendeskCredentials,
  zendeskClient,
  zendeskCredentials,
  zendeskSettings,
} from './zendesk-client.ts';

const me = z.looseObject({
  user: z.looseObject({
    id: z.number(),
    name: z.string().optional(),
    email: z.string().nullable().optional(),
    role: z.string().optional(),
  }),
});

/**
 * The Zendesk connector: an agent's API token, and ticket actions. The connection test reads the authenticated
 * user (`GET /api/v2/users/me`, https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user).
 * Zendesk answers that route without credentials too, with an anonymous user whose `id` is null, so the test checks
 * the id rather than the status alone.
 *
 * @example
 * import { zendeskConnector } from './zendesk-connector.ts';
 * const result = await zendeskConnector.test(ctx); // { ok: true, message: 'authenticated as Agent <agent@acme.com> (admin)' }
 */
export const zendeskConnector = defineConnector<ZendeskCredentials>({
  id: 'zendesk',
  title: 'Zendesk',
  description:
    'Zendesk Support through an agent API token: create tickets (idempotently), add comments, find tickets.',
  credentials: zendeskCredentials,
  settings: zendeskSettings,
  test: async (ctx) => {
    const zendesk = zendeskClient(ctx);
    try {
      const response = await zendesk.send({
        method: 'GET',
        path: '/api/v2/users/me',
        idempotent: true,
        operation: 'users.me',
      });
      const parsed = me.safeParse(response.body);
      if (!parsed.success) {
        return {
          ok: false,
          message:
            'Zendesk did not authenticate the API token: check the e-mail, the token and that token access is on',
        };
      }
      const { name, email, role } = parsed.data.user;
      return {
        ok: true,
        message: `authenticated as ${name ?? 'agent'} <${email ?? '?'}>${role ? ` (${role})` : ''}`,
      };
    } catch (error) {
      if (!(error instanceof VendorError)) throw error;
      if (error.status === 401) {
        return {
          ok: false,
          message:
            'Zendesk rejected the credentials (401): check the agent e-mail and the API token (Admin Center › Apps and integrations › Zendesk API)',
        };
      }
      return { ok: false, message: `Zendesk could not be reached: ${error.message}` };
    }
  },
});
