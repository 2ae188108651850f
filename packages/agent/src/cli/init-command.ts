import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { isLocale, LOCALES, type Locale } from '../kit/i18n/locale.ts';
import { isTimeZone } from '../store/mirror/reports-time.ts';
import { type CliContext, UsageError } from './cli-context.ts';
import { type CliText, cliText } from './cli-messages.ts';
import { checkConnectionId, checkHottok, webhookUrl } from './connection-input.ts';
import { writePrivateFile } from './private-file.ts';
import type { Prompter } from './prompt.ts';

/** The files `init` writes, in the directory it is given. */
const INIT_FILES = { env: '.env', config: 'hotpilot.config.json' } as const;

interface InitFlags {
  dir?: string;
  dataDir?: string;
  databaseUrl?: string;
  publicUrl?: string;
  host?: string;
  port?: string;
  connection?: string;
  connectionName?: string;
  hottok?: string;
  clientId?: string;
  clientSecret?: string;
  environment?: 'production' | 'sandbox';
  adminEmail?: string;
  adminName?: string;
  adminPassword?: string;
  locale?: string;
  timeZone?: string;
  sellerName?: string;
  yes?: boolean;
  force?: boolean;
}

interface InitAnswers {
  dir: string;
  dataDir: string;
  databaseUrl: string | null;
  publicUrl: string | null;
  host: string;
  port: number;
  connection: string;
  connectionName: string;
  hottok: string;
  credentials: { clientId: string; clientSecret: string } | null;
  environment: 'production' | 'sandbox';
  admin: { email: string; name: string; password: string; generated: boolean };
  locale: Locale;
  timeZone: string;
  sellerName: string | null;
}

const email = z.email();

/**
 * `hotpilot init`: sets up an installation in one go — asks (on a terminal) or takes flags (scripts) for the public
 * URL, the Hotmart connection (hottok, developer credential) and the first admin; writes `.env` (the server's
 * variables) and `hotpilot.config.json` (the agents' settings) with mode 0600; creates the data directory, the
 * encryption key file, the connection, the admin user and the settings; and prints the webhook URL to register in
 * Hotmart with where its hottok is found (Tools → Webhook → Authentication, reference §6.1).
 *
 * @example
 * import { Command } from 'commander';
 * import { initCommand } from './init-command.ts';
 * new Command('hotpilot').addCommand(initCommand(context));
 */
export function initCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('init')
    .description('set up hotpilot: .env, hotpilot.config.json, key file, Hotmart connection and first admin')
    .option('--dir <path>', 'where .env and hotpilot.config.json go (default: the current directory)')
    .option('--data-dir <path>', 'data directory, relative to --dir (default .hotpilot)')
    .option('--database-url <url>', 'postgres://… to use PostgreSQL instead of SQLite in the data directory')
    .option('--public-url <url>', 'the https URL Hotmart reaches this server at')
    .option('--host <address>', 'address the server listens on (default 127.0.0.1)')
    .option('--port <n>', 'port the server listens on (default 3000)')
    .option('--connection <id>', 'id of the Hotmart connection, part of the webhook URL (default main)')
    .option('--connection-name <name>', 'a name people recognise (default "Hotmart")')
    .option('--hottok <hottok>', "the hottok from Hotmart's webhook screen (Authentication tab)")
    .option('--client-id <id>', 'Hotmart developer credential: client id')
    .option('--client-secret <secret>', 'Hotmart developer credential: client secret')
    .addOption(
      new Option('--environment <environment>', 'the credential is for production or sandbox').choices([
        'production',
        'sandbox',
      ]),
    )
    .option('--admin-email <address>', 'e-mail of the first admin (signs in to the dashboard)')
    .option('--admin-name <name>', 'name of the first admin')
    .option('--admin-password <password>', 'password of the first admin (default: generated and shown once)')
    .option('--locale <locale>', `language of messages to the seller's team (${LOCALES.join(', ')})`)
    .option('--time-zone <zone>', "the seller's IANA time zone (default: this machine's)")
    .option('--seller-name <name>', 'name that signs e-mails to buyers')
    .option('--yes', 'ask nothing: take flags and defaults (scripts)')
    .option('--force', 'overwrite existing files and update an existing connection')
    .action(async (flags: InitFlags) => {
      const prompter = flags.yes ? null : context.prompter;
      let answers: InitAnswers;
      try {
        answers = await collect(flags, prompter, context, t);
      } finally {
        prompter?.close();
      }
      const envPath = join(answers.dir, INIT_FILES.env);
      const configPath = join(answers.dir, INIT_FILES.config);
      if (!flags.force) {
        for (const path of [envPath, configPath]) {
          if (existsSync(path)) throw new Error(t('init.exists', { path }));
        }
      }
      mkdirSync(answers.dir, { recursive: true });

      const target = context.withEnv({
        HOTPILOT_DATA_DIR: answers.dataDir,
        HOTPILOT_DATABASE_URL: answers.databaseUrl ?? undefined,
        HOTPILOT_PUBLIC_URL: answers.publicUrl ?? undefined,
      });
      const settings = await setUpStore(target, answers, flags.force === true, t);

      writePrivateFile(envPath, envFile(answers));
      writePrivateFile(configPath, `${JSON.stringify(settings, null, 2)}\n`);

      const environment = target.environment();
      const out = context.out;
      out(t('init.done', { dir: answers.dir }));
      out(`  ${t('init.files', { env: envPath, config: configPath })}`);
      if (environment.encryptionKeyFromEnv) out(`  ${t('init.keyFromEnv')}`);
      else out(`  ${t('init.keyFile', { file: environment.keyFile })}`);
      out(`  ${t('init.admin', { email: answers.admin.email })}`);
      if (answers.admin.generated) out(`  ${t('init.password', { password: answers.admin.password })}`);
      out('');
      out(t('init.webhookUrl', { url: webhookUrl(answers.publicUrl, answers.connection) }));
      out(t('init.hotmartSteps'));
      out(t('init.hottokWhere'));
      if (answers.publicUrl === null) out(t('init.noPublicUrl'));
      if (answers.credentials === null) out(t('init.noCredentials'));
      out('');
      out(t('init.next', { env: envPath }));
    });
}

