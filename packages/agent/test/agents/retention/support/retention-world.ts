import type { StateChange } from '@hotpilot/emulator';
import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { readAgentContext } from '../../../../src/agents/agent-context.ts';
import type { AgentSettingsInput } from '../../../../src/agents/settings.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../../../src/engine/workflow.ts';
import { applyEvent } from '../../../../src/mirror/apply-event.ts';
import { createMirrorRepo } from '../../../../src/store/mirror/mirror-repo.ts';
import type { StoreFactory } from '../../../store/stores.ts';
import { createWorld, type Servers, T0, type World } from '../../support/world.ts';

// The retention agent's world: the shared agents world plus the mirror (its apply workflow, reading the store from
// the engine context, and the emulator's plans, which a sync would have copied), the churn-form secret and public
// URL, and the emulator's clock kept on the test clock so event times follow the test.

export const CHURN_FORM_SECRET = 'churn-form-secret-for-the-retention-tests';
export const PUBLIC_URL = 'https://hotpilot.example.com';

const mirrorApply: WorkflowDefinition = defineWorkflow(
  {
    id: 'test.mirror-apply',
    on: HOTMART_EVENT_NAMES,
    concurrencyKey: (event) => event.subscriberCode ?? event.transaction ?? event.buyerEmail,
    retries: 3,
  },
  async ({ event, step, ctx }) =>
    step.run('apply', () => applyEvent(createMirrorRepo(readAgentContext(ctx).store), event)),
);

export interface RetentionWorld extends World {
  /** Plays an event in the emulator at the test clock's time and delivers its payload. */
  play(change: StateChange): Promise<{ eventId: string; payload: Record<string, unknown> }>;
  /** Moves both clocks. */
  tick(ms: number): void;
}

export async function createRetentionWorld(
  servers: Servers,
  settings: AgentSettingsInput,
  options: { factory?: StoreFactory; churnForm?: boolean } = {},
): Promise<RetentionWorld> {
  const clock = servers.hotmart.emulator.clock;
  clock.freeze(true);
  clock.set(T0);
  const world = await createWorld(servers, {
    settings,
    workflows: [mirrorApply],
    ...(options.factory ? { factory: options.factory } : {}),
    ...(options.churnForm === false
      ? {}
      : { services: { churnFormSecret: CHURN_FORM_SECRET }, publicUrl: PUBLIC_URL }),
  });
  // The contact properties the seller creates in HubSpot for the retention agent (the fake, like HubSpot, refuses
  // unknown ones); created again for each world because resetting the fake forgets them.
  const hubspot = servers.fakes.hubspot.state;
  for (const [name, type, fieldType] of [
    ['hotmart_subscription_status', 'string', 'text'],
    ['hotmart_plan', 'string', 'text'],
    ['hotmart_plan_price', 'number', 'number'],
    ['hotmart_plan_currency', 'string', 'text'],
    ['hotmart_next_charge', 'date', 'date'],
  ] as const) {
    if (!hubspot.definitions('contacts').has(name)) {
      hubspot.createProperty('contacts', {
        name,
        label: name,
        type,
        fieldType,
        groupName: 'contactinformation',
      });
    }
  }
  const account = servers.hotmart.account;
  const mirror = createMirrorRepo(world.store);
  await mirror.upsertPlans(
    account.products().flatMap((product) =>
      account.plans(product.id).map((plan) => ({
        connectionId: 'main',
        planCode: plan.code,
        productId: String(plan.product_id),
        planId: String(plan.id),
        name: plan.name,
        price: plan.price.value,
        currency: plan.price.currency_code,
        periodicity: plan.periodicity,
        recurrencyPeriod: plan.recurrency_period,
        trialPeriod: plan.trial_period ?? null,
        raw: {},
        syncedAt: T0,
      })),
    ),
  );
  return {
    ...world,
    async play(change) {
      clock.set(world.now());
      return world.trigger(change);
    },
    tick(ms) {
      world.advance(ms);
      clock.set(world.now());
    },
  };
}
