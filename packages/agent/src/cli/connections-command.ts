import { Command } from 'commander';
import type { ConnectionRecord } from '../store/port.ts';
import { type CliContext, UsageError } from './cli-context.ts';

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

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
        if (!ID_PATTERN.test(id)) {
          throw new UsageError(`invalid id "${id}": use lowercase letters, digits, "-" and "_" (at most 63)`);
        }
        if (options.name.trim() === '') throw new UsageError('--name must not be empty');
        if (!hottok) throw new UsageError('missing hottok: pass --hottok or set HOTPILOT_HOTTOK');
        if (/\s/.test(hottok) || hottok.length > 200) {
          throw new UsageError('the hottok must be one word without spaces, at most 200 characters');
        }
        if ((clientId === undefined) !== (clientSecret === undefined)) {
          throw new UsageError('give both --client-id and --client-secret, or neither');
        }

        const store = await context.openStore({ migrate: true });
        try {
          if (await store.getConnection(id)) throw new Error(`connection "${id}" already exists`);
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
        context.out(`connection "${id}" added`);
        context.out(`webhook URL: ${webhookUrl(context.publicUrl(), id)}`);
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
        for (const row of rows) context.out(JSON.stringify(row));
        return;
      }
      if (rows.length === 0) {
        context.out('no connections yet: hotpilot connections add <id> --name <name> --hottok <hottok>');
        return;
      }
      printTable(
        context,
        ['ID', 'NAME', 'HOTTOKS', 'API', 'WEBHOOK URL'],
        rows.map((row) => [
          row.id,
          row.name,
          String(row.hottoks),
          row.credentials ? 'yes' : 'no',
          row.webhookUrl,
        ]),
      );
    });

  return connections;
}

function webhookUrl(publicUrl: string | null, id: string): string {
  return `${publicUrl ?? '<HOTPILOT_PUBLIC_URL>'}/webhooks/hotmart/${encodeURIComponent(id)}`;
}

function printTable(context: CliContext, header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ');
  context.out(line(header));
  for (const row of rows) context.out(line(row));
}
