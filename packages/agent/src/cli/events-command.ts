import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { Command } from 'commander';
import type { EventRecord, RunRecord, Store } from '../store/port.ts';
import { type CliContext, NotFoundError, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { isoTime, money, parseCount, printJsonLines, printTable, shortDateTime } from './cli-output.ts';
import { sellerTimeZone } from './seller-time-zone.ts';
import { withStore } from './with-store.ts';

/** Runs that a replay brings back by default: the ones waiting for a person. */
const NEEDS_A_PERSON = new Set(['dead', 'cancelled']);
/** Runs a replay never touches: they are still in the engine's hands. */
const IN_FLIGHT = new Set(['queued', 'running', 'sleeping']);

/**
 * The `--json` form of an event in `events ls` (one per line) — a stable shape: times are ISO 8601, the amount is
 * Hotmart's major unit with its currency.
 *
 * @example
 * import type { EventJson } from './events-command.ts';
 * const approved = (event: EventJson) => event.name === 'PURCHASE_APPROVED';
 */
export interface EventJson {
  id: string;
  connectionId: string;
  name: string;
  occurredAt: string | null;
  receivedAt: string | null;
  transaction: string | null;
  buyerEmail: string | null;
  productId: string | null;
  subscriberCode: string | null;
  amount: { value: number; currency: string | null } | null;
  reconciled: boolean;
}

/**
 * `hotpilot events ls|show|replay`: the Hotmart events received (parsed and normalised), one event with its runs,
 * and replaying the runs of an event after fixing what made them fail.
 *
 * @example
 * import { Command } from 'commander';
 * import { eventsCommand } from './events-command.ts';
 * new Command('hotpilot').addCommand(eventsCommand(context));
 */
export function eventsCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const events = new Command('events').description('Hotmart events received: list, show, replay their runs');

  events
    .command('ls')
    .description('list events, newest first')
    .option(
      '--name <names>',
      'only these event names, comma-separated (e.g. PURCHASE_APPROVED,PURCHASE_REFUNDED)',
    )
    .option('--connection <id>', 'only events of this connection')
    .option('--email <address>', "only this buyer's events")
    .option('--transaction <code>', 'only events of this transaction (HP…)')
    .option('--limit <n>', 'how many (1–1000)', '50')
    .option('--json', 'one JSON object per line')
    .action(
      async (options: {
        name?: string;
        connection?: string;
        email?: string;
        transaction?: string;
        limit: string;
        json?: boolean;
      }) => {
        const limit = parseCount(options.limit, 1, 1000);
        if (limit === null) throw new UsageError(t('usage.limit', { value: options.limit, max: 1000 }));
        const names = options.name === undefined ? undefined : eventNames(options.name, t);
        await withStore(context, async (store) => {
          const list = await store.listEvents({
            ...(names ? { name: names } : {}),
            ...(options.connection ? { connectionId: options.connection } : {}),
            ...(options.email ? { buyerEmail: options.email.trim().toLowerCase() } : {}),
            ...(options.transaction ? { transaction: options.transaction.trim() } : {}),
            limit,
          });
          if (options.json) {
            printJsonLines(context.out, list.map(eventJson));
            return;
          }
          if (list.length === 0) {
            context.out(t('events.none'));
            return;
          }
          const timeZone = await sellerTimeZone(store);
          printTable(
            context.out,
            [
              t('col.received'),
              t('col.event'),
              t('col.transaction'),
              t('col.buyer'),
              t('col.amount'),
              t('col.id'),
            ],
            list.map((event) => {
              const json = eventJson(event);
              return [
                shortDateTime(event.receivedAt, context.locale, timeZone),
                event.name,
                event.transaction ?? '–',
                event.buyerEmail ?? '–',
                money(json.amount, context.locale),
                event.id,
              ];
            }),
          );
        });
      },
    );

  events
    .command('show')
    .description('show one event, its normalised fields and its runs')
    .argument('<id>', 'event id (the id Hotmart gave the delivery)')
    .option('--json', 'the event, its payload and its runs as one JSON object')
    .action(async (id: string, options: { json?: boolean }) => {
      await withStore(context, async (store) => {
        const event = await store.getEvent(id);
        if (!event) throw new NotFoundError(t('events.notFound', { id }));
        const runs = await store.listRuns({ eventId: id, limit: 100 });
        if (options.json) {
          context.out(
            JSON.stringify(
              {
                ...eventJson(event),
                normalized: event.normalized,
                payload: event.payload,
                runs: runs.map((run) => ({
                  id: run.id,
                  workflowId: run.workflowId,
                  status: run.status,
                  attempt: run.attempt,
                  createdAt: isoTime(run.createdAt),
                  finishedAt: isoTime(run.finishedAt),
                })),
              },
              null,
              2,
            ),
          );
          return;
        }
        const timeZone = await sellerTimeZone(store);
        const json = eventJson(event);
        const normalized = event.normalized as { product?: { name?: string }; status?: string };
        const rows: [string, string][] = [
          [t('label.event'), `${event.name} ${event.id}`],
          [t('label.connection'), event.connectionId],
          [t('label.occurred'), shortDateTime(event.occurredAt, context.locale, timeZone)],
          [t('label.received'), shortDateTime(event.receivedAt, context.locale, timeZone)],
          [t('label.transaction'), event.transaction ?? '–'],
          [t('label.buyer'), event.buyerEmail ?? '–'],
          [t('label.product'), [event.productId, normalized.product?.name].filter(Boolean).join(' ') || '–'],
          [t('label.amount'), money(json.amount, context.locale)],
          [t('label.status'), normalized.status ?? '–'],
        ];
        if (event.subscriberCode) rows.push([t('label.subscriber'), event.subscriberCode]);
        if (event.reconciled) rows.push([t('label.origin'), t('events.reconciled')]);
        const width = Math.max(...rows.map(([label]) => [...label].length));
        for (const [label, value] of rows) context.out(`${label.padEnd(width)}  ${value}`);
        context.out('');
        if (runs.length === 0) {
          context.out(t('events.noRuns'));
          return;
        }
        context.out(t('events.runs', { count: runs.length }));
        printTable(
          context.out,
          [t('col.workflow'), t('col.status'), t('col.attempts'), t('col.finished'), t('col.id')],
          runs.map((run) => [
            run.workflowId,
            run.status,
            `${run.attempt}/${run.maxAttempts}`,
            shortDateTime(run.finishedAt, context.locale, timeZone),
            run.id,
          ]),
        );
      });
    });

  events
    .command('replay')
    .description("run an event's dead or cancelled runs again (resuming at the failed step)")
    .argument('<id>', 'event id')
    .option('--all', 'also replay the runs that completed')
    .option('--whole', 'start the runs over instead of resuming at the failed step')
    .action(async (id: string, options: { all?: boolean; whole?: boolean }) => {
      await withStore(context, async (store) => {
        const event = await store.getEvent(id);
        if (!event) throw new NotFoundError(t('events.notFound', { id }));
        const runs = await store.listRuns({ eventId: id, limit: 1000 });
        const chosen = runs.filter((run) =>
          options.all ? !IN_FLIGHT.has(run.status) : NEEDS_A_PERSON.has(run.status),
        );
        if (chosen.length === 0) {
          context.out(
            runs.length === 0 ? t('events.noRuns') : t('events.nothingToReplay', { count: runs.length }),
          );
          return;
        }
        const replayed = await replayAll(store, chosen, options.whole ? 'whole' : 'failed');
        await store.appendAudit(
          {
            actor: 'cli',
            action: 'event.replay',
            target: id,
            details: { runs: replayed, mode: options.whole ? 'whole' : 'failed' },
          },
          Date.now(),
        );
        context.out(t('events.replayed', { count: replayed.length, id }));
        for (const runId of replayed) context.out(`  ${runId}`);
      });
    });

  return events;
}

