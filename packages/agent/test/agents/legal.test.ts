import { describe, expect, it } from 'vitest';
import { ActionInputError, VendorRequestError } from '../../src/connectors/errors.ts';
import { invokeAction, testConnection } from '../../src/connectors/invoke.ts';
import {
  LEGAL_CANCEL_AUDIT,
  legalCancelSubscription,
} from '../../src/connectors/legal/cancel-subscription-action.ts';
import { legalConnector } from '../../src/connectors/legal/legal-connector.ts';
import { NonRetriableError } from '../../src/engine/errors.ts';
import { formatDate } from '../../src/kit/i18n/format-date.ts';
import { formatMoney } from '../../src/kit/i18n/format-money.ts';
import { createWorld, DAY, SPREADSHEET, T0, useAgentServers, type World } from './support/world.ts';

// The legal agent end to end: the compliance cancellation against the emulator with its audit trail, chargebacks
// into the dispute sheet (Google fake) with a Slack alert, and the daily watch of refund requests left open.

const servers = useAgentServers();
let world: World | undefined;

const LEGAL = {
  enabled: true,
  googleSheetsConnectionId: 'sheets',
  slackConnectionId: 'team',
  slackChannel: '#legal',
};
const LEGAL_CONNECTION = { id: 'legal', kind: 'legal', credentials: {} };

function activeSubscription(): string {
  const found = servers.hotmart.account.subscriptions().find((s) => s.status === 'ACTIVE' && !s.trial);
  if (!found) throw new Error('the emulator account has no active subscription');
  return found.subscriber_code;
}

