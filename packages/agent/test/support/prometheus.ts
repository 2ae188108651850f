/**
 * The value of one series (`name{labels}`) in Prometheus text exposition, or undefined when it is absent.
 *
 * @example
 * import { sample } from './prometheus.ts';
 * sample('hotpilot_up 1\n', 'hotpilot_up'); // 1
 */
export function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
