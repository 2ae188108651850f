import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHURN_REASON_ACTION,
  churnAnswerKey,
  latestChurnAnswer,
  recordChurnAnswer,
} from '../../../../src/agents/retention/churn-form/churn-answer.ts';
import type { ChurnFormClaim } from '../../../../src/agents/retention/churn-form/churn-form-token.ts';
import {
  CHURN_REASONS,
  churnReasonLabels,
  cleanChurnText,
  isChurnReason,
} from '../../../../src/agents/retention/churn-form/churn-reasons.ts';
import { churnReasons } from '../../../../src/agents/retention/churn-form/churn-reasons-report.ts';
import { LOCALES } from '../../../../src/kit/i18n/locale.ts';
import { storeFactories, type TestStore } from '../../../store/stores.ts';

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

function claim(subscriberCode: string, overrides: Partial<ChurnFormClaim> = {}): ChurnFormClaim {
  return {
    connectionId: 'main',
    subscriberCode,
    email: `${subscriberCode.toLowerCase()}@example.com`,
    productId: '1925400',
    locale: 'pt-BR',
    ...overrides,
  };
}

describe('churn reasons', () => {
  it('lists the seven reasons with a label in every language', () => {
    expect(CHURN_REASONS).toEqual([
      'too-expensive',
      'not-using',
      'content-mismatch',
      'technical-problems',
      'found-alternative',
      'temporary-pause',
      'other',
    ]);
    for (const locale of LOCALES) {
      expect(Object.keys(churnReasonLabels[locale])).toEqual([...CHURN_REASONS]);
      for (const label of Object.values(churnReasonLabels[locale])) expect(label.length).toBeGreaterThan(3);
    }
    expect(churnReasonLabels['pt-BR']['too-expensive']).toBe('Ficou caro demais');
    expect(churnReasonLabels.es.other).toBe('Otro motivo');
    expect(churnReasonLabels.en['temporary-pause']).toBe("It's just a pause, I plan to come back");
  });

  it('accepts only listed reasons', () => {
    expect(isChurnReason('not-using')).toBe(true);
    for (const bad of ['', 'Other', 'constructor', '__proto__', null, 1])
      expect(isChurnReason(bad)).toBe(false);
  });

  it('cleans the free text and refuses more than 1000 characters', () => {
    expect(cleanChurnText('  Caro\r\ndemais\u0000 \u0007')).toEqual({ text: 'Caro\ndemais' });
    expect(cleanChurnText(' \n ')).toEqual({ text: null });
    expect(cleanChurnText(undefined)).toEqual({ text: null });
    expect(cleanChurnText('é'.repeat(1000))).toEqual({ text: 'é'.repeat(1000) });
    // Code points, not UTF-16 units: 1000 emoji are 1000 characters.
    expect(cleanChurnText('😀'.repeat(1000))).toEqual({ text: '😀'.repeat(1000) });
    expect(cleanChurnText('a'.repeat(1001))).toEqual({ tooLong: true });
  });
});

