import { PurchaseData } from '@hotpilot/hotmart/webhooks';
import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import { ensureMirrored } from '../../mirror/mirror-workflow.ts';
import { monthlyAmount } from '../../mirror/monthly-amount.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import type { EventRecord } from '../../store/port.ts';
import { type AgentContext, type ResolvedAgentContext, readAgentContext } from '../agent-context.ts';
import { buyerLocale } from '../buyer-locale.ts';
import { callAction, callOptionalAction } from '../call-action.ts';
import { type PurchaseFacts, purchaseFacts } from '../event-facts.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import { PAID_EVENT_NAMES } from '../purchase-lookup.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { CHARGE_RECOVERED_ACTION, type ChargeRecovery } from './recovered-mrr.ts';
import { retentionMessages } from './retention-messages.ts';
import { apiSubscription, splitName } from './retention-subscription.ts';

/**
 * A subscriber's late charge, remembered from its PURCHASE_DELAYED until it is paid (state key
 * `agents:retention:late-charge:<connection>:<subscriber code>`). `mrr` is the charge as monthly revenue (null when
 * the plan's period is unknown); `recoveredAt` is set once the payment was recorded.
 *
 * @example
 * import type { LateChargeState } from './dunning-workflow.ts';
 * const open = (state: LateChargeState | null) => state !== null && state.recoveredAt === null;
 */
export interface LateChargeState {
  transaction: string;
  recurrence: number | null;
  amount: number | null;
  currency: string | null;
  mrr: number | null;
  at: number;
  eventId: string;
  recoveredAt: number | null;
}

/**
 * The state key of a subscriber's late charge.
 *
 * @example
 * import { lateChargeKey } from './dunning-workflow.ts';
 * lateChargeKey('main', 'SUB1'); // 'agents:retention:late-charge:main:SUB1'
 */
export function lateChargeKey(connectionId: string, subscriberCode: string): string {
  return `agents:retention:late-charge:${connectionId}:${subscriberCode}`;
}

/**
 * What the dunning e-mails are rendered with (the contract of the `dunning` sequence's templates).
 *
 * @example
 * import type { DunningData } from './dunning-workflow.ts';
 * const link = (data: DunningData) => data.payment.billetUrl ?? data.payment.negotiationUrl ?? null;
 */
export interface DunningData {
  connectionId: string;
  buyer: { name: string | null; email: string };
  product: { id: string | null; name: string | null };
  subscription: {
    code: string;
    planName: string | null;
    amount: { value: number; currency: string } | null;
    chargeDate: number;
  };
  payment: { type: string | null; billetUrl?: string; pixCode?: string; negotiationUrl?: string };
  seller?: { name: string };
}

// Charges Hotmart can issue a new boleto for (`sales/{transaction}/billet`). A PIX charge has its copy-and-paste code
// in the payload instead, and the e-mail shows that.
const BOLETO_TYPES: ReadonlySet<string> = new Set(['BILLET', 'FINANCED_BILLET']);

/**
 * The retention agent's workflow `retention.dunning`, on `PURCHASE_DELAYED` and `PURCHASE_APPROVED` of
 * subscriptions, one subscriber at a time (concurrency key: the subscriber code), so a payment never races the
 * delay it settles.
 *
 * A late charge (PURCHASE_DELAYED): (1) the mirror is brought up to date with the event (so the sequence's
 * `subscriptionActive` check sees DELAYED, not the ACTIVE of before); (2) the charge is remembered — a second
 * delivery of it does nothing, and a payment already received for it is recorded as recovered instead; (3) the
 * payment link: a new boleto (`hotmart_create_billet`) for boleto charges when `newBillet`, the PIX code of a PIX
 * charge, else an installment negotiation when `negotiation` — a refusal leaves the e-mails without that link; (4) the buyer is enrolled in the
 * dunning sequence in their language; (5) a charge whose monthly value reaches `highValueMonthly` is posted to
 * Slack and noted on the HubSpot contact.
 *
 * A payment (PURCHASE_APPROVED) of a remembered late charge, made after it went late, is recorded once as
 * recovered MRR (audit action `retention.charge-recovered`, read by `recoveredMrr`); the sequence stops by itself.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { dunningWorkflow } from './dunning-workflow.ts';
 * dunningWorkflow(parseAgentSettings({ retention: { enabled: true } })).events; // ['PURCHASE_DELAYED', 'PURCHASE_APPROVED']
 */
