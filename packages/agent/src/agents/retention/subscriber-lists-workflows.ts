import type { HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { quoteSheet } from '../../connectors/google-sheets/google-sheets-client.ts';
import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type RunInfo, type WorkflowDefinition } from '../../engine/workflow.ts';
import { ensureMirrored } from '../../mirror/mirror-workflow.ts';
import {
  isListedStatus,
  type SubscriberListRow,
  subscriberListRow,
  subscriberListRows,
} from '../../store/mirror/subscriber-list-rows.ts';
import type { Store } from '../../store/port.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { withSheetTab } from '../sheet-tab.ts';
import { skippedRun } from '../skipped-run.ts';
import { configuredListIds, listsOfSubscription, sortIds } from './subscriber-list-keys.ts';
import { digest, normalizeGrid, type SheetCell, sheetHeaders, sheetRow } from './subscriber-list-sheet.ts';
import type { SubscriberLists } from './subscriber-lists-settings.ts';

/**
 * Id of the workflow that moves one subscriber in and out of the lists as their subscription changes.
 *
 * @example
 * import { LIST_MEMBERSHIP_WORKFLOW_ID } from './subscriber-lists-workflows.ts';
 * console.log(LIST_MEMBERSHIP_WORKFLOW_ID); // 'retention.list-membership'
 */
export const LIST_MEMBERSHIP_WORKFLOW_ID = 'retention.list-membership';

/**
 * Id of the cron workflow that reconciles the lists with the mirror.
 *
 * @example
 * import { LISTS_RECONCILE_WORKFLOW_ID } from './subscriber-lists-workflows.ts';
 * console.log(LISTS_RECONCILE_WORKFLOW_ID); // 'retention.lists-reconcile'
 */
export const LISTS_RECONCILE_WORKFLOW_ID = 'retention.lists-reconcile';

// What can change whether a subscription is listed, or what its row shows. Refunds, chargebacks and cancelled
// charges are here because the mirror takes the subscription's status from their payload (mirror/apply-event.ts):
// when Hotmart ends the subscription with the charge, the list follows.
const MEMBERSHIP_EVENTS: readonly HotmartEventName[] = [
  'PURCHASE_APPROVED',
  'PURCHASE_DELAYED',
  'PURCHASE_CANCELED',
  'PURCHASE_REFUNDED',
  'PURCHASE_CHARGEBACK',
  'SUBSCRIPTION_CANCELLATION',
  'SWITCH_PLAN',
  'UPDATE_SUBSCRIPTION_CHARGE_DATE',
];

// HubSpot: one `IN` filter and one batch upsert take 100 values; hotpilot sends at most 1,000 ids per membership
// change (the limit `hubspot_add_to_list` accepts).
const CONTACT_BATCH = 100;
const MEMBERSHIP_BATCH = 1_000;
// Rows per append of the rewritten tab (the connector takes 10,000 per call).
const SHEET_BATCH = 5_000;

