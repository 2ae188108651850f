import { Command, Option } from 'commander';
import type { AnyAction, AnyConnector } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import { redactText } from '../kit/redact.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';
import { type CliContext, NotFoundError, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { printJsonLines, printTable } from './cli-output.ts';
import { withStore } from './with-store.ts';

/**
 * The `--json` form of an action in `actions list` (one per line).
 *
 * @example
 * import type { ActionJson } from './actions-command.ts';
 * const writes = (actions: ActionJson[]) => actions.filter((action) => action.effect === 'write');
 */
export interface ActionJson {
  id: string;
  connector: string;
  title: string;
  description: string;
  effect: 'read' | 'write';
  idempotent: boolean;
}

// The registry pulls in every connector (≈1 s to load): only the commands that use it pay for it.
const loadRegistry = async (): Promise<Registry> => (await import('../connectors/registry.ts')).registry;

/**
 * `hotpilot actions list|call`: every action of every connector — the same registry the workflows, the MCP tools
 * and the REST API use — and calling one with a JSON input through `invokeAction`. Actions that change something
 * outside hotpilot (`effect: write`) run only with `--yes`; every call is in the audit log.
 *
 * @example
 * import { Command } from 'commander';
 * import { actionsCommand } from './actions-command.ts';
 * new Command('hotpilot').addCommand(actionsCommand(context));
 */
export function actionsCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const actions = new Command('actions').description('connector actions: list them, call one');

  actions
    .command('list')
    .alias('ls')
    .description('list every action')
    .option(
      '--connector <id>',
      'only this connector (hotmart, hubspot, zendesk, slack, google-sheets, email, webhook-out)',
    )
    .addOption(new Option('--effect <effect>', 'only reads or only writes').choices(['read', 'write']))
    .option('--json', 'one JSON object per line')
    .action(async (options: { connector?: string; effect?: 'read' | 'write'; json?: boolean }) => {
      const registry = await loadRegistry();
      if (options.connector && !registry.connector(options.connector)) {
        throw new UsageError(
          t('actions.unknownConnector', {
            id: options.connector,
            known: registry.connectors.map((connector) => connector.id).join(', '),
          }),
        );
      }
      const list = registry.actions.filter(
        (action) =>
          (!options.connector || action.connector === options.connector) &&
          (!options.effect || action.effect === options.effect),
      );
      if (options.json) {
        printJsonLines(context.out, list.map(actionJson));
        return;
      }
      printTable(
        context.out,
        [t('col.id'), t('col.effect'), t('col.title')],
        list.map((action) => [action.id, action.effect, action.title]),
      );
    });

  actions
    .command('call')
    .description('call an action with a JSON input; writes need --yes')
    .argument('<id>', 'action id, e.g. hotmart_get_sales_history')
    .option('--input <json>', 'the input as JSON (see the action in hotpilot actions list)', '{}')
    .option('--connection <id>', "the connection to use (default: the only one of the action's connector)")
    .option('--yes', 'confirm an action that changes data outside hotpilot')
    .option('--json', 'print the result on one line')
    .action(
      async (id: string, options: { input: string; connection?: string; yes?: boolean; json?: boolean }) => {
        const registry = await loadRegistry();
        const action = registry.action(id);
        if (!action) throw new NotFoundError(t('actions.notFound', { id }));
        let input: unknown;
        try {
          input = JSON.parse(options.input);
        } catch (error) {
          throw new UsageError(t('actions.badJson', { reason: (error as Error).message }));
        }
        const connector = registry.connectorOf(action);
        if (action.effect === 'write' && !options.yes) {
          throw new UsageError(t('actions.needsYes', { id, connector: connector.title }));
        }
        const { invokeAction } = await import('../connectors/invoke.ts');
        const { ActionInputError } = await import('../connectors/errors.ts');
        await withStore(context, async (store) => {
          const connection = await chooseConnection(store, connector, options.connection, t);
          let result: unknown;
          try {
            result = await invokeAction(action, input, {
              connector,
              connection,
              services: { store },
              signal: AbortSignal.timeout(120_000),
            });
          } catch (error) {
            await audit(store, action, connection, false);
            // The input came from the command line: naming its bad fields is a usage answer (exit 2).
            if (error instanceof ActionInputError) throw new UsageError(redactText(error.message));
            throw error;
          }
          await audit(store, action, connection, true);
          context.out(
            options.json ? JSON.stringify(result ?? null) : JSON.stringify(result ?? null, null, 2),
          );
        });
      },
    );

  return actions;
}

/**
 * The stable `--json` shape of an action.
 *
 * @example
 * import { actionJson } from './actions-command.ts';
 * const line = (action: AnyAction) => JSON.stringify(actionJson(action));
 */
export function actionJson(action: AnyAction): ActionJson {
  return {
    id: action.id,
    connector: action.connector,
    title: action.title,
    description: action.description,
    effect: action.effect,
    idempotent: action.idempotent,
  };
}

async function chooseConnection(
  store: Store,
  connector: AnyConnector,
  id: string | undefined,
  t: ReturnType<typeof cliText>,
): Promise<ConnectionRecord> {
  if (id !== undefined) {
    const connection = await store.getConnection(id);
    if (!connection) throw new NotFoundError(t('connections.notFound', { id }));
    if (connection.kind !== connector.id) {
      throw new UsageError(t('actions.wrongKind', { id, kind: connection.kind, connector: connector.id }));
    }
    return connection;
  }
  const candidates = await store.listConnections({ kind: connector.id });
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new Error(t('actions.noConnection', { connector: connector.title }));
  throw new UsageError(
    t('actions.severalConnections', {
      connector: connector.title,
      ids: candidates.map((connection) => connection.id).join(', '),
    }),
  );
}

async function audit(
  store: Store,
  action: AnyAction,
  connection: ConnectionRecord,
  ok: boolean,
): Promise<void> {
  await store.appendAudit(
    {
      actor: 'cli',
      action: 'action.call',
      target: action.id,
      details: { connection: connection.id, effect: action.effect, ok },
    },
    Date.now(),
  );
}
