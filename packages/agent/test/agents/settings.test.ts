import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_IDS,
  AGENT_SETTINGS_KEY,
  AgentSettingsError,
  agentSettingsJsonSchema,
  changedPaths,
  defaultAgentSettings,
  getAgentSettings,
  loadAgentSettings,
  parseAgentSettings,
  saveAgentSettings,
} from '../../src/agents/settings.ts';
import { settingsForRun } from '../../src/agents/settings-for-run.ts';
import { NonRetriableError } from '../../src/engine/errors.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotpilot-agent-settings-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function rejection<E>(promise: Promise<unknown>): Promise<E> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as E,
  );
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentSettingsError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('expected an AgentSettingsError');
}

describe('agent settings schema', () => {
  it('fills in a default for every field, with every agent off', () => {
    const settings = defaultAgentSettings();
    expect(settings.locale).toBe('pt-BR');
    expect(settings.timeZone).toBe('America/Sao_Paulo');
    expect(AGENT_IDS.map((id) => [id, settings[id].enabled, settings[id].minutesPerRun])).toEqual(
      AGENT_IDS.map((id) => [id, false, null]),
    );
    expect(settings.sales).toMatchObject({
      hubspotConnectionId: null,
      dealPipeline: 'default',
      dealStage: 'closedwon',
      completedDealStage: null,
      dealKeyProperty: 'hotmart_transaction',
      welcomeSequenceId: 'welcome',
      notifyRenewals: true,
    });
    expect(settings.marketing).toMatchObject({
      cartRecoverySequenceId: 'cart-recovery',
      recoveryWindowDays: 7,
      purchaseLookbackHours: 24,
      retargetingSheet: 'Retargeting',
    });
    expect(settings.support).toMatchObject({
      acknowledgementTemplateId: 'refund-acknowledgement',
      refundedTicketStatus: 'solved',
      chargebackTicketStatus: 'open',
      ticketPriority: 'high',
    });
    expect(settings.legal).toMatchObject({
      disputeResponseDays: 7,
      disputeSheet: 'Chargebacks',
      refundWatch: { schedule: '0 9 * * *', openDays: 5, lookbackDays: 60 },
    });
    expect(settings.finance.schedule).toBe('0 7 * * 1');
    expect(settings.operations.overdueDays).toBe(3);
    expect(settings.hr.certificateTemplateId).toBe('certificate');
  });

  it('reports every problem at once, each with its field path', () => {
    expect(
      problemsOf(() =>
        parseAgentSettings({
          locale: 'fr',
          timeZone: 'Mars/Olympus_Mons',
          sales: { enabled: 'yes', dealStag: 'closedwon', hubspotConnectionId: 'has spaces' },
          legal: { refundWatch: { schedule: 'every day', openDays: 0 } },
          payroll: {},
        }),
      ),
    ).toEqual([
      'locale: Invalid option: expected one of "pt-BR"|"es"|"en"',
      'timeZone: must be an IANA time zone such as America/Sao_Paulo',
      'sales.enabled: Invalid input: expected boolean, received string',
      'sales.hubspotConnectionId: must be a connection id (letters, digits, ".", "_", "~" or "-")',
      'sales.dealStag: is not a known setting',
      expect.stringMatching(/^legal\.refundWatch\.schedule: is not a valid cron pattern: /),
      'legal.refundWatch.openDays: Too small: expected number to be >=1',
      'payroll: is not a known setting',
    ]);
    expect(problemsOf(() => parseAgentSettings(null))).toEqual([
      '(settings): Invalid input: expected object, received null',
    ]);
  });

  it('describes every field for the dashboard’s form', () => {
    const schema = agentSettingsJsonSchema() as Record<string, unknown>;
    const undescribed: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const properties = node['properties'] as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        const at = path ? `${path}.${key}` : key;
        if (typeof child['description'] !== 'string' || child['description'] === '') undescribed.push(at);
        walk(child, at);
      }
    };
    walk(schema, '');
    expect(undescribed).toEqual([]);
    expect(Object.keys(schema['properties'] as object)).toEqual([
      'locale',
      'timeZone',
      'sellerName',
      ...AGENT_IDS,
    ]);
    expect(schema['additionalProperties']).toBe(false);
  });

  it('lists the leaf paths that changed', () => {
    expect(changedPaths({ a: { b: 1, c: [1] } }, { a: { b: 1, c: [2] }, d: true })).toEqual(['a.c', 'd']);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
    expect(changedPaths(1, 2)).toEqual(['(settings)']);
  });
});

