import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAccount, DEFAULT_REFERENCE_NOW, type StateChange } from '../src/index.ts';

const DAY = 86_400_000;

function cpfIsValid(cpf: string): boolean {
  const digits = [...cpf].map(Number);
  for (const length of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += (digits[i] as number) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    if ((rest === 10 ? 0 : rest) !== digits[length]) return false;
  }
  return true;
}

describe('createAccount', () => {
  const account = createAccount({ seed: 11, sales: 4_000 });

  it('is deterministic: the same seed and sizes give the same records', () => {
    const again = createAccount({ seed: 11, sales: 4_000 });
    for (const index of [0, 1, 17, 999, 2_500, 3_999]) {
      expect(JSON.stringify(again.saleAt(index))).toBe(JSON.stringify(account.saleAt(index)));
    }
    expect(JSON.stringify(again.products())).toBe(JSON.stringify(account.products()));
    expect(JSON.stringify(again.subscriptions())).toBe(JSON.stringify(account.subscriptions()));
    const other = createAccount({ seed: 12, sales: 4_000 });
    expect(other.saleAt(100).transaction).not.toBe(account.saleAt(100).transaction);
    expect(
      other.producer.name === account.producer.name && other.products()[0]?.id === account.products()[0]?.id,
    ).toBe(false);
  });

  it('keeps sales in order_date order, inside the two-year history before the reference now', () => {
    let previous = 0;
    const problems: number[] = [];
    for (let index = 0; index < account.saleCount(); index++) {
      const sale = account.saleAt(index);
      if (sale.index !== index || sale.order_date < previous) problems.push(index);
      previous = sale.order_date;
    }
    expect(problems).toEqual([]);
    expect(account.saleAt(0).order_date).toBeGreaterThanOrEqual(DEFAULT_REFERENCE_NOW - 731 * DAY);
    expect(previous).toBeLessThan(DEFAULT_REFERENCE_NOW);
  });

  it('finds the first sale at or after any date by binary search', () => {
    const first = account.saleAt(0).order_date;
    const last = account.saleAt(account.saleCount() - 1).order_date;
    fc.assert(
      fc.property(fc.integer({ min: first - DAY, max: last + DAY }), (date) => {
        const index = account.saleIndexAtOrAfter(date);
        if (index < account.saleCount())
          expect(account.saleAt(index).order_date).toBeGreaterThanOrEqual(date);
        if (index > 0) expect(account.saleAt(index - 1).order_date).toBeLessThan(date);
      }),
      { numRuns: 200 },
    );
  });

  it('finds sales by transaction code and rejects foreign or malformed codes', () => {
    const sale = account.saleAt(1234);
    expect(sale.transaction).toMatch(/^HP\d{14}$/);
    expect(account.sale(sale.transaction)?.index).toBe(1234);
    const foreign = createAccount({ seed: 99, sales: 4_000 }).saleAt(1234).transaction;
    expect(account.sale(foreign)).toBeUndefined();
    expect(account.sale('HP12345')).toBeUndefined();
    expect(account.sale('XX12345678901234')).toBeUndefined();
    expect(account.sale(`HP${'9'.repeat(14)}`)).toBeUndefined();
  });

  it('generates a realistic catalogue: courses, e-books, software, subscriptions with plans, an event', () => {
    const products = account.products();
    expect(products.length).toBeGreaterThanOrEqual(10);
    expect(products.length).toBeLessThanOrEqual(30);
    const formats = new Set(products.map((product) => product.format));
    for (const format of ['ONLINE_COURSE', 'EBOOK', 'SOFTWARE', 'ETICKET'])
      expect(formats.has(format as never)).toBe(true);
    const subscriptionProducts = products.filter((product) => product.is_subscription);
    expect(subscriptionProducts.length).toBeGreaterThanOrEqual(2);
    const plans = subscriptionProducts.flatMap((product) => account.plans(product.id));
    expect(new Set(plans.map((plan) => plan.periodicity))).toEqual(expect.objectContaining({}));
    expect(plans.some((plan) => plan.periodicity === 'MONTHLY')).toBe(true);
    expect(plans.some((plan) => plan.periodicity === 'ANNUAL')).toBe(true);
    const currencies = new Set(
      products.flatMap((product) => account.offers(product.id).map((o) => o.price.currency_code)),
    );
    expect(currencies.size).toBeGreaterThanOrEqual(3);
    for (const product of products) {
      const offers = account.offers(product.id);
      expect(offers.filter((offer) => offer.is_main_offer).length).toBe(1);
      for (const offer of offers) expect(account.offer(offer.code)?.product_id).toBe(product.id);
    }
    expect(account.clubProducts().length).toBeGreaterThanOrEqual(2);
    const event = products.find((product) => product.is_event);
    expect(event && account.event(event.id)?.lots.length).toBeGreaterThanOrEqual(2);
  });

  it('has trial plans and charge-cycle limits across seeds', () => {
    let trial = false;
    let cycles = false;
    for (let seed = 1; seed <= 8 && !(trial && cycles); seed++) {
      const candidate = createAccount({ seed, sales: 200 });
      for (const product of candidate.products()) {
        for (const plan of candidate.plans(product.id)) {
          trial ||= plan.trial_period !== undefined;
          cycles ||= plan.max_charge_cycles !== undefined;
        }
      }
    }
    expect(trial).toBe(true);
    expect(cycles).toBe(true);
  });

  it('generates buyers with names, e-mails, valid CPFs and several locales', () => {
    const locales = new Set<string>();
    for (let index = 0; index < 400; index++) {
      const buyer = account.buyer(account.saleAt(index).buyer_ucode);
      expect(buyer).toBeDefined();
      if (!buyer) continue;
      locales.add(buyer.locale);
      expect(buyer.email).toMatch(/^[a-z.]+\d+@(mail\.)?example\.(com|net|org)$/);
      expect(buyer.name).toBe(`${buyer.first_name} ${buyer.last_name}`);
      if (buyer.document_type === 'CPF') expect(cpfIsValid(buyer.document)).toBe(true);
      expect(account.buyerByEmail(buyer.email.toUpperCase())?.ucode).toBe(buyer.ucode);
    }
    expect(locales.has('pt_BR')).toBe(true);
    expect([...locales].some((locale) => locale.startsWith('es_'))).toBe(true);
    expect([...locales].some((locale) => locale.startsWith('en_'))).toBe(true);
    expect(account.buyer('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('spreads sales over statuses, payment types, currencies, affiliates, coupons and order bumps', () => {
    const statuses = new Set<string>();
    const payments = new Set<string>();
    const currencies = new Set<string>();
    let affiliates = 0;
    let coupons = 0;
    let bumps = 0;
    let installments = 0;
    for (let index = 0; index < account.saleCount(); index++) {
      const sale = account.saleAt(index);
      statuses.add(sale.status);
      payments.add(sale.payment_type);
      currencies.add(sale.price.currency_code);
      if (sale.affiliate_code !== undefined) affiliates++;
      if (sale.coupon_code !== undefined) coupons++;
      if (sale.installments_number > 1) installments++;
      if (sale.order_bump_parent !== undefined) {
        bumps++;
        const parent = account.sale(sale.order_bump_parent);
        expect(parent?.buyer_ucode).toBe(sale.buyer_ucode);
        expect(parent?.product_id).not.toBe(sale.product_id);
      }
      if (sale.status === 'APPROVED' || sale.status === 'COMPLETE') expect(sale.approved_date).toBeDefined();
      if (sale.status === 'REFUNDED') expect(sale.refunded_at).toBeDefined();
    }
    for (const status of [
      'APPROVED',
      'COMPLETE',
      'REFUNDED',
      'CHARGEBACK',
      'CANCELLED',
      'EXPIRED',
      'PROTESTED',
      'OVERDUE',
    ]) {
      expect(statuses.has(status)).toBe(true);
    }
    for (const type of ['CREDIT_CARD', 'PIX', 'BILLET', 'PAYPAL']) expect(payments.has(type)).toBe(true);
    expect(currencies.size).toBeGreaterThanOrEqual(3);
    expect(affiliates).toBeGreaterThan(0);
    expect(coupons).toBeGreaterThan(0);
    expect(bumps).toBeGreaterThan(0);
    expect(installments).toBeGreaterThan(0);
  });

  it('places every subscription charge as a sale with its recurrence number', () => {
    const subscriptions = account.subscriptions();
    expect(subscriptions.length).toBeGreaterThan(5);
    expect(subscriptions.length).toBeLessThanOrEqual(account.saleCount() * 0.05);
    const statuses = new Set(subscriptions.map((subscription) => subscription.status));
    expect(statuses.has('ACTIVE')).toBe(true);
    expect([...statuses].some((status) => status.startsWith('CANCELLED_'))).toBe(true);
    let renewals = 0;
    for (const subscription of subscriptions) {
      expect(subscription.transactions.length).toBe(subscription.current_recurrence);
      expect(subscription.transaction).toBe(subscription.transactions[0]);
      subscription.transactions.forEach((transaction, position) => {
        const sale = account.sale(transaction);
        expect(sale?.subscriber_code).toBe(subscription.subscriber_code);
        expect(sale?.recurrency_number).toBe(position + 1);
        expect(sale?.buyer_ucode).toBe(subscription.buyer_ucode);
        if (position > 0) renewals++;
      });
      for (const unpaid of subscription.unpaid) {
        expect(account.sale(subscription.transactions[unpaid.number - 1] as string)?.status).toBe('OVERDUE');
      }
      expect(account.subscription(subscription.subscriber_code)).toBe(subscription);
      expect(account.subscriptionById(subscription.subscription_id)).toBe(subscription);
    }
    expect(renewals).toBeGreaterThan(0);
  });

  it('builds members areas from purchases, with modules, dripping pages and progress', () => {
    const club = account.clubProducts()[0];
    expect(club?.club_subdomain).toMatch(/^[a-z0-9-]+$/);
    if (!club) return;
    expect(account.productBySubdomain(club.club_subdomain as string)).toBe(club);
    const students = account.students(club.id);
    expect(students[0]?.role).toBe('OWNER');
    const buyers = students.filter((student) => student.type === 'BUYER');
    expect(buyers.length).toBeGreaterThan(10);
    for (const student of buyers.slice(0, 20))
      expect(account.buyer(student.buyer_ucode)?.email).toBe(student.email);
    const pages = account.modules(club.id).flatMap((module) => account.pages(module.module_id));
    expect(pages.length).toBeGreaterThan(5);
    const everywhere = account
      .clubProducts()
      .flatMap((product) => account.modules(product.id).flatMap((module) => account.pages(module.module_id)));
    expect(everywhere.some((page) => page.liberation_type !== undefined)).toBe(true);
    expect(everywhere.some((page) => !page.is_published)).toBe(true);
    expect(buyers.some((student) => student.completed.size > 0)).toBe(true);
  });

  it('writes: adds sales at the end, overrides generated ones, and never moves order_date', () => {
    const writable = createAccount({ seed: 5, sales: 500, clock: () => DEFAULT_REFERENCE_NOW + DAY });
    const template = writable.saleAt(10);
    const { index: _index, transaction: _transaction, order_date: _date, ...input } = template;
    const added = writable.addSale(input);
    expect(added.index).toBe(500);
    expect(added.order_date).toBe(DEFAULT_REFERENCE_NOW + DAY);
    expect(writable.sale(added.transaction)).toEqual(added);
    expect(writable.saleIndexAtOrAfter(DEFAULT_REFERENCE_NOW + DAY)).toBe(500);
    const version = writable.version;
    const updated = writable.updateSale(template.transaction, { status: 'REFUNDED' });
    expect(updated.status).toBe('REFUNDED');
    expect(writable.saleAt(10).status).toBe('REFUNDED');
    expect(writable.version).toBeGreaterThan(version);
    expect(() => writable.updateSale(template.transaction, { order_date: 1 })).toThrow(/order_date/);
    expect(() => writable.updateSale('HP00000000000000', { status: 'REFUNDED' })).toThrow(
      /unknown transaction/,
    );
    expect(() => writable.addSale({ ...input, product_id: 1 })).toThrow(/unknown product/);
  });

  it('reseeds and resets in place, keeping change listeners', () => {
    const writable = createAccount({ seed: 5, sales: 300 });
    const seen: StateChange[] = [];
    writable.onChange((change) => seen.push(change));
    const transaction = writable.saleAt(3).transaction;
    writable.updateSale(transaction, { status: 'CHARGEBACK' });
    writable.reset();
    expect(writable.saleAt(3).status).not.toBe('CHARGEBACK');
    writable.reseed({ seed: 6, sales: 200 });
    expect(writable.seed).toBe(6);
    expect(writable.saleCount()).toBe(200);
    writable.notify({ event: 'PURCHASE_REFUNDED', transaction: writable.saleAt(0).transaction });
    expect(seen).toEqual([{ event: 'PURCHASE_REFUNDED', transaction: writable.saleAt(0).transaction }]);
  });

  it('a failing listener does not break the write that notified it', () => {
    const writable = createAccount({ seed: 5, sales: 50 });
    const seen: string[] = [];
    writable.onChange(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = writable.onChange((change) => seen.push(change.event));
    expect(() => writable.notify({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'X' })).not.toThrow();
    unsubscribe();
    writable.notify({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'Y' });
    expect(seen).toEqual(['SUBSCRIPTION_CANCELLATION']);
  });

  it('refuses invalid sizes', () => {
    expect(() => createAccount({ seed: 1, sales: -1 })).toThrow(RangeError);
    expect(() => createAccount({ seed: 1, sales: 1.5 })).toThrow(RangeError);
    expect(() => createAccount({ seed: 1, products: 0 })).toThrow(RangeError);
    expect(() => createAccount({ seed: 1, products: 999 })).toThrow(RangeError);
    expect(() => createAccount({ seed: 1, now: Number.NaN })).toThrow(RangeError);
    expect(createAccount({ seed: 1, sales: 0 }).saleCount()).toBe(0);
  });
});
