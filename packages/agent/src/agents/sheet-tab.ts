import type { StepTools } from '../engine/step.ts';
import { type AgentContext, readAgentContext } from './agent-context.ts';
import { callAction } from './call-action.ts';

/**
 * A tab an agent writes to: `google_sheets_ensure_tab`'s input.
 *
 * @example
 * import type { SheetTab } from './sheet-tab.ts';
 * const tab: SheetTab = { title: 'Subscribers', headers: ['Code', 'E-mail'] };
 */
export interface SheetTab {
  spreadsheetId?: string;
  title: string;
  headers?: readonly string[];
}

/** How long a tab this process made sure of is taken to still be there. */
export const SHEET_TAB_TTL_MS = 5 * 60_000;

// Per engine context (one hotpilot instance): the tabs made sure of and until when. A test's or a restarted
// instance's fresh context starts empty.
const ensured = new WeakMap<object, Map<string, number>>();

/**
 * Makes sure the tab exists (`google_sheets_ensure_tab`, as the step `stepId`), then runs `write`. Agents that write
 * a row per event would otherwise read the spreadsheet's tabs and header row before every row, two of the three or
 * four Sheets calls of a run (and of Sheets' read quota): a tab made sure of in the last five minutes is not checked
 * again by this process. When `write` fails, the tab is checked again on the next run (it may have been deleted or
 * renamed since).
 *
 * @example
 * import type { StepTools } from '../engine/step.ts';
 * import { callAction } from './call-action.ts';
 * import { withSheetTab } from './sheet-tab.ts';
 * import type { AgentContext } from './agent-context.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * await withSheetTab(ctx, step, 'sheet-tab', { title: 'Retargeting', headers: ['E-mail'] }, 'sheets', () =>
 *   callAction(ctx, step, 'sheet-row', 'google_sheets_append_unique', {
 *     sheet: 'Retargeting', keyColumn: 'A', rows: [['ana@example.com']],
 *   }, 'sheets'),
 * );
 */
export async function withSheetTab<T>(
  ctx: AgentContext,
  step: StepTools,
  stepId: string,
  tab: SheetTab,
  connectionId: string,
  write: () => Promise<T>,
): Promise<T> {
  const context = readAgentContext(ctx);
  const key = JSON.stringify([connectionId, tab.spreadsheetId ?? null, tab.title, tab.headers ?? null]);
  let tabs = ensured.get(ctx);
  if (!tabs) {
    tabs = new Map();
    ensured.set(ctx, tabs);
  }
  const until = tabs.get(key);
  if (until === undefined || until <= context.now()) {
    await callAction(ctx, step, stepId, 'google_sheets_ensure_tab', tab, connectionId);
    tabs.set(key, context.now() + SHEET_TAB_TTL_MS);
  }
  try {
    return await write();
  } catch (error) {
    tabs.delete(key);
    throw error;
  }
}

/**
 * Appends rows to a tab unless a row with the same key (column A) is there already, making sure of the tab first
 * ({@link withSheetTab}). Values go in as typed (`RAW`): a buyer's name starting with "=" stays text, never a
 * formula. `steps` names the two memoized steps (the tab check, the append). Resolves with the rows appended.
 *
 * @example
 * import type { StepTools } from '../engine/step.ts';
 * import type { AgentContext } from './agent-context.ts';
 * import { appendUniqueRows } from './sheet-tab.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const appended = await appendUniqueRows(ctx, step, { tab: 'sheet-tab', row: 'sheet-row' },
 *   { title: 'Disputes', headers: ['Transaction'] }, 'sheets', [['HP123']]);
 */
export async function appendUniqueRows(
  ctx: AgentContext,
  step: StepTools,
  steps: { tab: string; row: string },
  tab: SheetTab,
  connectionId: string,
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  const spreadsheet = tab.spreadsheetId === undefined ? {} : { spreadsheetId: tab.spreadsheetId };
  const result = await withSheetTab(ctx, step, steps.tab, tab, connectionId, () =>
    callAction<{ appended: number }>(
      ctx,
      step,
      steps.row,
      'google_sheets_append_unique',
      { ...spreadsheet, sheet: tab.title, keyColumn: 'A', rows, valueInputOption: 'RAW' },
      connectionId,
    ),
  );
  return result.appended;
}
