import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { contactNameFields, upsertContactsByEmail } from './contact-upsert.ts';
import { type HubspotCredentials, hubspotClient, toPropertyText } from './hubspot-client.ts';

const input = z.strictObject({
  /** Up to 100 contacts (HubSpot's batch limit), one per e-mail. */
  contacts: z
    .array(z.strictObject({ email: z.email(), ...contactNameFields }))
    .min(1)
    .max(100),
});

const output = z.strictObject({
  contacts: z.array(z.strictObject({ id: z.string(), email: z.string(), created: z.boolean() })),
});

/**
 * Creates or updates up to 100 contacts by e-mail in one call (`POST /crm/v3/objects/contacts/batch/upsert` with
 * `idProperty: 'email'`: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts),
 * returning each one's record id. Atomic per contact at HubSpot, so a retry after a lost answer updates the same
 * contacts. A refused input (reported in a 207's `errors[]`) fails the call: no half-known result is returned.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotUpsertContacts } from './batch-upsert-contacts.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * const { contacts } = await invokeAction(hubspotUpsertContacts, {
 *   contacts: [{ email: 'ana@example.com', firstname: 'Ana' }, { email: 'bia@example.com' }],
 * }, { connector: hubspotConnector, connection });
 */
export const hubspotUpsertContacts = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_upsert_contacts',
  connector: 'hubspot',
  title: 'Create or update many HubSpot contacts',
  description: 'Creates or updates up to 100 contacts by e-mail in one call and returns their record ids.',
  llmHint:
    'Use to make sure many buyers exist in HubSpot at once (e.g. before adding them to a list). Give up to 100 contacts with an e-mail and optional names.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    // One input per e-mail: HubSpot refuses a batch that names an id twice.
    const byEmail = new Map(args.contacts.map((contact) => [contact.email.trim().toLowerCase(), contact]));
    const results = await upsertContactsByEmail(
      hubspotClient(ctx),
      [...byEmail].map(([email, contact]) => ({
        email,
        properties: toPropertyText({ email, firstname: contact.firstname, lastname: contact.lastname }),
      })),
      'contacts.batchUpsert',
    );
    const remaining = new Set(byEmail.keys());
    const contacts = results.map((record) => {
      const email = record.properties['email']?.trim().toLowerCase() ?? '';
      remaining.delete(email);
      return { id: record.id, email, created: record.new === true };
    });
    if (contacts.some((contact) => contact.email === '') && remaining.size === 1) {
      // A result without its e-mail can only be the one input left.
      const [email = ''] = remaining;
      for (const contact of contacts) if (contact.email === '') contact.email = email;
    }
    return { contacts };
  },
});
