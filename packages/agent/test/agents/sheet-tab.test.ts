import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentContext } from '../../src/agents/agent-context.ts';
import { SHEET_TAB_TTL_MS, withSheetTab } from '../../src/agents/sheet-tab.ts';
import { defineAction, defineConnector } from '../../src/connectors/kit.ts';
import { createRegistry } from '../../src/connectors/registry.ts';
import type { StepTools } from '../../src/engine/step.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

const ensured: { title: string; headers: readonly string[] | undefined }[] = [];
const sheetsConnector = defineConnector({
  id: 'google-sheets',
  title: 'Sheets (test)',
  description: 'Counts the tabs it is asked to make sure of.',
  credentials: z.strictObject({ token: z.string() }),
  settings: z.strictObject({}),
  test: async () => ({ ok: true, message: 'ok' }),
});
const ensureTab = defineAction({
  id: 'google_sheets_ensure_tab',
  connector: 'google-sheets',
  title: 'Ensure tab',
  description: 'Records the call.',
  llmHint: 'Records the call.',
  input: z.strictObject({ title: z.string(), headers: z.array(z.string()).optional() }),
  output: z.strictObject({ sheetId: z.int(), title: z.string(), created: z.boolean() }),
  effect: 'write',
  idempotent: true,
  run: async (_ctx, input) => {
    ensured.push({ title: input.title, headers: input.headers });
    return { sheetId: ensured.length, title: input.title, created: ensured.length === 1 };
  },
});
const registry = createRegistry([sheetsConnector], [ensureTab]);

// A step that runs its body every time (each call here stands for another run of the workflow).
const step = {
  run: (id: string, body: (info: unknown) => Promise<unknown>) =>
    body({ idempotencyKey: `run:${id}`, signal: new AbortController().signal }),
} as unknown as StepTools;

describe('withSheetTab', () => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  async function world() {
    ensured.length = 0;
    t = await storeFactories[0]!.create();
    await t.store.createConnection(
      { id: 'sheets', kind: 'google-sheets', name: 'Sheets', hottoks: [], credentials: { token: 'x' } },
      1,
    );
    let now = 1_000_000;
    const ctx = createAgentContext({ store: t.store, registry, now: () => now });
    return { ctx, advance: (ms: number) => (now += ms) };
  }

  it('makes sure of a tab once per five minutes for the runs of one instance, then again', async () => {
    const { ctx, advance } = await world();
    const tab = { title: 'Subscribers', headers: ['Code', 'E-mail'] };
    const written: number[] = [];
    for (let run = 0; run < 3; run++) {
      const result = await withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => {
        written.push(run);
        return `row ${run}`;
      });
      expect(result).toBe(`row ${run}`);
    }
    expect(written).toEqual([0, 1, 2]);
    expect(ensured).toEqual([{ title: 'Subscribers', headers: ['Code', 'E-mail'] }]);

    // Another tab, or the same title with other headers, is its own entry.
    await withSheetTab(ctx, step, 'sheet-tab', { title: 'Other' }, 'sheets', async () => null);
    await withSheetTab(ctx, step, 'sheet-tab', { ...tab, headers: ['Código'] }, 'sheets', async () => null);
    expect(ensured.map((call) => call.title)).toEqual(['Subscribers', 'Other', 'Subscribers']);

    advance(SHEET_TAB_TTL_MS - 1);
    await withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => null);
    expect(ensured).toHaveLength(3);
    advance(1);
    await withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => null);
    expect(ensured).toHaveLength(4);

    // A new instance (a new engine context) checks again.
    const other = createAgentContext({ store: ctx.store, registry, now: ctx.now });
    await withSheetTab(other, step, 'sheet-tab', tab, 'sheets', async () => null);
    expect(ensured).toHaveLength(5);
  });

  it('checks the tab again after a write to it failed, and passes the failure on', async () => {
    const { ctx } = await world();
    const tab = { title: 'Retargeting' };
    await withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => null);
    const gone = new Error('Unable to parse range: Retargeting!A:A');
    await expect(
      withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => {
        throw gone;
      }),
    ).rejects.toBe(gone);
    expect(ensured).toHaveLength(1);
    await withSheetTab(ctx, step, 'sheet-tab', tab, 'sheets', async () => null);
    expect(ensured).toHaveLength(2);
  });
});
