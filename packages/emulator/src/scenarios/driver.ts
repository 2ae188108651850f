import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Rng } from '../generator/random.ts';
import type { Account, StateChange } from '../model.ts';
import type { WebhookEventName } from '../webhooks/event-names.ts';
import type { WebhookSender } from '../webhooks/sender.ts';
import { createCatalogReader } from './catalog.ts';
import { JOURNEY_NAMES, JOURNEYS, type JourneyDefinition, type JourneyName } from './journeys.ts';
import type { ScenarioContext } from './operations.ts';
import { ScenarioError } from './scenario-error.ts';
import { applyTrigger, type TriggerInput } from './trigger.ts';

/**
 * How the driver plays.
 *
 * @example
 * const options: ScenarioDriverOptions = { seed: 7, parallel: 32, backpressure: { sender } };
 */
export interface ScenarioDriverOptions {
  /** Seed of the journeys' choices. Default: the account's seed. Each run can override it. */
  seed?: number;
  /** Journeys in progress at once, whose steps interleave like real customers'. Default 16. */
  parallel?: number;
  /**
   * When the driver runs unthrottled, pause while the sender has more than `highWaterMark` deliveries pending,
   * so a fast driver cannot queue unbounded work (default high-water mark 5,000).
   */
  backpressure?: { sender: Pick<WebhookSender, 'pending' | 'whenBelow'>; highWaterMark?: number };
}

/**
 * One run: how many journeys, how fast, and in what proportions.
 *
 * @example
 * const options = scenarioRunOptionsSchema.parse({ journeys: 100, rate: 50, mix: { refund: 1, card_purchase: 4 } });
 */
export const scenarioRunOptionsSchema = z.strictObject({
  /** Number of journeys to play. */
  journeys: z.number().int().min(1).max(10_000_000),
  /** Events per second; omitted or 0 plays as fast as possible. */
  rate: z.number().min(0).max(1_000_000).optional(),
  /** Relative weight of each journey; journeys left out are not played. Default: every journey's own weight. */
  mix: z
    .partialRecord(z.enum(JOURNEY_NAMES), z.number().min(0))
    .refine(
      (mix) => Object.values(mix).some((weight) => (weight ?? 0) > 0),
      'give at least one journey a weight > 0',
    )
    .optional(),
  seed: z.number().int().optional(),
});

/**
 * Options of {@link ScenarioDriver.run} and {@link ScenarioDriver.start}.
 *
 * @example
 * const options: ScenarioRunOptions = { journeys: 500, rate: 200, mix: { card_purchase: 3, refund: 1 } };
 */
export type ScenarioRunOptions = z.input<typeof scenarioRunOptionsSchema> & { signal?: AbortSignal };

/**
 * Progress and result of a run.
 *
 * @example
 * const summary: ScenarioSummary = await driver.run({ journeys: 10 });
 * console.log(summary.byEvent.PURCHASE_APPROVED, summary.journeys.failed);
 */
export interface ScenarioSummary {
  id: string;
  status: 'running' | 'completed' | 'stopped' | 'failed';
  seed: number;
  rate: number | null;
  /** `failed` journeys stopped at a step that threw; `error` holds the first such message. */
  journeys: { planned: number; started: number; completed: number; failed: number };
  /** Events reported (each one `account.notify` call). */
  events: number;
  byEvent: Partial<Record<WebhookEventName, number>>;
  /** Journeys started, by name. */
  byJourney: Partial<Record<JourneyName, number>>;
  startedAt: number;
  finishedAt: number | null;
  elapsedMs: number;
  error?: string;
}

/**
 * A run in progress or finished.
 *
 * @example
 * const run: ScenarioRun = driver.start({ journeys: 1_000, rate: 50 });
 * setTimeout(() => run.stop(), 1_000);
 * console.log((await run.done).status); // 'stopped'
 */
export interface ScenarioRun {
  readonly id: string;
  progress(): ScenarioSummary;
  /** Stops after the current step; `done` then resolves with status `stopped`. */
  stop(): void;
  /** Resolves when the run ends, whatever the outcome (a failure is reported in `status` and `error`). */
  readonly done: Promise<ScenarioSummary>;
}

/**
 * What a journey is, for introspection.
 *
 * @example
 * const playable: JourneyInfo[] = driver.journeys.filter((journey) => journey.available);
 */
export interface JourneyInfo {
  name: JourneyName;
  description: string;
  weight: number;
  events: readonly WebhookEventName[];
  /** Whether this account's catalogue can play it. */
  available: boolean;
}

/**
 * Plays customer journeys on an account; every step is an account write followed by `account.notify`.
 *
 * @example
 * const driver: ScenarioDriver = createScenarioDriver(account);
 * driver.trigger({ event: 'PURCHASE_CHARGEBACK' });
 */
