import { stat } from 'node:fs/promises';
import { Command } from 'commander';
import type { AgentSettings } from '../agents/settings.ts';
import { redactText } from '../kit/redact.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';
import { type CliContext, type CliEnvironment, CommandFailedError } from './cli-context.ts';
import { type CliText, cliText } from './cli-messages.ts';

/**
 * One line of `hotpilot doctor`: what was checked, whether it is fine, and how to fix it when it isn't. The
 * `--json` output is `{ ok, checks: DoctorCheck[] }`.
 *
 * @example
 * import type { DoctorCheck } from './doctor-command.ts';
 * const check: DoctorCheck = { check: 'public-url', ok: false, message: 'HOTPILOT_PUBLIC_URL is not set', fix: 'set it' };
 */
export interface DoctorCheck {
  /** Stable id: `database`, `migrations`, `encryption-key`, `public-url`, `hottok:<id>`, `webhook-url:<id>`,
   * `credentials:<id>`, `connection:<id>`, `agent-settings`, `agent-connection:<agent>.<field>`. */
  check: string;
  ok: boolean;
  message: string;
  fix?: string;
}

// Connection tests talk to vendors; a hung one must not hang the doctor.
const TEST_TIMEOUT_MS = 20_000;
const HTTP_TIMEOUT_MS = 5_000;

/** The settings fields that name connections, and the connector each must be. */
const CONNECTION_FIELDS: Readonly<Record<string, string>> = {
  hotmartConnectionId: 'hotmart',
  hubspotConnectionId: 'hubspot',
  zendeskConnectionId: 'zendesk',
  slackConnectionId: 'slack',
  googleSheetsConnectionId: 'google-sheets',
  emailConnectionId: 'email',
};

/**
 * `hotpilot doctor`: checks the installation end to end and prints one ✓/✗ line per check with a fix for each ✗:
 * the database and its migrations, the encryption key, the public URL (reachable, and each Hotmart webhook URL
 * answering), each Hotmart connection's hottok and credentials (a real token request and `user/me`), every other
 * connection's own test, and the agents' settings. Exits 1 when any check fails.
 *
 * @example
 * import { Command } from 'commander';
 * import { doctorCommand } from './doctor-command.ts';
 * new Command('hotpilot').addCommand(doctorCommand(context));
 */
export function doctorCommand(context: CliContext): Command {
  const t = cliText(context.locale);
  return new Command('doctor')
    .description('check the database, the public URL, the hottok, the credentials and every connection')
    .option('--json', 'print { ok, checks } as one JSON object')
    .action(async (options: { json?: boolean }) => {
      const checks: DoctorCheck[] = [];
      const report = (check: DoctorCheck) => {
        checks.push(check);
        if (options.json) return;
        context.out(`${check.ok ? '✓' : '✗'} ${check.message}`);
        if (!check.ok && check.fix) context.out(`  → ${check.fix}`);
      };
      await runChecks(context, t, report);
      const failed = checks.filter((check) => !check.ok).length;
      if (options.json) context.out(JSON.stringify({ ok: failed === 0, checks }, null, 2));
      if (failed > 0) throw new CommandFailedError(t('doctor.failed', { failed, count: checks.length }));
      if (!options.json) context.out(t('doctor.ok', { count: checks.length }));
    });
}

