import { recordChurnAnswer } from '../../src/agents/retention/churn-form/churn-answer.ts';
import type { ChurnReason } from '../../src/agents/retention/churn-form/churn-reasons.ts';
import { CHARGE_RECOVERED_ACTION, type ChargeRecovery } from '../../src/agents/retention/recovered-mrr.ts';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import type { MrrMovement } from '../../src/store/mirror/mirror-rows.ts';
import type { Store } from '../../src/store/port.ts';

// The retention figures of May 2026 in São Paulo (UTC−3: the period is 2026-05-01T03:00Z → 2026-06-01T03:00Z),
// written the way the retention agent and the mirror write them: recovered charges as `retention.charge-recovered`
// audit entries (the dunning workflow's `appendAudit`), churn answers through `recordChurnAnswer` (the form's), and
// MRR movements through the mirror repo. Two connections: `main` (BRL) and `other` (USD).
//
// Expected, all connections: BRL recovered R$ 145,50 MRR (2 charges, R$ 388,00 paid), churned R$ 146,90 (2);
// USD recovered 20.00 (1 charge), churned 30.00 (1); 4 answers: too-expensive 2, not-using 1, technical-problems 1.
// `main` only: the BRL line; 3 answers: too-expensive 2, not-using 1.

/** The seller's time zone of the seeded figures. */
export const RETENTION_ZONE = 'America/Sao_Paulo';
/** The seeded period, local dates in {@link RETENTION_ZONE}. */
export const RETENTION_FROM = '2026-05-01';
export const RETENTION_TO = '2026-05-31';

function recovery(
  at: (iso: string) => number,
  connectionId: string,
  transaction: string,
  paidAt: string,
  money: { amount: number; mrr: number | null; currency: string | null },
): ChargeRecovery {
  return {
    connectionId,
    subscriberCode: `SUB-${transaction}`,
    transaction,
    recurrence: 3,
    email: `${transaction.toLowerCase()}@example.com`,
    productId: '4242',
    ...money,
    delayedAt: at(paidAt) - 3 * 86_400_000,
    paidAt: at(paidAt),
    delayedEventId: `delayed-${transaction}`,
    paymentEventId: `paid-${transaction}`,
  };
}

function movement(
  at: (iso: string) => number,
  connectionId: string,
  subscriberCode: string,
  when: string,
  kind: MrrMovement['kind'],
  mrrBefore: number,
  mrrAfter: number,
  currency: string,
): MrrMovement {
  return {
    connectionId,
    subscriberCode,
    at: at(when),
    kind,
    mrrBefore,
    mrrAfter,
    currency,
    cause: kind === 'churn' ? 'SUBSCRIPTION_CANCELLATION' : 'PURCHASE_APPROVED',
  };
}

/**
 * Writes the seeded retention figures into `store` (audit entries in the order they happened, as in production).
 * `shiftDays` moves every instant by whole days (São Paulo has no daylight saving time since 2019, so local times
 * stay the same): with the days from 31 May to today, the period of a "last 30 days" page is 2 May → today.
 */
export async function seedRetention(store: Store, options: { shiftDays?: number } = {}): Promise<void> {
  const shift = (options.shiftDays ?? 0) * 86_400_000;
  const at = (iso: string) => Date.parse(iso) + shift;
  const recoveries = [
    // Paid at 23:00 on 30 April in São Paulo: outside May there, although it is 1 May in UTC.
    recovery(at, 'main', 'HP-R0', '2026-05-01T02:00:00Z', { amount: 97, mrr: 97, currency: 'BRL' }),
    recovery(at, 'main', 'HP-R1', '2026-05-05T12:00:00Z', { amount: 97, mrr: 97, currency: 'BRL' }),
    recovery(at, 'other', 'HP-U1', '2026-05-10T12:00:00Z', { amount: 20, mrr: 20, currency: 'USD' }),
    // A semiannual charge: R$ 291 paid keeps R$ 48,50 a month.
    recovery(at, 'main', 'HP-R2', '2026-05-20T12:00:00Z', { amount: 291, mrr: 48.5, currency: 'BRL' }),
    // Recorded twice (a retried step): counted once.
    recovery(at, 'main', 'HP-R2', '2026-05-20T12:00:00Z', { amount: 291, mrr: 48.5, currency: 'BRL' }),
    // A charge whose currency the payload did not carry: not added to any currency.
    recovery(at, 'main', 'HP-R3', '2026-05-21T12:00:00Z', { amount: 50, mrr: 50, currency: null }),
  ];
  for (const record of recoveries) {
    await store.appendAudit(
      {
        actor: 'agent:retention',
        action: CHARGE_RECOVERED_ACTION,
        target: record.transaction,
        details: record,
      },
      record.paidAt + 1_000,
    );
  }

  await createMirrorRepo(store).recordMrrMovements([
    movement(at, 'main', 'SUB-A', '2026-03-01T12:00:00Z', 'new', 0, 97, 'BRL'),
    movement(at, 'main', 'SUB-B', '2026-03-02T12:00:00Z', 'new', 0, 49.9, 'BRL'),
    movement(at, 'main', 'SUB-C', '2026-03-03T12:00:00Z', 'new', 0, 30, 'BRL'),
    movement(at, 'other', 'SUB-U', '2026-03-01T12:00:00Z', 'new', 0, 30, 'USD'),
    movement(at, 'main', 'SUB-A', '2026-05-10T15:00:00Z', 'churn', 97, 0, 'BRL'),
    movement(at, 'other', 'SUB-U', '2026-05-15T15:00:00Z', 'churn', 30, 0, 'USD'),
    movement(at, 'main', 'SUB-B', '2026-05-25T15:00:00Z', 'churn', 49.9, 0, 'BRL'),
    // Midnight of 1 June in São Paulo: the next period.
    movement(at, 'main', 'SUB-C', '2026-06-01T03:00:00Z', 'churn', 30, 0, 'BRL'),
  ]);

  const answers: [string, string, ChurnReason, string | null, string][] = [
    ['main', 'SUB-Y', 'found-alternative', null, '2026-04-20T12:00:00Z'],
    ['main', 'SUB-A', 'other', 'Mudei de país', '2026-05-10T16:00:00Z'],
    // SUB-A changes their mind: only the latest answer counts.
    ['main', 'SUB-A', 'too-expensive', null, '2026-05-11T16:00:00Z'],
    ['other', 'SUB-U', 'technical-problems', null, '2026-05-15T16:00:00Z'],
    ['main', 'SUB-B', 'too-expensive', null, '2026-05-25T16:00:00Z'],
    ['main', 'SUB-X', 'not-using', 'Sem tempo', '2026-05-26T16:00:00Z'],
  ];
  for (const [connectionId, subscriberCode, reason, text, when] of answers) {
    await recordChurnAnswer(
      store,
      {
        connectionId,
        subscriberCode,
        email: `${subscriberCode.toLowerCase()}@example.com`,
        productId: '4242',
        locale: 'pt-BR',
      },
      { reason, text },
      at(when),
    );
  }
}
