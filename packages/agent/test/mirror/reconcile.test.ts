import { buildWebhookPayload, type RunningEmulator } from '@hotpilot/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../src/engine/workflow.ts';
import {
  MIRROR_APPLY_WORKFLOW_ID,
  MIRROR_RECONCILE_WORKFLOW_ID,
  mirrorWorkflows,
} from '../../src/mirror/mirror-workflow.ts';
import {
  reconcileConnection,
  reconciledEventId,
  reconciliationRuns,
  syntheticSaleEvent,
} from '../../src/mirror/reconcile.ts';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import type { EventRecord } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import {
  CONNECTION,
  createEmulatorConnection,
  deliver,
  emulatorClient,
  startMirrorEmulator,
  waitFor,
  waitForCompletedRun,
} from './support.ts';

let hotmart: RunningEmulator;
const emulatorNow = () => hotmart.account.now();

beforeAll(async () => {
  hotmart = await startMirrorEmulator();
});
afterAll(() => hotmart?.close());

/** A workflow of the seller's, to see synthetic events start the runs a delivery would have. */
const recovered = defineWorkflow(
  {
    id: 'recovered-sales',
    on: ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'],
    concurrencyKey: (e) => e.buyerEmail,
  },
  async ({ event, step }) =>
    step.run('note', () => ({ reconciled: event.reconciled, transaction: event.transaction })),
);

