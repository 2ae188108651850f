import type { EmulatorAccount } from '../account.ts';
import type { EventInfo, Product, Ticket } from '../model.ts';

/** Renders event tickets as `/events/api/v1` returns them (reference §4.6). */

/**
 * The body of `GET /events/api/v1/{event_id}/info`.
 *
 * @example
 * const body = eventInfoBody(product, account.event(product.id)!);
 */
export function eventInfoBody(product: Product, info: EventInfo) {
  return {
    product: { name: product.name, id: product.id },
    lots: info.lots.map((lot) => ({ id: lot.id, name: lot.name })),
    start_event_date: info.start_event_date,
    end_event_date: info.end_event_date,
  };
}

/**
 * A participants item of `GET /events/api/v1/{event_id}/participants`.
 *
 * @example
 * const item = participantItem(account, product, info, account.tickets(product.id)[0]!);
 */
export function participantItem(account: EmulatorAccount, product: Product, info: EventInfo, ticket: Ticket) {
  const buyer = account.buyer(ticket.buyer_ucode);
  const lot = info.lots.find((candidate) => candidate.id === ticket.lot_id);
  return {
    eticket: {
      category: ticket.category,
      checkin_url: ticket.checkin_url,
      is_blocked: ticket.is_blocked,
      current_update: ticket.current_update,
      ticket_status: ticket.ticket_status,
      ticket_type: ticket.ticket_type,
      checkin_status: ticket.checkin_status,
      ticket_qr_code: ticket.ticket_qr_code,
      id: ticket.id,
    },
    buyer: {
      ucode: ticket.buyer_ucode,
      email: buyer?.email ?? '',
      document: buyer?.document ?? '',
      name: buyer?.name ?? '',
      phone: buyer?.phone ?? '',
    },
    lot: { id: ticket.lot_id, name: lot?.name ?? '' },
    product: { name: product.name, id: product.id },
    participant: {
      phone: ticket.participant.phone,
      email: ticket.participant.email,
      document: ticket.participant.document,
      id: ticket.participant.id,
      name: ticket.participant.name,
    },
  };
}
