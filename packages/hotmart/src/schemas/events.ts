import { z } from 'zod';
import { EpochMs, PagingParams, ProductRef, strictParams } from './common.ts';

/**
 * Answer of `GET /events/api/v1/{event_id}/info` (reference §4.6): the event product, its ticket lots and its
 * start and end (ms).
 *
 * @example
 * EventInfoResponse.parse({ product: { id: 5485679 }, lots: [{ id: 355264, name: 'Early' }], start_event_date: 0 });
 */
export const EventInfoResponse = z.looseObject({
  product: ProductRef.optional(),
  lots: z.array(z.looseObject({ id: z.number().optional(), name: z.string().optional() })).optional(),
  start_event_date: z.number().optional(),
  end_event_date: z.number().optional(),
});
/** An event's info. @example const info: EventInfoResponse = { lots: [] }; */
export type EventInfoResponse = z.infer<typeof EventInfoResponse>;

/**
 * Ticket status filter of the participants list (reference §4.6).
 *
 * @example
 * TicketStatus.parse('SOLD');
 */
export const TicketStatus = z.enum([
  'AVAILABLE',
  'CHARGEBACK',
  'EXCLUDED',
  'INVITE',
  'INVITE_CANCELED',
  'REFUNDED',
  'RESERVED',
  'SOLD',
]);
/** A ticket status. @example const status: TicketStatus = 'SOLD'; */
export type TicketStatus = z.infer<typeof TicketStatus>;

/**
 * Ticket type filter of the participants list (reference §4.6).
 *
 * @example
 * TicketType.parse('PAID');
 */
export const TicketType = z.enum(['ALL', 'FREE', 'PAID']);
/** A ticket type. @example const type: TicketType = 'FREE'; */
export type TicketType = z.infer<typeof TicketType>;

/**
 * Check-in status filter of the participants list (reference §4.6).
 *
 * @example
 * CheckinStatus.parse('PENDING');
 */
export const CheckinStatus = z.enum(['ALL', 'CONCLUDED', 'PARTIAL', 'PENDING']);
/** A check-in status. @example const status: CheckinStatus = 'CONCLUDED'; */
export type CheckinStatus = z.infer<typeof CheckinStatus>;

// Lot and ticket ids are numbers in recorded answers; a string id is accepted too since they only travel in the query.
const id = z.union([z.number().int().positive(), z.string().min(1)]);

/**
 * Query of `GET /events/api/v1/{event_id}/participants` (reference §4.6). `last_update` is a date (epoch ms).
 *
 * @example
 * EventParticipantsParams.parse({ ticket_status: 'SOLD', checkin_status: 'PENDING', max_results: 100 });
 */
export const EventParticipantsParams = strictParams({
  buyer_email: z.string().min(1).optional(),
  participant_email: z.string().min(1).optional(),
  last_update: EpochMs.optional(),
  id_lot: id.optional(),
  ticket_status: TicketStatus.optional(),
  ticket_type: TicketType.optional(),
  checkin_status: CheckinStatus.optional(),
  id_eticket: id.optional(),
  ticket_qr_code: z.string().min(1).optional(),
  ...PagingParams.shape,
});
/** Participants filters. @example const params: EventParticipantsParams = { ticket_type: 'PAID' }; */
export type EventParticipantsParams = z.input<typeof EventParticipantsParams>;
/** Participants query as sent. @example const query: EventParticipantsQuery = { ticket_type: 'PAID' }; */
export type EventParticipantsQuery = z.output<typeof EventParticipantsParams>;

// A recorded real answer has nulls in `participant`, `buyer.document`/`phone` and `eticket.category` until the
// ticket is assigned, hence nullable fields.
const person = z.looseObject({
  id: z.union([z.number(), z.string()]).nullable().optional(),
  ucode: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  document: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});

/**
 * One ticket with its buyer and participant (reference §4.6).
 *
 * @example
 * EventParticipantItem.parse({ eticket: { id: 49843911, ticket_status: 'SOLD' }, participant: { name: null } });
 */
export const EventParticipantItem = z.looseObject({
  eticket: z
    .looseObject({
      id: z.number().optional(),
      category: z.string().nullable().optional(),
      checkin_url: z.string().nullable().optional(),
      is_blocked: z.boolean().optional(),
      current_update: z.number().optional(),
      ticket_status: z.string().optional(),
      ticket_type: z.string().optional(),
      checkin_status: z.string().optional(),
      ticket_qr_code: z.string().nullable().optional(),
    })
    .optional(),
  buyer: person.optional(),
  lot: z.looseObject({ id: z.number().optional(), name: z.string().optional() }).optional(),
  product: ProductRef.optional(),
  participant: person.nullable().optional(),
});
/** One ticket and participant. @example const ticket: EventParticipantItem = { eticket: { id: 1 } }; */
export type EventParticipantItem = z.infer<typeof EventParticipantItem>;
