import { z } from 'zod';
import { VendorRequestError } from '../errors.ts';
import { defineAction } from '../kit.ts';
import {
  ASSOCIATION_TYPE,
  association,
  freeProperties,
  getByUniqueProperty,
  type HubspotCredentials,
  hubspotClient,
  hubspotRecord,
  searchByProperty,
  toPropertyText,
} from './hubspot-client.ts';

const input = z.strictObject({
  /** The contact the lead is for (HubSpot record id); HubSpot requires a lead's primary contact. */
  contactId: z.string().regex(/^\d+$/, 'must be a HubSpot record id'),
  /** `hs_lead_name`, required by HubSpot. */
  name: z.string().trim().min(1).max(500),
  /** `hs_lead_type`, e.g. `NEW_BUSINESS` (the account's options). */
  type: z.string().min(1).optional(),
  /** `hs_lead_label`, e.g. `WARM` (the account's options). */
  label: z.string().min(1).optional(),
  /**
   * What makes this lead one lead: calling again with the same key finds it instead of creating another. Default:
   * the call's idempotency key (`runId:stepId` in a workflow), so a retried step never creates twice.
   */
  key: z.string().trim().min(1).max(200).optional(),
  /** The lead property holding the key (a custom single-line text property; default `hotpilot_key`). */
  keyProperty: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot internal property name')
    .default('hotpilot_key'),
  properties: freeProperties.optional(),
});

const output = z.strictObject({
  id: z.string(),
  created: z.boolean(),
  key: z.string(),
});

/**
 * Creates a lead for a contact, once per key. HubSpot leads have no natural unique key and no idempotency header,
 * so the key is written to a lead property and searched before creating (and, when the property is unique, a
 * 409 on a racing create resolves to the existing lead).
 *
 * Endpoints: create https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide (`POST
 * /crm/v3/objects/leads`, "must be associated with an existing contact": association type 578), search
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/search.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotCreateLead } from './create-lead.ts';
 * const lead = await invokeAction(hubspotCreateLead, { contactId: '101', name: 'Ana — abandoned cart' }, {
 *   connector: hubspotConnector, connection, idempotencyKey: 'run_1:hubspot-lead',
 * });
 */
export const hubspotCreateLead = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_create_lead',
  connector: 'hubspot',
  title: 'Create a HubSpot lead',
  description: 'Creates a lead for an existing contact, at most once per key.',
  llmHint:
    'Use to hand a prospect (e.g. an abandoned cart) to sales in HubSpot. Needs the contact id and a lead name. Pass a key (such as the cart or transaction id) to make repeated calls find the same lead.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const hubspot = hubspotClient(ctx);
    const key = args.key ?? ctx.idempotencyKey;
    const [existing] = await searchByProperty(hubspot, 'leads', args.keyProperty, key);
    if (existing) return { id: existing.id, created: false, key };

    const properties = toPropertyText({
      ...args.properties,
      hs_lead_name: args.name,
      hs_lead_type: args.type,
      hs_lead_label: args.label,
      [args.keyProperty]: key,
    });
    try {
      const response = await hubspot.send({
        method: 'POST',
        path: '/crm/v3/objects/leads',
        body: {
          properties,
          associations: [association(args.contactId, ASSOCIATION_TYPE.leadToPrimaryContact)],
        },
        idempotent: false,
        operation: 'leads.create',
      });
      return { id: hubspot.http.parse(hubspotRecord, response).id, created: true, key };
    } catch (error) {
      if (!(error instanceof VendorRequestError && error.status === 409)) throw error;
      const found = await getByUniqueProperty(hubspot, 'leads', args.keyProperty, key);
      if (!found) throw error;
      return { id: found.id, created: false, key };
    }
  },
});
