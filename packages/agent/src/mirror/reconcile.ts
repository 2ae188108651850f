import { type HotmartClient, type SaleHistoryItem, TransactionStatus } from '@hotpilot/hotmart';
import { PURCHASE_STATUS_BY_EVENT, type PurchaseEventName } from '@hotpilot/hotmart/webhooks';
import { decideInboxRow, runsForEvent } from '../engine/decide-inbox-row.ts';
import type { WorkflowDefinition } from '../engine/workflow.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import { createMirrorRepo } from '../store/mirror/mirror-repo.ts';
import type { EventRecord, NewRun, Store } from '../store/port.ts';
import { EVENT_BY_REST_STATUS } from './purchase-statuses.ts';

/**
 * How far back reconciliation looks by default: 72 hours of sales history.
 *
 * @example
 * import { DEFAULT_RECONCILE_WINDOW_MS } from './reconcile.ts';
 * console.log(DEFAULT_RECONCILE_WINDOW_MS / 3_600_000); // 72
 */
export const DEFAULT_RECONCILE_WINDOW_MS = 72 * 3_600_000;

/**
 * Options of {@link reconcileConnection}.
 *
 * @example
 * import type { HotmartClient } from '@hotpilot/hotmart';
 * import type { Store } from '../store/port.ts';
 * import type { ReconcileOptions } from './reconcile.ts';
 * declare const store: Store;
 * declare const client: HotmartClient;
 * const options: ReconcileOptions = { store, client, connection: { id: 'main' }, workflows: [], windowMs: 86_400_000 };
 */
