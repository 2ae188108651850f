import { z } from 'zod';
import { defineAction } from '../kit.ts';
import { getByUniqueProperty, type HubspotCredentials, hubspotClient } from './hubspot-client.ts';

const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'lifecyclestage'];

const input = z
  .strictObject({
    email: z.email().optional(),
    id: z.string().regex(/^\d+$/, 'must be a HubSpot record id').optional(),
    /** Properties to return besides email, names, phone and lifecycle stage. */
    properties: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot internal property name'))
      .max(100)
      .optional(),
  })
  .refine((args) => (args.email === undefined) !== (args.id === undefined), {
    message: 'give either email or id',
    path: ['email'],
  });

const output = z.strictObject({
  found: z.boolean(),
  contact: z
    .strictObject({
      id: z.string(),
      properties: z.record(z.string(), z.string().nullable()),
      createdAt: z.string().optional(),
      updatedAt: z.string().optional(),
    })
    .nullable(),
});

/**
 * Reads a contact by e-mail or id (`GET /crm/v3/objects/contacts/{id}?idProperty=email`:
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/basic/get-crm-v3-objects-contacts-contactId).
 * A read of the database, so a contact created a moment ago is found (search would lag).
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotFindContact } from './find-contact.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * const { found, contact } = await invokeAction(hubspotFindContact, { email: 'ana@example.com' }, {
 *   connector: hubspotConnector, connection,
 * });
 */
export const hubspotFindContact = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_find_contact',
  connector: 'hubspot',
  title: 'Find a HubSpot contact',
  description: 'Looks a contact up by e-mail or record id.',
  llmHint:
    'Use to check whether a buyer is in HubSpot and read their details. Give the e-mail (or the record id). Returns found=false when there is no such contact.',
  input,
  output,
  effect: 'read',
  idempotent: true,
  run: async (ctx, args) => {
    const properties = [...new Set([...DEFAULT_PROPERTIES, ...(args.properties ?? [])])];
    const record = args.email
      ? await getByUniqueProperty(hubspotClient(ctx), 'contacts', 'email', args.email, properties)
      : await getByUniqueProperty(
          hubspotClient(ctx),
          'contacts',
          'hs_object_id',
          args.id as string,
          properties,
        );
    if (!record) return { found: false, contact: null };
    return {
      found: true,
      contact: {
        id: record.id,
        properties: record.properties,
        ...(record.createdAt ? { createdAt: record.createdAt } : {}),
        ...(record.updatedAt ? { updatedAt: record.updatedAt } : {}),
      },
    };
  },
});