async function runChecks(
  context: CliContext,
  t: CliText,
  report: (check: DoctorCheck) => void,
): Promise<void> {
  const environment = context.environment();
  let store: Store;
  try {
    store = await context.openStore();
    await store.ping();
  } catch (error) {
    report({
      check: 'database',
      ok: false,
      message: t('doctor.databaseDown', { reason: reason(error) }),
      fix: t('doctor.databaseFix'),
    });
    return;
  }
  try {
    const where = environment.databaseKind === 'sqlite' ? `SQLite, ${environment.dataDir}` : 'PostgreSQL';
    report({ check: 'database', ok: true, message: t('doctor.databaseUp', { where }) });

    const { current, latest } = await store.schemaVersion();
    if (current < latest) {
      report({
        check: 'migrations',
        ok: false,
        message: t('doctor.migrationsBehind', { current, latest }),
        fix: t('doctor.migrationsFix'),
      });
      return;
    }
    report({
      check: 'migrations',
      ok: current === latest,
      message:
        current === latest
          ? t('doctor.migrationsOk', { current })
          : t('doctor.migrationsAhead', { current, latest }),
      ...(current === latest ? {} : { fix: t('doctor.migrationsAheadFix') }),
    });

    report(await keyCheck(environment, t));

    let connections: ConnectionRecord[];
    try {
      connections = await store.listConnections();
    } catch (error) {
      report({
        check: 'connections',
        ok: false,
        message: t('doctor.connectionsUnreadable', { reason: reason(error) }),
        fix: t('doctor.connectionsUnreadableFix'),
      });
      return;
    }

    const publicUrl = environment.publicUrl;
    const reachable = await publicUrlCheck(publicUrl, t);
    report(reachable);

    const hotmart = connections.filter((connection) => connection.kind === 'hotmart');
    if (hotmart.length === 0) {
      report({ check: 'hotmart', ok: false, message: t('doctor.noHotmart'), fix: t('doctor.noHotmartFix') });
    }
    const { registry } = await import('../connectors/registry.ts');
    const { testConnection } = await import('../connectors/invoke.ts');
    for (const connection of hotmart) {
      report(
        connection.hottoks.length > 0
          ? {
              check: `hottok:${connection.id}`,
              ok: true,
              message: t('doctor.hottokOk', { id: connection.id, count: connection.hottoks.length }),
            }
          : {
              check: `hottok:${connection.id}`,
              ok: false,
              message: t('doctor.hottokMissing', { id: connection.id }),
              fix: t('doctor.hottokFix'),
            },
      );
      if (publicUrl !== null && reachable.ok) report(await webhookUrlCheck(publicUrl, connection.id, t));
      if (connection.credentials === null) {
        report({
          check: `credentials:${connection.id}`,
          ok: false,
          message: t('doctor.credentialsMissing', { id: connection.id }),
          fix: t('doctor.credentialsFix'),
        });
        continue;
      }
      const result = await testConnection(registry.connector('hotmart')!, connection, {
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      }).catch((error: unknown) => ({ ok: false, message: reason(error) }));
      report({
        check: `credentials:${connection.id}`,
        ok: result.ok,
        message: t(result.ok ? 'doctor.credentialsOk' : 'doctor.credentialsBad', {
          id: connection.id,
          detail: result.message,
        }),
        ...(result.ok ? {} : { fix: t('doctor.credentialsFix') }),
      });
    }

    for (const connection of connections.filter((candidate) => candidate.kind !== 'hotmart')) {
      const connector = registry.connector(connection.kind);
      if (!connector) {
        report({
          check: `connection:${connection.id}`,
          ok: false,
          message: t('doctor.unknownKind', { id: connection.id, kind: connection.kind }),
          fix: t('doctor.unknownKindFix'),
        });
        continue;
      }
      const result = await testConnection(connector, connection, {
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      }).catch((error: unknown) => ({ ok: false, message: reason(error) }));
      report({
        check: `connection:${connection.id}`,
        ok: result.ok,
        message: t(result.ok ? 'doctor.connectionOk' : 'doctor.connectionBad', {
          id: connection.id,
          connector: connector.title,
          detail: result.message,
        }),
        ...(result.ok ? {} : { fix: t('doctor.connectionFix', { id: connection.id }) }),
      });
    }

    await settingsChecks(store, connections, t, report);
  } finally {
    await store.close();
  }
}

async function keyCheck(environment: CliEnvironment, t: CliText): Promise<DoctorCheck> {
  if (environment.encryptionKeyFromEnv) {
    return { check: 'encryption-key', ok: true, message: t('doctor.keyFromEnv') };
  }
  try {
    const mode = (await stat(environment.keyFile)).mode & 0o777;
    // Anyone who can read the key can read every stored secret.
    if ((mode & 0o077) !== 0) {
      return {
        check: 'encryption-key',
        ok: false,
        message: t('doctor.keyOpen', { file: environment.keyFile, mode: mode.toString(8) }),
        fix: t('doctor.keyOpenFix', { file: environment.keyFile }),
      };
    }
    return { check: 'encryption-key', ok: true, message: t('doctor.keyFile', { file: environment.keyFile }) };
  } catch (error) {
    return {
      check: 'encryption-key',
      ok: false,
      message: t('doctor.keyMissing', { file: environment.keyFile, reason: reason(error) }),
      fix: t('doctor.keyMissingFix'),
    };
  }
}

