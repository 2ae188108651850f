import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import type { NewRun, Store } from '../store/port.ts';
import { compileSchedule, type Schedule } from './cron-slot.ts';
import { createWakeup } from './wakeup.ts';
import type { WorkflowDefinition } from './workflow.ts';

/**
 * Options of {@link createScheduler}.
 *
 * @example
 * import type { SchedulerOptions } from './scheduler.ts';
 * const tuning: Partial<SchedulerOptions> = { backstopMs: 60_000 };
 */
export interface SchedulerOptions {
  store: Store;
  /** All workflows; only cron workflows are scheduled. */
  workflows: readonly WorkflowDefinition[];
  logger: Logger;
  now: Clock;
  /** Coarse re-check interval besides the next-slot timer (default 60 s): clock jumps, a missed timer. */
  backstopMs?: number;
  /** Called with the runs just created (the engine wakes its worker). */
  onRuns?: (runs: NewRun[]) => void;
}

/**
 * The scheduling role.
 *
 * @example
 * import type { Scheduler } from './scheduler.ts';
 * const once = (scheduler: Scheduler) => scheduler.tick();
 */
export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** Re-check every schedule now. */
  wake(): void;
  /** One pass over every cron workflow; resolves with the runs created. */
  tick(): Promise<NewRun[]>;
}

/**
 * The cron run of a slot: a deterministic id `${workflowId}@${slotIso}`, so every process that sees the slot
 * proposes the same run and the store keeps one. Runs of one cron workflow share a concurrency key, so a slow run
 * never overlaps the next slot's.
 *
 * @example
 * import { cronRun } from './scheduler.ts';
 * cronRun('weekly-mrr', Date.parse('2025-06-02T10:00:00Z'), 5, Date.now()).id; // 'weekly-mrr@2025-06-02T10:00:00.000Z'
 */
export function cronRun(workflowId: string, slot: number, retries: number, now: number): NewRun {
  return {
    id: `${workflowId}@${new Date(slot).toISOString()}`,
    workflowId,
    eventId: null,
    connectionId: null,
    concurrencyKey: `cron:${workflowId}`,
    input: { slot },
    maxAttempts: retries + 1,
    dueAt: now,
  };
}

/**
 * Creates the scheduler: for each cron workflow it takes the newest slot ≤ now and, if it is newer than the
 * schedule's `lastSlot`, records its run (`store.recordScheduledRun` creates the run and advances `lastSlot`
 * atomically). So any number of processes create one run per slot, and after downtime only the newest missed slot
 * runs, once. A workflow never scheduled before gets its newest past slot at once. It ticks at the next slot time,
 * plus a coarse backstop.
 *
 * @example
 * import { silentLogger } from '../kit/logger.ts';
 * import type { Store } from '../store/port.ts';
 * import { createScheduler } from './scheduler.ts';
 * declare const store: Store;
 * const scheduler = createScheduler({ store, workflows: [], logger: silentLogger, now: Date.now });
 * await scheduler.tick();
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, now } = options;
  const logger = options.logger.child({ role: 'scheduler' });
  const backstopMs = options.backstopMs ?? 60_000;
  const entries: { workflow: WorkflowDefinition; schedule: Schedule }[] = options.workflows.flatMap(
    (workflow) =>
      workflow.cron
        ? [{ workflow, schedule: compileSchedule(workflow.cron.pattern, workflow.cron.timeZone) }]
        : [],
  );
  const wakeup = createWakeup();
  let stopping = false;
  let loop: Promise<void> | null = null;

  async function tick(): Promise<NewRun[]> {
    const created: NewRun[] = [];
    for (const { workflow, schedule } of entries) {
      try {
        const at = now();
        const record = await store.getSchedule(workflow.id);
        const slot = schedule.latest(at, record?.lastSlot ?? null);
        if (slot === null) continue;
        const run = cronRun(workflow.id, slot, workflow.retries, at);
        if (await store.recordScheduledRun(workflow.id, slot, run, at)) {
          logger.info({ workflowId: workflow.id, runId: run.id }, 'scheduled run created');
          created.push(run);
        }
      } catch (error) {
        logger.warn({ err: error, workflowId: workflow.id }, 'scheduling failed; will retry');
      }
    }
    if (created.length > 0) options.onRuns?.(created);
    return created;
  }

  function msToNextSlot(): number {
    const at = now();
    let soonest = backstopMs;
    for (const { schedule } of entries) {
      const slot = schedule.next(at);
      // A few ms late on purpose: waking at the slot's exact ms must see it as ≤ now.
      if (slot !== null) soonest = Math.min(soonest, slot - at + 5);
    }
    return Math.max(0, soonest);
  }

  async function run(): Promise<void> {
    while (!stopping) {
      await tick();
      if (stopping) break;
      await wakeup.wait(msToNextSlot());
    }
  }

  return {
    start() {
      if (loop || stopping || entries.length === 0) return;
      loop = run().catch((error) => logger.error({ err: error }, 'scheduler loop crashed'));
    },
    async stop() {
      stopping = true;
      wakeup.close();
      await loop;
    },
    wake() {
      wakeup.notify();
    },
    tick,
  };
}
