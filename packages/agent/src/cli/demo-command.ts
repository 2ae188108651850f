import { resolve } from 'node:path';
import { Command } from 'commander';
import { type CliContext, UsageError } from './cli-context.ts';
import { type CliText, cliText } from './cli-messages.ts';
import { count, parseCount } from './cli-output.ts';
import type { DemoOptions, DemoStep, RunningDemo } from './demo-types.ts';

interface DemoFlags {
  dataDir: string;
  keep?: boolean;
  host: string;
  port: string;
  seed: string;
  sales: string;
  rate: string;
  logLevel: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// After a clean shutdown the process should end by itself; if a stray handle keeps it alive, end it anyway.
const EXIT_GRACE_MS = 5_000;

/**
 * `hotpilot demo`: the whole product on one machine with no account and no internet — a seeded Hotmart emulator
 * playing customer journeys, fakes of HubSpot, Zendesk, Slack and Google Sheets, an SMTP catcher, and hotpilot
 * on SQLite with every agent on. Prints the dashboard URL, a login, and where to see what hotpilot did; runs until
 * Ctrl-C, then stops everything cleanly (a second Ctrl-C exits at once).
 *
 * @example
 * import { Command } from 'commander';
 * import { demoCommand } from './demo-command.ts';
 * new Command('hotpilot').addCommand(demoCommand(context));
 */
export function demoCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('demo')
    .description('run the whole product locally: emulated Hotmart, fake CRM/desk/chat/sheets, caught e-mail')
    .option('--data-dir <path>', 'data directory, emptied on each start unless --keep', './.hotpilot-demo')
    .option('--keep', 'keep the data of the previous demo')
    .option('--host <address>', 'address hotpilot listens on', '127.0.0.1')
    .option('--port <n>', 'port hotpilot listens on (0: any free port)', '3000')
    .option('--seed <n>', 'seed of the emulated Hotmart account', '42')
    .option('--sales <n>', 'sales in the account history', '1000')
    .option('--rate <n>', 'webhook events per second played by the customer journeys', '1')
    .option(
      '--log-level <level>',
      `hotpilot's log lines on standard error (${LOG_LEVELS.join(', ')})`,
      'warn',
    )
    .action(async (flags: DemoFlags) => {
      const port = parseCount(flags.port, 0, 65_535);
      if (port === null)
        throw new UsageError(t('usage.count', { flag: '--port', value: flags.port, max: 65_535 }));
      const seed = parseCount(flags.seed, 0, 2_147_483_647);
      if (seed === null)
        throw new UsageError(t('usage.count', { flag: '--seed', value: flags.seed, max: 2_147_483_647 }));
      const sales = parseCount(flags.sales, 10, 1_000_000);
      if (sales === null)
        throw new UsageError(t('usage.count', { flag: '--sales', value: flags.sales, max: 1_000_000 }));
      const rate = Number(flags.rate);
      if (!(Number.isFinite(rate) && rate > 0 && rate <= 1000))
        throw new UsageError(t('demo.badRate', { value: flags.rate }));
      if (!LOG_LEVELS.includes(flags.logLevel)) {
        throw new UsageError(t('demo.badLogLevel', { value: flags.logLevel, known: LOG_LEVELS.join(', ') }));
      }

      const demo = await startOrExplain(context, t, {
        dataDir: resolve(flags.dataDir),
        keep: flags.keep === true,
        host: flags.host,
        port,
        seed,
        sales,
        rate,
        locale: context.locale,
        logLevel: flags.logLevel,
        onStep: (step) => {
          // One line per finished resource: a line per sync window would bury the rest.
          if (
            step.kind === 'sync' &&
            step.progress.total !== undefined &&
            step.progress.done < step.progress.total
          )
            return;
          context.err(stepText(step, t, context));
        },
      });
      printBanner(demo, t, context);

      // Runs until Ctrl-C / SIGTERM; a second signal while stopping exits at once.
      await new Promise<void>((resolveStop) => {
        let stopping = false;
        const onSignal = () => {
          if (stopping) {
            context.err(t('demo.forced'));
            process.exit(1);
          }
          stopping = true;
          context.err(t('demo.stopping'));
          resolveStop();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      await demo.close();
      context.err(t('demo.stopped'));
      setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    });
}

// A port in use is the one failure people meet on a first run: say what to do about it.
async function startOrExplain(context: CliContext, t: CliText, options: DemoOptions): Promise<RunningDemo> {
  try {
    return await context.demo(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(t('demo.portInUse', { address: `${options.host}:${options.port}` }));
    }
    throw error;
  }
}

function stepText(step: DemoStep, t: CliText, context: CliContext): string {
  switch (step.kind) {
    case 'data-dir':
      return t(step.reset ? 'demo.stepDataDirReset' : 'demo.stepDataDirKept', { path: step.path });
    case 'emulator':
      return t('demo.stepEmulator', {
        url: step.url,
        sales: count(step.sales, context.locale),
        products: step.products,
      });
    case 'fakes':
      return t('demo.stepFakes');
    case 'mail':
      return t('demo.stepMail', { url: step.url });
    case 'hotpilot':
      return t('demo.stepHotpilot', { url: step.url });
    case 'sync':
      return t('demo.stepSync', {
        resource: t(`sync.resource.${step.progress.resource}`),
        records: count(step.progress.items, context.locale),
      });
    case 'synced':
      return t('demo.stepSynced', {
        sales: count(step.result.resources.sales?.items ?? 0, context.locale),
        subscriptions: count(step.result.resources.subscriptions?.items ?? 0, context.locale),
        products: count(step.result.resources.products?.items ?? 0, context.locale),
      });
    case 'journeys':
      return t('demo.stepJourneys', { rate: step.rate });
  }
}

function printBanner(demo: RunningDemo, t: CliText, context: CliContext): void {
  const out = context.out;
  out('');
  out(t('demo.ready'));
  out('');
  const labels = [t('demo.dashboard'), t('demo.login'), t('demo.webhooks')];
  const width = Math.max(...labels.map((label) => [...label].length));
  const [dashboard, login, webhooks] = labels.map((label) => label.padEnd(width));
  out(`  ${dashboard}  ${demo.dashboardUrl}`);
  out(`  ${login}  ${demo.login.email}  /  ${demo.login.password}`);
  out(`  ${webhooks}  ${demo.webhookUrl}`);
  out('');
  out(t('demo.inspect'));
  out(`  HubSpot        ${demo.inspect.hubspot}`);
  out(`  Zendesk        ${demo.inspect.zendesk}`);
  out(`  Slack          ${demo.inspect.slack}`);
  out(`  Google Sheets  ${demo.inspect.google}`);
  out(`  ${t('demo.mail').padEnd(13)}  ${demo.inspect.mail}`);
  out(`  ${t('demo.hotmartDeliveries').padEnd(13)}  ${demo.inspect.hotmartDeliveries}`);
  out(`  ${t('demo.hotmartRequests').padEnd(13)}  ${demo.inspect.hotmartRequests}`);
  out('');
  out(t('demo.cliHint', { dir: demo.dataDir }));
  out(t('demo.stopHint'));
}
