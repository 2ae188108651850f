import type { Locale } from '../kit/i18n/locale.ts';
import type { SyncProgress, SyncResource } from '../mirror/sync.ts';
import type { CliTerminal } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { count } from './cli-output.ts';

/**
 * Shows a sync's progress: on a terminal, one bar per resource redrawn in place; otherwise (a log file, CI) one
 * plain line per finished window, so the output stays readable when it is not a screen.
 *
 * @example
 * import type { SyncProgressView } from './sync-progress.ts';
 * const finish = (view: SyncProgressView) => view.finish();
 */
export interface SyncProgressView {
  update(progress: SyncProgress): void;
  /** Marks every started resource as done and leaves the cursor below the bars. */
  finish(): void;
}

const BAR_WIDTH = 24;

interface Line {
  resource: SyncResource;
  done: number;
  total: number | undefined;
  items: number;
  state: 'waiting' | 'running' | 'done';
}

/**
 * Creates the progress view for the resources a sync will fill, writing to `terminal` (standard error).
 *
 * @example
 * import { createSyncProgressView } from './sync-progress.ts';
 * const view = createSyncProgressView(context.terminal, ['products', 'sales'], 'pt-BR');
 * view.update({ resource: 'sales', done: 3, total: 12, items: 1500 });
 * view.finish();
 */
export function createSyncProgressView(
  terminal: CliTerminal,
  resources: readonly SyncResource[],
  locale: Locale,
): SyncProgressView {
  const t = cliText(locale);
  const lines: Line[] = resources.map((resource) => ({
    resource,
    done: 0,
    total: undefined,
    items: 0,
    state: 'waiting',
  }));
  const nameWidth = Math.max(...resources.map((resource) => [...t(`sync.resource.${resource}`)].length));
  let drawn = false;

  const render = (line: Line): string => {
    const name = t(`sync.resource.${line.resource}`).padEnd(nameWidth);
    const ratio = line.state === 'done' ? 1 : line.total ? Math.min(1, line.done / line.total) : 0;
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    const mark = line.state === 'done' ? '✓' : line.state === 'running' ? '…' : ' ';
    const steps =
      line.total === undefined ? '' : `${count(line.done, locale)}/${count(line.total, locale)}  `;
    const records = line.state === 'waiting' ? '' : t('sync.records', { count: line.items });
    const text = `${mark} ${name}  ${bar}  ${steps}${records}`;
    // Never wrap: a wrapped line would break the cursor arithmetic of the redraw.
    return [...text].slice(0, Math.max(20, terminal.columns - 1)).join('');
  };

  const draw = () => {
    if (drawn) terminal.write(`\x1b[${lines.length}A`);
    for (const line of lines) terminal.write(`\x1b[2K${render(line)}\n`);
    drawn = true;
  };

  const start = (resource: SyncResource) => {
    for (const line of lines) {
      // Resources are synced in order: the ones before this one are finished.
      if (line.resource === resource) break;
      if (line.state === 'running') line.state = 'done';
    }
  };

  return {
    update(progress) {
      const line = lines.find((candidate) => candidate.resource === progress.resource);
      if (!line) return;
      start(progress.resource);
      line.state = 'running';
      line.done = progress.done;
      line.total = progress.total;
      line.items = progress.items;
      if (terminal.isTTY) {
        draw();
        return;
      }
      const steps = progress.total === undefined ? '' : ` ${progress.done}/${progress.total}`;
      terminal.write(
        `${t(`sync.resource.${progress.resource}`)}:${steps} — ${t('sync.records', { count: progress.items })}\n`,
      );
    },
    finish() {
      for (const line of lines) if (line.state === 'running') line.state = 'done';
      if (terminal.isTTY && drawn) draw();
    },
  };
}
