import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentOfWorkflow, DEFAULT_MINUTES_SAVED_PER_WEEK, defineAgent } from '../../src/agents/agent.ts';
import { createAgentContext, readAgentContext } from '../../src/agents/agent-context.ts';
import { agentWorkflows } from '../../src/agents/agent-workflows.ts';
import { agents } from '../../src/agents/all-agents.ts';
import { buyerLocale } from '../../src/agents/buyer-locale.ts';
import { callAction } from '../../src/agents/call-action.ts';
import { isoWeek } from '../../src/agents/iso-week.ts';
import {
  createHasPurchased,
  type PurchaseLookup,
  receivedPurchase,
} from '../../src/agents/purchase-lookup.ts';
import {
  classifyFromEvent,
  classifyFromSubscriberPurchases,
} from '../../src/agents/sales/classify-purchase.ts';
import { parseAgentSettings } from '../../src/agents/settings.ts';
import { isSkippedRun, skippedRun } from '../../src/agents/skipped-run.ts';
import { defineAction, defineConnector } from '../../src/connectors/kit.ts';
import { createRegistry, registry } from '../../src/connectors/registry.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { NonRetriableError } from '../../src/engine/errors.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { waitFor } from './support/world.ts';

const TEXT = { 'pt-BR': 'Teste', es: 'Prueba', en: 'Test' };

