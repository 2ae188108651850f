import { Command, Option } from 'commander';
import type { WriteMode } from '../mcp/mcp-settings.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';

const WRITE_MODES: readonly WriteMode[] = ['off', 'dry_run', 'approval', 'on'];
const ALLOW_ENTRY = /^(?:\*|[a-z][a-z0-9_]*\*?)$/;

/**
 * `hotpilot mcp`: serves every action as an MCP tool over standard input and output, the way desktop MCP clients
 * (Claude Desktop, IDEs) start servers. Standard output carries the protocol, so everything else — log lines and
 * notices — goes to standard error. Calls are made as the local operator (`cli`) and recorded in the audit log.
 * Write tools follow `HOTPILOT_MCP_WRITES`/`HOTPILOT_MCP_ALLOW` (off by default) unless `--writes`/`--allow` say
 * otherwise. Ends when the client closes standard input.
 *
 * @example
 * import { Command } from 'commander';
 * import { mcpCommand } from './mcp-command.ts';
 * new Command('hotpilot').addCommand(mcpCommand(context));
 */
export function mcpCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('mcp')
    .description('serve the actions as MCP tools on stdin/stdout (for desktop MCP clients)')
    .addOption(
      new Option(
        '--writes <mode>',
        'write tools: off, dry_run (preview only), approval (queued for a person) or on (default: HOTPILOT_MCP_WRITES, else off)',
      ).choices(WRITE_MODES),
    )
    .option(
      '--allow <ids>',
      'write tools that may be enabled: action ids or prefixes ending in *, comma-separated (default: HOTPILOT_MCP_ALLOW, else all)',
    )
    .action(async (options: { writes?: WriteMode; allow?: string }) => {
      const configured = context.environment().mcp;
      const writes = options.writes ?? configured.writes;
      const allow =
        options.allow === undefined
          ? configured.allow?.slice()
          : options.allow
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean);
      const bad = allow?.filter((entry) => !ALLOW_ENTRY.test(entry)) ?? [];
      if (allow !== undefined && (allow.length === 0 || bad.length > 0)) {
        throw new UsageError(t('mcp.badAllow', { entries: bad.join(', ') || options.allow || '' }));
      }
      const [{ registry }, { runMcpStdio }] = await Promise.all([
        import('../connectors/registry.ts'),
        import('../mcp/mcp-stdio.ts'),
      ]);
      const store = await context.openStore({ migrate: true });
      try {
        const mcp = await runMcpStdio({
          store,
          registry,
          settings: {
            writes,
            locale: context.locale,
            approvalTtlHours: configured.approvalTtlHours,
            ...(allow ? { allow } : {}),
          },
          actor: 'cli',
          logger: context.stderrLogger(),
          services: { store },
        });
        context.err(t('mcp.ready', { writes }));
        const stop = () => void mcp.close();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await mcp.closed;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      } finally {
        await store.close();
      }
    });
}
