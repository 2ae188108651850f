import { describe, expect, it } from 'vitest';
import {
  AccountInfoBody,
  AccountInfoResponse,
  EventInfoResponse,
  EventParticipantItem,
  EventParticipantsParams,
  NegotiationBody,
  NegotiationResponse,
  UserMe,
} from '../../src/schemas/index.ts';

describe('events', () => {
  it('accepts every documented participants filter', () => {
    const query = EventParticipantsParams.parse({
      buyer_email: 'buyer@example.com',
      participant_email: 'guest@example.com',
      last_update: new Date(1748056774000),
      id_lot: 355310,
      ticket_status: 'INVITE_CANCELED',
      ticket_type: 'FREE',
      checkin_status: 'PARTIAL',
      id_eticket: 49843911,
      ticket_qr_code: 'QR123',
      max_results: 100,
      page_token: 'abc',
    });
    expect(query.last_update).toBe(1748056774000);
    expect(query.ticket_status).toBe('INVITE_CANCELED');
    expect(query.id_lot).toBe(355310);
  });

  it.each([
    { ticket_status: 'CANCELED' },
    { ticket_type: 'VIP' },
    { checkin_status: 'DONE' },
    { last_update: '2025-01-01' },
  ])('rejects %o', (params) => {
    expect(EventParticipantsParams.safeParse(params).success).toBe(false);
  });

  it('reads info and participant items, with nulls for an unassigned ticket', () => {
    const info = EventInfoResponse.parse({
      product: { name: 'Tech Event', id: 5485679 },
      lots: [{ id: 355264, name: 'Basic' }],
      start_event_date: 1746929940000,
      end_event_date: 1747534800000,
    });
    expect(info.lots?.[0]?.name).toBe('Basic');
    const item = EventParticipantItem.parse({
      eticket: { id: 49843911, category: null, ticket_status: 'REFUNDED', is_blocked: false },
      buyer: { ucode: 'user-001', email: 'joao@example.com', document: null, phone: null },
      participant: { phone: null, email: null, document: null, id: null, name: null },
    });
    expect(item.eticket?.category).toBeNull();
    expect(item.participant?.name).toBeNull();
    expect(item.buyer?.email).toBe('joao@example.com');
  });
});

describe('negotiation', () => {
  const official = {
    subscription_id: 123456,
    recurrences: [3],
    payment_type: 'PIX',
    discount: { type: 'CUSTOM', value: 100.11 },
  };

  it('accepts the official sample body', () => {
    expect(NegotiationBody.parse(official)).toEqual(official);
  });

  it('limits recurrences to 1..5 positive integers', () => {
    expect(NegotiationBody.safeParse({ ...official, recurrences: [] }).success).toBe(false);
    expect(NegotiationBody.safeParse({ ...official, recurrences: [1, 2, 3, 4, 5, 6] }).success).toBe(false);
    expect(NegotiationBody.safeParse({ ...official, recurrences: [0] }).success).toBe(false);
    expect(NegotiationBody.parse({ ...official, recurrences: [1, 2, 3, 4, 5] }).recurrences).toHaveLength(5);
  });

  it('rejects the unofficial BOLETO spelling and unknown discount types', () => {
    expect(NegotiationBody.safeParse({ ...official, payment_type: 'BOLETO' }).success).toBe(false);
    expect(
      NegotiationBody.parse({ ...official, payment_type: 'BILLET', document: '12345678909' }).payment_type,
    ).toBe('BILLET');
    expect(NegotiationBody.safeParse({ ...official, discount: { type: 'FIXED', value: 1 } }).success).toBe(
      false,
    );
  });

  it('rejects unknown keys inside the discount, naming them', () => {
    const result = NegotiationBody.safeParse({
      ...official,
      discount: { type: 'CUSTOM', value: 1, currency: 'BRL' },
    });
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['discount']);
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['currency']);
  });

  it('passes the answer through', () => {
    const answer = NegotiationResponse.parse({
      payment_link: 'https://pay.hotmart.com/negotiate/N1',
      total_value: 947,
    });
    expect(answer.payment_link).toBe('https://pay.hotmart.com/negotiate/N1');
    expect(answer['total_value']).toBe(947);
  });
});

describe('user', () => {
  const me = { id: 1, name: 'Ann', email: 'ann@example.com', login: 'ann@example.com', ucode: 'c9e5e3f4' };

  it('reads the profile and its optional fields', () => {
    const parsed = UserMe.parse({
      ...me,
      locale: 'pt_BR',
      time_zone: 'America/Sao_Paulo',
      address: { city: 'X' },
    });
    expect(parsed.locale).toBe('pt_BR');
    expect(parsed.address).toEqual({ city: 'X' });
  });

  it('requires the identity fields', () => {
    const { ucode: _ucode, ...withoutUcode } = me;
    expect(UserMe.safeParse(withoutUcode).error?.issues[0]?.path).toEqual(['ucode']);
  });

  it('validates the account info request and passes its answer through', () => {
    expect(AccountInfoBody.parse({ query: '{ a }', variables: { ucode: 'u' } })).toEqual({
      query: '{ a }',
      variables: { ucode: 'u' },
    });
    expect(AccountInfoBody.safeParse({ query: '' }).success).toBe(false);
    expect(AccountInfoBody.safeParse({ query: '{ a }', ucode: 'u' }).success).toBe(false);
    expect(AccountInfoResponse.parse({ data: { name: 'Ann' } })).toEqual({ data: { name: 'Ann' } });
  });
});