function listsSettings(settings: AgentSettings): { agentEnabled: boolean; lists: SubscriberLists } {
  return { agentEnabled: settings.retention.enabled, lists: settings.retention.lists };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function splitName(name: string | null): { firstname?: string; lastname?: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return {};
  const [firstname = '', ...rest] = parts;
  return rest.length > 0 ? { firstname, lastname: rest.join(' ') } : { firstname };
}

const spreadsheetOf = (lists: SubscriberLists) =>
  lists.spreadsheetId === null ? {} : { spreadsheetId: lists.spreadsheetId };

/**
 * What a list-membership run did.
 *
 * @example
 * import type { ListMembershipOutput } from './subscriber-lists-workflows.ts';
 * const moved = (output: ListMembershipOutput) => output.added.length + output.removed.length;
 */
export interface ListMembershipOutput {
  subscriberCode: string;
  status: string;
  /** Whether the subscription is listed now (active or late on a charge). */
  listed: boolean;
  /** HubSpot lists the contact was asked to join / leave. */
  added: string[];
  removed: string[];
  contactId: string | null;
  /** What happened to the subscriber's row of the tab; null when no sheet is set. */
  sheet: 'updated' | 'appended' | 'absent' | null;
}

/**
 * What a reconciliation run did.
 *
 * @example
 * import type { ListsReconcileOutput } from './subscriber-lists-workflows.ts';
 * const changed = (output: ListsReconcileOutput) => output.added + output.removed > 0 || output.sheetRewritten;
 */
export interface ListsReconcileOutput {
  connectionId: string;
  /** Active subscriptions in the mirror (the rows of the tab). */
  rows: number;
  added: number;
  removed: number;
  lists: { listId: string; members: number; added: number; removed: number }[];
  /** Contacts created for subscribers HubSpot didn't have. */
  contactsCreated: number;
  /** Whether the tab was rewritten (false: it already matched, or no sheet is set). */
  sheetRewritten: boolean;
}

interface Run {
  ctx: AgentContext;
  step: StepTools;
  run: RunInfo;
}

/** Reads a range in a step of its own per attempt: a retry reads the sheet again instead of an old answer. */
type SheetValues = (string | number | boolean)[][];

async function readRange<K = SheetValues>(
  r: Run,
  lists: SubscriberLists,
  stepId: string,
  range: string,
  keep?: (values: SheetValues) => K,
): Promise<K> {
  return callAction<{ values: SheetValues }, K>(
    r.ctx,
    r.step,
    `${stepId}@${r.run.epoch}`,
    'google_sheets_read_range',
    { ...spreadsheetOf(lists), range, render: 'UNFORMATTED_VALUE' },
    lists.googleSheetsConnectionId as string,
    ({ values }) => (keep ? keep(values) : (values as K)),
  );
}

/** Runs `write` once the subscribers tab is there (made sure of at most every few minutes per process). */
function inTab<T>(
  r: Run,
  lists: SubscriberLists,
  locale: AgentSettings['locale'],
  write: () => Promise<T>,
): Promise<T> {
  const tab = { ...spreadsheetOf(lists), title: lists.sheet, headers: sheetHeaders(locale) };
  return withSheetTab(r.ctx, r.step, 'sheet-tab', tab, lists.googleSheetsConnectionId as string, write);
}

/**
 * Puts one subscriber's HubSpot memberships where the mirror says they belong: the contact (upserted with e-mail
 * and name while it belongs anywhere) joins every configured list whose key matches one of the e-mail's active
 * subscriptions and leaves the other configured lists.
 */
async function syncContactLists(
  r: Run,
  lists: SubscriberLists,
  store: Store,
  row: SubscriberListRow,
): Promise<{ added: string[]; removed: string[]; contactId: string | null }> {
  const none = { added: [], removed: [], contactId: null };
  const hubspot = lists.hubspotConnectionId;
  const configured = configuredListIds(lists.hubspotLists);
  if (hubspot === null || configured.length === 0 || row.email === null) return none;
  // Membership is per contact, and one e-mail may hold several subscriptions: a list stays while any matches.
  const active = await subscriberListRows(store, { connectionId: row.connectionId, email: row.email });
  const wanted = new Set(
    active.flatMap((subscription) => listsOfSubscription(lists.hubspotLists, subscription)),
  );
  let contactId: string | null;
  if (wanted.size > 0) {
    const contact = await callAction<{ id: string }>(
      r.ctx,
      r.step,
      `hubspot-contact#${digest([row.email, row.name])}`,
      'hubspot_upsert_contact',
      { email: row.email, ...splitName(row.name) },
      hubspot,
    );
    contactId = contact.id;
  } else {
    const found = await callAction<{ found: boolean; contact: { id: string } | null }>(
      r.ctx,
      r.step,
      `hubspot-find-contact@${r.run.epoch}`,
      'hubspot_find_contact',
      { email: row.email },
      hubspot,
    );
    contactId = found.contact?.id ?? null;
  }
  if (contactId === null) return none;
  const added: string[] = [];
  const removed: string[] = [];
  for (const listId of configured) {
    const change = wanted.has(listId) ? 'add' : 'remove';
    await callAction(
      r.ctx,
      r.step,
      `hubspot-${change}-${listId}#${digest([contactId, [...wanted].sort()])}`,
      change === 'add' ? 'hubspot_add_to_list' : 'hubspot_remove_from_list',
      { listId, contactIds: [contactId] },
      hubspot,
    );
    (change === 'add' ? added : removed).push(listId);
  }
  return { added, removed, contactId };
}

/** Updates the subscriber's row of the tab in place, or appends it when it is listed and not there yet. */
async function syncSheetRow(
  r: Run,
  lists: SubscriberLists,
  settings: AgentSettings,
  row: SubscriberListRow,
): Promise<ListMembershipOutput['sheet']> {
  const sheets = lists.googleSheetsConnectionId;
  if (sheets === null) return null;
  return inTab(r, lists, settings.locale, () => writeSheetRow(r, lists, settings, row, sheets));
}

async function writeSheetRow(
  r: Run,
  lists: SubscriberLists,
  settings: AgentSettings,
  row: SubscriberListRow,
  sheets: string,
): Promise<ListMembershipOutput['sheet']> {
  const tab = quoteSheet(lists.sheet);
  const cells: SheetCell[] = sheetRow(row, settings);
  // Row 1 is the header; a code is looked up from row 2 on. The step keeps the row's index, not the column (which
  // grows with every subscriber and would be stored again by every run).
  const index = await readRange(r, lists, 'sheet-keys', `${tab}!A:A`, (keys) =>
    keys.findIndex((line, i) => i > 0 && String(line[0] ?? '').trim() === row.subscriberCode),
  );
  if (index > 0) {
    await callAction(
      r.ctx,
      r.step,
      `sheet-update#${digest([index, cells])}`,
      'google_sheets_update_range',
      { ...spreadsheetOf(lists), range: `${tab}!A${index + 1}`, values: [cells], valueInputOption: 'RAW' },
      sheets,
    );
    return 'updated';
  }
  if (!isListedStatus(row.status)) return 'absent';
  await callAction(
    r.ctx,
    r.step,
    `sheet-append#${digest(cells)}`,
    'google_sheets_append_unique',
    { ...spreadsheetOf(lists), sheet: lists.sheet, keyColumn: 'A', rows: [cells], valueInputOption: 'RAW' },
    sheets,
  );
  return 'appended';
}

/**
 * The workflow `retention.list-membership`: on every event that can start, end or change a subscription
 * (approved and late charges, cancelled, refunded and charged-back purchases, cancellations, plan switches, charge
 * date changes) it waits for the mirror to apply the event, reads the subscription there — not in the event, so a
 * late cancellation delivered after a reactivation changes nothing — and puts the subscriber where the mirror says:
 * in the HubSpot lists of the subscription's product and plan while it is active or late, out of the others (a plan
 * switch leaves the old plan's list and joins the new one), and its row of the subscribers tab updated in place
 * (key: the subscriber code in column A) or appended. Runs of one subscriber go one at a time. Writes are steps
 * named by what they write, so a retry that finds the mirror changed writes the new state, never an old one.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { listMembershipWorkflow } from './subscriber-lists-workflows.ts';
 * listMembershipWorkflow(parseAgentSettings({})).events.includes('SWITCH_PLAN'); // true
 */
export function listMembershipWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: LIST_MEMBERSHIP_WORKFLOW_ID,
      description: 'Subscriber in or out of the HubSpot lists and the subscribers tab, as the mirror says.',
      on: MEMBERSHIP_EVENTS,
      filter: (event) => event.subscriberCode !== null,
      concurrencyKey: (event) => event.subscriberCode,
      retries: 8,
      timeout: '5m',
    },
    async ({ event, step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const { agentEnabled, lists } = listsSettings(settings);
      if (!agentEnabled || !lists.enabled) return skippedRun('subscriber lists disabled');
      if (lists.hotmartConnectionId !== null && lists.hotmartConnectionId !== event.connectionId) {
        return skippedRun('event of another Hotmart connection', { connectionId: event.connectionId });
      }
      const keepsHubspot =
        lists.hubspotConnectionId !== null && configuredListIds(lists.hubspotLists).length > 0;
      if (!keepsHubspot && lists.googleSheetsConnectionId === null) {
        return skippedRun('no HubSpot list and no sheet configured');
      }
      const subscriberCode = event.subscriberCode as string;
      // The event goes into the mirror first (the mirror's own run does the same; applying it twice changes nothing),
      // so the subscription read next shows at least this event, whichever run comes first.
      await ensureMirrored(context.store, event, context.now);
      // Read at every attempt, never memoized: the newest state is the one to write.
      const row = await subscriberListRow(context.store, event.connectionId, subscriberCode);
      if (row === null) return skippedRun('subscription not in the mirror', { subscriberCode });

      const r: Run = { ctx, step, run };
      const hubspot = await syncContactLists(r, lists, context.store, row);
      const sheet = await syncSheetRow(r, lists, settings, row);
      const output: ListMembershipOutput = {
        subscriberCode,
        status: row.status,
        listed: isListedStatus(row.status),
        added: hubspot.added,
        removed: hubspot.removed,
        contactId: hubspot.contactId,
        sheet,
      };
      return output;
    },
  );
}

