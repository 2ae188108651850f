import type { PropertyDefinition } from '@hotpilot/fakes';
import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { readAgentContext } from '../../../../src/agents/agent-context.ts';
import type { AgentSettingsInput } from '../../../../src/agents/settings.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../../../src/engine/workflow.ts';
import { applyEvent } from '../../../../src/mirror/apply-event.ts';
import { createMirrorRepo } from '../../../../src/store/mirror/mirror-repo.ts';
import type { StoreFactory } from '../../../store/stores.ts';
import { CHURN_FORM_SECRET, createWorld, PUBLIC_URL, type Servers, type World } from '../../support/world.ts';

// The retention agent's world: the agents world with the mirror (its own apply workflow, reading the store from the
// engine context and writing on the wall clock as the tests were written for, and the emulator's plans, which a sync
// would have copied), the HubSpot contact properties the seller creates for the agent, the churn-form secret
// and public URL, and the emulator's clock on the test clock so event times follow the test.

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

/** The contact properties the seller creates in HubSpot for the retention agent. */
const RETENTION_CONTACT_PROPERTIES: readonly PropertyDefinition[] = (
  [
    ['hotmart_subscription_status', 'string', 'text'],
    ['hotmart_plan', 'string', 'text'],
    ['hotmart_plan_price', 'number', 'number'],
    ['hotmart_plan_currency', 'string', 'text'],
    ['hotmart_next_charge', 'date', 'date'],
  ] as const
).map(([name, type, fieldType]) => ({ name, label: name, type, fieldType, groupName: 'contactinformation' }));

/**
 * The retention agent's world on these settings (`churnForm: false` leaves the churn-form secret and public URL out).
 *
 * @example
 * const servers = await startServers();
 * const world = await createRetentionWorld(servers, { retention: { enabled: true } });
 * await world.close();
 */
export function createRetentionWorld(
  servers: Servers,
  settings: AgentSettingsInput,
  options: { factory?: StoreFactory; churnForm?: boolean } = {},
): Promise<World> {
  return createWorld(servers, {
    settings,
    workflows: [mirrorApply],
    plans: true,
    emulatorClock: true,
    contactProperties: RETENTION_CONTACT_PROPERTIES,
    ...(options.factory ? { factory: options.factory } : {}),
    ...(options.churnForm === false
      ? {}
      : { services: { churnFormSecret: CHURN_FORM_SECRET }, publicUrl: PUBLIC_URL }),
  });
}
