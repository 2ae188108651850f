import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { describe, expect, it } from 'vitest';
import { decideInboxRow } from '../../src/engine/decide-inbox-row.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { EventRecord, InboxRecord } from '../../src/store/port.ts';

const noop = async () => null;

function row(body: string, contentType: string | null = 'application/json'): InboxRecord {
  return {
    seq: 1,
    connectionId: 'main',
    eventId: 'ignored',
    receivedAt: 1_700_000_000_000,
    contentType,
    headers: {},
    body,
    status: 'pending',
    quarantineReason: null,
    dispatchedAt: null,
  };
}

const approved = (email = 'Ana@Example.com', id = 'evt-1') =>
  buildTestDelivery('PURCHASE_APPROVED', {
    id,
    creationDate: 1_699_999_999_000,
    hottok: 'secret-hottok',
    bodyHottok: true,
    data: {
      buyer: { email },
      purchase: { transaction: 'HP123' },
      product: { id: 777 },
      subscription: { subscriber: { code: 'SUB1' } },
    },
  }).body;

describe('decideInboxRow', () => {
  it('quarantines garbage with the parser reason', () => {
    expect(decideInboxRow(row('not json at all {'), [])).toEqual({
      kind: 'quarantine',
      reason: expect.stringMatching(/^invalid_json: /),
    });
    expect(decideInboxRow(row(''), [])).toEqual({
      kind: 'quarantine',
      reason: expect.stringMatching(/^empty_body/),
    });
    expect(decideInboxRow(row('[1,2]'), [])).toEqual({
      kind: 'quarantine',
      reason: expect.stringMatching(/^not_an_object/),
    });
  });

  it('builds the event record from the parsed, normalised delivery', () => {
    const decision = decideInboxRow(row(approved()), []);
    if (decision.kind !== 'event') throw new Error('expected an event');
    const { event } = decision;
    expect({ ...event, normalized: undefined, payload: undefined }).toEqual({
      id: 'evt-1',
      connectionId: 'main',
      name: 'PURCHASE_APPROVED',
      version: '2.0.0',
      occurredAt: 1_699_999_999_000,
      receivedAt: 1_700_000_000_000,
      transaction: 'HP123',
      buyerEmail: 'ana@example.com',
      subscriberCode: 'SUB1',
      productId: '777',
      normalized: undefined,
      payload: undefined,
      reconciled: false,
    });
    expect(event.normalized).toMatchObject({ id: 'evt-1', name: 'PURCHASE_APPROVED', transaction: 'HP123' });
    expect(event.payload).toMatchObject({ id: 'evt-1', event: 'PURCHASE_APPROVED', kind: 'purchase' });
    // The body's hottok never reaches the events table.
    expect(JSON.stringify(event)).not.toContain('secret-hottok');
    expect(decision.runs).toEqual([]);
  });

  it('creates one run per matching workflow, honouring filters and concurrency keys', () => {
    const welcome = defineWorkflow(
      {
        id: 'welcome',
        on: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'],
        retries: 2,
        concurrencyKey: (e) => e.buyerEmail,
      },
      noop,
    );
    const refunds = defineWorkflow({ id: 'refunds', on: ['PURCHASE_REFUNDED'] }, noop);
    const onlyOtherProduct = defineWorkflow(
      { id: 'other-product', on: ['PURCHASE_APPROVED'], filter: (e: EventRecord) => e.productId === '1' },
      noop,
    );
    const thisProduct = defineWorkflow(
      { id: 'this-product', on: ['PURCHASE_APPROVED'], filter: (e: EventRecord) => e.productId === '777' },
      noop,
    );
    const cron = defineWorkflow({ id: 'cron', on: { cron: '* * * * *' } }, noop);
    const decision = decideInboxRow(
      row(approved()),
      [welcome, refunds, onlyOtherProduct, thisProduct, cron],
      {
        now: 5,
      },
    );
    if (decision.kind !== 'event') throw new Error('expected an event');
    expect(decision.runs).toEqual([
      {
        id: 'welcome:evt-1',
        workflowId: 'welcome',
        eventId: 'evt-1',
        connectionId: 'main',
        concurrencyKey: 'welcome:ana@example.com',
        input: { eventId: 'evt-1' },
        maxAttempts: 3,
        dueAt: 5,
      },
      {
        id: 'this-product:evt-1',
        workflowId: 'this-product',
        eventId: 'evt-1',
        connectionId: 'main',
        concurrencyKey: null,
        input: { eventId: 'evt-1' },
        maxAttempts: 6,
        dueAt: 5,
      },
    ]);
  });

  it('a throwing filter skips only its workflow, a throwing key means no key; both are reported', () => {
    const reported: string[] = [];
    const broken = defineWorkflow(
      {
        id: 'broken-filter',
        on: ['PURCHASE_APPROVED'],
        filter: () => {
          throw new Error('filter bug');
        },
      },
      noop,
    );
    const badKey = defineWorkflow(
      {
        id: 'bad-key',
        on: ['PURCHASE_APPROVED'],
        concurrencyKey: () => {
          throw new Error('key bug');
        },
      },
      noop,
    );
    const decision = decideInboxRow(row(approved()), [broken, badKey], {
      onWorkflowError: (id, where, error) => reported.push(`${id}/${where}/${(error as Error).message}`),
    });
    if (decision.kind !== 'event') throw new Error('expected an event');
    expect(decision.runs.map((r) => [r.id, r.concurrencyKey])).toEqual([['bad-key:evt-1', null]]);
    expect(reported).toEqual(['broken-filter/filter/filter bug', 'bad-key/concurrencyKey/key bug']);
  });

  it('calls onEvent with the record and the parsed event (the mirror hook)', () => {
    const seen: string[] = [];
    decideInboxRow(row(approved()), [], {
      onEvent: (event, parsed) => seen.push(`${event.id}/${parsed.kind}`),
    });
    expect(seen).toEqual(['evt-1/purchase']);
  });

  it('reads legacy v1 form posts', () => {
    const form = buildTestDelivery('PURCHASE_APPROVED', {
      form: true,
      hottok: 'h',
      data: { buyer: { email: 'b@x.io' } },
    });
    const decision = decideInboxRow(row(form.body, form.headers['content-type'] ?? null), [
      defineWorkflow({ id: 'w', on: ['PURCHASE_APPROVED'] }, noop),
    ]);
    if (decision.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(decision)}`);
    expect([decision.event.version, decision.event.buyerEmail, decision.runs.length]).toEqual([
      '1.0.0',
      'b@x.io',
      1,
    ]);
    expect(decision.event.id).toMatch(/^v1-/);
  });
});