async function connectionToReconcile(store: Store, configured: string | null): Promise<string | null> {
  if (configured !== null) return configured;
  const hotmart = await store.listConnections({ kind: 'hotmart' });
  return hotmart.length === 1 ? (hotmart[0]?.id ?? null) : null;
}

/** Record ids of the active subscribers' contacts, found by e-mail, created (upserted) for those HubSpot lacks. */
async function contactIdsOf(
  r: Run,
  hubspot: string,
  rows: readonly SubscriberListRow[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const names = new Map<string, string | null>();
  for (const row of rows) if (row.email !== null && !names.has(row.email)) names.set(row.email, row.name);
  const emails = [...names.keys()].sort();
  const ids = new Map<string, string>();
  for (const [i, batch] of chunks(emails, CONTACT_BATCH).entries()) {
    const found = await callAction<{ contacts: { id: string; email: string }[] }>(
      r.ctx,
      r.step,
      `hubspot-find-${i}@${r.run.epoch}`,
      'hubspot_find_contacts',
      { emails: batch },
      hubspot,
    );
    for (const contact of found.contacts) if (!ids.has(contact.email)) ids.set(contact.email, contact.id);
  }
  const missing = emails.filter((email) => !ids.has(email));
  let created = 0;
  for (const batch of chunks(missing, CONTACT_BATCH)) {
    const upserted = await callAction<{ contacts: { id: string; email: string; created: boolean }[] }>(
      r.ctx,
      r.step,
      `hubspot-upsert#${digest(batch)}`,
      'hubspot_upsert_contacts',
      { contacts: batch.map((email) => ({ email, ...splitName(names.get(email) ?? null) })) },
      hubspot,
    );
    for (const contact of upserted.contacts) {
      ids.set(contact.email, contact.id);
      if (contact.created) created++;
    }
  }
  return { ids, created };
}

async function reconcileHubspot(
  r: Run,
  lists: SubscriberLists,
  rows: readonly SubscriberListRow[],
): Promise<Pick<ListsReconcileOutput, 'lists' | 'contactsCreated'>> {
  const hubspot = lists.hubspotConnectionId;
  const configured = configuredListIds(lists.hubspotLists);
  if (hubspot === null || configured.length === 0) return { lists: [], contactsCreated: 0 };
  const { ids, created } = await contactIdsOf(r, hubspot, rows);
  const results: ListsReconcileOutput['lists'] = [];
  for (const listId of configured) {
    const wanted = new Set<string>();
    for (const row of rows) {
      const id = row.email === null ? undefined : ids.get(row.email);
      if (id !== undefined && listsOfSubscription(lists.hubspotLists, row).includes(listId)) wanted.add(id);
    }
    const { memberIds } = await callAction<{ memberIds: string[] }>(
      r.ctx,
      r.step,
      `hubspot-members-${listId}@${r.run.epoch}`,
      'hubspot_list_members',
      { listId },
      hubspot,
    );
    const members = new Set(memberIds);
    const toAdd = sortIds([...wanted].filter((id) => !members.has(id)));
    const toRemove = sortIds([...members].filter((id) => !wanted.has(id)));
    for (const [change, ids] of [
      ['add', toAdd],
      ['remove', toRemove],
    ] as const) {
      for (const batch of chunks(ids, MEMBERSHIP_BATCH)) {
        await callAction(
          r.ctx,
          r.step,
          `hubspot-${change}-${listId}#${digest(batch)}`,
          change === 'add' ? 'hubspot_add_to_list' : 'hubspot_remove_from_list',
          { listId, contactIds: batch },
          hubspot,
        );
      }
    }
    results.push({ listId, members: wanted.size, added: toAdd.length, removed: toRemove.length });
  }
  return { lists: results, contactsCreated: created };
}

/** Rewrites the tab from the mirror (header, then one row per active subscription) unless it already matches. */
async function reconcileSheet(
  r: Run,
  lists: SubscriberLists,
  settings: AgentSettings,
  rows: readonly SubscriberListRow[],
): Promise<boolean> {
  const sheets = lists.googleSheetsConnectionId;
  if (sheets === null) return false;
  return inTab(r, lists, settings.locale, () => rewriteSheet(r, lists, settings, rows, sheets));
}

async function rewriteSheet(
  r: Run,
  lists: SubscriberLists,
  settings: AgentSettings,
  rows: readonly SubscriberListRow[],
  sheets: string,
): Promise<boolean> {
  const tab = quoteSheet(lists.sheet);
  const header = sheetHeaders(settings.locale);
  const body = rows.map((row) => sheetRow(row, settings));
  const current = await readRange(r, lists, 'sheet-read', tab);
  const wanted = normalizeGrid([header, ...body]);
  if (JSON.stringify(normalizeGrid(current)) === JSON.stringify(wanted)) return false;
  const version = digest(wanted);
  const spreadsheet = spreadsheetOf(lists);
  await callAction(
    r.ctx,
    r.step,
    `sheet-clear#${version}`,
    'google_sheets_clear_range',
    { ...spreadsheet, range: tab },
    sheets,
  );
  await callAction(
    r.ctx,
    r.step,
    `sheet-header#${version}`,
    'google_sheets_update_range',
    { ...spreadsheet, range: `${tab}!A1`, values: [header], valueInputOption: 'RAW' },
    sheets,
  );
  // Appends grow the grid as needed (an update can't write past it); keyed, so a repeated batch adds nothing.
  for (const [i, batch] of chunks(body, SHEET_BATCH).entries()) {
    await callAction(
      r.ctx,
      r.step,
      `sheet-rows-${i}#${version}`,
      'google_sheets_append_unique',
      { ...spreadsheet, sheet: lists.sheet, keyColumn: 'A', rows: batch, valueInputOption: 'RAW' },
      sheets,
    );
  }
  return true;
}

/**
 * The cron workflow `retention.lists-reconcile` (`retention.lists.reconcileSchedule`, daily at 05:30 in the
 * settings' time zone by default): the mirror's active subscribers of the connection against each configured
 * HubSpot list — contacts found by e-mail in batches of 100 (created for those HubSpot lacks), members read page by
 * page, the missing added and the extra removed in batches of at most 1,000 — and the subscribers tab rewritten
 * from the mirror (header and rows; the rest cleared) when it differs. A second run finds nothing to change and
 * writes nothing. Reads are redone on every attempt; writes are steps named by their content.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { listsReconcileWorkflow } from './subscriber-lists-workflows.ts';
 * listsReconcileWorkflow(parseAgentSettings({})).cron?.pattern; // '30 5 * * *'
 */
export function listsReconcileWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: LISTS_RECONCILE_WORKFLOW_ID,
      description: 'HubSpot lists and the subscribers tab reconciled with the mirror’s active subscribers.',
      on: { cron: listsSettings(startup).lists.reconcileSchedule, timeZone: startup.timeZone },
      retries: 5,
      timeout: '30m',
    },
    async ({ step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const { agentEnabled, lists } = listsSettings(settings);
      if (!agentEnabled || !lists.enabled) return skippedRun('subscriber lists disabled');
      const connectionId = await connectionToReconcile(context.store, lists.hotmartConnectionId);
      if (connectionId === null)
        return skippedRun('no single Hotmart connection: set retention.lists.hotmartConnectionId');
      const rows = await subscriberListRows(context.store, { connectionId });
      const r: Run = { ctx, step, run };
      const hubspot = await reconcileHubspot(r, lists, rows);
      const sheetRewritten = await reconcileSheet(r, lists, settings, rows);
      const output: ListsReconcileOutput = {
        connectionId,
        rows: rows.length,
        added: hubspot.lists.reduce((total, list) => total + list.added, 0),
        removed: hubspot.lists.reduce((total, list) => total + list.removed, 0),
        lists: hubspot.lists,
        contactsCreated: hubspot.contactsCreated,
        sheetRewritten,
      };
      return output;
    },
  );
}

/**
 * The retention agent's subscriber-list workflows: `retention.list-membership` and `retention.lists-reconcile`.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { subscriberListsWorkflows } from './subscriber-lists-workflows.ts';
 * subscriberListsWorkflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['retention.list-membership', 'retention.lists-reconcile']
 */
export function subscriberListsWorkflows(startup: AgentSettings): WorkflowDefinition<AgentContext>[] {
  return [listMembershipWorkflow(startup), listsReconcileWorkflow(startup)];
}
