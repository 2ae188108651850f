import { describe, expect, it } from 'vitest';
import { defineWorkflow } from '../../src/engine/workflow.ts';

const noop = async () => null;

describe('defineWorkflow', () => {
  it('returns a frozen definition with defaults', () => {
    const workflow = defineWorkflow(
      { id: 'welcome-email', on: ['PURCHASE_APPROVED', 'PURCHASE_APPROVED'] },
      noop,
    );
    expect({
      id: workflow.id,
      events: workflow.events,
      cron: workflow.cron,
      retries: workflow.retries,
      timeoutMs: workflow.timeoutMs,
      description: workflow.description,
    }).toEqual({
      id: 'welcome-email',
      events: ['PURCHASE_APPROVED'],
      cron: null,
      retries: 5,
      timeoutMs: null,
      description: undefined,
    });
    expect(Object.isFrozen(workflow)).toBe(true);
  });

  it('reads cron options, timeouts and retries', () => {
    const workflow = defineWorkflow(
      {
        id: 'finance.weekly_mrr',
        on: { cron: '0 7 * * 1', timeZone: 'America/Sao_Paulo' },
        retries: 0,
        timeout: '5m',
        description: 'weekly MRR',
      },
      noop,
    );
    expect([
      workflow.cron,
      workflow.events,
      workflow.retries,
      workflow.timeoutMs,
      workflow.description,
    ]).toEqual([{ pattern: '0 7 * * 1', timeZone: 'America/Sao_Paulo' }, [], 0, 300_000, 'weekly MRR']);
    expect(defineWorkflow({ id: 'utc', on: { cron: '* * * * *' } }, noop).cron).toEqual({
      pattern: '* * * * *',
      timeZone: 'UTC',
    });
  });

  it.each([
    [{ id: 'Bad Id', on: ['PURCHASE_APPROVED'] }, /id: must start with a lowercase letter/],
    [{ id: '-dash', on: ['PURCHASE_APPROVED'] }, /id: must start/],
    [{ id: 'x'.repeat(101), on: ['PURCHASE_APPROVED'] }, /id: must be at most 100/],
    [{ id: 'ok', on: [] }, /on: .*at least one event|on/],
    [{ id: 'ok', on: ['CART_ABANDONMENT'] }, /on/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], retries: -1 }, /retries: must be ≥ 0/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], retries: 1.5 }, /retries: must be an integer/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], timeout: 'soon' }, /timeout: invalid duration/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], timeout: 0 }, /timeout: must be greater than 0/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], filter: 'yes' }, /filter: must be a function/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], concurrencyKey: 3 }, /concurrencyKey: must be a function/],
    [{ id: 'ok', on: ['PURCHASE_APPROVED'], extra: true }, /invalid options/],
    [{ id: 'ok', on: { cron: 'every monday' } }, /on\.cron: .*five or six/],
    [
      { id: 'ok', on: { cron: '0 7 * * 1', timeZone: 'Mars/Olympus' } },
      /on\.timeZone: unknown time zone "Mars\/Olympus"/,
    ],
  ])('refuses %j naming the field', (options, message) => {
    expect(() => defineWorkflow(options as never, noop)).toThrow(message);
  });

  it('names the workflow in the error', () => {
    expect(() => defineWorkflow({ id: 'mine', on: ['NOPE' as never] }, noop)).toThrow(
      /^defineWorkflow "mine": invalid options — on/,
    );
  });

  it('requires a handler function', () => {
    expect(() => defineWorkflow({ id: 'ok', on: ['PURCHASE_APPROVED'] }, 'run' as never)).toThrow(
      /handler must be a function/,
    );
  });
});
