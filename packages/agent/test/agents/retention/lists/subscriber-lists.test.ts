import { describe, expect, it } from 'vitest';
import { listsOfSubscription } from '../../../../src/agents/retention/subscriber-list-keys.ts';
import {
  normalizeGrid,
  sheetHeaders,
  sheetRow,
} from '../../../../src/agents/retention/subscriber-list-sheet.ts';
import {
  LIST_MEMBERSHIP_WORKFLOW_ID,
  LISTS_RECONCILE_WORKFLOW_ID,
  type ListMembershipOutput,
  type ListsReconcileOutput,
  listMembershipWorkflow,
  listsReconcileWorkflow,
} from '../../../../src/agents/retention/subscriber-lists-workflows.ts';
import { parseAgentSettings } from '../../../../src/agents/settings.ts';
import { subscriberListRows } from '../../../../src/store/mirror/subscriber-list-rows.ts';
import type { StoreFactory } from '../../../store/stores.ts';
import { storeFactories } from '../../../store/stores.ts';
import {
  createWorld,
  cronRunId,
  DAY,
  MINUTE,
  SPREADSHEET,
  T0,
  useAgentServers,
  type World,
} from '../../support/world.ts';

// The subscriber lists end to end: the emulator's subscriptions mirrored, its webhooks applied by the mirror, and
// the HubSpot lists and the subscribers tab on the fakes following them — then drift put straight into the fakes and
// repaired by the reconciliation, which a second time changes nothing.

const servers = useAgentServers({ seed: 3, rateLimit: false, resetEmulator: true });
let world: World | undefined;

const SHEET = 'Subscribers';
const SP = 'America/Sao_Paulo';

/** A subscription product of the emulator's account with two plans a subscriber can switch between. */
function switchableProduct(): { productId: string; plans: [string, string] } {
  const { account } = servers.hotmart;
  for (const product of account.products()) {
    if (!product.is_subscription) continue;
    const plans = account.plans(product.id).filter((plan) => plan.is_switch_plan_enabled);
    if (plans.length >= 2)
      return { productId: String(product.id), plans: [String(plans[0]?.id), String(plans[1]?.id)] };
  }
  throw new Error('the emulator account has no product with two switchable plans');
}

function createList(name: string): string {
  return servers.fakes.hubspot.state.createList({ name, objectTypeId: '0-1', processingType: 'MANUAL' })
    .listId;
}

/** The e-mails of a list's members on the HubSpot fake. */
function memberEmails(listId: string): string[] {
  const { state } = servers.fakes.hubspot;
  const list = state.list(listId);
  if (!list) throw new Error(`no list ${listId}`);
  return [...list.members.keys()]
    .map((id) => state.get('contacts', id)?.properties['email'] ?? `#${id}`)
    .sort();
}

/** The tab's rows (empty rows left out), cells as text. */
function sheet(): string[][] {
  const book = servers.fakes.google.state.spreadsheet(SPREADSHEET);
  if (!book?.sheetProperties().some((tab) => tab.title === SHEET)) return [];
  return normalizeGrid(book.sheetRows(SHEET)).filter((row) => row.length > 0);
}

function settingsFor(lists: Record<string, string>) {
  return {
    timeZone: SP,
    retention: {
      enabled: true,
      lists: {
        enabled: true,
        hubspotConnectionId: 'crm',
        hubspotLists: lists,
        googleSheetsConnectionId: 'sheets',
      },
    },
  };
}

/**
 * The lists' world: the emulator's subscriptions mirrored by the real sync, the mirror applying every event, and only
 * the lists' workflows running (the reconciliation when asked).
 */
function listsWorld(
  factory: StoreFactory,
  lists: Record<string, string>,
  options: { reconcile?: boolean } = {},
): Promise<World> {
  return createWorld(servers, {
    factory,
    agent: {
      workflows: (settings) => [
        listMembershipWorkflow(settings),
        ...(options.reconcile ? [listsReconcileWorkflow(settings)] : []),
      ],
    },
    settings: parseAgentSettings(settingsFor(lists)),
    mirror: true,
    sync: ['products', 'subscriptions'],
  });
}

const WRITES = /memberships\/(add|remove)|batch\/upsert|:append|:clear|:batchUpdate/;
function writeRequests(since: { hubspot: number; google: number }): string[] {
  const hubspot = servers.fakes.hubspot
    .requests()
    .filter(
      (r) => r.id > since.hubspot && r.method !== 'GET' && (WRITES.test(r.path) || r.method === 'PATCH'),
    );
  const google = servers.fakes.google
    .requests()
    .filter((r) => r.id > since.google && (r.method === 'PUT' || WRITES.test(r.path)));
  return [...hubspot, ...google].map((r) => `${r.method} ${r.path}`);
}
const lastIds = () => ({
  hubspot: Math.max(0, ...servers.fakes.hubspot.requests().map((r) => r.id)),
  google: Math.max(0, ...servers.fakes.google.requests().map((r) => r.id)),
});

