import { Command } from 'commander';
import type { ConnectionRecord } from '../store/port.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { printJsonLines, printTable } from './cli-output.ts';
import { checkConnectionId, checkHottok, webhookUrl } from './connection-input.ts';

/**
 * `hotpilot connections add|ls`: the Hotmart accounts whose webhooks this server accepts. Secrets come from flags or
 * from `HOTPILOT_HOTTOK` / `HOTPILOT_CLIENT_SECRET` (preferred: flags end up in shell history and `ps`) and are
 * never printed.
 *
 * @example
 * import { Command } from 'commander';
 * import { connectionsCommand } from './connections-command.ts';
 * new Command('hotpilot').addCommand(connectionsCommand(context));
 */
export function connectionsCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const connections = new Command('connections').description(
    'manage Hotmart connections (webhook URLs and hottoks)',
  );

  connections
    .command('add')
    .description('add a connection; Hotmart then posts to <public url>/webhooks/hotmart/<id>')
    .argument('<id>', 'URL-safe id: lowercase letters, digits, "-" and "_" (e.g. main, store-br)')
    .requiredOption('--name <name>', 'a name people recognise (e.g. "Main store")')
    .option('--hottok <hottok>', "the hottok shown in Hotmart's webhook settings (or set HOTPILOT_HOTTOK)")
    .option('--client-id <id>', 'Hotmart API client id (or set HOTPILOT_CLIENT_ID)')
    .option('--client-secret <secret>', 'Hotmart API client secret (or set HOTPILOT_CLIENT_SECRET)')
    .action(
      async (
        id: string,
        options: { name: string; hottok?: string; clientId?: string; clientSecret?: string },
      ) => {
        const fromEnv = context.connectionSecrets();
        const hottok = options.hottok ?? fromEnv.hottok?.reveal();
        const clientId = options.clientId ?? fromEnv.clientId ?? undefined;
        const clientSecret = options.clientSecret ?? fromEnv.clientSecret?.reveal();
        checkConnectionId(id, t);
        if (options.name.trim() === '') throw new UsageError(t('connections.emptyName'));
        if (!hottok) throw new UsageError(t('connections.missingHottok'));
        checkHottok(hottok, t);
        if ((clientId === undefined) !== (clientSecret === undefined)) {
          throw new UsageError(t('connections.halfCredentials'));
        }

        const store = await context.openStore({ migrate: true });
        try {
          if (await store.getConnection(id)) throw new Error(t('connections.exists', { id }));
          await store.createConnection(
            {
              id,
              name: options.name.trim(),
              hottoks: [hottok],
              credentials: clientId && clientSecret ? { clientId, clientSecret } : null,
            },
            Date.now(),
          );
          await store.appendAudit({ actor: 'cli', action: 'connection.create', target: id }, Date.now());
        } finally {
          await store.close();
        }
        context.out(t('connections.added', { id }));
        context.out(t('connections.webhookUrl', { url: webhookUrl(context.publicUrl(), id) }));
      },
    );

  connections
    .command('ls')
    .description('list connections (secrets are never shown)')
    .option('--json', 'one JSON object per line')
    .action(async (options: { json?: boolean }) => {
      const store = await context.openStore({ migrate: true });
      let list: ConnectionRecord[];
      try {
        list = await store.listConnections();
      } finally {
        await store.close();
      }
      const rows = list.map((connection) => ({
        id: connection.id,
        name: connection.name,
        hottoks: connection.hottoks.length,
        credentials: connection.credentials !== null,
        webhookUrl: webhookUrl(context.publicUrl(), connection.id),
      }));
      if (options.json) {
        printJsonLines(context.out, rows);
        return;
      }
      if (rows.length === 0) {
        context.out(t('connections.none'));
        return;
      }
      printTable(
        context.out,
        [t('col.id'), t('col.name'), t('col.hottoks'), t('col.api'), t('col.webhookUrl')],
        rows.map((row) => [
          row.id,
          row.name,
          String(row.hottoks),
          row.credentials ? t('yes') : t('no'),
          row.webhookUrl,
        ]),
      );
    });

  return connections;
}