describe('defineAgent', () => {
  it('checks the definition and defaults the weekly estimate by agent', () => {
    const agent = defineAgent({
      id: 'hr',
      title: TEXT,
      description: TEXT,
      workflows: () => [],
      needs: ['email'],
    });
    expect(agent.minutesSavedPerWeek).toBe(60);
    expect(
      defineAgent({
        id: 'hr',
        title: TEXT,
        description: TEXT,
        workflows: () => [],
        needs: [],
        minutesSavedPerWeek: 5,
      }).minutesSavedPerWeek,
    ).toBe(5);
    expect(DEFAULT_MINUTES_SAVED_PER_WEEK).toEqual({
      sales: 90,
      marketing: 60,
      support: 45,
      hr: 60,
      finance: 90,
      operations: 45,
      legal: 30,
      retention: 60,
    });
    const bad = (options: Record<string, unknown>) => () =>
      defineAgent({
        id: 'hr',
        title: TEXT,
        description: TEXT,
        workflows: () => [],
        needs: [],
        ...options,
      } as never);
    expect(bad({ id: 'payroll' })).toThrow('defineAgent "payroll": id must be one of sales, marketing');
    expect(bad({ title: { 'pt-BR': 'RH', es: 'RR. HH.' } })).toThrow('title.en must be a non-empty text');
    expect(bad({ minutesSavedPerWeek: -1 })).toThrow('minutesSavedPerWeek must be a number ≥ 0');
    expect(bad({ needs: ['Google Sheets'] })).toThrow('needs: "Google Sheets" is not a connector id');
    expect(bad({ workflows: 'sales.purchase' })).toThrow('workflows must be a function');
  });

  it('refuses workflows whose id does not name the agent, or that repeat', () => {
    const workflow = (id: string) => defineWorkflow({ id, on: ['PURCHASE_APPROVED'] }, async () => null);
    const wrong = defineAgent({
      id: 'hr',
      title: TEXT,
      description: TEXT,
      workflows: () => [workflow('sales.x')],
      needs: [],
    });
    expect(() => wrong.workflows(parseAgentSettings({}))).toThrow(
      'workflow "sales.x" must have an id starting with "hr."',
    );
    const twice = defineAgent({
      id: 'hr',
      title: TEXT,
      description: TEXT,
      workflows: () => [workflow('hr.x'), workflow('hr.x')],
      needs: [],
    });
    expect(() => twice.workflows(parseAgentSettings({}))).toThrow('workflow "hr.x" is defined twice');
  });

  it('ships the eight agents; only enabled agents get workflows', () => {
    expect(agents.map((agent) => [agent.id, agent.title.en, agent.needs])).toEqual([
      ['sales', 'Sales', ['hotmart', 'hubspot', 'email', 'slack']],
      ['marketing', 'Marketing', ['hotmart', 'email', 'hubspot', 'google-sheets']],
      ['support', 'Support', ['hotmart', 'zendesk', 'email']],
      ['hr', 'HR & Learning', ['hotmart', 'email', 'slack', 'google-sheets']],
      ['finance', 'Finance', ['hotmart', 'google-sheets', 'slack']],
      ['operations', 'Operations', ['hotmart', 'slack', 'google-sheets']],
      ['legal', 'Legal', ['hotmart', 'google-sheets', 'slack']],
      ['retention', 'Retention', ['hotmart', 'email', 'hubspot', 'slack']],
    ]);
    // Every connector an agent needs is one hotpilot has (legal's own connector is registered by the server).
    const known = new Set(registry.connectors.map((connector) => connector.id));
    expect(agents.flatMap((agent) => agent.needs).filter((need) => !known.has(need))).toEqual([]);
    expect(agentWorkflows(parseAgentSettings({}))).toEqual([]);
    const workflows = agentWorkflows(
      parseAgentSettings({ sales: { enabled: true }, legal: { enabled: true } }),
    );
    expect(workflows.map((workflow) => [workflow.id, workflow.events, workflow.cron])).toEqual([
      ['sales.purchase', ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'], null],
      ['legal.chargeback', ['PURCHASE_CHARGEBACK'], null],
      ['legal.refund-watch', [], { pattern: '0 9 * * *', timeZone: 'America/Sao_Paulo' }],
    ]);
    const all = agentWorkflows(
      parseAgentSettings({
        sales: { enabled: true },
        marketing: { enabled: true },
        support: { enabled: true },
        legal: { enabled: true },
      }),
    );
    expect(all.map((workflow) => agentOfWorkflow(workflow.id))).toEqual([
      'sales',
      'marketing',
      'support',
      'legal',
      'legal',
    ]);
  });

  it('reads the agent from a workflow id', () => {
    expect(agentOfWorkflow('support.refunds')).toBe('support');
    expect(agentOfWorkflow('sequence')).toBeNull();
    expect(agentOfWorkflow('mirror.apply')).toBeNull();
    expect(agentOfWorkflow('.sales')).toBeNull();
  });
});

describe('callAction', () => {
  let t: TestStore;
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop({ deadlineMs: 200 });
    engine = undefined;
    await t?.destroy();
  });

  const calls: { key: string; input: unknown; hasStore: boolean; connection: string }[] = [];
  const testConnector = defineConnector({
    id: 'echo',
    title: 'Echo',
    description: 'Answers what it is sent.',
    credentials: z.strictObject({ token: z.string() }),
    settings: z.strictObject({}),
    test: async () => ({ ok: true, message: 'ok' }),
  });
  const echo = defineAction({
    id: 'echo_send_text',
    connector: 'echo',
    title: 'Echo',
    description: 'Echoes.',
    llmHint: 'Echoes.',
    input: z.strictObject({ text: z.string().min(1) }),
    output: z.strictObject({ echoed: z.string() }),
    effect: 'write',
    idempotent: true,
    run: async (ctx, input) => {
      calls.push({
        key: ctx.idempotencyKey,
        input,
        hasStore:
          typeof (ctx.services['store'] as { getState?: unknown } | undefined)?.getState === 'function',
        connection: ctx.connection.id,
      });
      return { echoed: input.text };
    },
  });
  const testRegistry = createRegistry([testConnector], [echo]);

  it('runs the action once as a memoized step with the step’s idempotency key and the stored connection', async () => {
    calls.length = 0;
    t = await storeFactories[0]!.create();
    await t.store.createConnection(
      { id: 'loud', kind: 'echo', name: 'Echo', hottoks: [], credentials: { token: 'x' } },
      1,
    );
    let attempts = 0;
    const workflow = defineWorkflow(
      { id: 'sales.echo-test', on: ['PURCHASE_APPROVED'], retries: 2 },
      async ({ step, ctx }) => {
        const result = await callAction<{ echoed: string }>(
          createAgentContext({ ...(ctx as object), store: t.store, registry: testRegistry }),
          step,
          'echo',
          'echo_send_text',
          { text: 'hello' },
          'loud',
        );
        attempts += 1;
        if (attempts === 1) throw new Error('something after the call failed');
        return result;
      },
    );
    engine = createEngine({
      store: t.store,
      workflows: [workflow],
      context: { store: t.store, registry: testRegistry },
      pollMs: 20,
      backoff: { random: () => 0 },
    });
    await engine.start();
    const { buildTestDelivery } = await import('@hotpilot/hotmart/webhooks');
    const delivery = buildTestDelivery('PURCHASE_APPROVED', { id: 'evt-echo-1' });
    await t.store.ingest({
      connectionId: 'main',
      eventId: 'evt-echo-1',
      receivedAt: Date.now(),
      contentType: 'application/json',
      headers: {},
      body: delivery.body,
    });
    const run = await waitFor(async () => {
      const found = await t.store.getRun('sales.echo-test:evt-echo-1');
      return found?.status === 'completed' ? found : null;
    }, 'the run to complete');
    expect(attempts).toBe(2);
    expect(run.output).toEqual({ echoed: 'hello' });
    expect(calls).toEqual([
      {
        key: 'sales.echo-test:evt-echo-1:echo',
        input: { text: 'hello' },
        hasStore: true,
        connection: 'loud',
      },
    ]);
  });

  it('stops at once for an unknown action, a missing connection or bad input', async () => {
    t = await storeFactories[0]!.create();
    await t.store.createConnection(
      { id: 'loud', kind: 'echo', name: 'Echo', hottoks: [], credentials: { token: 'x' } },
      1,
    );
    const step = {
      run: async <T>(
        _id: string,
        fn: (info: { idempotencyKey: string; signal: AbortSignal; attempt: number }) => T,
      ) => fn({ idempotencyKey: 'k', signal: new AbortController().signal, attempt: 0 }),
      sleep: async () => {},
      sleepUntil: async () => {},
      idempotencyKey: (id: string) => id,
    } as never;
    const ctx = { store: t.store, registry: testRegistry };
    const failure = (actionId: string, input: unknown, connectionId: string) =>
      callAction(ctx, step, 's', actionId, input, connectionId).then(
        () => {
          throw new Error('expected a failure');
        },
        (error: unknown) => error as NonRetriableError,
      );
    const unknown = await failure('echo_send_nothing', {}, 'loud');
    expect([unknown.constructor.name, unknown.code]).toEqual(['NonRetriableError', 'ACTION_NOT_FOUND']);
    const missing = await failure('echo_send_text', { text: 'x' }, 'gone');
    expect([missing.name, missing.code]).toEqual(['ConnectionLookupError', 'CONNECTION_NOT_FOUND']);
    const bad = await failure('echo_send_text', { text: '' }, 'loud');
    expect([bad.name, bad.code]).toEqual(['ActionInputError', 'ACTION_INPUT_INVALID']);
    expect(bad).toBeInstanceOf(NonRetriableError);
  });

  it('needs a context with a store and a registry', () => {
    expect(() => readAgentContext(undefined)).toThrow(NonRetriableError);
    expect(() => readAgentContext({ store: {} })).toThrow('store missing');
    expect(() => readAgentContext({ store: { getState() {}, getConnection() {} } })).toThrow(
      'registry missing',
    );
    const ctx = readAgentContext({ store: { getState() {}, getConnection() {} }, registry });
    expect([typeof ctx.now(), ctx.services, ctx.fetch === globalThis.fetch, ctx.purchases]).toEqual([
      'number',
      {},
      true,
      undefined,
    ]);
    expect(createAgentContext({ store: {} as never }).registry).toBe(registry);
  });
});