async function setUpStore(
  target: CliContext,
  answers: InitAnswers,
  force: boolean,
  t: CliText,
): Promise<unknown> {
  const [
    { createUser, findUserByEmail },
    { parseAgentSettings, readStoredAgentSettings, saveAgentSettings },
  ] = await Promise.all([import('../store/access/users.ts'), import('../agents/settings.ts')]);
  // Opening the store creates the data directory (0700) and the encryption key file (0600) when they are missing.
  const store = await target.openStore({ migrate: true });
  try {
    const now = Date.now();
    const existing = await store.getConnection(answers.connection);
    if (existing && !force) throw new Error(t('connections.exists', { id: answers.connection }));
    const user = await findUserByEmail(store, answers.admin.email);
    if (user && !force) throw new Error(t('init.userExists', { email: answers.admin.email }));

    if (!user) {
      await createUser(store, {
        email: answers.admin.email,
        name: answers.admin.name,
        password: answers.admin.password,
        role: 'admin',
        locale: answers.locale,
      });
      await store.appendAudit({ actor: 'cli', action: 'user.create', target: answers.admin.email }, now);
    } else {
      // --force keeps an existing user as it is: a re-run must not lock anyone out by changing a password.
      answers.admin.generated = false;
    }

    const connection = {
      name: answers.connectionName,
      hottoks: [answers.hottok],
      credentials: answers.credentials,
      settings: answers.environment === 'sandbox' ? { environment: 'sandbox' } : {},
    };
    if (existing) {
      await store.updateConnection(answers.connection, connection, now);
      await store.appendAudit({ actor: 'cli', action: 'connection.update', target: answers.connection }, now);
    } else {
      await store.createConnection({ id: answers.connection, kind: 'hotmart', ...connection }, now);
      await store.appendAudit({ actor: 'cli', action: 'connection.create', target: answers.connection }, now);
    }

    const previous = await readStoredAgentSettings(store).catch(() => null);
    const settings = parseAgentSettings({
      ...(previous ?? {}),
      locale: answers.locale,
      timeZone: answers.timeZone,
      sellerName: answers.sellerName,
    });
    return await saveAgentSettings(store, settings, 'cli:init', now);
  } finally {
    await store.close();
  }
}