describe.each(storeFactories)('reconciliation on $name', (factory) => {
  let t: TestStore;
  let engines: Engine[] = [];

  afterEach(async () => {
    await Promise.all(engines.map((engine) => engine.stop({ deadlineMs: 1000 })));
    engines = [];
    await t?.destroy();
    hotmart.account.reset();
  });

  it('recovers sales whose webhooks were dropped, with runs, and adds nothing the second time', async () => {
    t = await factory.create();
    await createEmulatorConnection(t.store, hotmart, Date.now());
    // No webhook endpoint is registered on the emulator: these sales' webhooks go nowhere.
    const approved = hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED' }) as { transaction: string };
    const refunded = hotmart.scenarios.trigger({ event: 'PURCHASE_REFUNDED' }) as { transaction: string };
    // This one's webhook does arrive.
    const delivered = hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED' }) as { transaction: string };
    const deliveredPayload = buildWebhookPayload(hotmart.account, {
      event: 'PURCHASE_APPROVED',
      transaction: delivered.transaction,
    });

    const all: WorkflowDefinition[] = [];
    all.push(
      ...mirrorWorkflows({
        store: t.store,
        workflows: () => all,
        now: emulatorNow,
        reconcile: { windowHours: 72 },
      }),
      recovered,
    );
    const tuning = { store: t.store, workflows: all, pollMs: 20, backoff: { baseMs: 1, capMs: 5 } };
    const worker = createEngine({ ...tuning, roles: { schedule: false } });
    engines.push(worker);
    await worker.start();
    await deliver(t.store, deliveredPayload);
    await waitForCompletedRun(t.store, `${MIRROR_APPLY_WORKFLOW_ID}:${deliveredPayload.id}`);
    // Then the scheduler: a cron workflow never scheduled before runs its newest past slot at once.
    const scheduler = createEngine({ ...tuning, roles: { dispatch: false, execute: false, schedule: true } });
    engines.push(scheduler);
    await scheduler.start();
    const [reconcileRun] = await waitFor(async () => {
      const runs = await t.store.listRuns({ workflowId: MIRROR_RECONCILE_WORKFLOW_ID, status: 'completed' });
      return runs.length > 0 ? runs : null;
    }, 'the reconcile run');
    const output = reconcileRun!.output as { inserted: string[]; checked: number }[];
    expect(output).toHaveLength(1);

    const approvedId = reconciledEventId(CONNECTION, approved.transaction, 'APPROVED');
    const refundedId = reconciledEventId(CONNECTION, refunded.transaction, 'REFUNDED');
    expect(output[0]?.inserted).toEqual(expect.arrayContaining([approvedId, refundedId]));
    expect(output[0]?.inserted.some((id) => id.includes(delivered.transaction))).toBe(false);

    const event = (await t.store.getEvent(approvedId)) as EventRecord;
    expect(event).toMatchObject({
      id: approvedId,
      name: 'PURCHASE_APPROVED',
      reconciled: true,
      transaction: approved.transaction,
      connectionId: CONNECTION,
      buyerEmail: hotmart.account
        .buyer(hotmart.account.sale(approved.transaction)!.buyer_ucode)
        ?.email.toLowerCase(),
    });
    expect((event.payload as { data: { purchase: { status: string } } }).data.purchase.status).toBe(
      'APPROVED',
    );
    const refundEvent = (await t.store.getEvent(refundedId)) as EventRecord;
    expect(refundEvent.name).toBe('PURCHASE_REFUNDED');
    expect((refundEvent.payload as { data: { purchase: { status: string } } }).data.purchase.status).toBe(
      'REFUNDED',
    );

    // The seller's workflow ran for both, seeing reconciled events; the mirror applied them.
    for (const [id, transaction] of [
      [approvedId, approved.transaction],
      [refundedId, refunded.transaction],
    ] as const) {
      const run = await waitForCompletedRun(t.store, `recovered-sales:${id}`);
      expect(run.output).toEqual({ reconciled: true, transaction });
      await waitForCompletedRun(t.store, `${MIRROR_APPLY_WORKFLOW_ID}:${id}`);
    }
    const repo = createMirrorRepo(t.store);
    expect((await repo.sale(CONNECTION, approved.transaction))?.status).toBe('APPROVED');
    expect((await repo.sale(CONNECTION, refunded.transaction))?.status).toBe('REFUNDED');

    // A second reconciliation finds every event and adds nothing.
    const eventsBefore = (await t.store.listEvents({ connectionId: CONNECTION, limit: 1000 })).length;
    const second = await reconcileConnection({
      store: t.store,
      connection: { id: CONNECTION },
      client: emulatorClient(hotmart),
      workflows: all,
      now: emulatorNow,
    });
    expect(second.inserted).toEqual([]);
    expect(second.runs).toBe(0);
    expect(second.checked).toBeGreaterThanOrEqual(3);
    expect((await t.store.listEvents({ connectionId: CONNECTION, limit: 1000 })).length).toBe(eventsBefore);
  });

  it('gives a synthetic event the runs the dispatcher would give, and refuses a bad window', async () => {
    t = await factory.create();
    const sale = {
      product: { id: 42, name: 'Curso' },
      buyer: { email: 'Ana@Example.com', name: 'Ana' },
      purchase: {
        transaction: 'HP000042',
        status: 'BLOCKED',
        order_date: 1_700_000_000_000,
        price: { value: 97, currency_code: 'BRL' },
      },
    };
    const event = syntheticSaleEvent(CONNECTION, sale, { now: 1_700_000_100_000 })!;
    expect(event).toMatchObject({
      id: 'reconciled:main:HP000042:BLOCKED',
      name: 'PURCHASE_CANCELED',
      reconciled: true,
      occurredAt: 1_700_000_000_000,
      buyerEmail: 'ana@example.com',
      productId: '42',
    });
    const cancelled = defineWorkflow(
      { id: 'cancelled', on: ['PURCHASE_CANCELED'], retries: 2 },
      async () => null,
    );
    const runs = reconciliationRuns(event, [cancelled, recovered], 5);
    expect(runs).toEqual([
      {
        id: `cancelled:${event.id}`,
        workflowId: 'cancelled',
        eventId: event.id,
        connectionId: CONNECTION,
        concurrencyKey: null,
        input: { eventId: event.id },
        maxAttempts: 3,
        dueAt: 5,
      },
    ]);
    // Statuses that owe no webhook, and sales without a transaction, get no event.
    expect(
      syntheticSaleEvent(CONNECTION, { purchase: { transaction: 'HP1', status: 'STARTED' } }, { now: 1 }),
    ).toBe(null);
    expect(syntheticSaleEvent(CONNECTION, { purchase: { status: 'APPROVED' } }, { now: 1 })).toBeNull();

    await expect(
      reconcileConnection({
        store: t.store,
        connection: { id: CONNECTION },
        client: emulatorClient(hotmart),
        workflows: [],
        windowMs: 0,
      }),
    ).rejects.toThrow(/windowMs/);
    expect(() => mirrorWorkflows({ store: t.store, reconcile: { windowHours: -1 } })).toThrow(/windowHours/);
  });
});
