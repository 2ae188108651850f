import { describe, expect, it } from 'vitest';
import { AGENT_IDS, parseAgentSettings } from '../../src/agents/settings.ts';
import { DEMO_CONNECTION_IDS } from '../../src/demo/demo-connections.ts';
import { demoAgentSettings } from '../../src/demo/demo-settings.ts';

// The demo's agent settings: every agent on with the demo's connections, nested connection fields included, and
// the retention agent set up for real (subscriber list, alerts for big late charges).

/** Every `…ConnectionId` field of a settings tree, with its dotted path. */
function connectionFields(value: unknown, path: string[] = []): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key.endsWith('ConnectionId')
      ? [[[...path, key].join('.'), child]]
      : connectionFields(child, [...path, key]),
  ) as [string, unknown][];
}

describe('demo agent settings', () => {
  const settings = parseAgentSettings(
    demoAgentSettings({ locale: 'en', spreadsheetId: 'hotpilot-demo', subscriberListId: '7' }),
  );

  it('turns every agent on and fills every connection field, nested ones too, with a demo connection', () => {
    for (const agent of AGENT_IDS) expect(settings[agent].enabled).toBe(true);
    const fields = connectionFields(settings);
    expect(fields.map(([path]) => path)).toEqual(
      expect.arrayContaining([
        'retention.hotmartConnectionId',
        'retention.emailConnectionId',
        'retention.lists.hotmartConnectionId',
        'retention.lists.hubspotConnectionId',
        'retention.lists.googleSheetsConnectionId',
      ]),
    );
    const demoIds = new Set<unknown>(Object.values(DEMO_CONNECTION_IDS));
    expect(fields.filter(([, id]) => !demoIds.has(id))).toEqual([]);
  });

  it('keeps the subscribers in the demo list and sheet, and alerts on big late charges', () => {
    expect(settings.retention.lists).toEqual({
      enabled: true,
      hotmartConnectionId: 'main',
      hubspotConnectionId: 'hubspot',
      hubspotLists: { '*': '7' },
      googleSheetsConnectionId: 'sheets',
      spreadsheetId: 'hotpilot-demo',
      sheet: 'Subscribers',
      reconcileSchedule: '30 5 * * *',
    });
    expect(settings.retention).toMatchObject({
      hubspotConnectionId: 'hubspot',
      slackConnectionId: 'slack',
      slackChannel: 'retention',
      dunning: { enabled: true, highValueMonthly: { BRL: 45, USD: 10, EUR: 10 } },
      winBack: { enabled: true, churnForm: true, delayDays: 0 },
    });
    expect(settings.marketing.checkoutUrlTemplate).toBe('https://pay.hotmart.com/{offerCode}');
  });

  it('leaves the subscriber lists off without a list', () => {
    const withoutList = parseAgentSettings(
      demoAgentSettings({ locale: 'pt-BR', spreadsheetId: 'hotpilot-demo' }),
    );
    expect(withoutList.retention.lists).toMatchObject({ enabled: false, hubspotLists: {} });
    expect(withoutList.sellerName).toBe('Escola Demo');
  });
});
