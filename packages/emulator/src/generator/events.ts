import type { Buyer, EventInfo, Product, Sale, Ticket } from '../model.ts';
import type { Rng } from './random.ts';

const DAY = 86_400_000;
const QR_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * The event behind an event product: its lots and dates. In-person events (ETICKET) are upcoming; online events
 * already happened, so their check-ins are done (reference §4.6).
 *
 * @example
 * const info = generateEventInfo(rng, product, now);
 */
export function generateEventInfo(rng: Rng, product: Product, now: number): EventInfo {
  const upcoming = product.format === 'ETICKET';
  const startDate = upcoming ? now + rng.int(20, 90) * DAY : now - rng.int(5, 40) * DAY;
  const lotNames = ['Lote 1', 'Lote 2', 'Lote 3', 'VIP'].slice(0, rng.int(2, 4));
  let lotId = rng.int(100_000, 900_000);
  return {
    event_id: product.id,
    lots: lotNames.map((name) => ({ id: lotId++, name })),
    start_event_date: startDate,
    end_event_date: startDate + (upcoming ? rng.int(1, 3) * DAY : rng.int(2, 6) * 3_600_000),
  };
}

/**
 * A purchase of an event product.
 *
 * @example
 * const purchase: TicketPurchase = { sale, buyer };
 */
export interface TicketPurchase {
  sale: Sale;
  buyer: Buyer;
}

/**
 * Tickets for the event's purchases: one or two per purchase (the buyer and maybe a guest), their status
 * following the sale (refunds and chargebacks cancel the ticket), check-in following the event date.
 *
 * @example
 * const tickets = generateTickets(rng, info, purchases, now, { ticket: 1, participant: 1 });
 */
export function generateTickets(
  rng: Rng,
  info: EventInfo,
  purchases: readonly TicketPurchase[],
  now: number,
  ids: { ticket: number; participant: number },
): Ticket[] {
  const tickets: Ticket[] = [];
  const past = info.end_event_date < now;
  for (const { sale, buyer } of purchases) {
    const count = rng.chance(0.2) ? 2 : 1;
    const lot = rng.pick(info.lots);
    for (let n = 0; n < count; n++) {
      let qr = '';
      for (let i = 0; i < 12; i++) qr += QR_ALPHABET[Math.floor(rng.next() * QR_ALPHABET.length)];
      const guest = n > 0;
      const participantName = guest ? `Convidado de ${buyer.first_name}` : buyer.name;
      const ticketStatus: Ticket['ticket_status'] =
        sale.status === 'REFUNDED' ? 'REFUNDED' : sale.status === 'CHARGEBACK' ? 'CHARGEBACK' : 'SOLD';
      tickets.push({
        id: ids.ticket++,
        event_id: info.event_id,
        lot_id: lot.id,
        buyer_ucode: buyer.ucode,
        participant: {
          id: ids.participant++,
          name: participantName,
          email: guest ? buyer.email.replace('@', `+convidado${n}@`) : buyer.email,
          document: guest ? '' : buyer.document,
          phone: buyer.phone,
        },
        ticket_status: ticketStatus,
        ticket_type: 'PAID',
        checkin_status:
          !past || ticketStatus !== 'SOLD' ? 'PENDING' : rng.chance(0.8) ? 'CONCLUDED' : 'PARTIAL',
        category: lot.name === 'VIP' ? 'VIP' : rng.chance(0.2) ? 'Meia-entrada' : 'Inteira',
        is_blocked: ticketStatus !== 'SOLD',
        current_update: Math.min(now - 1, (sale.approved_date ?? sale.order_date) + rng.int(0, 3) * DAY),
        ticket_qr_code: qr,
        checkin_url: `https://checkin.example.com/eticket/${qr}`,
      });
    }
  }
  return tickets;
}