describe.each(storeFactories)('churn answers on $name', (factory) => {
  let t: TestStore;
  beforeEach(async () => {
    t = await factory.create();
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('records an answer in the audit log and as the subscriber’s latest answer', async () => {
    const result = await recordChurnAnswer(
      t.store,
      claim('SUB1'),
      { reason: 'too-expensive', text: 'R$ 97 é muito' },
      T0,
    );
    const expected = {
      connectionId: 'main',
      subscriberCode: 'SUB1',
      email: 'sub1@example.com',
      productId: '1925400',
      reason: 'too-expensive',
      text: 'R$ 97 é muito',
      locale: 'pt-BR',
      answeredAt: T0,
    };
    expect(result).toEqual({ answer: expected, replaced: false });
    const audit = await t.store.listAudit({ action: CHURN_REASON_ACTION });
    expect(
      audit.map(({ actor, action, target, details, at }) => ({ actor, action, target, details, at })),
    ).toEqual([
      {
        actor: 'churn-form',
        action: 'retention.churn-reason',
        target: 'main:SUB1',
        details: expected,
        at: T0,
      },
    ]);
    expect(await latestChurnAnswer(t.store, { connectionId: 'main', subscriberCode: 'SUB1' })).toEqual(
      expected,
    );
    expect(await t.store.getState(churnAnswerKey('main', 'SUB1'))).toEqual(expected);
    expect(await latestChurnAnswer(t.store, { connectionId: 'main', subscriberCode: 'SUB2' })).toBeNull();
  });

  it('answering twice replaces the counted answer; both stay in the audit log', async () => {
    await recordChurnAnswer(t.store, claim('SUB1'), { reason: 'too-expensive', text: null }, T0);
    const second = await recordChurnAnswer(
      t.store,
      claim('SUB1'),
      { reason: 'not-using', text: null },
      T0 + 1000,
    );
    expect(second.replaced).toBe(true);
    expect((await latestChurnAnswer(t.store, { connectionId: 'main', subscriberCode: 'SUB1' }))?.reason).toBe(
      'not-using',
    );
    expect(
      (await t.store.listAudit({ action: CHURN_REASON_ACTION })).map((entry) => entry.details),
    ).toMatchObject([{ reason: 'not-using' }, { reason: 'too-expensive' }]);
    const report = await churnReasons(t.store, { from: T0 - DAY, to: T0 + DAY });
    expect(report.total).toBe(1);
    expect(report.counts['not-using']).toBe(1);
    expect(report.counts['too-expensive']).toBe(0);
  });

  it('refuses an answer off the list or too long, recording nothing', async () => {
    await expect(
      recordChurnAnswer(t.store, claim('SUB1'), { reason: 'bored' as never, text: null }, T0),
    ).rejects.toThrow('recordChurnAnswer: invalid reason');
    await expect(
      recordChurnAnswer(t.store, claim('SUB1'), { reason: 'other', text: 'x'.repeat(1001) }, T0),
    ).rejects.toThrow('recordChurnAnswer: invalid text');
    expect(await t.store.listAudit({ action: CHURN_REASON_ACTION })).toEqual([]);
    expect(await latestChurnAnswer(t.store, { connectionId: 'main', subscriberCode: 'SUB1' })).toBeNull();
  });

  it('counts each subscriber’s latest answer in the period it was given, per connection on request', async () => {
    const answers: [ChurnFormClaim, (typeof CHURN_REASONS)[number], string | null, number][] = [
      [claim('A'), 'too-expensive', null, T0],
      [claim('B'), 'too-expensive', 'Caro', T0 + 1 * DAY],
      [claim('C'), 'other', 'Mudei de país', T0 + 2 * DAY],
      [claim('D'), 'temporary-pause', null, T0 - 10 * DAY], // before the period
      [claim('E'), 'not-using', null, T0 + 3 * DAY],
      [claim('E'), 'found-alternative', 'Outro curso', T0 + 40 * DAY], // after it: E no longer counts inside
      [claim('A', { connectionId: 'second' }), 'technical-problems', null, T0 + 4 * DAY],
    ];
    for (const [who, reason, text, at] of answers)
      await recordChurnAnswer(t.store, who, { reason, text }, at);

    const june = await churnReasons(t.store, { from: T0, to: new Date(T0 + 30 * DAY) });
    expect(june).toEqual({
      from: T0,
      to: T0 + 30 * DAY,
      total: 4,
      counts: {
        'too-expensive': 2,
        'not-using': 0,
        'content-mismatch': 0,
        'technical-problems': 1,
        'found-alternative': 0,
        'temporary-pause': 0,
        other: 1,
      },
      texts: [
        { reason: 'other', text: 'Mudei de país', answeredAt: T0 + 2 * DAY, productId: '1925400' },
        { reason: 'too-expensive', text: 'Caro', answeredAt: T0 + 1 * DAY, productId: '1925400' },
      ],
    });
    const main = await churnReasons(t.store, { from: T0, to: T0 + 30 * DAY, connectionId: 'main' });
    expect([main.total, main.counts['technical-problems']]).toEqual([3, 0]);
    const july = await churnReasons(t.store, { from: T0 + 30 * DAY, to: T0 + 60 * DAY });
    expect([july.total, july.counts['found-alternative']]).toEqual([1, 1]);
    await expect(churnReasons(t.store, { from: T0, to: T0 })).rejects.toThrow(RangeError);
  });

  it('walks more than one page of the audit log', async () => {
    for (let i = 0; i < 520; i++) {
      await recordChurnAnswer(
        t.store,
        claim(`S${i}`),
        { reason: i % 2 ? 'not-using' : 'other', text: null },
        T0 + i,
      );
    }
    const report = await churnReasons(t.store, { from: T0, to: T0 + DAY });
    expect([report.total, report.counts.other, report.counts['not-using']]).toEqual([520, 260, 260]);
  });
});
