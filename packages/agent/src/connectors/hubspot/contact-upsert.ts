import { z } from 'zod';
import { createVendorError } from '../errors.ts';
import { type HubspotClient, hubspotRecord } from './hubspot-client.ts';

/**
 * The name fields both contact upserts take, to spread into their input schemas.
 *
 * @example
 * import { z } from 'zod';
 * import { contactNameFields } from './contact-upsert.ts';
 * const input = z.strictObject({ email: z.email(), ...contactNameFields });
 */
export const contactNameFields = {
  firstname: z.string().max(500).optional(),
  lastname: z.string().max(500).optional(),
};

const upsertAnswer = z.looseObject({
  results: z.array(hubspotRecord.extend({ new: z.boolean().optional() })).default([]),
  errors: z
    .array(z.looseObject({ category: z.string().optional(), message: z.string().optional() }))
    .optional(),
});

/**
 * A contact as the upsert returns it: the record, and `new` when this call created it.
 *
 * @example
 * import type { UpsertedContact } from './contact-upsert.ts';
 * const created = (contact: UpsertedContact) => contact.new === true;
 */
export type UpsertedContact = z.infer<typeof upsertAnswer>['results'][number];

/**
 * Creates or updates contacts by e-mail in one call (`POST /crm/v3/objects/contacts/batch/upsert` with
 * `idProperty: 'email'`: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts)
 * and returns the records HubSpot answered with, in its order. Atomic per contact at HubSpot, so a retry after a
 * lost answer updates the same contacts: sent as idempotent. A 207 multi-status answer reports a refused input in
 * `errors[]` instead of failing the request, so a refused input, or fewer records than inputs, fails the call with
 * a non-retryable vendor error: no half-known result is returned. Give at most 100 inputs, one per e-mail (HubSpot
 * refuses a batch that names an id twice).
 *
 * @example
 * import { upsertContactsByEmail } from './contact-upsert.ts';
 * import { hubspotClient } from './hubspot-client.ts';
 * const [contact] = await upsertContactsByEmail(hubspotClient(ctx), [
 *   { email: 'ana@example.com', properties: { firstname: 'Ana' } },
 * ], 'contacts.upsert');
 */
export async function upsertContactsByEmail(
  hubspot: HubspotClient,
  inputs: readonly { email: string; properties: Record<string, string> }[],
  operation: string,
): Promise<UpsertedContact[]> {
  const response = await hubspot.send({
    method: 'POST',
    path: '/crm/v3/objects/contacts/batch/upsert',
    body: {
      inputs: inputs.map(({ email, properties }) => ({ id: email, idProperty: 'email', properties })),
    },
    idempotent: true,
    operation,
  });
  const answer = hubspot.http.parse(upsertAnswer, response);
  const [problem] = answer.errors ?? [];
  if (problem || answer.results.length < inputs.length) {
    throw createVendorError({
      vendor: 'hubspot',
      status: response.status,
      code: problem?.category ?? 'UNEXPECTED_RESPONSE',
      vendorMessage:
        problem?.message ??
        (inputs.length === 1
          ? 'the upsert returned no contact'
          : 'the upsert returned fewer contacts than it was given'),
      request: response.request,
      retryable: false,
    });
  }
  return answer.results;
}
