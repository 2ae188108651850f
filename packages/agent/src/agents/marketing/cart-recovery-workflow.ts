import type { StepTools } from '../../engine/step.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { formatDateTime } from '../../kit/i18n/format-date.ts';
import type { EventRecord } from '../../store/port.ts';
import { type AgentContext, type ResolvedAgentContext, readAgentContext } from '../agent-context.ts';
import { buyerLocale } from '../buyer-locale.ts';
import { callAction, callOptionalAction } from '../call-action.ts';
import { type AbandonmentFacts, abandonmentFacts, purchaseFacts } from '../event-facts.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import { receivedPurchase } from '../purchase-lookup.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { appendUniqueRows } from '../sheet-tab.ts';
import { skippedRun } from '../skipped-run.ts';
import { checkoutUrl } from './checkout-url.ts';
import { marketingMessages } from './marketing-messages.ts';
import { CART_RECOVERED_ACTION, type RecoveryRecord } from './recovered-revenue.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The last abandonment of a product by an e-mail, remembered for the recovered-revenue attribution (state key
 * `agents:marketing:abandonment:<connection>:<email>:<product id>`).
 *
 * @example
 * import type { AbandonmentState } from './cart-recovery-workflow.ts';
 * const state: AbandonmentState = { at: Date.now(), eventId: 'e1', offerCode: 'k2x9' };
 */
export interface AbandonmentState {
  at: number;
  eventId: string;
  offerCode: string | null;
}

/**
 * The state key of the last abandonment of a product by an e-mail.
 *
 * @example
 * import { abandonmentKey } from './cart-recovery-workflow.ts';
 * abandonmentKey('main', 'ana@example.com', '42'); // 'agents:marketing:abandonment:main:ana@example.com:42'
 */
export function abandonmentKey(connectionId: string, email: string, productId: string): string {
  return `agents:marketing:abandonment:${connectionId}:${email.toLowerCase()}:${productId}`;
}

/**
 * The marketing agent's workflow `marketing.cart-recovery`, on `PURCHASE_OUT_OF_SHOPPING_CART` and
 * `PURCHASE_APPROVED`, one buyer at a time (concurrency key: the e-mail), so a purchase and the abandonment it
 * follows never race.
 *
 * An abandoned cart: (1) is dropped when the e-mail bought the product meanwhile (the mirror when there is one, else
 * the purchase events received, else Hotmart's sales history filtered by e-mail and product); (2) is remembered
 * for the attribution; (3) enrols the buyer in the cart-recovery sequence, which stops as soon as they buy (its
 * `purchased` stop condition); (4) upserts the HubSpot contact and opens a lead, once per e-mail and product;
 * (5) appends a row to the retargeting sheet, keyed by e-mail and product.
 *
 * An approved purchase of a product the same e-mail abandoned within `recoveryWindowDays` is recorded as recovered
 * revenue (audit action `marketing.cart-recovered`, read by `recoveredRevenue`).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { cartRecoveryWorkflow } from './cart-recovery-workflow.ts';
 * const workflow = cartRecoveryWorkflow(parseAgentSettings({ marketing: { enabled: true } }));
 * workflow.events; // ['PURCHASE_OUT_OF_SHOPPING_CART', 'PURCHASE_APPROVED']
 */
export function cartRecoveryWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'marketing.cart-recovery',
      description:
        'Abandoned cart → recovery sequence, HubSpot lead, retargeting sheet; purchases → recovered revenue.',
      on: ['PURCHASE_OUT_OF_SHOPPING_CART', 'PURCHASE_APPROVED'],
      filter: (event) =>
        event.buyerEmail !== null &&
        event.productId !== null &&
        (event.name === 'PURCHASE_OUT_OF_SHOPPING_CART' || event.transaction !== null),
      concurrencyKey: (event) => event.buyerEmail,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      if (!settings.marketing.enabled) return skippedRun('agent disabled');
      return event.name === 'PURCHASE_OUT_OF_SHOPPING_CART'
        ? abandoned(ctx, context, step, event, settings)
        : purchased(context, step, event, settings);
    },
  );
}