export function dunningWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'retention.dunning',
      description:
        'Late subscription charge → dunning e-mails with a payment link, alerts; payment → recovered MRR.',
      on: ['PURCHASE_DELAYED', 'PURCHASE_APPROVED'],
      filter: (event) => event.subscriberCode !== null && event.transaction !== null,
      concurrencyKey: (event) => event.subscriberCode,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      if (!settings.retention.enabled) return skippedRun('agent disabled');
      if (event.name === 'PURCHASE_APPROVED') return paid(context, step, event);
      if (!settings.retention.dunning.enabled) return skippedRun('dunning disabled');
      return delayed(ctx, context, step, event, settings);
    },
  );
}

async function delayed(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const retention = settings.retention;
  const facts = purchaseFacts(event);
  const subscriberCode = event.subscriberCode as string;
  const transaction = facts.transaction as string;
  const data = PurchaseData.safeParse((event.payload as { data?: unknown } | null)?.data);
  const payload = data.success ? data.data : null;
  const key = lateChargeKey(event.connectionId, subscriberCode);

  // The sequence's first check, due at once, must read DELAYED rather than the ACTIVE of before: the event goes into
  // the mirror first unless the mirror's own run has applied it already.
  await ensureMirrored(context.store, event, context.now);

  const subscription = await apiSubscription(ctx, step, 'hotmart-subscription', {
    configured: retention.hotmartConnectionId,
    eventConnectionId: event.connectionId,
    subscriberCode,
  });

  const claim = await step.run('claim-late-charge', async () => {
    const state = await context.store.getState<LateChargeState>(key);
    if (state && state.transaction === transaction && state.eventId !== event.id) {
      return { outcome: 'duplicate' as const, paidBy: null };
    }
    // Out of order: a later charge of this subscriber already went late; this older one is not chased.
    if (state && state.transaction !== transaction && state.at > facts.occurredAt) {
      return { outcome: 'older' as const, paidBy: null };
    }
    // The payment may have been delivered before the delay (Hotmart guarantees no order, reference §6.3).
    const payments = await context.store.listEvents({
      connectionId: event.connectionId,
      transaction,
      name: [...PAID_EVENT_NAMES],
      limit: 20,
    });
    const payment = payments
      .filter((candidate) => candidate.occurredAt >= facts.occurredAt)
      .sort((a, b) => a.occurredAt - b.occurredAt)[0];
    const mirror = await createMirrorRepo(context.store).subscription(event.connectionId, subscriberCode);
    const period = subscription?.recurrencyPeriod ?? mirror?.recurrencyPeriod ?? null;
    const next: LateChargeState = {
      transaction,
      recurrence: facts.recurrenceNumber,
      amount: facts.amount?.value ?? null,
      currency: facts.amount?.currency ?? null,
      mrr: monthlyAmount(facts.amount?.value, period),
      at: facts.occurredAt,
      eventId: event.id,
      recoveredAt: null,
    };
    await context.store.setState(key, next, context.now());
    return {
      outcome: 'claimed' as const,
      paidBy: payment ? { eventId: payment.id, at: payment.occurredAt } : null,
    };
  });
  if (claim.outcome === 'duplicate') return skippedRun('late charge already handled', { transaction });
  if (claim.outcome === 'older') return skippedRun('a later charge is already late', { transaction });
  if (claim.paidBy !== null) {
    const recovered = await recordRecovery(context, step, event, facts, claim.paidBy);
    return skippedRun('already paid', { transaction, recovered });
  }

  const email = facts.buyer.email;
  const paymentType = facts.paymentType?.toUpperCase() ?? null;
  const hotmart = await apiHotmartConnection(
    context.connections,
    retention.hotmartConnectionId,
    event.connectionId,
  );
  let billetUrl: string | null = null;
  if (retention.dunning.newBillet && paymentType !== null && BOLETO_TYPES.has(paymentType) && hotmart) {
    const billet = await callOptionalAction<{ billet_url: string }>(
      ctx,
      step,
      'hotmart-billet',
      'hotmart_create_billet',
      { transaction },
      hotmart,
    );
    billetUrl = billet?.billet_url ?? null;
  }
  let negotiationUrl: string | null = null;
  const subscriptionId =
    subscription?.subscriptionId ??
    Number(
      (await createMirrorRepo(context.store).subscription(event.connectionId, subscriberCode))
        ?.subscriptionId,
    );
  const pixCode = payload?.purchase.payment?.pix_code ?? null;
  // The e-mail shows one way to pay, the first of boleto, PIX code, negotiation: no negotiation is opened at Hotmart
  // when the buyer already has one of the others.
  if (
    retention.dunning.negotiation &&
    billetUrl === null &&
    pixCode === null &&
    hotmart &&
    facts.recurrenceNumber !== null &&
    Number.isInteger(subscriptionId) &&
    subscriptionId > 0
  ) {
    const negotiation = await callOptionalAction<{ payment_link?: string; url?: string }>(
      ctx,
      step,
      'hotmart-negotiation',
      'hotmart_create_negotiation',
      { subscription_id: subscriptionId, recurrences: [facts.recurrenceNumber], payment_type: 'PIX' },
      hotmart,
    );
    // Hotmart doesn't document the answer (reference §4.7): a third-party recording names the link `payment_link`,
    // the emulator `url`; either is the link.
    negotiationUrl = negotiation?.payment_link ?? negotiation?.url ?? null;
  }

  let enrolled: boolean | null = null;
  if (email !== null && retention.emailConnectionId !== null && retention.dunning.sequenceId !== null) {
    const dunning: DunningData = {
      connectionId: event.connectionId,
      buyer: { name: facts.buyer.name, email },
      product: { id: facts.product.id, name: facts.product.name },
      subscription: {
        code: subscriberCode,
        planName: payload?.subscription?.plan?.name ?? subscription?.planName ?? null,
        amount: facts.amount,
        chargeDate: facts.orderDate ?? facts.occurredAt,
      },
      payment: {
        type: paymentType,
        ...(billetUrl ? { billetUrl } : {}),
        ...(pixCode ? { pixCode } : {}),
        ...(negotiationUrl ? { negotiationUrl } : {}),
      },
      ...(settings.sellerName ? { seller: { name: settings.sellerName } } : {}),
    };
    const result = await callAction<{ created: boolean }>(
      ctx,
      step,
      'enrol-dunning',
      'email_enrol_sequence',
      {
        sequenceId: retention.dunning.sequenceId,
        email,
        data: dunning,
        locale: buyerLocale(facts.buyer.countryIso, settings.locale),
        timeZone: settings.timeZone,
        // One dunning per late charge: the subscriber's next late charge is a new enrolment.
        occurrence: transaction,
      },
      retention.emailConnectionId,
    );
    enrolled = result.created;
  }

  const state = await context.store.getState<LateChargeState>(key);
  const mrr = state?.mrr ?? null;
  const threshold = facts.amount ? retention.dunning.highValueMonthly[facts.amount.currency] : undefined;
  const highValue = mrr !== null && threshold !== undefined && mrr >= threshold;
  let slackTs: string | null = null;
  let noteId: string | null = null;
  if (highValue && facts.amount) {
    const params = {
      product: facts.product.name ?? retentionMessages.t(settings.locale, 'unknownProduct'),
      buyer: facts.buyer.name ?? email ?? subscriberCode,
      amount: formatMoney(facts.amount.value, facts.amount.currency, settings.locale),
      monthly: formatMoney(mrr, facts.amount.currency, settings.locale),
      recurrence:
        facts.recurrenceNumber === null
          ? retentionMessages.t(settings.locale, 'unknownRecurrence')
          : String(facts.recurrenceNumber),
    };
    if (retention.slackConnectionId !== null && retention.slackChannel !== null) {
      const posted = await callAction<{ ts: string }>(
        ctx,
        step,
        'slack-high-value',
        'slack_post_message',
        {
          channel: retention.slackChannel,
          text: retentionMessages.t(settings.locale, 'lateChargeSlack', params),
        },
        retention.slackConnectionId,
      );
      slackTs = posted.ts;
    }
    if (retention.hubspotConnectionId !== null && email !== null) {
      const contact = await callAction<{ id: string }>(
        ctx,
        step,
        'hubspot-contact',
        'hubspot_upsert_contact',
        { email, ...splitName(facts.buyer.name) },
        retention.hubspotConnectionId,
      );
      const note = await callAction<{ id: string }>(
        ctx,
        step,
        'hubspot-note',
        'hubspot_create_note',
        {
          body: retentionMessages.t(settings.locale, 'lateChargeNote', params),
          contactId: contact.id,
          timestamp: new Date(facts.occurredAt).toISOString(),
        },
        retention.hubspotConnectionId,
      );
      noteId = note.id;
    }
  }

  return {
    transaction,
    subscriberCode,
    mrr,
    paymentType,
    billetUrl,
    negotiationUrl,
    enrolled,
    highValue,
    slackTs,
    noteId,
  };
}

