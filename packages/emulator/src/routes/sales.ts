import type { EmulatorAccount } from '../account.ts';
import { round2 } from '../generator/money.ts';
import { billetFor } from '../generator/payments.ts';
import { hash32, Rng } from '../generator/random.ts';
import type { Sale } from '../model.ts';
import { ApiError, notFound } from '../server/errors.ts';
import {
  saleCommissionsItem,
  saleHistoryItem,
  salePriceDetailsItem,
  saleUsersItem,
} from '../views/sale-views.ts';
import { type EmulatorHono, queryOf, type RouteContext, respondWithPage, SALES_PAGE } from './context.ts';
import { CURRENCY_TOTALS, SALE_COUNT } from './sales-aggregate.ts';
import { parseSalesFilter, type SalesScan, salesSource } from './sales-filter.ts';

const BASE = '/payments/api/v1/sales';

function subscriptionInTrial(account: EmulatorAccount, sale: Sale): boolean {
  if (sale.subscriber_code === undefined) return false;
  return account.subscription(sale.subscriber_code)?.trial === true;
}

/**
 * Registers the sales endpoints of reference §4.1: history, summary, participants, commissions, price details,
 * refund and new boleto.
 *
 * @example
 * registerSalesRoutes(app, context);
 */
export function registerSalesRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;
  const total = (source: SalesScan<unknown>) => () =>
    context.sales.aggregate(account, source, SALE_COUNT).count;

  app.get(`${BASE}/history`, guard, (c) => {
    const query = queryOf(c);
    const filter = parseSalesFilter(query, {
      source: true,
      buyer: true,
      paymentType: true,
      offer: true,
      commissionAs: true,
    });
    const source = salesSource(account, filter, (sale, facts) =>
      saleHistoryItem(account, sale, account.buyerContactOf(facts)),
    );
    return respondWithPage(context, c, {
      endpoint: 'sales-history',
      query,
      source,
      size: SALES_PAGE,
      total: total(source),
    });
  });

  app.get(`${BASE}/summary`, guard, (c) => {
    const query = queryOf(c);
    const filter = parseSalesFilter(query, {
      source: true,
      buyer: true,
      paymentType: true,
      offer: true,
      commissionAs: true,
      affiliateName: true,
    });
    const source = salesSource(account, filter, (sale) => sale);
    // One item per currency (reference §4.1: "presumably one item per currency").
    const totals = [...context.sales.aggregate(account, source, CURRENCY_TOTALS).entries()]
      .filter(([, entry]) => entry.count > 0)
      .sort(([a], [b]) => a.localeCompare(b));
    const items = totals.map(([currency, entry]) => ({
      total_items: entry.count,
      total_value: { value: round2(entry.value), currency_code: currency },
    }));
    return c.json({ items, page_info: { total_results: items.length, results_per_page: items.length } });
  });

  app.get(`${BASE}/users`, guard, (c) => {
    const query = queryOf(c);
    const filter = parseSalesFilter(query, {
      source: true,
      buyer: true,
      paymentType: true,
      offer: true,
      commissionAs: true,
      affiliateName: true,
    });
    const source = salesSource(account, filter, (sale) => saleUsersItem(account, sale));
    return respondWithPage(context, c, {
      endpoint: 'sales-users',
      query,
      source,
      size: SALES_PAGE,
      total: total(source),
    });
  });

  app.get(`${BASE}/commissions`, guard, (c) => {
    const query = queryOf(c);
    const filter = parseSalesFilter(query, { commissionAs: true });
    const source = salesSource(account, filter, (sale) => saleCommissionsItem(account, sale));
    return respondWithPage(context, c, {
      endpoint: 'sales-commissions',
      query,
      source,
      size: SALES_PAGE,
      total: total(source),
    });
  });

  app.get(`${BASE}/price/details`, guard, (c) => {
    const query = queryOf(c);
    const filter = parseSalesFilter(query, { paymentType: true });
    const source = salesSource(account, filter, (sale) => salePriceDetailsItem(account, sale));
    return respondWithPage(context, c, {
      endpoint: 'sales-price-details',
      query,
      source,
      size: SALES_PAGE,
      total: total(source),
    });
  });

  app.put(`${BASE}/:transaction/refund`, guard, (c) => {
    const transaction = c.req.param('transaction');
    const sale = account.sale(transaction);
    // The refund endpoint's own error for an unknown purchase (reference §3.5).
    if (!sale) throw new ApiError(404, 'purchase_not_found', `Purchase ${transaction} not found`);
    if (sale.status === 'REFUNDED' || sale.status === 'PARTIALLY_REFUNDED' || sale.status === 'PROTESTED') {
      throw new ApiError(
        400,
        'refund_request_already_exists',
        `A refund request already exists for ${transaction}`,
      );
    }
    if (sale.status !== 'APPROVED' && sale.status !== 'COMPLETE') {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        `Only APPROVED or COMPLETE purchases can be refunded; ${transaction} is ${sale.status}`,
      );
    }
    // BACS/SEPA direct debits cannot be refunded through the API (reference §4.1).
    if (sale.payment_type === 'DIRECT_DEBIT') {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        `Direct-debit purchase ${transaction} cannot be refunded`,
      );
    }
    if (subscriptionInTrial(account, sale)) {
      throw new ApiError(
        400,
        'subscription_in_trial_period',
        `Subscription of ${transaction} is in its trial period`,
      );
    }
    const now = account.now();
    account.updateSale(transaction, { status: 'REFUNDED', refund_requested_at: now, refunded_at: now });
    account.notify({ event: 'PURCHASE_REFUNDED', transaction });
    return c.json({});
  });

  app.put(`${BASE}/:transaction/billet`, guard, (c) => {
    const transaction = c.req.param('transaction');
    const sale = account.sale(transaction);
    if (!sale) throw notFound('Transaction', transaction);
    if (sale.payment_type !== 'BILLET' && sale.payment_type !== 'FINANCED_BILLET') {
      throw new ApiError(400, 'invalid_value_parameter', `Transaction ${transaction} was not paid by boleto`);
    }
    if (sale.status !== 'PRINTED_BILLET' && sale.status !== 'WAITING_PAYMENT' && sale.status !== 'EXPIRED') {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        `Transaction ${transaction} is ${sale.status}, not awaiting payment`,
      );
    }
    // A fresh boleto: new barcode, same transaction; deterministic per account version.
    const billet = billetFor(new Rng(hash32(account.seed, sale.index, account.version)), transaction);
    const url = `${billet.billet_url}?issue=${account.version}`;
    account.updateSale(transaction, {
      status: 'PRINTED_BILLET',
      billet_url: url,
      billet_barcode: billet.billet_barcode,
    });
    account.notify({ event: 'PURCHASE_BILLET_PRINTED', transaction });
    return c.json({ billet_url: url });
  });
}