describe.each(storeFactories)('subscriber lists ($name)', (factory) => {
  it('adds on activation, moves on a plan switch, removes on cancellation, re-adds on reactivation, ignores a late cancellation', async () => {
    const { productId, plans } = switchableProduct();
    const [A, B, ALL] = [createList('Plan A'), createList('Plan B'), createList('All subscribers')];
    const lists = { [`${productId}:${plans[0]}`]: A, [`${productId}:${plans[1]}`]: B, '*': ALL };
    world = await listsWorld(factory, lists);
    const { hotmart } = servers;
    let lastRunId = '';
    const membership = async (change: Parameters<World['trigger']>[0], at: number) => {
      const { eventId } = await world!.trigger(change, at);
      lastRunId = `${LIST_MEMBERSHIP_WORKFLOW_ID}:${eventId}`;
      const run = await world!.run(lastRunId);
      expect(run.status).toBe('completed');
      return run.output as ListMembershipOutput;
    };

    // Activation: a new subscriber of the product, on one of its plans.
    const approved = hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', product_id: Number(productId) });
    if (!('transaction' in approved)) throw new Error('expected a purchase');
    const sale = hotmart.account.sale(approved.transaction);
    const code = sale?.subscriber_code as string;
    const email = (hotmart.account.buyer(sale?.buyer_ucode as string)?.email ?? '').toLowerCase();
    // The plan the mirror holds (a purchase payload of the first charge names the plan it was bought on).
    let plan = String(hotmart.account.subscription(code)?.plan_id);
    const planOf = () => plan;
    const readPlan = async () => {
      const [row] = (
        await subscriberListRows(world!.store, { connectionId: 'main', email, status: 'all' })
      ).filter((candidate) => candidate.subscriberCode === code);
      plan = row?.planId ?? plan;
    };
    const rowOf = () => sheet().find((row) => row[0] === code);
    /**
     * The subscriber's contact is in exactly the lists that one of the e-mail's active subscriptions in the mirror
     * matches (the emulator may pick a buyer who already subscribes to something else), and this subscription's
     * own lists follow its status.
     */
    const expectPlaced = async (listed: boolean) => {
      await readPlan();
      const active = await subscriberListRows(world!.store, { connectionId: 'main', email });
      const own = [lists[`${productId}:${planOf()}`], ALL].filter(Boolean) as string[];
      const wanted = new Set(active.flatMap((row) => listsOfSubscription(lists, row)));
      if (listed) for (const list of own) expect(wanted.has(list)).toBe(true);
      else expect(active.some((row) => row.subscriberCode === code)).toBe(false);
      for (const list of [A, B, ALL]) {
        if (wanted.has(list)) expect(memberEmails(list)).toContain(email);
        else expect(memberEmails(list)).not.toContain(email);
      }
      return wanted;
    };
    const activated = await membership(approved, T0 + MINUTE);
    expect(activated).toMatchObject({
      subscriberCode: code,
      status: 'ACTIVE',
      listed: true,
      sheet: 'appended',
    });
    await expectPlaced(true);
    expect(sheet()[0]).toEqual(sheetHeaders('pt-BR'));
    expect(rowOf()?.slice(0, 9)).toEqual([
      code,
      email,
      expect.any(String),
      productId,
      expect.any(String),
      planOf(),
      expect.any(String),
      expect.any(String),
      'ACTIVE',
    ]);

    // Plan switch: leaves the old plan's list, joins the new one, stays in the list of everyone.
    const before = planOf();
    const switched = hotmart.scenarios.trigger({ event: 'SWITCH_PLAN', subscriber_code: code });
    await membership(switched, T0 + 2 * MINUTE);
    await expectPlaced(true);
    expect(planOf()).not.toBe(before);
    expect(planOf()).toBe(String(hotmart.account.subscription(code)?.plan_id));
    expect(rowOf()?.[5]).toBe(planOf());
    expect(sheet().filter((row) => row[0] === code)).toHaveLength(1);

    // Cancellation: out of every list; the row stays, marked, until the reconciliation rewrites the tab.
    const cancelled = hotmart.scenarios.trigger({
      event: 'SUBSCRIPTION_CANCELLATION',
      subscriber_code: code,
    });
    const out = await membership(cancelled, T0 + 3 * MINUTE);
    expect(out).toMatchObject({ listed: false, sheet: 'updated' });
    // The run's history keeps the row the code was found on, not the whole column of codes.
    const steps = await world!.store.getSteps(lastRunId);
    const keys = steps.find((step) => step.stepId.startsWith('sheet-keys@'));
    expect(keys?.output).toBe(sheet().findIndex((row) => row[0] === code));
    const remaining = await expectPlaced(false);
    expect([...out.removed].sort()).toEqual([A, B, ALL].filter((list) => !remaining.has(list)).sort());
    expect(rowOf()?.[8]).toMatch(/^CANCELLED/);

    // Reactivation: Hotmart charges again; the approved purchase says the subscription is active.
    hotmart.account.updateSubscription(code, {
      status: 'ACTIVE',
      cancellation_date: undefined,
      end_accession_date: undefined,
    });
    await membership({ event: 'PURCHASE_APPROVED', transaction: approved.transaction }, T0 + 5 * MINUTE);
    await expectPlaced(true);
    expect(rowOf()?.[8]).toBe('ACTIVE');

    // A cancellation dated before the reactivation, delivered after it: the mirror keeps the newer state.
    const late = await membership(
      { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: code },
      T0 + 4 * MINUTE,
    );
    expect(late).toMatchObject({ status: 'ACTIVE', listed: true });
    expect(late.added).toContain(ALL);
    expect(late.added).toContain(lists[`${productId}:${planOf()}`] ?? ALL);
    await expectPlaced(true);
    expect(rowOf()?.[8]).toBe('ACTIVE');
  });

  it('reconciles lists and tab with the mirror, repairs drift, and a second run changes nothing', async () => {
    const { productId, plans } = switchableProduct();
    const [A, ALL] = [createList('Plan A'), createList('All subscribers')];
    const lists = { [`${productId}:${plans[0]}`]: A, '*': ALL };
    world = await listsWorld(factory, lists, { reconcile: true });
    // 09:00 in São Paulo: today's 05:30 slot runs at once (a schedule never run before runs its newest slot).
    const slot = Date.parse('2026-06-01T08:30:00.000Z');
    const first = await world.run(cronRunId(LISTS_RECONCILE_WORKFLOW_ID, slot));
    expect(first.status).toBe('completed');
    const active = await subscriberListRows(world.store, { connectionId: 'main' });
    expect(active.length).toBeGreaterThan(3);
    const expected = (listId: string) =>
      [
        ...new Set(
          active
            .filter((row) => row.email !== null && listsOfSubscription(lists, row).includes(listId))
            .map((row) => row.email as string),
        ),
      ].sort();
    const expectedSheet = normalizeGrid([
      sheetHeaders('pt-BR'),
      ...active.map((row) => sheetRow(row, { locale: 'pt-BR', timeZone: SP })),
    ]);
    const output = first.output as ListsReconcileOutput;
    expect(output).toMatchObject({
      connectionId: 'main',
      rows: active.length,
      removed: 0,
      sheetRewritten: true,
    });
    expect(output.added).toBe(expected(A).length + expected(ALL).length);
    expect(memberEmails(A)).toEqual(expected(A));
    expect(memberEmails(ALL)).toEqual(expected(ALL));
    expect(sheet()).toEqual(expectedSheet);

    // Drift: a stray member, a missing member, a stray row and an edited cell.
    const { state } = servers.fakes.hubspot;
    const stray = state.create('contacts', { email: 'stray@example.com' });
    state.changeMembers(ALL, [stray.id], []);
    const missing = [...(state.list(ALL)?.members.keys() ?? [])][0] as string;
    state.changeMembers(ALL, [], [missing]);
    const book = servers.fakes.google.state.spreadsheet(SPREADSHEET);
    book?.update(`${SHEET}!A2`, [['EDITED']], 'RAW');
    book?.append(SHEET, [['STRAY', 'stray@example.com']], 'RAW');
    expect(memberEmails(ALL)).toContain('stray@example.com');
    expect(sheet()).not.toEqual(expectedSheet);

    world.advance(DAY);
    const second = await world.run(cronRunId(LISTS_RECONCILE_WORKFLOW_ID, slot + DAY));
    expect(second.output).toMatchObject({ added: 1, removed: 1, sheetRewritten: true, contactsCreated: 0 });
    expect(memberEmails(A)).toEqual(expected(A));
    expect(memberEmails(ALL)).toEqual(expected(ALL));
    expect(sheet()).toEqual(expectedSheet);

    const before = lastIds();
    world.advance(DAY);
    const third = await world.run(cronRunId(LISTS_RECONCILE_WORKFLOW_ID, slot + 2 * DAY));
    expect(third.output).toMatchObject({ added: 0, removed: 0, sheetRewritten: false, contactsCreated: 0 });
    expect(writeRequests(before)).toEqual([]);
    expect(memberEmails(A)).toEqual(expected(A));
    expect(sheet()).toEqual(expectedSheet);
  });
});
