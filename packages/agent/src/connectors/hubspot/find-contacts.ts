import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { type HubspotCredentials, hubspotClient, hubspotRecord } from './hubspot-client.ts';
import { hubspotPages, hubspotPaging } from './paging.ts';

const input = z.strictObject({
  /** Up to 100 e-mails (the most values one `IN` filter takes). */
  emails: z.array(z.email()).min(1).max(100),
});

const output = z.strictObject({
  /** The contacts found (e-mails lower-case); e-mails without a contact are absent. */
  contacts: z.array(z.strictObject({ id: z.string(), email: z.string() })),
});

const searchPage = z.looseObject({ results: z.array(hubspotRecord), ...hubspotPaging });

/**
 * Finds the contacts of up to 100 e-mails in one search (`POST /crm/v3/objects/contacts/search` with an `IN` filter
 * on `email`: https://developers.hubspot.com/docs/api-reference/legacy/crm/search). HubSpot wants `IN` text values
 * lower-case, and its search index trails writes by a few seconds: a contact created a moment ago may be missing
 * (callers that need it then upsert it, which is harmless).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotFindContacts } from './find-contacts.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * const { contacts } = await invokeAction(hubspotFindContacts, { emails: ['ana@example.com'] }, {
 *   connector: hubspotConnector, connection,
 * });
 */
export const hubspotFindContacts = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_find_contacts',
  connector: 'hubspot',
  title: 'Find HubSpot contacts by e-mail',
  description: 'Looks up to 100 contacts up by e-mail in one call and returns their record ids.',
  llmHint:
    'Use to get the HubSpot record ids of many buyers at once (e.g. before changing list memberships). Give up to 100 e-mails; e-mails without a contact are left out.',
  input,
  output,
  effect: 'read',
  idempotent: true,
  run: async (ctx, args) => {
    const emails = [...new Set(args.emails.map((email) => email.trim().toLowerCase()))];
    const contacts: { id: string; email: string }[] = [];
    const pages = hubspotPages(hubspotClient(ctx), searchPage, (after) => ({
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      body: {
        filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: emails }] }],
        properties: ['email'],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        limit: 200,
        ...(after ? { after } : {}),
      },
      idempotent: true,
      operation: 'contacts.search',
    }));
    // One page holds them all (limit 200 ≥ 100 e-mails); more pages only guard against duplicates HubSpot allows.
    let read = 0;
    for await (const { answer } of pages) {
      for (const record of answer.results) {
        const email = record.properties['email']?.trim().toLowerCase();
        if (email) contacts.push({ id: record.id, email });
      }
      if (++read === 10) break;
    }
    return { contacts };
  },
});
