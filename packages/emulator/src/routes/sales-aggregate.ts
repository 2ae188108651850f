import type { EmulatorAccount } from '../account.ts';
import type { SaleFacts } from '../generator/sales.ts';
import { LruCache } from '../server/paginate.ts';
import type { SalesScan } from './sales-filter.ts';

/**
 * Something summed over the sales a filter selects: a count, totals per currency. `add` with sign −1 takes a
 * sale back out.
 */
export interface SalesAggregate<A> {
  name: string;
  empty(): A;
  add(into: A, facts: SaleFacts, sign: 1 | -1): void;
  merge(into: A, from: A): void;
  /** Adds `count` matching sales without their facts, for aggregates that only count (see `SALE_COUNT`). */
  addCount?(into: A, count: number): void;
}

/**
 * The number of matching sales (`page_info.total_results`).
 *
 * @example
 * const total = aggregator.aggregate(account, scan, SALE_COUNT).count;
 */
export const SALE_COUNT: SalesAggregate<{ count: number }> = {
  name: 'count',
  empty: () => ({ count: 0 }),
  add: (into, _facts, sign) => {
    into.count += sign;
  },
  merge: (into, from) => {
    into.count += from.count;
  },
  addCount: (into, count) => {
    into.count += count;
  },
};

/** Count and value of matching sales per currency (`sales/summary`). */
export type CurrencyTotals = Map<string, { count: number; value: number }>;

/**
 * Totals per currency of the matching sales (the sales summary, reference §4.1).
 *
 * @example
 * const totals = aggregator.aggregate(account, scan, CURRENCY_TOTALS);
 */
export const CURRENCY_TOTALS: SalesAggregate<CurrencyTotals> = {
  name: 'currency-totals',
  empty: () => new Map(),
  add: (into, facts, sign) => {
    const entry = into.get(facts.price.currency_code) ?? { count: 0, value: 0 };
    entry.count += sign;
    entry.value += sign * facts.price.value;
    into.set(facts.price.currency_code, entry);
  },
  merge: (into, from) => {
    for (const [currency, entry] of from) {
      const target = into.get(currency) ?? { count: 0, value: 0 };
      target.count += entry.count;
      target.value += entry.value;
      into.set(currency, target);
    }
  },
};

/** Adds the generated sales in [from, to) that match, as generated, to `into`. */
function addGenerated<A>(
  account: EmulatorAccount,
  scan: SalesScan<unknown>,
  aggregate: SalesAggregate<A>,
  into: A,
  from: number,
  to: number,
): void {
  const index = account.salesIndex();
  const { prefilter, exact } = scan;
  if (exact && aggregate.addCount) {
    aggregate.addCount(into, index.countGenerated(from, to, prefilter));
    return;
  }
  for (
    let k = index.nextGenerated(from, to, prefilter);
    k < to;
    k = index.nextGenerated(k + 1, to, prefilter)
  ) {
    const facts = account.generatedFactsAt(k);
    if (exact || scan.matches(facts)) aggregate.add(into, facts, 1);
  }
}

/** Generated sales per cached block. */
const BLOCK = 4_096;

/**
 * Sums an aggregate over the sales a scan selects, fast enough to answer `total_results` on every page of a
 * million-sale account even while writes happen.
 *
 * Generated sales never change once generated (writes go to an override map), so their aggregate is cached per
 * block of 4,096 indexes, per filter and per account generation: the first query with a filter scans its range
 * once; later pages and narrower date ranges add up cached blocks plus at most two partial blocks. A scan reads
 * only the sales whose status and product (from the account's sales index, as generated) pass the filter, and a
 * count over a filter of statuses and product alone reads no sale at all. Writes are applied on top — each
 * overridden sale is taken out as generated and added back as it is now, and sales added after generation are
 * scanned — so the cache never needs invalidating until a reseed.
 *
 * @example
 * const aggregator = new SalesAggregator();
 * const total = aggregator.aggregate(account, scan, SALE_COUNT).count;
 */
export class SalesAggregator {
  readonly #cache = new LruCache<unknown[]>(32);

  aggregate<A>(account: EmulatorAccount, scan: SalesScan<unknown>, aggregate: SalesAggregate<A>): A {
    const result = aggregate.empty();
    const generated = account.generatedSaleCount();
    const lo = scan.lo;
    const hi = scan.hi;
    const generatedHi = Math.min(hi, generated);
    if (lo < generatedHi) {
      const blocks = this.#cache.get(`${aggregate.name}|${account.generation}|${scan.key}`, () => []) as (
        | A
        | undefined
      )[];
      let index = lo;
      while (index < generatedHi) {
        const block = Math.floor(index / BLOCK);
        const blockEnd = Math.min((block + 1) * BLOCK, generated);
        if (index === block * BLOCK && blockEnd <= generatedHi) {
          let cached = blocks[block];
          if (cached === undefined) {
            cached = aggregate.empty();
            addGenerated(account, scan, aggregate, cached, index, blockEnd);
            blocks[block] = cached;
          }
          aggregate.merge(result, cached);
          index = blockEnd;
        } else {
          const end = Math.min(blockEnd, generatedHi);
          addGenerated(account, scan, aggregate, result, index, end);
          index = end;
        }
      }
      for (const [modified, sale] of account.modifiedSales()) {
        if (modified < lo || modified >= generatedHi) continue;
        const original = account.generatedFactsAt(modified);
        if (scan.matches(original)) aggregate.add(result, original, -1);
        if (scan.matches(sale)) aggregate.add(result, sale, 1);
      }
    }
    for (let index = Math.max(lo, generated); index < hi; index++) {
      const facts = account.saleFactsAt(index);
      if (scan.matches(facts)) aggregate.add(result, facts, 1);
    }
    return result;
  }
}
