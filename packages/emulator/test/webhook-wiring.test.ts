import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: { event: string; data: { purchase?: { transaction: string; status: string } } };
}

describe('REST writes reach the webhook sender mounted by startEmulator', () => {
  let emulator: TestEmulator;
  let receiver: Server;
  let receiverUrl = '';
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body: JSON.parse(text) as Received['body'] });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    emulator = await startTestEmulator({ seed: 71, sales: 1_500, webhooks: { retryDelaysMs: [] } });
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('registers an endpoint through /_emulator and delivers refunds and cancellations made over the API', async () => {
    const registered = await emulator.control('/webhooks/endpoints', {
      method: 'POST',
      body: JSON.stringify({
        url: receiverUrl,
        hottok: 'wiring-hottok',
        events: ['PURCHASE_REFUNDED', 'SUBSCRIPTION_CANCELLATION'],
      }),
    });
    expect(registered.status).toBeLessThan(300);
    const account = emulator.hotmart.account;
    let transaction = '';
    for (let index = 0; index < account.saleCount(); index++) {
      const sale = account.saleAt(index);
      if (
        sale.status === 'COMPLETE' &&
        sale.subscriber_code === undefined &&
        sale.payment_type === 'CREDIT_CARD'
      ) {
        transaction = sale.transaction;
        break;
      }
    }
    expect(
      (await emulator.api(`/payments/api/v1/sales/${transaction}/refund`, { method: 'PUT' })).status,
    ).toBe(200);
    const subscription = account.subscriptions().find((candidate) => candidate.status === 'ACTIVE');
    expect(subscription).toBeDefined();
    const cancelled = await emulator.api(
      `/payments/api/v1/subscriptions/${subscription?.subscriber_code}/cancel`,
      {
        method: 'POST',
        body: '{}',
      },
    );
    expect(cancelled.status).toBe(200);
    await emulator.hotmart.webhooks.flush();
    expect(received.map((delivery) => delivery.body.event).sort()).toEqual([
      'PURCHASE_REFUNDED',
      'SUBSCRIPTION_CANCELLATION',
    ]);
    for (const delivery of received) expect(delivery.headers['x-hotmart-hottok']).toBe('wiring-hottok');
    const refund = received.find((delivery) => delivery.body.event === 'PURCHASE_REFUNDED');
    expect(refund?.body.data.purchase?.transaction).toBe(transaction);
    expect(refund?.body.data.purchase?.status).toBe('REFUNDED');
    const deliveries = await emulator.control('/webhooks/deliveries');
    expect(deliveries.status).toBe(200);
  });
});