async function abandoned(
  ctx: AgentContext,
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const marketing = settings.marketing;
  const facts = abandonmentFacts(event);
  const email = facts.buyer.email as string;
  const productId = facts.product.id as string;
  const since = facts.occurredAt - marketing.purchaseLookbackHours * HOUR;

  const local = await step.run('check-purchased', async () => {
    if (context.purchases) {
      return {
        purchased: await context.purchases.hasPurchased(event.connectionId, email, productId, since),
        source: 'mirror',
      };
    }
    return {
      purchased: await receivedPurchase(context.store, { email, productId, since }),
      source: 'events',
    };
  });
  let bought = local;
  if (!local.purchased && local.source === 'events') {
    const hotmart = await apiHotmartConnection(
      context.connections,
      marketing.hotmartConnectionId,
      event.connectionId,
    );
    if (hotmart !== null && /^\d+$/.test(productId)) {
      // Without a status filter the history lists only APPROVED and COMPLETE sales (reference §4.1): paid ones.
      const history = await callOptionalAction<{ items: unknown[] }>(
        ctx,
        step,
        'check-purchased-hotmart',
        'hotmart_get_sales_history',
        { buyer_email: email, product_id: Number(productId), start_date: since, max_results: 1 },
        hotmart,
      );
      // Refused (wrong credentials…): the events received answer, and the sequence checks again before each e-mail.
      if (history !== null) bought = { purchased: history.items.length > 0, source: 'hotmart' };
    }
  }
  if (bought.purchased) return skippedRun('already bought', { email, productId, source: bought.source });

  await step.run('remember-abandonment', async () => {
    const key = abandonmentKey(event.connectionId, email, productId);
    const previous = await context.store.getState<AbandonmentState>(key);
    // Out-of-order deliveries: the newest abandonment is the one a purchase recovers.
    if (previous && previous.at > facts.occurredAt) return;
    const state: AbandonmentState = { at: facts.occurredAt, eventId: event.id, offerCode: facts.offerCode };
    await context.store.setState(key, state, context.now());
  });

  const link = checkoutUrl(marketing, productId, facts.offerCode);
  let enrolled: boolean | null = null;
  if (marketing.emailConnectionId !== null && marketing.cartRecoverySequenceId !== null && link !== null) {
    const result = await callAction<{ created: boolean }>(
      ctx,
      step,
      'enrol-cart-recovery',
      'email_enrol_sequence',
      {
        sequenceId: marketing.cartRecoverySequenceId,
        email,
        data: {
          buyer: { name: facts.buyer.name, email },
          product: { id: productId, name: facts.product.name },
          checkoutUrl: link,
          ...(facts.offerCode ? { offerCode: facts.offerCode } : {}),
          ...(settings.sellerName ? { seller: { name: settings.sellerName } } : {}),
        },
        locale: buyerLocale(facts.buyer.countryIso, settings.locale),
        timeZone: settings.timeZone,
      },
      marketing.emailConnectionId,
    );
    enrolled = result.created;
  }

  let leadId: string | null = null;
  if (marketing.hubspotConnectionId !== null) {
    const [firstname, ...rest] = (facts.buyer.name ?? '').split(/\s+/).filter(Boolean);
    const contact = await callAction<{ id: string }>(
      ctx,
      step,
      'hubspot-contact',
      'hubspot_upsert_contact',
      {
        email,
        ...(firstname ? { firstname } : {}),
        ...(rest.length > 0 ? { lastname: rest.join(' ') } : {}),
        ...(facts.buyer.phone ? { phone: facts.buyer.phone } : {}),
      },
      marketing.hubspotConnectionId,
    );
    const lead = await callAction<{ id: string }>(
      ctx,
      step,
      'hubspot-lead',
      'hubspot_create_lead',
      {
        contactId: contact.id,
        name: marketingMessages.t(settings.locale, 'leadName', {
          product: facts.product.name ?? marketingMessages.t(settings.locale, 'unknownProduct'),
          buyer: facts.buyer.name ?? email,
        }),
        ...(marketing.leadType ? { type: marketing.leadType } : {}),
        ...(marketing.leadLabel ? { label: marketing.leadLabel } : {}),
        // One lead per e-mail and product, however often the cart is abandoned.
        key: `cart:${email}:${productId}`,
      },
      marketing.hubspotConnectionId,
    );
    leadId = lead.id;
  }

  let sheetAppended: number | null = null;
  if (marketing.googleSheetsConnectionId !== null) {
    const spreadsheet = marketing.spreadsheetId === null ? {} : { spreadsheetId: marketing.spreadsheetId };
    const sheets = marketing.googleSheetsConnectionId;
    const tab = { ...spreadsheet, title: marketing.retargetingSheet, headers: sheetHeaders(settings) };
    const row = sheetRow(facts, email, productId, link, settings);
    sheetAppended = await appendUniqueRows(ctx, step, { tab: 'sheet-tab', row: 'sheet-row' }, tab, sheets, [
      row,
    ]);
  }

  return { email, productId, checkoutUrl: link, enrolled, leadId, sheetAppended };
}