async function publicUrlCheck(publicUrl: string | null, t: CliText): Promise<DoctorCheck> {
  if (publicUrl === null) {
    return {
      check: 'public-url',
      ok: false,
      message: t('doctor.publicUrlUnset'),
      fix: t('doctor.publicUrlUnsetFix'),
    };
  }
  try {
    const response = await fetch(`${publicUrl}/healthz`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const body = await response.text();
    // Anything can answer 200 (a proxy's page, another app): only hotpilot's own answer counts.
    const isHotpilot = response.status === 200 && /^\{"ok":true\}$/.test(body.trim());
    return isHotpilot
      ? { check: 'public-url', ok: true, message: t('doctor.publicUrlOk', { url: publicUrl }) }
      : {
          check: 'public-url',
          ok: false,
          message: t('doctor.publicUrlWrong', { url: publicUrl, status: response.status }),
          fix: t('doctor.publicUrlFix'),
        };
  } catch (error) {
    return {
      check: 'public-url',
      ok: false,
      message: t('doctor.publicUrlDown', { url: publicUrl, reason: reason(error) }),
      fix: t('doctor.publicUrlFix'),
    };
  }
}

async function webhookUrlCheck(publicUrl: string, id: string, t: CliText): Promise<DoctorCheck> {
  const url = `${publicUrl}/webhooks/hotmart/${encodeURIComponent(id)}`;
  try {
    // No hottok: the inbox must refuse it (401) without storing anything — proof that the route, the connection
    // and the token check are all there.
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 401)
      return { check: `webhook-url:${id}`, ok: true, message: t('doctor.webhookOk', { url }) };
    return {
      check: `webhook-url:${id}`,
      ok: false,
      message: t(response.status === 404 ? 'doctor.webhookUnknown' : 'doctor.webhookWrong', {
        url,
        status: response.status,
      }),
      fix: t('doctor.webhookFix'),
    };
  } catch (error) {
    return {
      check: `webhook-url:${id}`,
      ok: false,
      message: t('doctor.webhookDown', { url, reason: reason(error) }),
      fix: t('doctor.publicUrlFix'),
    };
  }
}

async function settingsChecks(
  store: Store,
  connections: readonly ConnectionRecord[],
  t: CliText,
  report: (check: DoctorCheck) => void,
): Promise<void> {
  const { AGENT_IDS, getAgentSettings } = await import('../agents/settings.ts');
  let settings: AgentSettings;
  try {
    settings = await getAgentSettings(store);
  } catch (error) {
    report({
      check: 'agent-settings',
      ok: false,
      message: t('doctor.settingsInvalid', { reason: reason(error) }),
      fix: t('doctor.settingsFix'),
    });
    return;
  }
  const enabled = AGENT_IDS.filter((id) => settings[id].enabled);
  report({
    check: 'agent-settings',
    ok: true,
    message:
      enabled.length === 0 ? t('doctor.agentsOff') : t('doctor.agentsOn', { agents: enabled.join(', ') }),
  });
  const byId = new Map(connections.map((connection) => [connection.id, connection]));
  for (const agent of enabled) {
    for (const [field, value] of Object.entries(settings[agent] as Record<string, unknown>)) {
      const kind = CONNECTION_FIELDS[field];
      if (kind === undefined || typeof value !== 'string') continue;
      const connection = byId.get(value);
      if (connection?.kind === kind) continue;
      report({
        check: `agent-connection:${agent}.${field}`,
        ok: false,
        message: connection
          ? t('doctor.agentWrongKind', {
              path: `${agent}.${field}`,
              id: value,
              kind: connection.kind,
              expected: kind,
            })
          : t('doctor.agentNoConnection', { path: `${agent}.${field}`, id: value }),
        fix: t('doctor.agentConnectionFix'),
      });
    }
  }
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return redactText(`${error.message}${cause}`);
  }
  return redactText(String(error));
}