describe('agent helpers', () => {
  it('classifies purchases from the event, else from the subscription’s purchases', () => {
    const facts = { recurrenceNumber: null, businessModel: null, subscriberCode: null };
    expect(classifyFromEvent({ ...facts, recurrenceNumber: 1 })).toEqual({
      kind: 'first-purchase',
      basis: 'recurrence_number',
      recurrenceNumber: 1,
    });
    expect(classifyFromEvent({ ...facts, recurrenceNumber: 2, businessModel: 'R' })?.kind).toBe('renewal');
    expect(classifyFromEvent({ ...facts, businessModel: 'I', subscriberCode: 'S1' })?.basis).toBe(
      'business_model',
    );
    expect(classifyFromEvent(facts)?.basis).toBe('no_subscription');
    expect(classifyFromEvent({ ...facts, businessModel: 'R', subscriberCode: 'S1' })).toBeNull();
    expect(classifyFromEvent({ ...facts, subscriberCode: 'S1' })).toBeNull();

    const purchases = [
      { transaction: 'HP1', status: 'COMPLETE', approved_date: 100 },
      { transaction: 'HP2', status: 'REFUNDED', approved_date: 50 },
    ];
    expect(classifyFromSubscriberPurchases(purchases, { transaction: 'HP3', paidAt: 200 }).kind).toBe(
      'renewal',
    );
    expect(classifyFromSubscriberPurchases(purchases, { transaction: 'HP3', paidAt: 80 }).kind).toBe(
      'first-purchase',
    );
    expect(
      classifyFromSubscriberPurchases([...purchases, { transaction: 'HP3', recurrency_number: 1 }], {
        transaction: 'HP3',
        paidAt: 200,
      }),
    ).toEqual({ kind: 'first-purchase', basis: 'subscriber_purchases', recurrenceNumber: 1 });
  });

  it('numbers ISO weeks in the seller’s time zone', () => {
    expect(isoWeek(Date.parse('2026-06-01T12:00:00Z'))).toBe('2026-W23');
    expect(isoWeek(Date.parse('2027-01-01T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(Date.parse('2025-12-29T12:00:00Z'))).toBe('2026-W01');
    // Monday 02:30 UTC is still Sunday evening in São Paulo.
    expect(isoWeek(Date.parse('2026-06-08T02:30:00Z'), 'UTC')).toBe('2026-W24');
    expect(isoWeek(Date.parse('2026-06-08T02:30:00Z'), 'America/Sao_Paulo')).toBe('2026-W23');
  });

  it('writes to buyers in their country’s language, else the seller’s', () => {
    expect(buyerLocale('BR', 'en')).toBe('pt-BR');
    expect(buyerLocale('AR', 'pt-BR')).toBe('es');
    expect(buyerLocale('US', 'pt-BR')).toBe('en');
    expect(buyerLocale(null, 'es')).toBe('es');
  });

  it('marks runs that had nothing to do', () => {
    expect(skippedRun('agent disabled', { transaction: 'HP1' })).toEqual({
      transaction: 'HP1',
      skipped: 'agent disabled',
    });
    expect(isSkippedRun({ skipped: 'x' })).toBe(true);
    expect([isSkippedRun(null), isSkippedRun({ skipped: 1 }), isSkippedRun('skipped')]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('answers "has this e-mail bought this product" from the mirror, else the events received', async () => {
    const t = await storeFactories[0]!.create();
    try {
      const { buildTestDelivery } = await import('@hotpilot/hotmart/webhooks');
      const { createEngine: engineOf } = await import('../../src/engine/engine.ts');
      const engine = engineOf({ store: t.store, workflows: [], pollMs: 20 });
      await engine.start();
      for (const [id, name, product, at] of [
        ['p1', 'PURCHASE_APPROVED', 42, 1_000],
        ['p2', 'PURCHASE_REFUNDED', 43, 1_000],
      ] as const) {
        const delivery = buildTestDelivery(name, {
          id,
          creationDate: at,
          data: { buyer: { email: 'Ana@Example.com' }, product: { id: product } },
        });
        await t.store.ingest({
          connectionId: 'main',
          eventId: id,
          receivedAt: at,
          contentType: 'application/json',
          headers: {},
          body: delivery.body,
        });
      }
      await waitFor(() => t.store.getEvent('p2'), 'the events to be stored');
      await engine.stop();
      expect(await receivedPurchase(t.store, { email: 'ana@example.com', productId: '42' })).toBe(true);
      expect(
        await receivedPurchase(t.store, { email: 'ana@example.com', productId: '42', since: 1_001 }),
      ).toBe(false);
      // A refund is not a purchase.
      expect(await receivedPurchase(t.store, { email: 'ana@example.com', productId: '43' })).toBe(false);
      expect(await createHasPurchased({ store: t.store })('ANA@example.com', '42')).toBe(true);

      await t.store.createConnection({ id: 'main', kind: 'hotmart', name: 'H', hottoks: [] }, 1);
      const asked: unknown[][] = [];
      const mirror: PurchaseLookup = {
        hasPurchased: async (...args) => {
          asked.push(args);
          return args[2] === '99';
        },
      };
      const hasPurchased = createHasPurchased({ store: t.store, purchases: mirror });
      expect(await hasPurchased('ana@example.com', '99')).toBe(true);
      expect(await hasPurchased('ana@example.com', '42')).toBe(true);
      expect(await hasPurchased('bob@example.com', '42')).toBe(false);
      expect(asked).toEqual([
        ['main', 'ana@example.com', '99'],
        ['main', 'ana@example.com', '42'],
        ['main', 'bob@example.com', '42'],
      ]);
    } finally {
      await t.destroy();
    }
  });
});
