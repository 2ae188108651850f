import { type RecoveredRevenue, recoveredRevenue } from '../../agents/marketing/recovered-revenue.ts';
import { isSkippedRun } from '../../agents/skipped-run.ts';
import type { Store } from '../../store/port.ts';

const ABANDONED = 'PURCHASE_OUT_OF_SHOPPING_CART';
const WORKFLOW = 'marketing.cart-recovery';
const PAGE = 1000;
/** A bound on the rows one funnel reads (per stage). */
const MAX_ROWS = 100_000;

/**
 * The cart-recovery funnel over `[from, to)`: carts abandoned (abandonment events received), buyers enrolled in
 * the recovery sequence (the marketing agent's runs that enrolled someone), carts recovered (purchases attributed
 * by the agent) and the revenue they brought back per currency.
 *
 * @example
 * import type { CartFunnel } from './cart-funnel.ts';
 * const rate = (funnel: CartFunnel) => (funnel.abandoned === 0 ? 0 : funnel.recovered / funnel.abandoned);
 */
export interface CartFunnel {
  from: number;
  to: number;
  abandoned: number;
  enrolled: number;
  recovered: number;
  revenue: RecoveredRevenue;
  /** True when a stage hit the row bound and its count is a lower bound. */
  truncated: boolean;
}

/**
 * Computes the {@link CartFunnel} from the events, the runs of `marketing.cart-recovery` and the recovered-revenue
 * records of the audit log.
 *
 * @example
 * import { cartFunnel } from './cart-funnel.ts';
 * const funnel = await cartFunnel(store, { from: Date.now() - 30 * 86_400_000, to: Date.now() });
 * console.log(funnel.abandoned, funnel.enrolled, funnel.recovered);
 */
export async function cartFunnel(
  store: Pick<Store, 'listEvents' | 'listRuns' | 'listAudit'>,
  range: { from: number; to: number },
): Promise<CartFunnel> {
  let truncated = false;

  let abandoned = 0;
  let events = 0;
  let eventsBefore = { receivedAt: range.to, id: '' };
  scanEvents: for (;;) {
    const page = await store.listEvents({ name: ABANDONED, limit: PAGE, before: eventsBefore });
    for (const event of page) {
      if (event.receivedAt < range.from) break scanEvents;
      abandoned += 1;
    }
    events += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    if (events >= MAX_ROWS) {
      truncated = true;
      break;
    }
    eventsBefore = { receivedAt: last.receivedAt, id: last.id };
  }

  // Runs are created when their event is dispatched, moments after it is received: creation time stands in for it.
  let enrolled = 0;
  let runs = 0;
  let runsBefore = { createdAt: range.to, id: '' };
  scanRuns: for (;;) {
    const page = await store.listRuns({
      workflowId: WORKFLOW,
      status: 'completed',
      limit: PAGE,
      before: runsBefore,
    });
    for (const run of page) {
      if (run.createdAt < range.from) break scanRuns;
      const output = run.output as { enrolled?: unknown } | null;
      if (!isSkippedRun(output) && typeof output?.enrolled === 'boolean') enrolled += 1;
    }
    runs += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    if (runs >= MAX_ROWS) {
      truncated = true;
      break;
    }
    runsBefore = { createdAt: last.createdAt, id: last.id };
  }

  const revenue = await recoveredRevenue(store, range);
  return {
    from: range.from,
    to: range.to,
    abandoned,
    enrolled,
    recovered: revenue.carts,
    revenue,
    truncated,
  };
}