async function collect(
  flags: InitFlags,
  prompter: Prompter | null,
  context: CliContext,
  t: CliText,
): Promise<InitAnswers> {
  const ask = async (
    value: string | undefined,
    question: string,
    options: { default?: string; secret?: boolean } = {},
  ): Promise<string | undefined> => {
    if (value !== undefined) return value.trim();
    if (prompter === null) return options.default;
    const answer = await prompter.ask(question, options);
    return answer === '' ? options.default : answer;
  };
  const fromEnv = context.connectionSecrets();

  const dir = resolve(flags.dir ?? '.');
  const dataDirText = flags.dataDir ?? '.hotpilot';
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(dir, dataDirText);

  const databaseUrl = flags.databaseUrl?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//i.test(databaseUrl))
    throw new UsageError(t('init.badDatabaseUrl'));

  const publicUrlText = await ask(flags.publicUrl, t('init.askPublicUrl'));
  const publicUrl = publicUrlText ? httpUrl(publicUrlText, t) : null;

  const host = flags.host?.trim() || '127.0.0.1';
  if (/\s|\//.test(host)) throw new UsageError(t('init.badHost', { value: host }));
  const portText = flags.port ?? '3000';
  const port = /^\d+$/.test(portText.trim()) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65_535))
    throw new UsageError(t('usage.count', { flag: '--port', value: portText, max: 65_535 }));

  const connection = (await ask(flags.connection, t('init.askConnection'), { default: 'main' })) ?? 'main';
  checkConnectionId(connection, t);
  const connectionName = flags.connectionName?.trim() || 'Hotmart';

  const hottok = await ask(flags.hottok ?? fromEnv.hottok?.reveal(), t('init.askHottok'), { secret: true });
  if (!hottok) throw new UsageError(t('init.missingHottok'));
  checkHottok(hottok, t);

  const clientId = await ask(flags.clientId ?? fromEnv.clientId ?? undefined, t('init.askClientId'));
  const clientSecret = clientId
    ? await ask(flags.clientSecret ?? fromEnv.clientSecret?.reveal(), t('init.askClientSecret'), {
        secret: true,
      })
    : flags.clientSecret;
  if (Boolean(clientId) !== Boolean(clientSecret)) throw new UsageError(t('connections.halfCredentials'));

  const adminEmail = (await ask(flags.adminEmail, t('init.askAdminEmail')))?.toLowerCase();
  if (!adminEmail) throw new UsageError(t('init.missingAdmin'));
  if (!email.safeParse(adminEmail).success) throw new UsageError(t('init.badEmail', { value: adminEmail }));
  const adminName =
    (await ask(flags.adminName, t('init.askAdminName'), { default: adminEmail.split('@')[0] })) ?? adminEmail;

  let password = flags.adminPassword;
  if (password === undefined && prompter !== null) {
    const typed = await prompter.ask(t('init.askPassword'), { secret: true });
    if (typed !== '') {
      const again = await prompter.ask(t('init.askPasswordAgain'), { secret: true });
      if (again !== typed) throw new UsageError(t('init.passwordsDiffer'));
      password = typed;
    }
  }
  const generated = password === undefined;
  // 18 random bytes: 24 characters, far above the 12-character minimum and never the e-mail.
  password ??= randomBytes(18).toString('base64url');
  const { checkPassword, describePasswordProblem } = await import('../store/access/password-policy.ts');
  const problems = checkPassword(password, adminEmail);
  if (problems.length > 0) {
    throw new UsageError(
      t('init.weakPassword', { problems: problems.map(describePasswordProblem).join('; ') }),
    );
  }

  const localeText = await ask(flags.locale, t('init.askLocale'), { default: context.locale });
  if (!isLocale(localeText))
    throw new UsageError(t('init.badLocale', { value: localeText ?? '', known: LOCALES.join(', ') }));
  const systemZone = new Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Sao_Paulo';
  const timeZone = (await ask(flags.timeZone, t('init.askTimeZone'), { default: systemZone })) ?? systemZone;
  if (!isTimeZone(timeZone)) throw new UsageError(t('usage.timeZone', { value: timeZone }));
  const sellerName = flags.sellerName?.trim() || null;

  return {
    dir,
    dataDir,
    databaseUrl,
    publicUrl,
    host,
    port,
    connection,
    connectionName,
    hottok,
    credentials: clientId && clientSecret ? { clientId, clientSecret } : null,
    environment: flags.environment ?? 'production',
    admin: { email: adminEmail, name: adminName, password, generated },
    locale: localeText,
    timeZone,
    sellerName,
  };
}

function httpUrl(text: string, t: CliText): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(t('init.badPublicUrl', { value: text }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(t('init.badPublicUrl', { value: text }));
  return url.href.replace(/\/+$/, '');
}

function envFile(answers: InitAnswers): string {
  const lines = [
    '# hotpilot settings, written by `hotpilot init`. Private (mode 0600): it may hold a database password.',
    '# Load it with `node --env-file=.env …`, Docker Compose `env_file:` or systemd `EnvironmentFile=`.',
    `HOTPILOT_DATA_DIR=${envValue(answers.dataDir)}`,
    ...(answers.databaseUrl ? [`HOTPILOT_DATABASE_URL=${envValue(answers.databaseUrl)}`] : []),
    ...(answers.publicUrl ? [`HOTPILOT_PUBLIC_URL=${envValue(answers.publicUrl)}`] : []),
    `HOTPILOT_HOST=${envValue(answers.host)}`,
    `HOTPILOT_PORT=${answers.port}`,
    `HOTPILOT_LOCALE=${answers.locale}`,
  ];
  return `${lines.join('\n')}\n`;
}

// Values are paths and URLs: quote those with spaces or `#`; refuse what no .env reader agrees on.
function envValue(value: string): string {
  if (/[\r\n"'`\\]/.test(value)) throw new UsageError(`cannot write ${JSON.stringify(value)} to .env`);
  return /[\s#$]/.test(value) ? `"${value}"` : value;
}