export interface ScenarioDriver {
  readonly journeys: readonly JourneyInfo[];
  /** Starts a run in the background. Throws on invalid options or a mix of journeys the account cannot play. */
  start(options: ScenarioRunOptions): ScenarioRun;
  /** Plays a run to the end and resolves with its summary (failed journeys are counted in it). */
  run(options: ScenarioRunOptions): Promise<ScenarioSummary>;
  /** Writes one event's state change, notifies it and returns it (see {@link TriggerInput}). */
  trigger(input: TriggerInput): StateChange;
  get(id: string): ScenarioRun | undefined;
  runs(): readonly ScenarioRun[];
}

/** Journeys between two looks at the event loop when unthrottled, so sockets and timers get their turn. */
const STEPS_PER_TURN = 64;
/** Finished runs kept for `GET /scenarios/:id`. */
const MAX_KEPT_RUNS = 100;

function weightedPicker(entries: readonly { journey: JourneyDefinition; weight: number }[]) {
  const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
  return (unit: number): JourneyDefinition => {
    let target = unit * total;
    for (const entry of entries) {
      target -= entry.weight;
      if (target < 0) return entry.journey;
    }
    return (entries[entries.length - 1] as { journey: JourneyDefinition }).journey;
  };
}

/**
 * Creates the scenario driver: it plays realistic customer journeys (cart abandonment, card, boleto and PIX
 * purchases, refunds, chargebacks, subscription renewals, delays, cancellations, reactivations, plan switches,
 * due-day changes, members-area access and module completions) at a chosen rate or as fast as possible. Each
 * step writes to the account, which the REST API then reflects, and calls `account.notify`, which the webhook
 * sender delivers. The same seed on the same account plays the same run.
 *
 * @example
 * const driver = createScenarioDriver(account, { seed: 7 });
 * const summary = await driver.run({ journeys: 200, rate: 100 });
 * console.log(summary.byEvent.PURCHASE_APPROVED);
 * driver.trigger({ event: 'PURCHASE_REFUNDED' });
 */
