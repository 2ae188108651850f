import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/engine/scheduler.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { silentLogger } from '../../src/kit/logger.ts';
import { storeFactories } from '../store/stores.ts';
import { manualClock, useResources, waitFor } from './support/harness.ts';

const at = (iso: string) => Date.parse(iso);

describe.each(storeFactories)('scheduler ($name)', (factory) => {
  const resources = useResources();

  it('two processes on one store create one run per slot', async () => {
    const t = resources.track(await factory.create());
    const clock = manualClock(at('2025-06-02T10:00:30Z'));
    const everyMinute = defineWorkflow(
      { id: 'minutely', on: { cron: '* * * * *' }, retries: 2 },
      async () => null,
    );
    const schedulers = [t.store, t.reopen(), t.reopen()].map((store) =>
      createScheduler({ store, workflows: [everyMinute], logger: silentLogger, now: clock.now }),
    );
    const created: string[] = [];
    for (let minute = 0; minute < 5; minute++) {
      const results = await Promise.all(schedulers.flatMap((s) => [s.tick(), s.tick()]));
      created.push(...results.flat().map((run) => run.id));
      clock.advance(60_000);
    }
    const expected = [0, 1, 2, 3, 4].map((m) => `minutely@2025-06-02T10:0${m}:00.000Z`);
    expect(created.sort()).toEqual(expected);
    const runs = await t.store.listRuns({ workflowId: 'minutely', limit: 10 });
    expect(runs.map((r) => r.id).sort()).toEqual(expected);
    expect(runs[0]).toMatchObject({
      eventId: null,
      concurrencyKey: 'cron:minutely',
      maxAttempts: 3,
      status: 'queued',
    });
    expect(runs.map((r) => (r.input as { slot: number }).slot).sort()).toEqual(
      [0, 1, 2, 3, 4].map((m) => at(`2025-06-02T10:0${m}:00Z`)),
    );
  });

  it('after downtime only the newest missed slot runs, once', async () => {
    const t = resources.track(await factory.create());
    const clock = manualClock(at('2025-06-02T10:00:05Z'));
    const hourly = defineWorkflow({ id: 'hourly', on: { cron: '0 * * * *' } }, async () => null);
    const scheduler = createScheduler({
      store: t.store,
      workflows: [hourly],
      logger: silentLogger,
      now: clock.now,
    });
    expect((await scheduler.tick()).map((r) => r.id)).toEqual(['hourly@2025-06-02T10:00:00.000Z']);
    expect(await scheduler.tick()).toEqual([]);

    clock.set(at('2025-06-02T15:20:00Z')); // down for five hours
    const restarted = createScheduler({
      store: t.reopen(),
      workflows: [hourly],
      logger: silentLogger,
      now: clock.now,
    });
    expect((await restarted.tick()).map((r) => r.id)).toEqual(['hourly@2025-06-02T15:00:00.000Z']);
    expect(await restarted.tick()).toEqual([]);
    expect(await scheduler.tick()).toEqual([]);
    expect((await t.store.getSchedule('hourly'))?.lastSlot).toBe(at('2025-06-02T15:00:00Z'));
    expect((await t.store.listRuns({ workflowId: 'hourly', limit: 10 })).length).toBe(2);
  });

  it('evaluates the pattern in the workflow’s time zone (Monday 07:00 America/Sao_Paulo)', async () => {
    const t = resources.track(await factory.create());
    const clock = manualClock(at('2025-06-02T09:59:00Z')); // Monday 06:59 in São Paulo
    const weekly = defineWorkflow(
      { id: 'weekly', on: { cron: '0 7 * * 1', timeZone: 'America/Sao_Paulo' } },
      async () => null,
    );
    const scheduler = createScheduler({
      store: t.store,
      workflows: [weekly],
      logger: silentLogger,
      now: clock.now,
    });
    // Never scheduled before: the newest past slot (last Monday) runs at once.
    expect((await scheduler.tick()).map((r) => r.id)).toEqual(['weekly@2025-05-26T10:00:00.000Z']);
    clock.set(at('2025-06-02T10:00:00Z')); // 07:00 in São Paulo
    expect((await scheduler.tick()).map((r) => r.id)).toEqual(['weekly@2025-06-02T10:00:00.000Z']);
    clock.set(at('2025-06-08T23:59:00Z'));
    expect(await scheduler.tick()).toEqual([]);
  });

  it('fires on its timer and the engine executes cron runs with their slot and no event', async () => {
    const t = resources.track(await factory.create());
    const slots: (number | undefined)[] = [];
    const events: unknown[] = [];
    const everySecond = defineWorkflow(
      { id: 'tick', on: { cron: '* * * * * *' } },
      async ({ run, event }) => {
        slots.push(run.slot);
        events.push(event);
      },
    );
    const engines = [t.store, t.reopen()].map((store) =>
      resources.engine({ store, workflows: [everySecond], pollMs: 20 }),
    );
    for (const engine of engines) await engine.start();
    await waitFor(() => slots.length >= 3, 'three slots', 6_000);
    for (const engine of engines) await engine.stop();
    const sorted = [...slots].sort() as number[];
    expect(new Set(sorted).size).toBe(sorted.length);
    // Consecutive seconds, unless a loaded machine made a tick late (then only the newest slot runs).
    for (let i = 1; i < sorted.length; i++) expect((sorted[i]! - sorted[i - 1]!) % 1_000).toBe(0);
    expect(sorted.every((slot) => slot % 1_000 === 0)).toBe(true);
    expect(events.every((event) => event === null)).toBe(true);
  });
});