async function purchased(
  context: ResolvedAgentContext,
  step: StepTools,
  event: EventRecord,
  settings: AgentSettings,
): Promise<unknown> {
  const facts = purchaseFacts(event);
  const email = facts.buyer.email as string;
  const productId = facts.product.id as string;
  const transaction = facts.transaction as string;
  const paidAt = facts.approvedDate ?? facts.occurredAt;
  const windowMs = settings.marketing.recoveryWindowDays * DAY;

  const outcome = await step.run('attribute-recovery', async () => {
    const abandonment = await context.store.getState<AbandonmentState>(
      abandonmentKey(event.connectionId, email, productId),
    );
    if (!abandonment) return { recovered: null, reason: 'no abandoned cart' };
    if (paidAt < abandonment.at || paidAt > abandonment.at + windowMs) {
      return { recovered: null, reason: 'outside the recovery window' };
    }
    const flag = `agents:marketing:recovered:${event.connectionId}:${transaction}`;
    if (await context.store.getState(flag)) return { recovered: null, reason: 'already recorded' };
    const record: RecoveryRecord = {
      connectionId: event.connectionId,
      transaction,
      email,
      productId,
      productName: facts.product.name,
      amount: facts.amount?.value ?? null,
      currency: facts.amount?.currency ?? null,
      abandonedAt: abandonment.at,
      purchasedAt: paidAt,
      abandonmentEventId: abandonment.eventId,
      purchaseEventId: event.id,
    };
    const entry = await context.store.appendAudit(
      { actor: 'agent:marketing', action: CART_RECOVERED_ACTION, target: transaction, details: record },
      context.now(),
    );
    await context.store.setState(flag, { auditId: entry.id, eventId: event.id }, context.now());
    return { recovered: record, reason: null };
  });
  if (outcome.recovered === null) return skippedRun(outcome.reason ?? 'not a recovery', { transaction });
  return { recovered: outcome.recovered };
}

function sheetHeaders(settings: AgentSettings): string[] {
  const t = (key: Parameters<typeof marketingMessages.t>[1]) => marketingMessages.t(settings.locale, key);
  return [
    t('headerKey'),
    t('headerEmail'),
    t('headerName'),
    t('headerPhone'),
    t('headerProductId'),
    t('headerProduct'),
    t('headerOffer'),
    t('headerAbandonedAt'),
    t('headerCountry'),
    t('headerCheckout'),
  ];
}

function sheetRow(
  facts: AbandonmentFacts,
  email: string,
  productId: string,
  link: string | null,
  settings: AgentSettings,
): string[] {
  const cells = [
    `${email}|${productId}`,
    email,
    facts.buyer.name,
    facts.buyer.phone,
    productId,
    facts.product.name,
    facts.offerCode,
    formatDateTime(facts.occurredAt, settings.locale, settings.timeZone, 'medium'),
    facts.buyer.countryIso,
    link,
  ];
  return cells.map((cell) => cell ?? '');
}
