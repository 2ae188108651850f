import { ChargeDateData, SwitchPlanData } from '@hotpilot/hotmart/webhooks';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import type { EventRecord } from '../../store/port.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { apiSubscription, hubspotDate } from './retention-subscription.ts';

/**
 * When the CRM's plan details and next charge date of a subscriber were last written, by the time of the event
 * that said so (state key `agents:retention:plan:<connection>:<subscriber code>`): an event older than the one a
 * group was written from leaves that group alone, so late deliveries never regress the CRM.
 *
 * @example
 * import type { PlanChangeState } from './plan-change-workflow.ts';
 * const state: PlanChangeState = { plan: { at: Date.now(), eventId: 'e1' }, nextCharge: null };
 */
export interface PlanChangeState {
  plan: { at: number; eventId: string } | null;
  nextCharge: { at: number; eventId: string } | null;
}

/**
 * The state key of a subscriber's CRM plan details.
 *
 * @example
 * import { planChangeKey } from './plan-change-workflow.ts';
 * planChangeKey('main', 'SUB1'); // 'agents:retention:plan:main:SUB1'
 */
export function planChangeKey(connectionId: string, subscriberCode: string): string {
  return `agents:retention:plan:${connectionId}:${subscriberCode}`;
}

interface ChangeFacts {
  subscriberCode: string;
  email: string | null;
  /** Plan name, price and currency (SWITCH_PLAN), when the event changes the plan. */
  plan: { name: string | null; code: string | null; id: string | null } | null;
  /** The next charge date (UPDATE_SUBSCRIPTION_CHARGE_DATE). */
  nextCharge: number | null;
}

const text = (value: unknown): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

function changeFacts(event: EventRecord): ChangeFacts | null {
  const raw = (event.payload as { data?: unknown } | null)?.data;
  if (event.name === 'SWITCH_PLAN') {
    const parsed = SwitchPlanData.safeParse(raw);
    if (!parsed.success) return null;
    const d = parsed.data;
    const subscriberCode = event.subscriberCode ?? text(d.subscription?.subscriber_code);
    const current = d.plans?.find((plan) => plan.current === true);
    if (subscriberCode === null || !current) return null;
    return {
      subscriberCode,
      email: (text(d.subscription?.user?.email) ?? event.buyerEmail)?.toLowerCase() ?? null,
      plan: { name: text(current.name), code: text(current.offer?.key), id: text(current.id) },
      nextCharge: null,
    };
  }
  const parsed = ChargeDateData.safeParse(raw);
  if (!parsed.success) return null;
  const d = parsed.data;
  const subscriberCode = event.subscriberCode ?? text(d.subscriber?.code);
  if (subscriberCode === null) return null;
  // The one ISO date of the webhooks (reference §3.1).
  const next = text(d.subscription?.dateNextCharge);
  const nextCharge = next === null ? null : Date.parse(next);
  return {
    subscriberCode,
    email: (text(d.subscriber?.email) ?? event.buyerEmail)?.toLowerCase() ?? null,
    plan: null,
    nextCharge: nextCharge !== null && Number.isFinite(nextCharge) ? nextCharge : null,
  };
}

/**
 * The retention agent's workflow `retention.plan-change`, on `SWITCH_PLAN` and `UPDATE_SUBSCRIPTION_CHARGE_DATE`,
 * one subscriber at a time (concurrency key: the subscriber code). It writes the subscription on the subscriber's
 * HubSpot contact: a plan switch → plan name, numeric price and currency (the mirror's plan, else Hotmart's
 * subscription); a charge-date change → the next charge date (a HubSpot date, `YYYY-MM-DD` in the settings' time
 * zone). Each group remembers the time of the event it was written from and ignores older ones. The MRR movement
 * of a switch is the mirror's (`mirror_mrr_movements`), not written here.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { planChangeWorkflow } from './plan-change-workflow.ts';
 * planChangeWorkflow(parseAgentSettings({})).events; // ['SWITCH_PLAN', 'UPDATE_SUBSCRIPTION_CHARGE_DATE']
 */
export function planChangeWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'retention.plan-change',
      description:
        'Plan switch or new charge date → the subscription’s plan, price and next charge in HubSpot.',
      on: ['SWITCH_PLAN', 'UPDATE_SUBSCRIPTION_CHARGE_DATE'],
      concurrencyKey: (event) => event.subscriberCode ?? event.buyerEmail,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const retention = settings.retention;
      if (!retention.enabled) return skippedRun('agent disabled');
      if (retention.hubspotConnectionId === null) return skippedRun('no HubSpot connection');
      const facts = changeFacts(event);
      if (facts === null) return skippedRun('the event names no subscriber or no plan');
      if (facts.email === null)
        return skippedRun('the event names no e-mail', { subscriberCode: facts.subscriberCode });
      const key = planChangeKey(event.connectionId, facts.subscriberCode);
      const group = facts.plan !== null ? 'plan' : 'nextCharge';

      const claim = await step.run('claim', async () => {
        const state = (await context.store.getState<PlanChangeState>(key)) ?? {
          plan: null,
          nextCharge: null,
        };
        const written = state[group];
        if (written && written.eventId !== event.id && written.at > event.occurredAt) return { newer: true };
        return { newer: false };
      });
      if (claim.newer)
        return skippedRun('a newer change is already written', { subscriberCode: facts.subscriberCode });

      const crm = retention.crm;
      const properties: Record<string, string | number> = {};
      if (facts.plan !== null) {
        const plan = facts.plan;
        const price = await step.run('price', async () => {
          const mirrorPlan = await createMirrorRepo(context.store).plan(event.connectionId, {
            code: plan.code,
            planId: plan.id,
          });
          if (mirrorPlan?.price != null && mirrorPlan.currency) {
            return { value: mirrorPlan.price, currency: mirrorPlan.currency };
          }
          return null;
        });
        const fromApi =
          price ??
          (
            await apiSubscription(ctx, step, 'hotmart-subscription', {
              configured: retention.hotmartConnectionId,
              eventConnectionId: event.connectionId,
              subscriberCode: facts.subscriberCode,
            })
          )?.price ??
          null;
        if (crm.planProperty && plan.name !== null) properties[crm.planProperty] = plan.name;
        if (fromApi !== null) {
          if (crm.priceProperty) properties[crm.priceProperty] = fromApi.value;
          if (crm.currencyProperty) properties[crm.currencyProperty] = fromApi.currency;
        }
      } else if (facts.nextCharge !== null && crm.nextChargeProperty) {
        properties[crm.nextChargeProperty] = hubspotDate(facts.nextCharge, settings.timeZone);
      }
      if (Object.keys(properties).length === 0) {
        return skippedRun('nothing to write', { subscriberCode: facts.subscriberCode });
      }

      const contact = await callAction<{ id: string }>(
        ctx,
        step,
        'hubspot-contact',
        'hubspot_upsert_contact',
        { email: facts.email, properties },
        retention.hubspotConnectionId,
      );
      await step.run('remember', async () => {
        const state = (await context.store.getState<PlanChangeState>(key)) ?? {
          plan: null,
          nextCharge: null,
        };
        const written = state[group];
        if (written && written.at > event.occurredAt) return;
        await context.store.setState(
          key,
          { ...state, [group]: { at: event.occurredAt, eventId: event.id } },
          context.now(),
        );
      });
      return { subscriberCode: facts.subscriberCode, contactId: contact.id, properties };
    },
  );
}
