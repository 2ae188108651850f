import { Command } from 'commander';
import type { ClubSource, SyncResource, SyncResult } from '../mirror/sync.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';
import { type CliContext, CommandFailedError, NotFoundError, UsageError } from './cli-context.ts';
import { type CliText, cliText } from './cli-messages.ts';
import { count, parseCount } from './cli-output.ts';
import { createSyncProgressView } from './sync-progress.ts';
import { withStore } from './with-store.ts';

const RESOURCES: readonly SyncResource[] = ['products', 'sales', 'subscriptions', 'club'];
const CLUB = /^([a-z0-9][a-z0-9-]*)(?::(\d+))?$/i;

interface SyncOptions {
  connection?: string;
  resources?: string;
  from?: string;
  to?: string;
  windowDays?: string;
  club: string[];
  json?: boolean;
}

/**
 * `hotpilot sync`: fills the local mirror of a Hotmart connection from the API (products, sales, subscriptions,
 * members areas), with a progress bar per resource on a terminal. Resumable: each finished date window is
 * checkpointed, so a sync interrupted (Ctrl-C, a crash) picks up where it stopped when run again.
 *
 * @example
 * import { Command } from 'commander';
 * import { syncCommand } from './sync-command.ts';
 * new Command('hotpilot').addCommand(syncCommand(context));
 */
export function syncCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('sync')
    .description('fill the local mirror from the Hotmart API (resumable; Ctrl-C keeps what is done)')
    .option('--connection <id>', 'the Hotmart connection (default: the only one)')
    .option('--resources <list>', `what to sync, comma-separated (${RESOURCES.join(', ')}; default: all)`)
    .option(
      '--from <date>',
      'start of the sales and subscriptions windows (default: where the last sync stopped)',
    )
    .option('--to <date>', 'end of the windows (default: now)')
    .option('--window-days <n>', 'days per window, the unit of resumption (default 30)')
    .option(
      '--club <subdomain[:productId]>',
      'a members area to sync (repeatable; default: those a previous sync recorded)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the result as one JSON object')
    .action(async (options: SyncOptions) => {
      const request = parseOptions(options, t);
      const [{ syncConnection }, { getHotmartClient }, { hotmartConnector }, { parseConnection }] =
        await Promise.all([
          import('../mirror/sync.ts'),
          import('../connectors/hotmart/hotmart-client.ts'),
          import('../connectors/hotmart/hotmart-connector.ts'),
          import('../connectors/connections.ts'),
        ]);
      await withStore(context, async (store) => {
        const record = await hotmartConnection(store, options.connection, t);
        if (record.credentials === null) throw new Error(t('sync.noCredentials', { id: record.id }));
        const client = getHotmartClient(parseConnection(hotmartConnector, record), {
          fetch: globalThis.fetch,
        });
        const view = createSyncProgressView(context.terminal, request.resources, context.locale);
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        let result: SyncResult;
        try {
          result = await syncConnection({
            store,
            client,
            connection: { id: record.id },
            resources: request.resources,
            ...(request.from === undefined ? {} : { from: request.from }),
            ...(request.to === undefined ? {} : { to: request.to }),
            ...(request.windowDays === undefined ? {} : { windowDays: request.windowDays }),
            ...(request.clubs.length === 0 ? {} : { clubs: request.clubs }),
            onProgress: (progress) => view.update(progress),
            signal: abort.signal,
          });
        } catch (error) {
          view.finish();
          if (abort.signal.aborted) throw new CommandFailedError(t('sync.interrupted'));
          throw error;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        view.finish();
        await store.appendAudit(
          {
            actor: 'cli',
            action: 'mirror.sync',
            target: record.id,
            details: Object.fromEntries(
              Object.entries(result.resources).map(([resource, outcome]) => [resource, outcome?.items ?? 0]),
            ),
          },
          Date.now(),
        );
        if (options.json) {
          context.out(JSON.stringify(result, null, 2));
          return;
        }
        for (const resource of request.resources) {
          const outcome = result.resources[resource];
          if (!outcome) continue;
          const name = t(`sync.resource.${resource}`);
          context.out(
            outcome.skipped
              ? t('sync.skipped', { resource: name, reason: outcome.skipped })
              : t('sync.done', { resource: name, count: count(outcome.items, context.locale) }),
          );
        }
        context.out(
          t('sync.finished', {
            id: record.id,
            seconds: Math.max(1, Math.round((result.finishedAt - result.startedAt) / 1000)),
          }),
        );
      });
    });
}

function parseOptions(
  options: SyncOptions,
  t: CliText,
): { resources: SyncResource[]; from?: number; to?: number; windowDays?: number; clubs: ClubSource[] } {
  const resources =
    options.resources === undefined
      ? [...RESOURCES]
      : options.resources
          .split(',')
          .map((resource) => resource.trim().toLowerCase())
          .filter(Boolean);
  const unknown = resources.filter((resource) => !(RESOURCES as readonly string[]).includes(resource));
  if (resources.length === 0 || unknown.length > 0) {
    throw new UsageError(
      t('sync.unknownResource', { names: unknown.join(', ') || '""', known: RESOURCES.join(', ') }),
    );
  }
  const instant = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const ms = Date.parse(text.trim());
    if (!Number.isFinite(ms)) throw new UsageError(t('usage.instant', { flag, value: text }));
    return ms;
  };
  const from = instant('--from', options.from);
  const to = instant('--to', options.to);
  if (from !== undefined && to !== undefined && from > to) {
    throw new UsageError(t('usage.period', { from: options.from ?? '', to: options.to ?? '' }));
  }
  let windowDays: number | undefined;
  if (options.windowDays !== undefined) {
    const days = parseCount(options.windowDays, 1, 3660);
    if (days === null)
      throw new UsageError(t('usage.count', { flag: '--window-days', value: options.windowDays, max: 3660 }));
    windowDays = days;
  }
  const clubs = options.club.map((text) => {
    const match = CLUB.exec(text.trim());
    if (!match) throw new UsageError(t('sync.badClub', { value: text }));
    return { subdomain: match[1]!.toLowerCase(), ...(match[2] ? { productId: match[2] } : {}) };
  });
  return {
    resources: resources as SyncResource[],
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(windowDays === undefined ? {} : { windowDays }),
    clubs,
  };
}

/**
 * The Hotmart connection to sync: the one named, or the only one there is.
 *
 * @example
 * const record = await hotmartConnection(store, undefined, cliText('en'));
 */
async function hotmartConnection(
  store: Store,
  id: string | undefined,
  t: CliText,
): Promise<ConnectionRecord> {
  if (id !== undefined) {
    const record = await store.getConnection(id);
    if (!record) throw new NotFoundError(t('connections.notFound', { id }));
    if (record.kind !== 'hotmart')
      throw new UsageError(t('actions.wrongKind', { id, kind: record.kind, connector: 'hotmart' }));
    return record;
  }
  const hotmart = await store.listConnections({ kind: 'hotmart' });
  if (hotmart.length === 1) return hotmart[0]!;
  if (hotmart.length === 0) throw new Error(t('sync.noConnection'));
  throw new UsageError(
    t('actions.severalConnections', { connector: 'Hotmart', ids: hotmart.map((r) => r.id).join(', ') }),
  );
}
