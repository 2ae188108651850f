import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { contactNameFields, upsertContactsByEmail } from './contact-upsert.ts';
import { freeProperties, type HubspotCredentials, hubspotClient, toPropertyText } from './hubspot-client.ts';

const input = z.strictObject({
  email: z.email(),
  ...contactNameFields,
  phone: z.string().max(100).optional(),
  /** Internal value of the lifecycle stage, e.g. `customer`. HubSpot refuses to move a stage backwards. */
  lifecyclestage: z.string().min(1).optional(),
  /** Other contact properties by internal name, e.g. `{ hotmart_product: 'Course A' }`. */
  properties: freeProperties.optional(),
});

const output = z.strictObject({
  id: z.string(),
  email: z.string(),
  created: z.boolean(),
});

/**
 * Creates or updates a HubSpot contact by e-mail in one call: batch upsert with `idProperty: 'email'`
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts). The upsert
 * is atomic at HubSpot, so sending it again after a lost answer updates the same contact: safe to retry.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotUpsertContact } from './upsert-contact.ts';
 * const contact = await invokeAction(hubspotUpsertContact, { email: 'ana@example.com', firstname: 'Ana' }, {
 *   connector: hubspotConnector, connection,
 * });
 * console.log(contact.id, contact.created);
 */
export const hubspotUpsertContact = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_upsert_contact',
  connector: 'hubspot',
  title: 'Create or update a HubSpot contact',
  description:
    'Creates the contact with this e-mail, or updates it when it exists (name, phone, lifecycle stage, other properties).',
  llmHint:
    'Use to make sure a buyer exists in HubSpot with current details. Needs the e-mail; other fields are optional. Returns the contact id and whether it was new.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const properties = toPropertyText({
      ...args.properties,
      firstname: args.firstname,
      lastname: args.lastname,
      phone: args.phone,
      lifecyclestage: args.lifecyclestage,
    });
    const [record] = await upsertContactsByEmail(
      hubspotClient(ctx),
      [{ email: args.email, properties }],
      'contacts.upsert',
    );
    // upsertContactsByEmail returns one record per input or throws.
    return { id: record!.id, email: args.email.toLowerCase(), created: record!.new === true };
  },
});