async function replayAll(
  store: Store,
  runs: readonly RunRecord[],
  mode: 'whole' | 'failed',
): Promise<string[]> {
  const replayed: string[] = [];
  for (const run of runs) {
    if (await store.replayRun(run.id, mode, Date.now())) replayed.push(run.id);
  }
  return replayed;
}

/**
 * The stable `--json` shape of an event.
 *
 * @example
 * import { eventJson } from './events-command.ts';
 * const line = (event: EventRecord) => JSON.stringify(eventJson(event));
 */
export function eventJson(event: EventRecord): EventJson {
  const amount = (event.normalized as { amount?: { value?: unknown; currency?: unknown } }).amount;
  return {
    id: event.id,
    connectionId: event.connectionId,
    name: event.name,
    occurredAt: isoTime(event.occurredAt),
    receivedAt: isoTime(event.receivedAt),
    transaction: event.transaction,
    buyerEmail: event.buyerEmail,
    productId: event.productId,
    subscriberCode: event.subscriberCode,
    amount:
      typeof amount?.value === 'number'
        ? { value: amount.value, currency: typeof amount.currency === 'string' ? amount.currency : null }
        : null,
    reconciled: event.reconciled,
  };
}

function eventNames(text: string, t: ReturnType<typeof cliText>): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toUpperCase())
    .filter(Boolean);
  const known = new Set<string>(HOTMART_EVENT_NAMES);
  const unknown = names.filter((name) => !known.has(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      t('events.unknownName', { names: unknown.join(', ') || text, known: HOTMART_EVENT_NAMES.join(', ') }),
    );
  }
  return names;
}