describe('legal_cancel_subscription', () => {
  it('cancels through Hotmart and records the request and its completion in the audit log', async () => {
    world = await createWorld(servers, { settings: {}, start: false });
    const code = activeSubscription();
    const result = await invokeAction(
      legalCancelSubscription,
      {
        subscriber_code: code,
        reason: 'LGPD deletion request of 2026-05-30',
        requester: 'subscriber@example.com',
      },
      {
        connector: legalConnector,
        connection: LEGAL_CONNECTION,
        services: { store: world.store, actor: 'user:ana@seller.example' },
        now: world.now,
        idempotencyKey: 'legal-test-1',
      },
    );
    expect(servers.hotmart.account.subscription(code)?.status).toBe('CANCELLED_BY_SELLER');
    const cancelCall = servers.hotmart.emulator.requests.list({ method: 'POST' }).at(-1);
    expect(cancelCall?.path).toBe(`/payments/api/v1/subscriptions/${code}/cancel`);

    const audit = await world.store.listAudit({});
    expect(audit.map((entry) => [entry.action, entry.actor, entry.target, entry.at])).toEqual([
      [LEGAL_CANCEL_AUDIT.completed, 'user:ana@seller.example', code, T0],
      [LEGAL_CANCEL_AUDIT.requested, 'user:ana@seller.example', code, T0],
    ]);
    const iso = new Date(T0).toISOString();
    expect(audit[1]?.details).toEqual({
      reason: 'LGPD deletion request of 2026-05-30',
      requester: 'subscriber@example.com',
      hotmartConnectionId: 'main',
      sendMail: true,
      requestedAt: iso,
    });
    expect(audit[0]?.details).toMatchObject({
      reason: 'LGPD deletion request of 2026-05-30',
      requester: 'subscriber@example.com',
      status: result.status,
      requestedAt: iso,
      completedAt: iso,
      requestAuditId: audit[1]!.id,
    });
    expect(result).toEqual({
      subscriber_code: code,
      status: 'INACTIVE',
      hotmartConnectionId: 'main',
      requestedAt: iso,
      completedAt: iso,
      audit: { requested: audit[1]!.id, completed: audit[0]!.id },
    });

    // Cancelling again fails at Hotmart: the failure is audited too, and the error names Hotmart's code.
    const again = await invokeAction(
      legalCancelSubscription,
      { subscriber_code: code, reason: 'repeat', requester: 'subscriber@example.com' },
      {
        connector: legalConnector,
        connection: LEGAL_CONNECTION,
        services: { store: world.store },
        now: world.now,
      },
    ).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(VendorRequestError);
    expect((again as VendorRequestError).code).toBe('it_can_not_cancel_subscription_status');
    const [failed] = await world.store.listAudit({ action: LEGAL_CANCEL_AUDIT.failed });
    expect(failed).toMatchObject({ actor: 'hotpilot', target: code });
    expect(failed?.details).toMatchObject({
      reason: 'repeat',
      error: { name: 'VendorRequestError', code: 'it_can_not_cancel_subscription_status' },
    });
  });

  it('refuses bad input, a missing store and an unknown Hotmart connection, without calling Hotmart', async () => {
    world = await createWorld(servers, { settings: {}, start: false });
    const before = servers.hotmart.emulator.requests.list({ method: 'POST' }).length;
    const call = (input: unknown, services: Record<string, unknown>) =>
      invokeAction(legalCancelSubscription, input, {
        connector: legalConnector,
        connection: LEGAL_CONNECTION,
        services,
      }).then(
        () => {
          throw new Error('expected the call to fail');
        },
        (error: unknown) => error as Error,
      );

    const bad = await call({ subscriber_code: 'A B', reason: 'x' }, { store: world.store });
    expect(bad).toBeInstanceOf(ActionInputError);
    expect(bad.message).toContain('input.subscriber_code');
    expect(bad.message).toContain('input.reason');
    expect(bad.message).toContain('input.requester');

    const input = { subscriber_code: 'ABC123', reason: 'court order', requester: 'legal@example.com' };
    const noStore = await call(input, {});
    expect(noStore).toBeInstanceOf(NonRetriableError);
    expect((noStore as NonRetriableError).code).toBe('LEGAL_STORE_MISSING');
    const unknown = await call({ ...input, hotmartConnectionId: 'elsewhere' }, { store: world.store });
    expect((unknown as NonRetriableError).code).toBe('LEGAL_HOTMART_CONNECTION');
    expect(unknown.message).toContain('"elsewhere"');

    expect(servers.hotmart.emulator.requests.list({ method: 'POST' })).toHaveLength(before);
    expect(await world.store.listAudit({})).toEqual([]);

    expect(
      await testConnection(legalConnector, LEGAL_CONNECTION, { services: { store: world.store } }),
    ).toEqual({
      ok: true,
      message: 'compliance actions act on Hotmart connection "main"',
    });
    expect(
      await testConnection(
        legalConnector,
        { ...LEGAL_CONNECTION, settings: { hotmartConnectionId: 'nope' } },
        { services: { store: world.store } },
      ),
    ).toEqual({ ok: false, message: 'Hotmart connection "nope" does not exist or has no API credentials' });
  });
});