describe('loadAgentSettings', () => {
  it('reads a JSON file and fills in the defaults', async () => {
    const path = file('ok.json', JSON.stringify({ sales: { enabled: true, hubspotConnectionId: 'crm' } }));
    const settings = await loadAgentSettings(path);
    expect(settings.sales).toMatchObject({
      enabled: true,
      hubspotConnectionId: 'crm',
      dealStage: 'closedwon',
    });
  });

  it('names the file and each field at fault', async () => {
    const missing = join(dir, 'absent.json');
    await expect(loadAgentSettings(missing)).rejects.toMatchObject({
      name: 'AgentSettingsError',
      problems: [{ path: '(file)', message: 'file not found' }],
      message: `invalid agent settings file ${missing} (1 problem): (file): file not found`,
    });
    const broken = file('broken.json', '{ "sales": ');
    await expect(loadAgentSettings(broken)).rejects.toMatchObject({
      problems: [{ path: '(file)', message: expect.stringMatching(/^is not valid JSON: /) }],
    });
    const wrong = file(
      'wrong.json',
      JSON.stringify({ marketing: { recoveryWindowDays: 0, checkoutUrls: { x: 'y' } } }),
    );
    const error = await rejection<AgentSettingsError>(loadAgentSettings(wrong));
    expect(error).toBeInstanceOf(AgentSettingsError);
    expect(error.message).toContain(wrong);
    expect(error.problems.map((p) => p.path)).toEqual([
      'marketing.checkoutUrls.x',
      'marketing.recoveryWindowDays',
    ]);
  });
});

describe.each(storeFactories)('settings in the store ($name)', (factory) => {
  let t: TestStore;
  afterEach(async () => {
    await t?.destroy();
  });

  it('are the defaults until saved, then what was saved, with an audit entry naming what changed', async () => {
    t = await factory.create();
    expect(await getAgentSettings(t.store)).toEqual(defaultAgentSettings());
    const saved = await saveAgentSettings(
      t.store,
      { support: { enabled: true, zendeskConnectionId: 'desk' } },
      'user:ana@example.com',
      1_000,
    );
    expect(saved.support.enabled).toBe(true);
    expect(await getAgentSettings(t.store)).toEqual(saved);
    await saveAgentSettings(
      t.store,
      { support: { enabled: false, zendeskConnectionId: 'desk' } },
      'user:bob',
      2_000,
    );
    const audit = await t.store.listAudit({ action: 'agents.settings.saved' });
    expect(audit.map((entry) => [entry.actor, entry.target, entry.at, entry.details])).toEqual([
      ['user:bob', AGENT_SETTINGS_KEY, 2_000, { changed: ['support.enabled'] }],
      [
        'user:ana@example.com',
        AGENT_SETTINGS_KEY,
        1_000,
        { changed: ['support.enabled', 'support.zendeskConnectionId'] },
      ],
    ]);
  });

  it('refuses invalid settings without storing or auditing anything', async () => {
    t = await factory.create();
    await expect(saveAgentSettings(t.store, { sales: { enabled: 1 } }, 'user:ana')).rejects.toBeInstanceOf(
      AgentSettingsError,
    );
    await expect(saveAgentSettings(t.store, {}, ' ')).rejects.toThrow(TypeError);
    expect(await t.store.getState(AGENT_SETTINGS_KEY)).toBeNull();
    expect(await t.store.listAudit({})).toEqual([]);
  });

  it('stops runs when stored settings no longer fit the schema', async () => {
    t = await factory.create();
    const fallback = parseAgentSettings({ sales: { enabled: true } });
    expect(await settingsForRun(t.store, fallback)).toBe(fallback);
    await t.store.setState(AGENT_SETTINGS_KEY, { sales: { enabled: true, retired: 1 } }, 1);
    await expect(getAgentSettings(t.store)).rejects.toMatchObject({
      problems: [{ path: 'sales.retired', message: 'is not a known setting' }],
    });
    const error = await rejection<NonRetriableError>(settingsForRun(t.store, fallback));
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.code).toBe('AGENT_SETTINGS_INVALID');
    expect(error.message).toContain('sales.retired');
  });
});
