import type { AgentDefinition } from '../../agents/agent.ts';
import { AGENT_IDS, type AgentId } from '../../agents/settings.ts';
import { type TimeSavedReport, timeSaved } from '../../agents/time-saved.ts';
import type { Store } from '../../store/port.ts';
import { agentTitle } from '../agent-title.ts';
import type { PageContext } from '../page-context.ts';
import { type ChartSet, chartSet } from './chart-data.ts';

const WEEK = 7 * 86_400_000;

/**
 * Minutes saved per agent and ISO week over the last `weeks` weeks (`timeSaved` of the agents module), as stacked
 * bars — one bar per week, one colour per agent — together with the report itself for the page's table.
 *
 * @example
 * import { timeSavedSeries } from './time-saved-series.ts';
 * const { set, report } = await timeSavedSeries(store, page, agents, { now: Date.now(), weeks: 12 });
 * console.log(report.totalMinutes, set.points);
 */
export async function timeSavedSeries(
  store: Pick<Store, 'listRuns' | 'getState'>,
  page: Pick<PageContext, 't' | 'locale'>,
  agents: readonly AgentDefinition[],
  options: { now: number; weeks: number },
): Promise<{ set: ChartSet; report: TimeSavedReport }> {
  const report = await timeSaved(store, {
    from: options.now - options.weeks * WEEK,
    to: options.now + 1,
    agents,
  });
  const weeks = [...new Set(report.rows.map((row) => row.week))].sort();
  const present = AGENT_IDS.filter((id) => report.rows.some((row) => row.agent === id));
  const minutes = (agent: AgentId, week: string) =>
    report.rows.find((row) => row.agent === agent && row.week === week)?.minutes ?? 0;
  if (weeks.length === 0) return { set: chartSet([]), report };
  return {
    report,
    set: chartSet([
      {
        title: page.t('chartTimeSaved'),
        kind: 'stacked-bars',
        xLabel: page.t('colWeek'),
        x: weeks.map((_, index) => index),
        xLabels: weeks,
        series: present.map((agent) => ({
          label: agentTitle(page, agents, agent),
          values: weeks.map((week) => minutes(agent, week)),
        })),
        format: { style: 'number', locale: page.locale, unit: 'minute' },
      },
    ]),
  };
}
