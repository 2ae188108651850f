import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineAgent } from '../../src/agents/agent.ts';
import { parseAgentSettings, saveAgentSettings } from '../../src/agents/settings.ts';
import { timeSaved } from '../../src/agents/time-saved.ts';
import type { Store } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

// Time saved is read from the runs the store holds, so the runs are written here exactly as the engine would:
// created, claimed, then completed (or failed) at chosen times.

const at = (iso: string) => Date.parse(iso);
let t: TestStore;
let store: Store;
let serial = 0;

async function finishedRun(
  workflowId: string,
  finishedAt: string,
  options: { output?: unknown; dead?: boolean; createdAt?: string } = {},
): Promise<void> {
  serial += 1;
  const id = `${workflowId}:run-${serial}`;
  const created = at(options.createdAt ?? finishedAt) - 1_000;
  await store.createRuns(
    [
      {
        id,
        workflowId,
        eventId: null,
        connectionId: null,
        concurrencyKey: null,
        input: {},
        maxAttempts: 1,
        dueAt: created,
      },
    ],
    created,
  );
  const [claimed] = await store.claimRuns({
    owner: 'test',
    limit: 1,
    leaseMs: 60_000,
    now: created,
    workflowIds: [workflowId],
  });
  if (!claimed) throw new Error(`run ${id} was not claimed`);
  const lease = { runId: id, epoch: claimed.leaseEpoch, owner: 'test' };
  if (options.dead) {
    await store.failRun(lease, { name: 'Error', message: 'boom' }, null, at(finishedAt));
  } else {
    await store.completeRun(lease, options.output ?? { done: true }, at(finishedAt));
  }
}

beforeEach(async () => {
  t = await storeFactories[0]!.create();
  store = t.store;
});
afterEach(async () => {
  await t.destroy();
});

describe('timeSaved', () => {
  it('credits each agent’s weekly estimate to the weeks it worked, per ISO week', async () => {
    // 2026-06-01 is a Monday: week 23 runs to Sunday the 7th, week 24 starts on the 8th.
    await finishedRun('sales.purchase', '2026-06-01T15:00:00Z');
    await finishedRun('sales.purchase', '2026-06-04T15:00:00Z');
    await finishedRun('sales.purchase', '2026-06-05T15:00:00Z', { output: { skipped: 'agent disabled' } });
    await finishedRun('sales.purchase', '2026-06-05T16:00:00Z', { dead: true });
    await finishedRun('marketing.cart-recovery', '2026-06-02T15:00:00Z');
    await finishedRun('marketing.cart-recovery', '2026-06-03T15:00:00Z');
    await finishedRun('marketing.cart-recovery', '2026-06-09T15:00:00Z');
    await finishedRun('legal.refund-watch', '2026-06-10T12:00:00Z');
    // Runs of no agent earn nothing.
    await finishedRun('sequence', '2026-06-02T15:00:00Z');
    await finishedRun('mirror-apply', '2026-06-02T15:00:00Z');
    // Outside the period.
    await finishedRun('sales.purchase', '2026-05-20T15:00:00Z');
    await finishedRun('sales.purchase', '2026-06-20T15:00:00Z');

    const report = await timeSaved(store, {
      from: at('2026-06-01T03:00:00Z'),
      to: at('2026-06-15T03:00:00Z'),
    });
    expect(report.timeZone).toBe('America/Sao_Paulo');
    expect(report.rows).toEqual([
      { agent: 'marketing', week: '2026-W23', runs: 2, minutes: 60 },
      { agent: 'sales', week: '2026-W23', runs: 2, minutes: 90 },
      { agent: 'legal', week: '2026-W24', runs: 1, minutes: 30 },
      { agent: 'marketing', week: '2026-W24', runs: 1, minutes: 60 },
    ]);
    expect(report.totals).toEqual({ marketing: 120, sales: 90, legal: 30 });
    expect(report.totalMinutes).toBe(240);
  });

  it('credits a week cut by the period pro rata, and uses the per-run figure when the seller set one', async () => {
    await finishedRun('support.refunds', '2026-06-01T15:00:00Z');
    await finishedRun('support.refunds', '2026-06-02T15:00:00Z');
    await finishedRun('support.refunds', '2026-06-04T15:00:00Z');
    const from = at('2026-06-03T00:00:00Z');
    const to = at('2026-06-08T00:00:00Z');
    expect((await timeSaved(store, { from, to })).rows).toEqual([
      { agent: 'support', week: '2026-W23', runs: 1, minutes: 15 },
    ]);

    const settings = parseAgentSettings({ support: { minutesPerRun: 7.5 } });
    expect((await timeSaved(store, { from: at('2026-06-01T00:00:00Z'), to, settings })).rows).toEqual([
      { agent: 'support', week: '2026-W23', runs: 3, minutes: 22.5 },
    ]);
    // Without settings given, the stored ones apply; and agent definitions may change the weekly estimate.
    await saveAgentSettings(store, { timeZone: 'UTC', support: { minutesPerRun: 2 } }, 'user:test');
    const stored = await timeSaved(store, { from: at('2026-06-01T00:00:00Z'), to });
    expect([stored.timeZone, stored.totalMinutes]).toEqual(['UTC', 6]);
    const agent = defineAgent({
      id: 'support',
      title: { 'pt-BR': 'A', es: 'A', en: 'A' },
      description: { 'pt-BR': 'A', es: 'A', en: 'A' },
      workflows: () => [],
      needs: [],
      minutesSavedPerWeek: 100,
    });
    const custom = await timeSaved(store, { from, to, settings: parseAgentSettings({}), agents: [agent] });
    expect(custom.rows).toEqual([{ agent: 'support', week: '2026-W23', runs: 1, minutes: 33.3 }]);
  });

  it('counts weeks in the settings’ time zone', async () => {
    // Monday 02:30 UTC: still Sunday, week 23, in São Paulo.
    await finishedRun('legal.chargeback', '2026-06-08T02:30:00Z');
    const period = { from: at('2026-06-01T00:00:00Z'), to: at('2026-06-15T00:00:00Z') };
    expect((await timeSaved(store, { ...period, settings: parseAgentSettings({}) })).rows[0]?.week).toBe(
      '2026-W23',
    );
    expect(
      (await timeSaved(store, { ...period, settings: parseAgentSettings({ timeZone: 'UTC' }) })).rows[0]
        ?.week,
    ).toBe('2026-W24');
  });

  it('refuses an empty or reversed period', async () => {
    await expect(timeSaved(store, { from: 10, to: 10 })).rejects.toThrow(RangeError);
    await expect(timeSaved(store, { from: new Date(20), to: new Date(10) })).rejects.toThrow(
      'timeSaved: from and to must be instants with from before to',
    );
    expect((await timeSaved(store, { from: 0, to: 1 })).rows).toEqual([]);
  });
});
