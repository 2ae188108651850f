import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { subscriberCsvLines } from '../store/mirror/subscriber-list-csv.ts';
import { subscriberListRows } from '../store/mirror/subscriber-list-rows.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { cliText } from './cli-messages.ts';
import { writePrivateFile } from './private-file.ts';
import { withStore } from './with-store.ts';

// Exports this big or bigger report their progress on standard error, every PROGRESS_EVERY rows.
const PROGRESS_EVERY = 10_000;

interface ExportOptions {
  connection?: string;
  product?: string;
  plan?: string;
  status: 'active' | 'all';
  out?: string;
  bom?: boolean;
  json?: boolean;
}

/**
 * `hotpilot subscribers export`: the subscribers of the local mirror (fill it with `hotpilot sync`) as CSV — RFC
 * 4180, CRLF, headers in the reader's language, prices as numbers with a currency column, dates ISO 8601 (UTC),
 * text cells that a spreadsheet would run as formulas prefixed with `'` — on standard output, or in a file only its
 * owner can read (`--out`, the subscribers' e-mails are personal data). `--bom` adds the UTF-8 byte order mark Excel
 * needs; `--json` prints the rows instead. Filters: connection, product, plan (id or code), status (`active`: active
 * and late on a charge, the default; `all`).
 *
 * @example
 * import { Command } from 'commander';
 * import { subscribersCommand } from './subscribers-command.ts';
 * new Command('hotpilot').addCommand(subscribersCommand(context));
 */
export function subscribersCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  const subscribers = new Command('subscribers').description('subscribers of the local mirror');
  subscribers
    .command('export')
    .description('export the subscribers as CSV (or JSON)')
    .option('--connection <id>', 'one Hotmart connection (default: all)')
    .option('--product <id>', 'one Hotmart product id')
    .option('--plan <id|code>', 'one plan, by plan id or plan code')
    .addOption(
      new Option('--status <status>', 'active (and late on a charge) or all')
        .choices(['active', 'all'])
        .default('active'),
    )
    .option('--out <file>', 'write the CSV to this file (default: standard output)')
    .option('--bom', 'start the CSV with a UTF-8 byte order mark (for Excel)')
    .option('--json', 'print the rows as JSON instead of CSV')
    .action(async (options: ExportOptions) => {
      if (options.json && options.bom) throw new UsageError(t('subscribers.jsonBom'));
      await withStore(context, async (store) => {
        const rows = await subscriberListRows(store, {
          connectionId: options.connection ?? null,
          productId: options.product ?? null,
          plan: options.plan ?? null,
          status: options.status,
        });
        if (options.json) {
          const text = JSON.stringify(rows, null, 2);
          if (options.out) {
            writePrivateFile(resolve(options.out), `${text}\n`);
            context.err(t('subscribers.exported', { count: rows.length, file: options.out }));
          } else context.out(text);
          return;
        }
        const big = rows.length >= PROGRESS_EVERY;
        const lines: string[] = [];
        let done = -1;
        for (const line of subscriberCsvLines(rows, { locale: context.locale, bom: options.bom === true })) {
          done++;
          if (big && done > 0 && done % PROGRESS_EVERY === 0) {
            context.err(t('subscribers.progress', { done, total: rows.length }));
          }
          // Standard output adds the \n of the CRLF each record ends with.
          if (options.out) lines.push(line);
          else context.out(line.slice(0, -1));
        }
        if (options.out) {
          writePrivateFile(resolve(options.out), lines.join(''));
          context.err(t('subscribers.exported', { count: rows.length, file: options.out }));
        } else if (big) context.err(t('subscribers.progress', { done: rows.length, total: rows.length }));
      });
    });
  return subscribers;
}
