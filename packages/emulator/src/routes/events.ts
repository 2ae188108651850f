import type { Ticket } from '../model.ts';
import { notFound } from '../server/errors.ts';
import { eventInfoBody, participantItem } from '../views/event-views.ts';
import {
  type EmulatorHono,
  idParam,
  OTHER_PAGE,
  queryOf,
  type RouteContext,
  respondWithPage,
} from './context.ts';
import { arraySource } from './products.ts';

const TICKET_STATUSES: readonly Ticket['ticket_status'][] = [
  'AVAILABLE',
  'CHARGEBACK',
  'EXCLUDED',
  'INVITE',
  'INVITE_CANCELED',
  'REFUNDED',
  'RESERVED',
  'SOLD',
];
const TICKET_TYPES = ['ALL', 'FREE', 'PAID'] as const;
const CHECKIN_STATUSES = ['ALL', 'CONCLUDED', 'PARTIAL', 'PENDING'] as const;

/**
 * Registers the event-ticket endpoints of reference §4.6; the event id is the event product's id.
 *
 * @example
 * registerEventRoutes(app, context);
 */
export function registerEventRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;

  const eventOr404 = (raw: string | undefined) => {
    const id = idParam(raw, 'event_id');
    const product = account.product(id);
    const info = account.event(id);
    if (!product || !info) throw notFound('Event', id);
    return { product, info };
  };

  app.get('/events/api/v1/:event_id/info', guard, (c) => {
    const { product, info } = eventOr404(c.req.param('event_id'));
    return c.json(eventInfoBody(product, info));
  });

  app.get('/events/api/v1/:event_id/participants', guard, (c) => {
    const query = queryOf(c);
    const { product, info } = eventOr404(c.req.param('event_id'));
    const buyerEmail = query.string('buyer_email')?.toLowerCase();
    const participantEmail = query.string('participant_email')?.toLowerCase();
    const lastUpdate = query.date('last_update');
    const lot = query.int('id_lot', { min: 1 });
    const statuses = query.manyOf('ticket_status', TICKET_STATUSES);
    const type = query.oneOf('ticket_type', TICKET_TYPES);
    const checkin = query.oneOf('checkin_status', CHECKIN_STATUSES);
    const ticketId = query.int('id_eticket', { min: 1 });
    const qrCode = query.string('ticket_qr_code');
    const buyerUcode = buyerEmail === undefined ? undefined : (account.buyerByEmail(buyerEmail)?.ucode ?? '');
    const source = arraySource(
      account.tickets(info.event_id),
      (ticket) =>
        (buyerUcode === undefined || ticket.buyer_ucode === buyerUcode) &&
        (participantEmail === undefined || ticket.participant.email.toLowerCase() === participantEmail) &&
        (lastUpdate === undefined || ticket.current_update >= lastUpdate) &&
        (lot === undefined || ticket.lot_id === lot) &&
        (statuses === undefined || statuses.has(ticket.ticket_status)) &&
        (type === undefined || type === 'ALL' || ticket.ticket_type === type) &&
        (checkin === undefined || checkin === 'ALL' || ticket.checkin_status === checkin) &&
        (ticketId === undefined || ticket.id === ticketId) &&
        (qrCode === undefined || ticket.ticket_qr_code === qrCode),
      (ticket) => participantItem(account, product, info, ticket),
    );
    return respondWithPage(context, c, {
      endpoint: `participants:${info.event_id}`,
      query,
      source,
      size: OTHER_PAGE,
    });
  });
}