export function createScenarioDriver(account: Account, options: ScenarioDriverOptions = {}): ScenarioDriver {
  const parallel = options.parallel ?? 16;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new RangeError('parallel must be a positive integer');
  const baseSeed = options.seed ?? account.seed;
  const highWaterMark = options.backpressure?.highWaterMark ?? 5_000;
  // Read again whenever the products change: an emulator account can be reseeded in place with new products.
  const catalogOf = createCatalogReader(account);
  const runs = new Map<string, ScenarioRun>();
  let runCounter = 0;
  const triggerRandom = new Rng(baseSeed ^ 0x5eed);
  let triggerBuyers = 0;

  const context = (seed: number, tag: string): ScenarioContext => ({
    account,
    random: new Rng(seed),
    catalog: catalogOf(),
    tag,
    createdBuyers: 0,
  });

  function start(input: ScenarioRunOptions): ScenarioRun {
    const { signal, ...rest } = input;
    const parsed = scenarioRunOptionsSchema.parse(rest);
    const ordinal = ++runCounter;
    const id = `run_${ordinal}`;
    const seed = parsed.seed ?? baseSeed + ordinal - 1;
    const rate = parsed.rate !== undefined && parsed.rate > 0 ? parsed.rate : null;
    const ctx = context(seed, `s${seed}r${ordinal}`);
    const available = JOURNEYS.filter((journey) => journey.available(ctx.catalog));
    let entries: { journey: JourneyDefinition; weight: number }[];
    if (parsed.mix) {
      entries = [];
      for (const [name, weight] of Object.entries(parsed.mix) as [JourneyName, number][]) {
        if (weight <= 0) continue;
        const journey = available.find((candidate) => candidate.name === name);
        if (!journey)
          throw new ScenarioError('unavailable', `journey ${name} needs products this account lacks`);
        entries.push({ journey, weight });
      }
    } else {
      entries = available.map((journey) => ({ journey, weight: journey.weight }));
    }
    if (entries.length === 0) throw new ScenarioError('unavailable', 'the account has nothing to sell');
    // Keep the mix in catalogue order so a seed does not depend on how the caller ordered the keys.
    entries.sort((a, b) => JOURNEY_NAMES.indexOf(a.journey.name) - JOURNEY_NAMES.indexOf(b.journey.name));
    const pickJourney = weightedPicker(entries);

    const summary: ScenarioSummary = {
      id,
      status: 'running',
      seed,
      rate,
      journeys: { planned: parsed.journeys, started: 0, completed: 0, failed: 0 },
      events: 0,
      byEvent: {},
      byJourney: {},
      startedAt: Date.now(),
      finishedAt: null,
      elapsedMs: 0,
    };
    const t0 = performance.now();
    let stopRequested = false;
    let failure: unknown;
    // Also cuts short a pacing pause, which at a low rate can last seconds.
    const halt = new AbortController();
    const stop = () => {
      stopRequested = true;
      halt.abort();
    };
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();

    const report = (change: StateChange): void => {
      summary.events++;
      summary.byEvent[change.event] = (summary.byEvent[change.event] ?? 0) + 1;
      account.notify(change);
    };

    async function play(): Promise<void> {
      const active: Generator<StateChange, void, void>[] = [];
      let sinceTurn = 0;
      while (!stopRequested) {
        while (active.length < parallel && summary.journeys.started < parsed.journeys) {
          const journey = pickJourney(ctx.random.next());
          summary.journeys.started++;
          summary.byJourney[journey.name] = (summary.byJourney[journey.name] ?? 0) + 1;
          active.push(journey.play(ctx));
        }
        if (active.length === 0) break;
        if (rate !== null) {
          const dueAt = (summary.events * 1000) / rate;
          const wait = dueAt - (performance.now() - t0);
          if (wait > 1) {
            sinceTurn = 0;
            await sleep(wait, undefined, { signal: halt.signal }).catch(() => undefined);
            continue;
          }
        }
        if (++sinceTurn >= STEPS_PER_TURN) {
          sinceTurn = 0;
          const sender = options.backpressure?.sender;
          if (rate === null && sender && sender.pending() > highWaterMark) {
            await sender.whenBelow(Math.floor(highWaterMark / 2));
          } else {
            await nextTurn();
          }
          continue;
        }
        const slot = ctx.random.int(0, active.length - 1);
        const journey = active[slot] as Generator<StateChange, void, void>;
        let step: IteratorResult<StateChange, void>;
        let failed = false;
        try {
          step = journey.next();
        } catch (error) {
          // One customer's story going wrong (say, a record another run changed) must not end a long run; it is
          // counted and the first message kept.
          failed = true;
          summary.error ??= error instanceof Error ? error.message : String(error);
          step = { done: true, value: undefined };
        }
        if (step.done) {
          active[slot] = active[active.length - 1] as Generator<StateChange, void, void>;
          active.pop();
          if (failed) summary.journeys.failed++;
          else summary.journeys.completed++;
        } else {
          report(step.value);
        }
      }
    }

    const done = play()
      .then(
        () => {
          const finished = summary.journeys.completed + summary.journeys.failed;
          summary.status = stopRequested && finished < parsed.journeys ? 'stopped' : 'completed';
        },
        (error: unknown) => {
          failure = error;
          summary.status = 'failed';
          summary.error = error instanceof Error ? error.message : String(error);
        },
      )
      .then(() => {
        signal?.removeEventListener('abort', stop);
        summary.finishedAt = Date.now();
        summary.elapsedMs = performance.now() - t0;
        return snapshot();
      });

    function snapshot(): ScenarioSummary {
      return {
        ...summary,
        journeys: { ...summary.journeys },
        byEvent: { ...summary.byEvent },
        byJourney: { ...summary.byJourney },
        elapsedMs: summary.finishedAt === null ? performance.now() - t0 : summary.elapsedMs,
      };
    }

    const handle: ScenarioRun & { failure(): unknown } = {
      id,
      progress: snapshot,
      stop,
      done,
      failure: () => failure,
    };
    runs.set(id, handle);
    if (runs.size > MAX_KEPT_RUNS) {
      for (const [key, run] of runs) {
        if (runs.size <= MAX_KEPT_RUNS) break;
        if (run.progress().status !== 'running') runs.delete(key);
      }
    }
    return handle;
  }

  return {
    journeys: JOURNEYS.map((journey) => ({
      name: journey.name,
      description: journey.description,
      weight: journey.weight,
      events: journey.events,
      get available() {
        return journey.available(catalogOf());
      },
    })),
    start,
    async run(input) {
      const handle = start(input) as ScenarioRun & { failure(): unknown };
      const summary = await handle.done;
      if (summary.status === 'failed') throw handle.failure();
      return summary;
    },
    trigger(input) {
      const ctx: ScenarioContext = {
        account,
        random: triggerRandom,
        catalog: catalogOf(),
        tag: `t${baseSeed}`,
        createdBuyers: triggerBuyers,
      };
      try {
        const change = applyTrigger(ctx, input);
        account.notify(change);
        return change;
      } finally {
        triggerBuyers = ctx.createdBuyers;
      }
    },
    get: (id) => runs.get(id),
    runs: () => [...runs.values()],
  };
}