export interface ReconcileOptions {
  store: Store;
  connection: { id: string };
  client: HotmartClient;
  /** Every workflow the engine runs: each synthetic event gets the runs the dispatcher would have created. */
  workflows: readonly WorkflowDefinition[];
  /** Sales ordered in the last `windowMs` are compared (default 72 h). */
  windowMs?: number;
  now?: Clock;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * What one reconciliation found.
 *
 * @example
 * import type { ReconcileResult } from './reconcile.ts';
 * const summary = (r: ReconcileResult) => `${r.inserted.length} missed events of ${r.checked} sales`;
 */
export interface ReconcileResult {
  connectionId: string;
  from: number;
  to: number;
  /** Sales in the window whose status has a webhook event. */
  checked: number;
  /** Ids of the synthetic events inserted. */
  inserted: string[];
  /** Runs created for them. */
  runs: number;
}

/**
 * The id of the synthetic event standing for a sale's status: stable, so a second reconciliation (or another
 * process running one at the same time) can't insert it twice.
 *
 * @example
 * import { reconciledEventId } from './reconcile.ts';
 * reconciledEventId('main', 'HP123', 'REFUNDED'); // 'reconciled:main:HP123:REFUNDED'
 */
export function reconciledEventId(connectionId: string, transaction: string, restStatus: string): string {
  return `reconciled:${connectionId}:${transaction}:${restStatus}`;
}

/**
 * The runs a synthetic event gets: exactly those the dispatcher gives a delivered event (same ids, keys, attempts),
 * due `now`.
 *
 * @example
 * import type { EventRecord } from '../store/port.ts';
 * import { defineWorkflow } from '../engine/workflow.ts';
 * import { reconciliationRuns } from './reconcile.ts';
 * declare const event: EventRecord;
 * const refunds = defineWorkflow({ id: 'refunds', on: ['PURCHASE_REFUNDED'] }, async () => null);
 * console.log(reconciliationRuns(event, [refunds], Date.now()).map((run) => run.id));
 */
export function reconciliationRuns(
  event: EventRecord,
  workflows: readonly WorkflowDefinition[],
  now: number,
): NewRun[] {
  return runsForEvent(event, workflows, { now });
}

/**
 * Builds the synthetic event for a sale of the REST history whose webhook never arrived: a v2.0.0 envelope
 * (`reconciled: true`) built from the sale with the webhook status vocabulary (reference §5.1, §6.5), run through
 * the same parser and normaliser as a delivery. The exact REST status travels as `purchase.rest_status`, since several
 * REST statuses share one event. Null for a sale whose status owes no webhook.
 *
 * @example
 * import { syntheticSaleEvent } from './reconcile.ts';
 * const event = syntheticSaleEvent(
 *   'main',
 *   { purchase: { transaction: 'HP1', status: 'REFUNDED', order_date: 1 }, buyer: { email: 'ana@example.com' } },
 *   { now: Date.now() },
 * );
 * console.log(event?.name, event?.reconciled); // 'PURCHASE_REFUNDED' true
 */
export function syntheticSaleEvent(
  connectionId: string,
  sale: SaleHistoryItem,
  context: { now: number; subscriberCode?: string | null },
): EventRecord | null {
  const purchase = sale.purchase;
  const transaction = purchase?.transaction;
  const restStatus = purchase?.status;
  if (!transaction || !restStatus) return null;
  const name = EVENT_BY_REST_STATUS[restStatus];
  if (!name) return null;
  const id = reconciledEventId(connectionId, transaction, restStatus);
  const envelope = {
    id,
    creation_date: occurredAt(restStatus, sale, context.now),
    event: name,
    version: '2.0.0',
    reconciled: true,
    data: {
      product: {
        id: sale.product?.id,
        name: sale.product?.name,
        ...(typeof purchase.warranty_expire_date === 'number'
          ? { warranty_date: new Date(purchase.warranty_expire_date).toISOString() }
          : {}),
      },
      buyer: { email: sale.buyer?.email, name: sale.buyer?.name },
      producer: { name: sale.producer?.name },
      purchase: {
        transaction,
        status: PURCHASE_STATUS_BY_EVENT[name],
        rest_status: restStatus,
        order_date: purchase.order_date,
        approved_date: purchase.approved_date ?? undefined,
        price: purchase.price
          ? { value: purchase.price.value, currency_value: purchase.price.currency_code }
          : undefined,
        payment: { type: purchase.payment?.type, installments_number: purchase.payment?.installments_number },
        offer: { code: purchase.offer?.code },
        recurrence_number: purchase.recurrency_number,
        origin: {
          src: purchase.tracking?.source ?? undefined,
          sck: purchase.tracking?.source_sck ?? undefined,
          xcod: purchase.tracking?.external_code ?? undefined,
        },
      },
      ...(context.subscriberCode ? { subscription: { subscriber: { code: context.subscriberCode } } } : {}),
    },
  };
  // The dispatcher's own decision turns the body into an event, so a synthetic event is shaped like a delivered one.
  const decision = decideInboxRow(
    {
      seq: 0,
      connectionId,
      eventId: id,
      receivedAt: context.now,
      contentType: 'application/json',
      headers: {},
      body: JSON.stringify(envelope),
      status: 'pending',
      quarantineReason: null,
      dispatchedAt: null,
    },
    [],
    { now: context.now },
  );
  if (decision.kind !== 'event')
    throw new Error(`reconciliation built an unparsable event: ${decision.reason}`);
  return decision.event;
}

/**
 * When the status a synthetic event stands for happened, as far as the history tells: approval at `approved_date`,
 * refused or pending payments at the order; for the rest (refunds, chargebacks, disputes…) the history has no date,
 * so reconciliation time. Never in the future.
 */
function occurredAt(restStatus: string, sale: SaleHistoryItem, now: number): number {
  const purchase = sale.purchase;
  const order = purchase?.order_date;
  let at: number | null | undefined;
  if (restStatus === 'APPROVED') at = purchase?.approved_date ?? order;
  else if (['CANCELLED', 'BLOCKED', 'NO_FUNDS', 'PRINTED_BILLET', 'WAITING_PAYMENT'].includes(restStatus))
    at = order;
  else if (restStatus === 'COMPLETE') at = purchase?.warranty_expire_date;
  return typeof at === 'number' && Number.isFinite(at) ? Math.min(at, now) : now;
}

/**
 * Compares a connection's recent sales history (every status: the default filter returns only APPROVED and COMPLETE,
 * reference §4.1) with the events received, and for each sale whose event for its current status never arrived —
 * a webhook outage, a deactivated configuration — inserts a synthetic event (`reconciled: true`, id
 * `reconciled:<connection>:<transaction>:<status>`) with the runs every matching workflow would have had. A second
 * reconciliation finds those events and adds nothing.
 *
 * @example
 * import type { HotmartClient } from '@hotpilot/hotmart';
 * import type { Store } from '../store/port.ts';
 * import type { WorkflowDefinition } from '../engine/workflow.ts';
 * import { reconcileConnection } from './reconcile.ts';
 * declare const store: Store;
 * declare const client: HotmartClient;
 * declare const workflows: WorkflowDefinition[];
 * const result = await reconcileConnection({ store, client, workflows, connection: { id: 'main' } });
 * console.log(`${result.inserted.length} missed events recovered`);
 */
export async function reconcileConnection(options: ReconcileOptions): Promise<ReconcileResult> {
  const now = options.now ?? systemClock;
  const windowMs = options.windowMs ?? DEFAULT_RECONCILE_WINDOW_MS;
  if (!(Number.isFinite(windowMs) && windowMs > 0))
    throw new TypeError('reconcileConnection: windowMs must be a positive number of milliseconds');
  const connectionId = options.connection.id;
  const logger = (options.logger ?? silentLogger).child({
    module: 'mirror-reconcile',
    connection: connectionId,
  });
  const request = options.signal ? { signal: options.signal } : {};
  const repo = createMirrorRepo(options.store);
  const to = now();
  const from = to - windowMs;

  const owed: { sale: SaleHistoryItem; transaction: string; name: PurchaseEventName }[] = [];
  for (const status of TransactionStatus.options) {
    if (!EVENT_BY_REST_STATUS[status]) continue;
    const query = { start_date: from, end_date: to, transaction_status: status, max_results: 500 };
    for await (const sale of options.client.sales.history(query, request)) {
      const transaction = sale.purchase?.transaction;
      const name = sale.purchase?.status ? EVENT_BY_REST_STATUS[sale.purchase.status] : undefined;
      if (transaction && name) owed.push({ sale, transaction, name });
    }
  }
  const received = await repo.eventNamesByTransaction(
    connectionId,
    owed.map((entry) => entry.transaction),
  );

  const result: ReconcileResult = { connectionId, from, to, checked: owed.length, inserted: [], runs: 0 };
  for (const { sale, transaction, name } of owed) {
    if (received.get(transaction)?.has(name)) continue;
    options.signal?.throwIfAborted();
    const mirrored = await repo.sale(connectionId, transaction);
    const at = now();
    const event = syntheticSaleEvent(connectionId, sale, {
      now: at,
      subscriberCode: mirrored?.subscriberCode,
    });
    if (!event) continue;
    const runs = reconciliationRuns(event, options.workflows, at);
    if (await options.store.insertEvent(event, runs)) {
      result.inserted.push(event.id);
      result.runs += runs.length;
      logger.info(
        { eventId: event.id, event: name, transaction, runs: runs.length },
        'missed event reconciled',
      );
    }
  }
  return result;
}
