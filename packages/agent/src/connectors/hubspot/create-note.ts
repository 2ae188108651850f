import { z } from 'zod';
import { defineAction } from '../kit.ts';
import {
  ASSOCIATION_TYPE,
  association,
  type HubspotCredentials,
  hubspotClient,
  hubspotRecord,
} from './hubspot-client.ts';

const input = z
  .strictObject({
    /** The note text (HubSpot allows up to 65,536 characters; simple HTML is rendered). */
    body: z.string().trim().min(1).max(65_536),
    /** When the note happened (ISO 8601); default now. Places it on the record's timeline. */
    timestamp: z.iso.datetime({ offset: true }).optional(),
    contactId: z.string().regex(/^\d+$/, 'must be a HubSpot record id').optional(),
    dealId: z.string().regex(/^\d+$/, 'must be a HubSpot record id').optional(),
  })
  .refine((args) => args.contactId !== undefined || args.dealId !== undefined, {
    message: 'give contactId, dealId or both: a note must be on a record',
    path: ['contactId'],
  });

const output = z.strictObject({ id: z.string() });

/**
 * Logs a note on a contact and/or a deal (`POST /crm/v3/objects/notes` with `hs_note_body`, `hs_timestamp` and
 * associations 202 note→contact, 214 note→deal: https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide).
 * Not idempotent: a note has no key to look up, and the HTTP core does not resend the create after a lost answer;
 * a retried step may log the note twice.
 *
 * @example
 * import { invokeAction } from '../invoke.ts';
 * import { hubspotConnector } from './hubspot-connector.ts';
 * import { hubspotCreateNote } from './create-note.ts';
 * await invokeAction(hubspotCreateNote, { body: 'Refund requested', contactId: '101' }, { connector: hubspotConnector, connection });
 */
export const hubspotCreateNote = defineAction<
  z.infer<typeof input>,
  z.infer<typeof output>,
  HubspotCredentials
>({
  id: 'hubspot_create_note',
  connector: 'hubspot',
  title: 'Add a note in HubSpot',
  description: 'Logs a note on a contact and/or a deal timeline.',
  llmHint:
    'Use to record something that happened (a refund request, a chargeback, a message) on a HubSpot contact or deal. Needs the text and a contactId and/or dealId.',
  input,
  output,
  effect: 'write',
  idempotent: false,
  run: async (ctx, args) => {
    const hubspot = hubspotClient(ctx);
    const associations = [
      ...(args.contactId ? [association(args.contactId, ASSOCIATION_TYPE.noteToContact)] : []),
      ...(args.dealId ? [association(args.dealId, ASSOCIATION_TYPE.noteToDeal)] : []),
    ];
    const response = await hubspot.send({
      method: 'POST',
      path: '/crm/v3/objects/notes',
      body: {
        properties: {
          hs_note_body: args.body,
          hs_timestamp: args.timestamp ?? new Date(ctx.now()).toISOString(),
        },
        associations,
      },
      idempotent: false,
      operation: 'notes.create',
    });
    return { id: hubspot.http.parse(hubspotRecord, response).id };
  },
});
