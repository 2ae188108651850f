import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CommissionMoney,
  EpochMs,
  HotmartErrorBody,
  Money,
  oneOrMany,
  PageInfo,
  PagingParams,
  PaymentType,
  page,
  Select,
  SubscriptionStatus,
  strictParams,
  TransactionStatus,
} from '../../src/schemas/index.ts';
import { loadFixture } from './load-fixture.ts';

describe('EpochMs', () => {
  it('turns a Date and the same epoch-ms number into the same number', () => {
    const date = new Date('2024-01-01T00:00:00.000Z');
    expect(EpochMs.parse(date)).toBe(1704067200000);
    expect(EpochMs.parse(1704067200000)).toBe(1704067200000);
    expect(EpochMs.parse(0)).toBe(0);
  });

  it.each([
    ['a negative number', -1],
    ['a fraction', 1.5],
    ['a numeric string', '1704067200000'],
    ['an ISO string', '2024-01-01'],
    ['an invalid Date', new Date('not a date')],
    ['a Date before 1970', new Date('1969-12-31T23:59:59Z')],
    ['null', null],
  ])('rejects %s', (_label, value) => {
    expect(EpochMs.safeParse(value).success).toBe(false);
  });
});

describe('Select', () => {
  it('joins an array of field paths with commas', () => {
    expect(Select.parse(['subscriber_code', 'plan.name'])).toBe('subscriber_code,plan.name');
  });
  it('keeps a string as given', () => {
    expect(Select.parse('subscriber_code,status')).toBe('subscriber_code,status');
  });
  it('rejects empty values', () => {
    expect(Select.safeParse('').success).toBe(false);
    expect(Select.safeParse([]).success).toBe(false);
    expect(Select.safeParse(['status', '']).success).toBe(false);
  });
});

describe('oneOrMany', () => {
  const Statuses = oneOrMany(SubscriptionStatus);
  it('wraps one value in an array', () => {
    expect(Statuses.parse('ACTIVE')).toEqual(['ACTIVE']);
  });
  it('keeps an array', () => {
    expect(Statuses.parse(['ACTIVE', 'OVERDUE'])).toEqual(['ACTIVE', 'OVERDUE']);
  });
  it('rejects an empty array and a bad member', () => {
    expect(Statuses.safeParse([]).success).toBe(false);
    expect(Statuses.safeParse(['ACTIVE', 'ACTIV']).success).toBe(false);
  });
});

describe('strictParams', () => {
  const Params = strictParams({ subdomain: z.string() });
  it('rejects an unknown key, naming it in the issue', () => {
    const result = Params.safeParse({ subdomain: 'club', subdomian: 'typo' });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.code).toBe('unrecognized_keys');
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['subdomian']);
    expect(issue?.message).toBe('Unknown parameter "subdomian"');
  });
  it('names every unknown key', () => {
    const result = Params.safeParse({ subdomain: 'club', a: 1, b: 2 });
    expect(result.error?.issues[0]?.message).toBe('Unknown parameters "a", "b"');
  });
  it('keeps the default messages for other problems', () => {
    expect(Params.safeParse('club').error?.issues[0]?.message).toMatch(/expected object/);
  });
});

describe('PagingParams', () => {
  it('accepts a positive max_results and a token', () => {
    expect(PagingParams.parse({ max_results: 500, page_token: 'abc' })).toEqual({
      max_results: 500,
      page_token: 'abc',
    });
  });
  it.each([0, -5, 2.5])('rejects max_results %s', (max_results) => {
    expect(PagingParams.safeParse({ max_results }).success).toBe(false);
  });
  it('rejects an empty page_token', () => {
    expect(PagingParams.safeParse({ page_token: '' }).success).toBe(false);
  });
});

describe('money shapes', () => {
  it('keeps REST money and commission money apart (reference §3.1)', () => {
    expect(Money.parse({ value: 10, currency_code: 'BRL' })).toEqual({ value: 10, currency_code: 'BRL' });
    expect(Money.safeParse({ value: 10, currency_value: 'BRL' }).success).toBe(false);
    expect(CommissionMoney.parse({ value: 4.35, currency_value: 'USD' })).toEqual({
      value: 4.35,
      currency_value: 'USD',
    });
    expect(CommissionMoney.safeParse({ value: 4.35, currency_code: 'USD' }).success).toBe(false);
  });
});

describe('PageInfo and page()', () => {
  it('accepts an empty page_info and null tokens', () => {
    expect(PageInfo.parse({})).toEqual({});
    expect(PageInfo.parse({ prev_page_token: null, next_page_token: null })).toEqual({
      prev_page_token: null,
      next_page_token: null,
    });
  });
  it('requires items to be an array of the item schema', () => {
    const Numbers = page(z.looseObject({ n: z.number() }));
    expect(Numbers.parse({ items: [{ n: 1 }] })).toEqual({ items: [{ n: 1 }] });
    expect(Numbers.safeParse({ page_info: {} }).success).toBe(false);
    expect(Numbers.safeParse({ items: [{ n: 'one' }] }).success).toBe(false);
  });
});

describe('enumerations', () => {
  it('has the 17 REST transaction statuses with the UNDER_ANALISYS spelling (reference §5.1)', () => {
    expect(TransactionStatus.options).toHaveLength(17);
    expect(TransactionStatus.parse('UNDER_ANALISYS')).toBe('UNDER_ANALISYS');
    expect(TransactionStatus.safeParse('UNDER_ANALYSIS').success).toBe(false);
    // The webhook vocabulary is different and must not be accepted here.
    expect(TransactionStatus.safeParse('CANCELED').success).toBe(false);
  });
  it('has the 17 payment types including PIX (reference §5.3)', () => {
    expect(PaymentType.options).toHaveLength(17);
    expect(PaymentType.parse('PIX')).toBe('PIX');
    expect(PaymentType.safeParse('ECHECK').success).toBe(false);
  });
});

describe('HotmartErrorBody', () => {
  it('parses the official 401 body', () => {
    const body = HotmartErrorBody.parse(loadFixture('error-401-unauthorized.json'));
    expect(body.error).toBe('unauthorized');
    expect(body.error_description).toBe('Full authentication is required to access this resource.');
    expect(body.error_uri).toBe('https://developers.hotmart.com/docs/pt-BR/start/http-response-codes/');
  });
  it('requires the error field', () => {
    expect(HotmartErrorBody.safeParse({ error_description: 'x' }).success).toBe(false);
  });
});
