import type { RunRecord, Store } from '../store/port.ts';
import { type AgentDefinition, agentOfWorkflow, DEFAULT_MINUTES_SAVED_PER_WEEK } from './agent.ts';
import { isoWeek } from './iso-week.ts';
import { type AgentId, type AgentSettings, getAgentSettings } from './settings.ts';
import { isSkippedRun } from './skipped-run.ts';

const DAY = 86_400_000;
// A week that touches the range starts at most 7 days before it and ends at most 7 days after it; runs are found by
// creation time, so a week more is allowed for runs that finished long after they were created (retries, replays).
const SCAN_BEFORE_MS = 15 * DAY;
const SCAN_AFTER_MS = 8 * DAY;
const PAGE = 1000;

/**
 * One agent's credit in one ISO week: finished runs in the range and the minutes they saved.
 *
 * @example
 * import type { TimeSavedRow } from './time-saved.ts';
 * const row: TimeSavedRow = { agent: 'sales', week: '2026-W23', runs: 12, minutes: 90 };
 */
export interface TimeSavedRow {
  agent: AgentId;
  /** ISO week in the settings' time zone, e.g. `2026-W23`. */
  week: string;
  runs: number;
  minutes: number;
}

/**
 * Time saved by the agents over a period.
 *
 * @example
 * import type { TimeSavedReport } from './time-saved.ts';
 * const hours = (report: TimeSavedReport) => report.totalMinutes / 60;
 */
export interface TimeSavedReport {
  from: number;
  to: number;
  timeZone: string;
  /** Sorted by week, then agent. Agents and weeks without runs are left out. */
  rows: TimeSavedRow[];
  /** Minutes per agent over the whole period. */
  totals: Partial<Record<AgentId, number>>;
  totalMinutes: number;
}

/**
 * Minutes saved per agent per ISO week between `from` (inclusive) and `to` (exclusive), read from the runs: every
 * completed run of an agent's workflow (the workflow id's prefix names the agent, `sales.purchase` → sales) that did
 * something (not `{ skipped }`) earns credit when it finished in the period. The credit is the agent's
 * `minutesPerRun` setting when set; otherwise the agent's weekly estimate spread over that week's runs, so a week
 * with activity is worth the weekly figure and a week split by the period is credited pro rata.
 *
 * The figures live as long as the runs: the retention policy that prunes completed runs also ends their credit.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { timeSaved } from './time-saved.ts';
 * declare const store: Store;
 * const report = await timeSaved(store, { from: Date.parse('2026-05-01'), to: Date.parse('2026-06-01') });
 * console.log(report.totals.sales, report.totalMinutes);
 */
export async function timeSaved(
  store: Pick<Store, 'listRuns' | 'getState'>,
  options: {
    from: number | Date;
    to: number | Date;
    /** Default: the settings in the store. */
    settings?: AgentSettings;
    /** Agent definitions whose weekly estimates replace the defaults. */
    agents?: readonly AgentDefinition[];
  },
): Promise<TimeSavedReport> {
  const from = options.from instanceof Date ? options.from.getTime() : options.from;
  const to = options.to instanceof Date ? options.to.getTime() : options.to;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new RangeError('timeSaved: from and to must be instants with from before to');
  }
  const settings = options.settings ?? (await getAgentSettings(store));
  const timeZone = settings.timeZone;
  const weekly: Record<AgentId, number> = { ...DEFAULT_MINUTES_SAVED_PER_WEEK };
  for (const agent of options.agents ?? []) weekly[agent.id] = agent.minutesSavedPerWeek;

  // Per agent and week: every counted run of the week, and those in the period.
  const weeks = new Map<string, { agent: AgentId; week: string; all: number; inRange: number }>();
  for await (const run of completedRuns(store, from - SCAN_BEFORE_MS, to + SCAN_AFTER_MS)) {
    const agent = agentOfWorkflow(run.workflowId);
    if (agent === null || isSkippedRun(run.output)) continue;
    const finishedAt = run.finishedAt ?? run.updatedAt;
    const week = isoWeek(finishedAt, timeZone);
    const key = `${week} ${agent}`;
    const entry = weeks.get(key) ?? { agent, week, all: 0, inRange: 0 };
    entry.all += 1;
    if (finishedAt >= from && finishedAt < to) entry.inRange += 1;
    weeks.set(key, entry);
  }

  const rows: TimeSavedRow[] = [];
  const totals: Partial<Record<AgentId, number>> = {};
  for (const entry of weeks.values()) {
    if (entry.inRange === 0) continue;
    const perRun = settings[entry.agent].minutesPerRun;
    const minutes = round(
      perRun === null ? (weekly[entry.agent] * entry.inRange) / entry.all : perRun * entry.inRange,
    );
    rows.push({ agent: entry.agent, week: entry.week, runs: entry.inRange, minutes });
    totals[entry.agent] = round((totals[entry.agent] ?? 0) + minutes);
  }
  rows.sort((a, b) => a.week.localeCompare(b.week) || a.agent.localeCompare(b.agent));
  const totalMinutes = round(rows.reduce((sum, row) => sum + row.minutes, 0));
  return { from, to, timeZone, rows, totals, totalMinutes };
}

const round = (minutes: number) => Math.round(minutes * 10) / 10;

async function* completedRuns(
  store: Pick<Store, 'listRuns'>,
  createdFrom: number,
  createdBefore: number,
): AsyncGenerator<RunRecord> {
  let before = { createdAt: createdBefore, id: '' };
  for (;;) {
    const page = await store.listRuns({ status: 'completed', limit: PAGE, before });
    for (const run of page) {
      if (run.createdAt < createdFrom) return;
      yield run;
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    before = { createdAt: last.createdAt, id: last.id };
  }
}
