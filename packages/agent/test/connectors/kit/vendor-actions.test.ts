import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { googleSheetsActions, googleSheetsConnector } from '../../../src/connectors/google-sheets/index.ts';
import { hubspotActions, hubspotConnector } from '../../../src/connectors/hubspot/index.ts';
import type { AnyAction, AnyConnector } from '../../../src/connectors/kit.ts';
import { slackActions, slackConnector } from '../../../src/connectors/slack/index.ts';
import { zendeskActions, zendeskConnector } from '../../../src/connectors/zendesk/index.ts';

// Every surface (MCP tools, CLI, REST forms) is built from these definitions, so each must be complete and its
// schemas must convert to JSON Schema.
const connectors: [AnyConnector, readonly AnyAction[]][] = [
  [hubspotConnector, hubspotActions],
  [zendeskConnector, zendeskActions],
  [slackConnector, slackActions],
  [googleSheetsConnector, googleSheetsActions],
];

describe('vendor connector definitions', () => {
  it.each(connectors.map(([c, a]) => [c.id, c, a] as const))(
    '%s: every action is complete and described',
    (_id, connector, actions) => {
      expect(actions.length).toBeGreaterThan(0);
      for (const action of actions) {
        expect(action.connector).toBe(connector.id);
        expect(action.id.startsWith(`${connector.id.replaceAll('-', '_')}_`)).toBe(true);
        expect(action.id).toMatch(/^[a-z0-9_]{1,64}$/);
        expect(action.title.length).toBeGreaterThan(5);
        expect(action.llmHint.length).toBeGreaterThan(40);
        expect(['read', 'write']).toContain(action.effect);
        const input = z.toJSONSchema(action.input, { io: 'input' }) as { type?: string };
        expect(input.type).toBe('object');
        expect(z.toJSONSchema(action.output, { io: 'output' })).toHaveProperty('type', 'object');
      }
      expect(z.toJSONSchema(connector.settings, { io: 'input' })).toHaveProperty('type', 'object');
    },
  );

  it('has unique action ids across the vendor connectors', () => {
    const ids = connectors.flatMap(([, actions]) => actions.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(20);
  });

  it('marks reads and the idempotency of writes as documented', () => {
    const flags = Object.fromEntries(
      connectors.flatMap(([, actions]) =>
        actions.map((a) => [a.id, `${a.effect}${a.idempotent ? '' : ' not-idempotent'}`]),
      ),
    );
    expect(flags).toEqual({
      hubspot_upsert_contact: 'write',
      hubspot_upsert_deal: 'write',
      hubspot_create_lead: 'write',
      hubspot_create_note: 'write not-idempotent',
      hubspot_add_to_list: 'write',
      hubspot_remove_from_list: 'write',
      hubspot_find_contact: 'read',
      hubspot_list_members: 'read',
      hubspot_find_contacts: 'read',
      hubspot_upsert_contacts: 'write',
      zendesk_create_ticket: 'write',
      zendesk_add_comment: 'write not-idempotent',
      zendesk_find_ticket: 'read',
      slack_post_message: 'write not-idempotent',
      google_sheets_append_rows: 'write not-idempotent',
      google_sheets_append_unique: 'write',
      google_sheets_update_range: 'write',
      google_sheets_read_range: 'read',
      google_sheets_ensure_tab: 'write',
      google_sheets_clear_range: 'write',
    });
  });
});
