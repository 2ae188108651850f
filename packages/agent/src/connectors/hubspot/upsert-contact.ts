import { z } from 'zod';
import { createVendorError } from '../errors.ts';
import { defineAction } from '../kit.ts';
import {
  freeProperties,
  type HubspotCredentials,
  hubspotClient,
  hubspotRecord,
  toPropertyText,
} from './hubspot-client.ts';

const input = z.strictObject({
  email: z.email(),
  firstname: z.string().max(500).optional(),
  lastname: z.string().max(500).optional(),
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

const upsertAnswer = z.looseObject({
  results: z.array(hubspotRecord.extend({ new: z.boolean().optional() })),
  errors: z
    .array(z.looseObject({ category: z.string().optional(), message: z.string().optional() }))
    .optional(),
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
    const hubspot = hubspotClient(ctx);
    const properties = toPropertyText({
      ...args.properties,
      firstname: args.firstname,
      lastname: args.lastname,
      phone: args.phone,
      lifecyclestage: args.lifecyclestage,
    });
    const response = await hubspot.send({
      method: 'POST',
      path: '/crm/v3/objects/contacts/batch/upsert',
      body: { inputs: [{ id: args.email, idProperty: 'email', properties }] },
      idempotent: true,
      operation: 'contacts.upsert',
    });
    const answer = hubspot.http.parse(upsertAnswer, response);
    const [record] = answer.results;
    if (!record) {
      // A 207 multi-status answer reports a refused input in `errors[]` instead of failing the request.
      const [problem] = answer.errors ?? [];
      throw createVendorError({
        vendor: 'hubspot',
        status: response.status,
        code: problem?.category ?? 'UNEXPECTED_RESPONSE',
        vendorMessage: problem?.message ?? 'the upsert returned no contact',
        request: response.request,
        retryable: false,
      });
    }
    return { id: record.id, email: args.email.toLowerCase(), created: record.new === true };
  },
});
