import type { ClubModule, Product } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InvalidInputError, NotFoundError } from '../../src/index.ts';
import { type Contract, startContract } from './support.ts';

// Members Area (reference §4.5), event tickets (§4.6), installment negotiation (§4.7) and the account (§4.8),
// client ↔ emulator.

let contract: Contract;

beforeAll(async () => {
  contract = await startContract();
});
afterAll(() => contract.hotmart.close());

/** The members area with the most students, so paging and progress have something to show. */
function club(): { product: Product; subdomain: string } {
  const products = [...contract.account.clubProducts()].sort(
    (a, b) => contract.account.students(b.id).length - contract.account.students(a.id).length,
  );
  const product = products[0] as Product;
  return { product, subdomain: product.club_subdomain as string };
}

describe('club', () => {
  it('lists the students of a members area across pages, with their progress', async () => {
    const { product, subdomain } = club();
    const students = contract.account.students(product.id);
    expect(students.length).toBeGreaterThan(50);
    const items = await contract.client.club.users({ subdomain }).toArray();
    expect(items.map((item) => item.user_id)).toEqual(students.map((student) => student.user_id));
    expect(items.map((item) => item.email)).toEqual(students.map((student) => student.email));
    const published = contract.account
      .modules(product.id)
      .filter((module) => !module.is_extra)
      .flatMap((module) => contract.account.pages(module.module_id).filter((page) => page.is_published));
    for (const [i, item] of items.entries()) {
      const completed = published.filter((page) => students[i]?.completed.has(page.page_id)).length;
      expect(item.progress).toMatchObject({ total: published.length, completed });
    }
  });

  it('finds one student by e-mail', async () => {
    const { product, subdomain } = club();
    const student = contract.account.students(product.id)[3];
    const items = await contract.client.club.users({ subdomain, email: student?.email ?? '' }).toArray();
    expect(items.map((item) => item.user_id)).toEqual([student?.user_id]);
  });

  it('lists modules and their pages (bare arrays), v1 by subdomain and v2 by product id', async () => {
    const { product, subdomain } = club();
    const modules = contract.account.modules(product.id);
    const listed = await contract.client.club.modules({ subdomain });
    expect(listed.map((module) => [module.module_id, module.name, module.total_pages])).toEqual(
      modules.map((module) => [
        module.module_id,
        module.name,
        contract.account.pages(module.module_id).length,
      ]),
    );
    const extra = await contract.client.club.modules({ subdomain, is_extra: true });
    expect(extra.map((module) => module.module_id)).toEqual(
      modules.filter((module) => module.is_extra).map((module) => module.module_id),
    );

    const module = modules[0] as ClubModule;
    const pages = contract.account.pages(module.module_id);
    const v1 = await contract.client.club.pages(module.module_id, { subdomain });
    expect(v1.map((page) => [page.page_id, page.name, page.is_published])).toEqual(
      pages.map((page) => [page.page_id, page.name, page.is_published]),
    );
    // v2 spells it `published` (reference §4.5).
    const v2 = await contract.client.club.pagesV2(module.module_id, { product_id: product.id });
    expect(v2.map((page) => [page.page_id, page.published])).toEqual(
      pages.map((page) => [page.page_id, page.is_published]),
    );
  });

  it("reports a student's lessons with what they completed", async () => {
    const { product, subdomain } = club();
    const student = contract.account
      .students(product.id)
      .find((candidate) => candidate.completed.size > 0 && candidate.role !== 'OWNER');
    expect(student).toBeDefined();
    const { lessons } = await contract.client.club.userLessons(student?.user_id ?? '', { subdomain });
    const published = contract.account
      .modules(product.id)
      .flatMap((module) => contract.account.pages(module.module_id).filter((page) => page.is_published));
    expect(lessons.map((lesson) => lesson.page_id)).toEqual(published.map((page) => page.page_id));
    expect(lessons.map((lesson) => lesson.is_completed)).toEqual(
      published.map((page) => student?.completed.has(page.page_id)),
    );
    const done = lessons.find((lesson) => lesson.is_completed);
    expect(done?.completed_date).toBe(student?.completed.get(done?.page_id ?? ''));
  });

  it('answers 404 for an unknown members area, and refuses a call without subdomain before sending', async () => {
    const error = await contract.client.club.modules({ subdomain: 'no-such-club' }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    // @ts-expect-error: v1 calls need the club's subdomain (reference §4.5).
    await expect(contract.client.club.modules({})).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe('events', () => {
  const event = () => {
    const product = contract.account.products().find((candidate) => candidate.is_event);
    if (!product) throw new Error('the seeded account has no event');
    return product;
  };

  it('describes an event: product, lots and dates', async () => {
    const product = event();
    const info = contract.account.event(product.id);
    await expect(contract.client.events.info(product.id)).resolves.toEqual({
      product: { name: product.name, id: product.id },
      lots: info?.lots.map((lot) => ({ id: lot.id, name: lot.name })),
      start_event_date: info?.start_event_date,
      end_event_date: info?.end_event_date,
    });
  });

  it('lists every ticket with its participant, and filters by ticket status', async () => {
    const product = event();
    const tickets = contract.account.tickets(product.id);
    expect(tickets.length).toBeGreaterThan(50);
    const items = await contract.client.events.participants(product.id, { max_results: 500 }).toArray();
    expect(items.map((item) => item.eticket?.id)).toEqual(tickets.map((ticket) => ticket.id));
    expect(items.map((item) => item.participant?.email)).toEqual(
      tickets.map((ticket) => ticket.participant.email),
    );

    const sold = await contract.client.events
      .participants(product.id, { ticket_status: 'SOLD', max_results: 500 })
      .toArray();
    expect(sold.map((item) => item.eticket?.id)).toEqual(
      tickets.filter((ticket) => ticket.ticket_status === 'SOLD').map((ticket) => ticket.id),
    );
  });

  it('answers 404 for a product that is not an event', async () => {
    const product = contract.account.products().find((candidate) => !candidate.is_event) as Product;
    await expect(contract.client.events.info(product.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('negotiation', () => {
  it('negotiates unpaid recurrences of a subscription; the account records it', async () => {
    const subscription = contract.account.subscriptions().find((candidate) => candidate.unpaid.length > 0);
    expect(subscription).toBeDefined();
    const recurrence = subscription?.unpaid[0]?.number ?? 0;
    const answer = await contract.client.negotiation.create({
      subscription_id: subscription?.subscription_id ?? 0,
      recurrences: [recurrence],
      payment_type: 'PIX',
      discount: { type: 'CUSTOM', value: 10 },
    });
    const [recorded] = contract.account.negotiations();
    expect(recorded).toMatchObject({
      subscription_id: subscription?.subscription_id,
      recurrences: [recurrence],
      payment_type: 'PIX',
    });
    // Fields beyond the schema pass through (the emulator names the link `url`).
    expect(answer).toMatchObject({
      id: recorded?.id,
      url: recorded?.url,
      expiration_date: recorded?.expires_at,
    });
  });

  it('refuses a recurrence that is not owed', async () => {
    const subscription = contract.account.subscriptions().find((candidate) => candidate.unpaid.length > 0);
    const error = await contract.client.negotiation
      .create({
        subscription_id: subscription?.subscription_id ?? 0,
        recurrences: [999],
        payment_type: 'PIX',
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, error: 'invalid_value_parameter' });
  });
});

describe('account', () => {
  it('user.me answers the producer of the account', async () => {
    const producer = contract.account.producer;
    await expect(contract.client.user.me()).resolves.toMatchObject({
      id: producer.id,
      name: producer.name,
      email: producer.email,
      login: producer.login,
      ucode: producer.ucode,
      locale: producer.locale,
      time_zone: producer.time_zone,
      currency_code_commission: producer.currency_code_commission,
    });
  });

  it('user.accountInfo looks an account up by ucode (GraphQL-shaped body)', async () => {
    const producer = contract.account.producer;
    const answer = await contract.client.user.accountInfo({
      query:
        'query Account($accountInput: AccountInput) { accountByFilterToExternalApplication(accountInput: $accountInput) { name email } }',
      variables: { accountInput: { ucode: producer.ucode } },
    });
    expect(answer.data).toEqual({
      accountByFilterToExternalApplication: {
        ucode: producer.ucode,
        name: producer.name,
        email: producer.email,
        locale: producer.locale,
        entityType: producer.entity_type,
      },
    });
    const unknown = await contract.client.user.accountInfo({
      query: '{ accountByFilterToExternalApplication(accountInput: { ucode: "nobody" }) { name } }',
    });
    expect(unknown.data).toEqual({ accountByFilterToExternalApplication: null });
  });
});
