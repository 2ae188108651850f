import { parseWebhook } from '@hotpilot/hotmart/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/account.ts';
import type { StateChange } from '../../src/model.ts';
import { createScenarioDriver } from '../../src/scenarios/index.ts';
import {
  createWebhookSender,
  isPurchaseChange,
  type PurchaseEventName,
  toWebhookPurchaseStatus,
  WEBHOOK_STATUS_BY_EVENT,
  type WebhookSender,
} from '../../src/webhooks/index.ts';
import { type Receiver, startReceiver } from '../webhooks/receiver.ts';

const HOTTOK = 'e2e-hottok-do-not-log';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(behaviour?: Parameters<typeof startReceiver>[0]) {
  const receiver: Receiver = await startReceiver(behaviour);
  cleanups.push(() => receiver.close());
  const account = createAccount({ seed: 7, sales: 400 });
  return { receiver, account };
}

function track(sender: WebhookSender): WebhookSender {
  cleanups.push(() => sender.close());
  return sender;
}

describe('scenario driver → webhook sender → HTTP receiver', () => {
  it('delivers every event of a run, parseable, counted as the summary says', async () => {
    const { receiver, account } = await setUp();
    const sender = track(
      createWebhookSender(account, { endpoints: [{ url: receiver.url, hottok: HOTTOK }] }),
    );
    const notified: StateChange[] = [];
    account.onChange((change) => notified.push(change));
    const summary = await createScenarioDriver(account).run({ journeys: 80, seed: 99 });
    await sender.flush();

    expect(summary.journeys.failed).toBe(0);
    expect(receiver.received).toHaveLength(summary.events);
    const counts: Record<string, number> = {};
    for (const request of receiver.received) {
      expect(request.headers['x-hotmart-hottok']).toBe(HOTTOK);
      const parsed = parseWebhook(request.raw, request.headers['content-type']);
      expect(parsed.ok, request.raw.slice(0, 120)).toBe(true);
      counts[String(request.body.event)] = (counts[String(request.body.event)] ?? 0) + 1;
    }
    expect(counts).toEqual(summary.byEvent);
    expect(sender.stats()).toMatchObject({ delivered: summary.events, failed: 0, buildErrors: 0 });

    // Deliveries run in parallel, so arrival order is not notification order; the last purchase event notified
    // for each transaction agrees with what REST reads now, and every body carries its event's status.
    const last = new Map<string, PurchaseEventName>();
    for (const change of notified) if (isPurchaseChange(change)) last.set(change.transaction, change.event);
    expect(last.size).toBeGreaterThan(20);
    for (const [transaction, event] of last) {
      const sale = account.sale(transaction);
      expect(sale, transaction).toBeDefined();
      expect(toWebhookPurchaseStatus(sale?.status ?? 'STARTED'), transaction).toBe(
        WEBHOOK_STATUS_BY_EVENT[event],
      );
    }
    for (const request of receiver.received) {
      const purchase = (request.body.data as { purchase?: { status: string } }).purchase;
      if (purchase)
        expect(purchase.status).toBe(WEBHOOK_STATUS_BY_EVENT[request.body.event as PurchaseEventName]);
    }
  });

  it('keeps the sender queue bounded with back-pressure', async () => {
    const { receiver, account } = await setUp(() => ({ status: 200, delayMs: 2 }));
    const sender = track(
      createWebhookSender(account, { endpoints: [{ url: receiver.url, hottok: HOTTOK }], concurrency: 4 }),
    );
    let maxPending = 0;
    account.onChange(() => {
      maxPending = Math.max(maxPending, sender.pending());
    });
    const driver = createScenarioDriver(account, { backpressure: { sender, highWaterMark: 20 } });
    const summary = await driver.run({ journeys: 150, mix: { card_purchase: 1 }, seed: 4 });
    await sender.flush();
    expect(summary.events).toBe(300);
    expect(receiver.received).toHaveLength(300);
    // At most one batch of steps beyond the high-water mark before the driver waits.
    expect(maxPending).toBeLessThanOrEqual(20 + 64);
  });
});
