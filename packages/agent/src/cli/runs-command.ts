import { Command } from 'commander';
import type { RunRecord, RunStatus, SerializedError, StepRecord } from '../store/port.ts';
import { type CliContext, NotFoundError, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { isoTime, parseCount, printJsonLines, printTable, shortDateTime } from './cli-output.ts';
import { sellerTimeZone } from './seller-time-zone.ts';
import { withStore } from './with-store.ts';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'sleeping', 'completed', 'dead', 'cancelled'];
/** A replay of these would race the engine, which still owns them: cancel first. */
const IN_FLIGHT: readonly RunStatus[] = ['queued', 'running', 'sleeping'];

/**
 * The `--json` form of a run in `runs ls` (one per line): times ISO 8601, the error without its stack.
 *
 * @example
 * import type { RunJson } from './runs-command.ts';
 * const dead = (run: RunJson) => run.status === 'dead';
 */
export interface RunJson {
  id: string;
  workflowId: string;
  status: RunStatus;
  eventId: string | null;
  connectionId: string | null;
  attempt: number;
  maxAttempts: number;
  createdAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  dueAt: string | null;
  error: { name: string; message: string; code: string | null } | null;
}

/**
 * `hotpilot runs ls|show|replay|cancel`: workflow runs, one run with its steps, replaying a dead or finished run
 * (resuming at the failed step, or `--whole`), and cancelling one.
 *
 * @example
 * import { Command } from 'commander';
 * import { runsCommand } from './runs-command.ts';
 * new Command('hotpilot').addCommand(runsCommand(context));
 */
export function runsCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const runs = new Command('runs').description('workflow runs: list, show, replay, cancel');

  runs
    .command('ls')
    .description('list runs, newest first')
    .option('--status <statuses>', `only these statuses, comma-separated (${STATUSES.join(', ')})`)
    .option('--workflow <id>', 'only runs of this workflow (e.g. sales.purchase)')
    .option('--event <id>', 'only runs of this event')
    .option('--limit <n>', 'how many (1–1000)', '50')
    .option('--json', 'one JSON object per line')
    .action(
      async (options: {
        status?: string;
        workflow?: string;
        event?: string;
        limit: string;
        json?: boolean;
      }) => {
        const limit = parseCount(options.limit, 1, 1000);
        if (limit === null) throw new UsageError(t('usage.limit', { value: options.limit, max: 1000 }));
        const statuses = options.status === undefined ? undefined : runStatuses(options.status, t);
        await withStore(context, async (store) => {
          const list = await store.listRuns({
            ...(statuses ? { status: statuses } : {}),
            ...(options.workflow ? { workflowId: options.workflow } : {}),
            ...(options.event ? { eventId: options.event } : {}),
            limit,
          });
          if (options.json) {
            printJsonLines(context.out, list.map(runJson));
            return;
          }
          if (list.length === 0) {
            context.out(t('runs.none'));
            return;
          }
          const timeZone = await sellerTimeZone(store);
          printTable(
            context.out,
            [t('col.created'), t('col.workflow'), t('col.status'), t('col.attempts'), t('col.id')],
            list.map((run) => [
              shortDateTime(run.createdAt, context.locale, timeZone),
              run.workflowId,
              run.status,
              `${run.attempt}/${run.maxAttempts}`,
              run.id,
            ]),
          );
        });
      },
    );

  runs
    .command('show')
    .description('show one run and its steps')
    .argument('<id>', 'run id')
    .option('--json', 'the run, its input, output, error and steps as one JSON object')
    .action(async (id: string, options: { json?: boolean }) => {
      await withStore(context, async (store) => {
        const run = await store.getRun(id);
        if (!run) throw new NotFoundError(t('runs.notFound', { id }));
        const steps = await store.getSteps(id);
        if (options.json) {
          context.out(
            JSON.stringify(
              {
                ...runJson(run),
                input: run.input,
                output: run.output ?? null,
                updatedAt: isoTime(run.updatedAt),
                steps: steps.map(stepJson),
              },
              null,
              2,
            ),
          );
          return;
        }
        const timeZone = await sellerTimeZone(store);
        const rows: [string, string][] = [
          [t('label.run'), run.id],
          [t('label.workflow'), run.workflowId],
          [t('label.status'), run.status],
          [t('label.attempts'), `${run.attempt}/${run.maxAttempts}`],
          [t('label.event'), run.eventId ?? '–'],
          [t('label.created'), shortDateTime(run.createdAt, context.locale, timeZone)],
          [t('label.started'), shortDateTime(run.startedAt, context.locale, timeZone)],
          [t('label.finished'), shortDateTime(run.finishedAt, context.locale, timeZone)],
        ];
        if (run.status === 'queued' || run.status === 'sleeping') {
          rows.push([t('label.due'), shortDateTime(run.dueAt, context.locale, timeZone)]);
        }
        if (run.error) rows.push([t('label.error'), errorText(run.error)]);
        const width = Math.max(...rows.map(([label]) => [...label].length));
        for (const [label, value] of rows) context.out(`${label.padEnd(width)}  ${value}`);
        context.out('');
        if (steps.length === 0) {
          context.out(t('runs.noSteps'));
          return;
        }
        context.out(t('runs.steps', { count: steps.length }));
        printTable(
          context.out,
          [t('col.step'), t('col.status'), t('col.attempt'), t('col.duration'), t('col.detail')],
          steps.map((step) => [
            step.stepId,
            step.status,
            String(step.attempt),
            step.durationMs === null ? '–' : `${step.durationMs} ms`,
            step.error
              ? errorText(step.error)
              : step.status === 'sleeping'
                ? t('runs.until', { when: shortDateTime(step.wakeAt, context.locale, timeZone) })
                : '',
          ]),
        );
      });
    });

  runs
    .command('replay')
    .description('run a finished, dead or cancelled run again (resuming at the failed step by default)')
    .argument('<id>', 'run id')
    .option('--whole', 'forget every step and start over')
    .action(async (id: string, options: { whole?: boolean }) => {
      const mode = options.whole ? 'whole' : 'failed';
      await withStore(context, async (store) => {
        const run = await store.getRun(id);
        if (!run) throw new NotFoundError(t('runs.notFound', { id }));
        if (IN_FLIGHT.includes(run.status)) throw new Error(t('runs.inFlight', { id, status: run.status }));
        if (!(await store.replayRun(id, mode, Date.now())))
          throw new NotFoundError(t('runs.notFound', { id }));
        await store.appendAudit(
          { actor: 'cli', action: 'run.replay', target: id, details: { mode } },
          Date.now(),
        );
        context.out(t(mode === 'whole' ? 'runs.replayedWhole' : 'runs.replayed', { id }));
      });
    });

  runs
    .command('cancel')
    .description('cancel a queued, running, sleeping or dead run')
    .argument('<id>', 'run id')
    .action(async (id: string) => {
      await withStore(context, async (store) => {
        const run = await store.getRun(id);
        if (!run) throw new NotFoundError(t('runs.notFound', { id }));
        if (!(await store.cancelRun(id, Date.now()))) {
          throw new Error(t('runs.notCancellable', { id, status: run.status }));
        }
        await store.appendAudit({ actor: 'cli', action: 'run.cancel', target: id }, Date.now());
        context.out(t('runs.cancelled', { id }));
      });
    });

  return runs;
}

