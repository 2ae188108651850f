import { z } from 'zod';
import { VendorRequestError } from '../errors.ts';
import { defineAction } from '../kit.ts';
import {
  ASSOCIATION_TYPE,
  association,
  freeProperties,
  getByUniqueProperty,
  type HubspotClient,
  type HubspotCredentials,
  hubspotClient,
  hubspotRecord,
  searchByProperty,
  toPropertyText,
} from './hubspot-client.ts';

const input = z.strictObject({
  /** The value that identifies the deal, e.g. the Hotmart transaction `HP1234567890`. */
  key: z.string().trim().min(1).max(200),
  /**
   * The deal property holding `key` (a custom single-line text property; mark it "unique" in HubSpot so even two
   * racing creates can't both succeed). Default `hotmart_transaction`.
   */
  keyProperty: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot internal property name')
    .default('hotmart_transaction'),
  dealname: z.string().trim().min(1).max(500),
  /** Pipeline id; HubSpot's built-in one is `default`. */
  pipeline: z.string().min(1).default('default'),
  /** Stage id inside the pipeline, e.g. `closedwon`. */
  dealstage: z.string().min(1),
  amount: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number')]).optional(),
  deal_currency_code: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as BRL')
    .optional(),
  /** ISO 8601 date-time of the close (e.g. the purchase approval). */
  closedate: z.iso.datetime({ offset: true }).optional(),
  /** Contact to associate the deal with (HubSpot record id). */
  contactId: z.string().regex(/^\d+$/, 'must be a HubSpot record id').optional(),
  properties: freeProperties.optional(),
});

const output = z.strictObject({
  id: z.string(),
  created: z.boolean(),
});

/**
 * Creates or updates the deal identified by a unique key kept in a deal property (the Hotmart transaction, say),
 * associated with a contact.
 *
 * Idempotency: it searches for the key before creating, so a retried step updates the deal the first attempt
 * created. The create itself is never resent by the HTTP core (a lost answer is not retried there); the engine's
 * next attempt searches again. HubSpot's search index trails writes by a few seconds, so a retry that comes very
 * quickly might not see the new deal: with `keyProperty` marked unique, HubSpot then refuses the second create
 * with 409 and this action reads the deal by that property (a database read, not the index) and updates it.
 *
 * Endpoints: search https://developers.hubspot.com/docs/api-reference/legacy/crm/search, create and update
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/deals/guide, association (v4 default)
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/guide.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotUpsertDeal } from './upsert-deal.ts';
 * const deal = await invokeAction(hubspotUpsertDeal, {
 *   key: 'HP1234567890', dealname: 'Course A — Ana', dealstage: 'closedwon', amount: 197, deal_currency_code: 'BRL',
 *   contactId: '101',
 * }, { connector: hubspotConnector, connection, idempotencyKey: 'run_1:hubspot-deal' });
 */
export const hubspotUpsertDeal = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_upsert_deal',
  connector: 'hubspot',
  title: 'Create or update a HubSpot deal',
  description:
    'Creates the deal identified by a unique key (such as the Hotmart transaction) or updates it when it exists, and associates it with a contact.',
  llmHint:
    'Use to record a sale or a change of a sale in HubSpot. Needs a unique key (the transaction code), a deal name and a stage (e.g. closedwon); amount, currency, close date and contactId are optional. Calling again with the same key updates the same deal.',
  input,
  output,
  effect: 'write',
  idempotent: true,
  run: async (ctx, args) => {
    const hubspot = hubspotClient(ctx);
    const properties = toPropertyText({
      ...args.properties,
      dealname: args.dealname,
      pipeline: args.pipeline,
      dealstage: args.dealstage,
      amount: args.amount,
      deal_currency_code: args.deal_currency_code,
      closedate: args.closedate,
      [args.keyProperty]: args.key,
    });

    const [existing, ...duplicates] = await searchByProperty(hubspot, 'deals', args.keyProperty, args.key);
    if (duplicates.length > 0) {
      ctx.logger.warn(
        { keyProperty: args.keyProperty, count: duplicates.length + 1 },
        'several HubSpot deals share one key; updating the oldest',
      );
    }
    if (existing) {
      await update(hubspot, existing.id, properties, args.contactId);
      return { id: existing.id, created: false };
    }

    try {
      const response = await hubspot.send({
        method: 'POST',
        path: '/crm/v3/objects/deals',
        body: {
          properties,
          ...(args.contactId
            ? { associations: [association(args.contactId, ASSOCIATION_TYPE.dealToContact)] }
            : {}),
        },
        idempotent: false,
        operation: 'deals.create',
      });
      return { id: hubspot.http.parse(hubspotRecord, response).id, created: true };
    } catch (error) {
      // 409: the key is taken — the deal exists although search did not show it yet (index lag, or a concurrent
      // create). Read it by the unique property and update it instead.
      if (!(error instanceof VendorRequestError && error.status === 409)) throw error;
      const found = await getByUniqueProperty(hubspot, 'deals', args.keyProperty, args.key);
      if (!found) throw error;
      await update(hubspot, found.id, properties, args.contactId);
      return { id: found.id, created: false };
    }
  },
});

async function update(
  hubspot: HubspotClient,
  id: string,
  properties: Record<string, string>,
  contactId: string | undefined,
): Promise<void> {
  // PATCH sets values: sending it twice leaves the same deal, so it is retried freely.
  await hubspot.send({
    method: 'PATCH',
    path: `/crm/v3/objects/deals/${encodeURIComponent(id)}`,
    body: { properties },
    idempotent: true,
    operation: 'deals.update',
  });
  if (contactId) {
    // PUT …/associations/default/contacts/{id} creates the unlabeled association, or leaves it as it is.
    await hubspot.send({
      method: 'PUT',
      path: `/crm/v4/objects/deals/${encodeURIComponent(id)}/associations/default/contacts/${encodeURIComponent(contactId)}`,
      idempotent: true,
      operation: 'deals.associate',
    });
  }
}
