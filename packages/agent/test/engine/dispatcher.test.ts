import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/engine/dispatcher.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { silentLogger } from '../../src/kit/logger.ts';
import type { EventRecord } from '../../src/store/port.ts';
import { storeFactories } from '../store/stores.ts';
import {
  CONNECTION,
  inboxEntry,
  recordingMetrics,
  seedConnection,
  useResources,
  waitFor,
  waitForRun,
} from './support/harness.ts';

describe.each(storeFactories)('dispatcher ($name)', (factory) => {
  const resources = useResources();

  it('quarantines garbage and creates runs only for matching workflows', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    const approvedOnly = defineWorkflow({ id: 'approved', on: ['PURCHASE_APPROVED'] }, async () => null);
    const refundsOfOtherProduct = defineWorkflow(
      { id: 'refunds', on: ['PURCHASE_REFUNDED'], filter: (e: EventRecord) => e.productId === 'other' },
      async () => null,
    );
    const recorded = recordingMetrics();
    const dispatcher = createDispatcher({
      store: t.store,
      workflows: [approvedOnly, refundsOfOtherProduct],
      logger: silentLogger,
      now: Date.now,
      metrics: recorded.metrics,
      batchSize: 2,
    });

    const approved = inboxEntry('PURCHASE_APPROVED');
    const refunded = inboxEntry('PURCHASE_REFUNDED');
    const cancelled = inboxEntry('SUBSCRIPTION_CANCELLATION');
    const garbage = { ...inboxEntry('PURCHASE_APPROVED'), eventId: 'sha256:garbage', body: '{"id": oops' };
    for (const entry of [approved, garbage, refunded, cancelled]) await t.store.ingest(entry);

    expect(await dispatcher.drain()).toEqual({ dispatched: 3, quarantined: 1, runs: 1 });
    const quarantined = await t.store.listInbox({ status: 'quarantined' });
    expect(quarantined.map((row) => [row.eventId, row.quarantineReason?.split(':')[0]])).toEqual([
      ['sha256:garbage', 'invalid_json'],
    ]);
    expect((await t.store.listInbox({ status: 'pending' })).length).toBe(0);

    const runs = await t.store.listRuns({ limit: 10 });
    expect(runs.map((run) => run.id)).toEqual([`approved:${approved.eventId}`]);
    const event = await t.store.getEvent(refunded.eventId);
    expect([event?.name, event?.connectionId]).toEqual(['PURCHASE_REFUNDED', CONNECTION]);
    expect((await t.store.getEvent(cancelled.eventId))?.name).toBe('SUBSCRIPTION_CANCELLATION');
    const totals = { event: 0, quarantine: 0 };
    for (const d of recorded.dispatched) totals[d.outcome] += d.n;
    expect(totals).toEqual({ event: 3, quarantine: 1 });
    expect(await dispatcher.drain()).toEqual({ dispatched: 0, quarantined: 0, runs: 0 });
  });

  it('50 concurrent deliveries of one event id give one event and one run per workflow', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    const calls = { crm: 0, email: 0 };
    const crm = defineWorkflow({ id: 'crm', on: ['PURCHASE_APPROVED'] }, async ({ step }) =>
      step.run('upsert', () => ++calls.crm),
    );
    const email = defineWorkflow({ id: 'email', on: ['PURCHASE_APPROVED'] }, async ({ step }) =>
      step.run('send', () => ++calls.email),
    );
    // Two processes dispatch and execute at once.
    await resources.engine({ store: t.store, workflows: [crm, email], pollMs: 10 }).start();
    await resources.engine({ store: t.reopen(), workflows: [crm, email], pollMs: 10 }).start();

    const entry = inboxEntry('PURCHASE_APPROVED');
    const handles = [t.store, t.reopen()];
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => handles[i % 2]!.ingest({ ...entry, receivedAt: Date.now() })),
    );
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);

    await waitForRun(t.store, `crm:${entry.eventId}`, 'completed');
    await waitForRun(t.store, `email:${entry.eventId}`, 'completed');
    await waitFor(async () => (await t.store.queueDepth()).inboxPending === 0, 'the inbox to drain');
    expect((await t.store.listEvents({ limit: 10 })).map((e) => e.id)).toEqual([entry.eventId]);
    expect((await t.store.listRuns({ limit: 10 })).map((r) => r.id).sort()).toEqual([
      `crm:${entry.eventId}`,
      `email:${entry.eventId}`,
    ]);
    expect(calls).toEqual({ crm: 1, email: 1 });
  });

  it('an onEvent hook sees every dispatched event (the mirror extension point)', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    const seen: string[] = [];
    const dispatcher = createDispatcher({
      store: t.store,
      workflows: [],
      logger: silentLogger,
      now: Date.now,
      onEvent: (event, parsed) => seen.push(`${event.name}/${parsed.kind}`),
    });
    await t.store.ingest(inboxEntry('CLUB_FIRST_ACCESS'));
    await t.store.ingest(inboxEntry('SWITCH_PLAN'));
    await dispatcher.drain();
    expect(seen.sort()).toEqual(['CLUB_FIRST_ACCESS/club_first_access', 'SWITCH_PLAN/switch_plan']);
  });
});