describe('legal agent workflows', () => {
  it('puts a chargeback in the dispute sheet with its deadline and alerts Slack, once per transaction', async () => {
    world = await createWorld(servers, { settings: { legal: { ...LEGAL, disputeResponseDays: 10 } } });
    const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_CHARGEBACK' });
    const { eventId, payload } = await world.trigger(change);
    const run = await world.run(`legal.chargeback:${eventId}`);
    const data = payload['data'] as {
      buyer: { email: string; name: string };
      product: { name: string };
      purchase: {
        transaction: string;
        price: { value: number; currency_value: string };
        payment: { type: string };
      };
    };
    const at = payload['creation_date'] as number;
    const deadline = at + 10 * DAY;
    const amount = formatMoney(data.purchase.price.value, data.purchase.price.currency_value, 'pt-BR');

    const rows = servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows('Chargebacks');
    expect(rows).toEqual([
      [
        'Transação',
        'Chargeback em',
        'Responder até',
        'E-mail do comprador',
        'Nome do comprador',
        'Produto',
        'Valor',
        'Pagamento',
        'Situação',
      ],
      [
        data.purchase.transaction,
        expect.any(String),
        formatDate(deadline, 'pt-BR', 'America/Sao_Paulo', 'medium'),
        data.buyer.email,
        data.buyer.name,
        data.product.name,
        amount,
        data.purchase.payment.type,
        'Aberto',
      ],
    ]);
    const messages = servers.fakes.slack.state.messages('legal');
    expect(messages.map((message) => message.text)).toEqual([
      `Chargeback na transação ${data.purchase.transaction} (${data.product.name}, ${amount}): responda à disputa até ${formatDate(deadline, 'pt-BR', 'America/Sao_Paulo', 'long')}.`,
    ]);
    expect(run.output).toEqual({
      transaction: data.purchase.transaction,
      deadline: new Date(deadline).toISOString(),
      appended: 1,
      slackTs: messages[0]!.ts,
    });

    const again = await world.deliver({ ...payload, id: '0b0b0b0b-0000-4000-8000-00000000000b' });
    expect((await world.run(`legal.chargeback:${again.eventId}`)).output).toEqual({
      skipped: 'chargeback already handled',
      transaction: data.purchase.transaction,
      handledBy: eventId,
    });
    expect(servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows('Chargebacks')).toHaveLength(2);
    expect(servers.fakes.slack.state.messages('legal')).toHaveLength(1);
  });

  it('alerts once a day about refund requests still open after the configured days', async () => {
    world = await createWorld(servers, {
      settings: { legal: { ...LEGAL, refundWatch: { openDays: 5 } } },
      start: false,
    });
    const protest = (transaction: string, daysAgo: number, value: number) =>
      world!.deliverTest('PURCHASE_PROTEST', {
        creationDate: T0 - daysAgo * DAY,
        data: {
          buyer: { email: `${transaction.toLowerCase()}@example.com`, name: `Buyer ${transaction}` },
          product: { id: 9, name: 'Mentoria' },
          purchase: { transaction, price: { value, currency_value: 'BRL' } },
        },
      });
    await protest('HPOPEN1', 8, 300);
    await protest('HPDONE1', 10, 100);
    await protest('HPNEW1', 2, 50);
    await protest('HPBACK1', 7, 75);
    await world.deliverTest('PURCHASE_REFUNDED', {
      creationDate: T0 - 6 * DAY,
      data: { purchase: { transaction: 'HPDONE1' } },
    });
    await world.deliverTest('PURCHASE_APPROVED', {
      creationDate: T0 - 3 * DAY,
      data: { purchase: { transaction: 'HPBACK1' } },
    });
    // The schedule's newest past slot (09:00 in São Paulo = T0) runs at once on start.
    await world.engine.start();
    const slot = `legal.refund-watch@${new Date(T0).toISOString()}`;
    const run = await world.run(slot);

    const messages = servers.fakes.slack.state.messages('legal');
    expect(messages.map((message) => message.text)).toEqual([
      [
        'Pedidos de reembolso abertos há mais de 5 dias: 1',
        `• HPOPEN1 — Mentoria — ${formatMoney(300, 'BRL', 'pt-BR')} — Buyer HPOPEN1 — pedido em ${formatDate(T0 - 8 * DAY, 'pt-BR', 'America/Sao_Paulo', 'medium')} (há 8 dias)`,
      ].join('\n'),
    ]);
    expect(run.output).toEqual({
      at: new Date(T0).toISOString(),
      open: [
        {
          connectionId: 'main',
          transaction: 'HPOPEN1',
          email: 'hpopen1@example.com',
          buyer: 'Buyer HPOPEN1',
          product: 'Mentoria',
          amount: { value: 300, currency: 'BRL' },
          requestedAt: T0 - 8 * DAY,
          daysOpen: 8,
        },
      ],
      slackTs: messages[0]!.ts,
    });
  });
});
