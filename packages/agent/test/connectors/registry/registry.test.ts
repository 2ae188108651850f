import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineConnector } from '../../../src/connectors/kit.ts';
import { createRegistry, registry } from '../../../src/connectors/registry.ts';

describe('registry', () => {
  it('lists every connector once', () => {
    expect(registry.connectors.map((c) => c.id).sort()).toEqual(
      [
        'email',
        'google-sheets',
        'hotmart',
        'hubspot',
        'legal',
        'report',
        'slack',
        'webhook-out',
        'zendesk',
      ].sort(),
    );
  });

  it('has unique, well-formed action ids that are valid MCP tool names', () => {
    const ids = registry.actions.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9_]{2,63}$/);
    expect(ids).toContain('hubspot_upsert_contact');
    expect(ids).toContain('hotmart_refund_sale');
  });

  it('gives every action people text, an LLM hint, JSON-Schema-able input and a known effect', () => {
    for (const action of registry.actions) {
      expect(action.title.length, action.id).toBeGreaterThan(2);
      expect(action.description.length, action.id).toBeGreaterThan(10);
      expect(action.llmHint.length, action.id).toBeGreaterThan(10);
      expect(['read', 'write']).toContain(action.effect);
      const schema = z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' });
      expect(schema.type, action.id).toBe('object');
      expect(registry.connectorOf(action).id).toBe(action.connector);
    }
  });

  it('marks Hotmart writes as writes and reads as reads', () => {
    expect(registry.action('hotmart_refund_sale')?.effect).toBe('write');
    expect(registry.action('hotmart_cancel_subscription')?.effect).toBe('write');
    expect(registry.action('hotmart_get_sales_history')?.effect).toBe('read');
  });

  it('refuses duplicates and orphans', () => {
    const connector = defineConnector({
      id: 'demo',
      title: 'Demo',
      description: 'A demo connector.',
      credentials: z.strictObject({}),
      settings: z.strictObject({}),
      test: async () => ({ ok: true, message: 'ok' }),
    });
    const action = defineAction({
      id: 'demo_do_thing',
      connector: 'demo',
      title: 'Do a thing',
      description: 'Does a thing.',
      llmHint: 'Use to do a thing.',
      input: z.strictObject({}),
      output: z.strictObject({}),
      effect: 'read',
      idempotent: true,
      run: async () => ({}),
    });
    expect(() => createRegistry([connector, connector], [])).toThrow(/registered twice/);
    expect(() => createRegistry([connector], [action, action])).toThrow(/registered twice/);
    expect(() => createRegistry([], [action])).toThrow(/not registered/);
    expect(() => defineAction({ ...action, id: 'other_do_thing' })).toThrow(/must start with/);
  });
});