async function paid(context: ResolvedAgentContext, step: StepTools, event: EventRecord): Promise<unknown> {
  const facts = purchaseFacts(event);
  const transaction = facts.transaction as string;
  const state = await step.run('read-late-charge', () =>
    context.store.getState<LateChargeState>(
      lateChargeKey(event.connectionId, event.subscriberCode as string),
    ),
  );
  const paidAt = facts.approvedDate ?? facts.occurredAt;
  const settles =
    state !== null &&
    (state.transaction === transaction ||
      (state.recurrence !== null && state.recurrence === facts.recurrenceNumber)) &&
    facts.occurredAt >= state.at;
  if (!settles) return skippedRun('no late charge to settle', { transaction });
  const recovered = await recordRecovery(context, step, event, facts, { eventId: event.id, at: paidAt });
  if (recovered === null) return skippedRun('already recorded', { transaction });
  return { recovered };
}

/**
 * Records a late charge as recovered, once per charge (flag key per connection and the late transaction), and
 * marks the remembered late charge settled.
 */
async function recordRecovery(
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  facts: PurchaseFacts,
  payment: { eventId: string; at: number },
): Promise<ChargeRecovery | null> {
  const subscriberCode = event.subscriberCode as string;
  return step.run('record-recovery', async () => {
    const key = lateChargeKey(event.connectionId, subscriberCode);
    const state = await context.store.getState<LateChargeState>(key);
    if (!state) return null;
    const flag = `agents:retention:recovered:${event.connectionId}:${state.transaction}`;
    if (await context.store.getState(flag)) return null;
    const record: ChargeRecovery = {
      connectionId: event.connectionId,
      subscriberCode,
      transaction: state.transaction,
      recurrence: state.recurrence,
      email: facts.buyer.email,
      productId: facts.product.id,
      amount: state.amount,
      mrr: state.mrr,
      currency: state.currency,
      delayedAt: state.at,
      paidAt: payment.at,
      delayedEventId: state.eventId,
      paymentEventId: payment.eventId,
    };
    const entry = await context.store.appendAudit(
      {
        actor: 'agent:retention',
        action: CHARGE_RECOVERED_ACTION,
        target: state.transaction,
        details: record,
      },
      context.now(),
    );
    await context.store.setState(flag, { auditId: entry.id, eventId: payment.eventId }, context.now());
    await context.store.setState(key, { ...state, recoveredAt: payment.at }, context.now());
    return record;
  });
}