/**
 * The stable `--json` shape of a run.
 *
 * @example
 * import { runJson } from './runs-command.ts';
 * const line = (run: RunRecord) => JSON.stringify(runJson(run));
 */
export function runJson(run: RunRecord): RunJson {
  return {
    id: run.id,
    workflowId: run.workflowId,
    status: run.status,
    eventId: run.eventId,
    connectionId: run.connectionId,
    attempt: run.attempt,
    maxAttempts: run.maxAttempts,
    createdAt: isoTime(run.createdAt),
    startedAt: isoTime(run.startedAt),
    finishedAt: isoTime(run.finishedAt),
    dueAt: isoTime(run.dueAt),
    error: run.error
      ? { name: run.error.name, message: run.error.message, code: run.error.code ?? null }
      : null,
  };
}

function stepJson(step: StepRecord) {
  return {
    stepId: step.stepId,
    status: step.status,
    attempt: step.attempt,
    startedAt: isoTime(step.startedAt),
    finishedAt: isoTime(step.finishedAt),
    durationMs: step.durationMs,
    wakeAt: isoTime(step.wakeAt),
    output: step.output ?? null,
    error: step.error
      ? { name: step.error.name, message: step.error.message, code: step.error.code ?? null }
      : null,
  };
}

function errorText(error: SerializedError): string {
  return `${error.code ? `${error.code}: ` : ''}${error.message}`;
}

function runStatuses(text: string, t: ReturnType<typeof cliText>): RunStatus[] {
  const statuses = text
    .split(',')
    .map((status) => status.trim().toLowerCase())
    .filter(Boolean);
  const unknown = statuses.filter((status) => !(STATUSES as readonly string[]).includes(status));
  if (statuses.length === 0 || unknown.length > 0) {
    throw new UsageError(
      t('runs.unknownStatus', { statuses: unknown.join(', ') || text, known: STATUSES.join(', ') }),
    );
  }
  return statuses as RunStatus[];
}
