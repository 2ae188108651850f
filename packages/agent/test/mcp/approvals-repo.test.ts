import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApprovalsRepo,
  createApprovalsRepo,
  type NewApproval,
} from '../../src/store/access/approvals-repo.ts';
import { StoreError } from '../../src/store/errors.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

// The approvals queue against both adapters: every transition is conditional, so decisions are final and a call
// can't be approved twice, even by two people at once.

const T0 = Date.UTC(2026, 0, 10, 12);
const HOUR = 3_600_000;

function approval(overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    actionId: 'hotmart_refund_sale',
    connectionId: 'main',
    input: { transaction: 'HP17715690036014' },
    preview: { summary: 'Refund HP17715690036014' },
    requestedBy: 'alice',
    expiresAt: T0 + HOUR,
    ...overrides,
  };
}

describe.each(storeFactories)('approvals repository on $name', (factory) => {
  let t: TestStore;
  let repo: ApprovalsRepo;

  const setUp = async () => {
    t = await factory.create();
    repo = createApprovalsRepo(t.store);
  };

  afterEach(async () => {
    await t?.destroy();
  });

  it('creates pending approvals with their input and preview, and reads them back', async () => {
    await setUp();
    const created = await repo.create(approval(), T0);
    expect(created).toEqual({
      id: expect.any(Number),
      actionId: 'hotmart_refund_sale',
      connectionId: 'main',
      input: { transaction: 'HP17715690036014' },
      preview: { summary: 'Refund HP17715690036014' },
      requestedBy: 'alice',
      requestedAt: T0,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      result: null,
      error: null,
      expiresAt: T0 + HOUR,
    });
    expect(await repo.get(created.id)).toEqual(created);
    expect(await repo.get(created.id + 1000)).toBeNull();
  });

  it('lists pending approvals oldest first, leaving out expired and decided ones', async () => {
    await setUp();
    const first = await repo.create(approval(), T0);
    const second = await repo.create(approval({ requestedBy: 'bob' }), T0 + 1);
    const short = await repo.create(approval({ expiresAt: T0 + 10 }), T0 + 2);
    const decided = await repo.create(approval(), T0 + 3);
    await repo.reject(decided.id, 'admin', T0 + 4);
    expect((await repo.listPending({ now: T0 + 5 })).map((a) => a.id)).toEqual([
      first.id,
      second.id,
      short.id,
    ]);
    expect((await repo.listPending({ now: T0 + 10 })).map((a) => a.id)).toEqual([first.id, second.id]);
    expect((await repo.listPending({ now: T0 + 5, limit: 1 })).map((a) => a.id)).toEqual([first.id]);
    expect((await repo.list({ requestedBy: 'bob' })).map((a) => a.id)).toEqual([second.id]);
    expect((await repo.list({ status: ['rejected'] })).map((a) => a.id)).toEqual([decided.id]);
    expect((await repo.list({ beforeId: second.id })).map((a) => a.id)).toEqual([first.id]);
    expect((await repo.list()).map((a) => a.id)).toEqual([decided.id, short.id, second.id, first.id]);
  });

  it('approves once, then records the result; later decisions change nothing', async () => {
    await setUp();
    const { id } = await repo.create(approval(), T0);
    const decision = await repo.approve(id, 'admin', T0 + 5);
    expect(decision).toMatchObject({
      outcome: 'approved',
      approval: { status: 'approved', decidedBy: 'admin', decidedAt: T0 + 5 },
    });
    expect(await repo.approve(id, 'other', T0 + 6)).toMatchObject({
      outcome: 'not_pending',
      approval: { status: 'approved' },
    });
    expect(await repo.reject(id, 'other', T0 + 6)).toMatchObject({ outcome: 'not_pending' });
    const finished = await repo.finish(
      id,
      { status: 'executed', result: { ok: true, list: [1, 2] } },
      T0 + 7,
    );
    expect(finished).toMatchObject({
      status: 'executed',
      result: { ok: true, list: [1, 2] },
      error: null,
      decidedBy: 'admin',
    });
    // Only an approved row can finish.
    expect(
      await repo.finish(id, { status: 'failed', error: { name: 'E', message: 'x' } }, T0 + 8),
    ).toBeNull();
    expect((await repo.get(id))?.status).toBe('executed');
  });

  it('records a failure with its error', async () => {
    await setUp();
    const { id } = await repo.create(approval(), T0);
    await repo.approve(id, 'admin', T0 + 1);
    const failed = await repo.finish(
      id,
      { status: 'failed', error: { name: 'VendorRequestError', message: 'no', code: 'purchase_not_found' } },
      T0 + 2,
    );
    expect(failed).toMatchObject({ status: 'failed', result: null, error: { code: 'purchase_not_found' } });
  });

  it('rejects with a reason, or a default one', async () => {
    await setUp();
    const a = await repo.create(approval(), T0);
    const b = await repo.create(approval(), T0);
    expect(await repo.reject(a.id, 'admin', T0 + 1, '  wrong buyer ')).toMatchObject({
      outcome: 'rejected',
      approval: { status: 'rejected', error: { name: 'ApprovalRejected', message: 'wrong buyer' } },
    });
    expect(await repo.reject(b.id, 'admin', T0 + 1)).toMatchObject({
      approval: { error: { message: 'rejected by admin' } },
    });
    expect(await repo.approve(a.id, 'admin', T0 + 2)).toMatchObject({ outcome: 'not_pending' });
  });

  it('expires instead of approving after the deadline, and in bulk', async () => {
    await setUp();
    const late = await repo.create(approval({ expiresAt: T0 + 100 }), T0);
    expect(await repo.approve(late.id, 'admin', T0 + 100)).toMatchObject({
      outcome: 'expired',
      approval: { status: 'expired' },
    });
    expect((await repo.get(late.id))?.status).toBe('expired');
    await repo.create(approval({ expiresAt: T0 + 50 }), T0);
    await repo.create(approval({ expiresAt: T0 + 60 }), T0);
    await repo.create(approval({ expiresAt: T0 + HOUR }), T0);
    expect(await repo.expire(T0 + 60)).toBe(2);
    expect(await repo.expire(T0 + 60)).toBe(0);
    expect((await repo.list({ status: 'expired' })).length).toBe(3);
    expect(await repo.approve(999_999, 'admin', T0)).toEqual({ outcome: 'not_found' });
  });

  it('lets exactly one of two simultaneous approvals win', async () => {
    await setUp();
    const { id } = await repo.create(approval(), T0);
    const other = createApprovalsRepo(t.reopen());
    const outcomes = await Promise.all([repo.approve(id, 'ann', T0 + 1), other.approve(id, 'ben', T0 + 1)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['approved', 'not_pending']);
  });

  it('keeps odd JSON intact (unicode; NUL replaced on PostgreSQL, kept on SQLite)', async () => {
    await setUp();
    const { id } = await repo.create(
      approval({ input: { note: 'ação ✓ \u0000 end', n: [1.5, null, true] } }),
      T0,
    );
    const stored = (await repo.get(id))?.input as { note: string; n: unknown[] };
    expect(stored.n).toEqual([1.5, null, true]);
    expect(stored.note).toBe(factory.name === 'postgres' ? 'ação ✓ \uFFFD end' : 'ação ✓ \u0000 end');
  });

  it('refuses bad values with StoreError("invalid")', async () => {
    await setUp();
    const bad: [string, () => Promise<unknown>][] = [
      ['empty action', () => repo.create(approval({ actionId: '' }), T0)],
      ['no requester', () => repo.create(approval({ requestedBy: '' }), T0)],
      ['undefined input', () => repo.create(approval({ input: undefined }), T0)],
      ['NaN expiry', () => repo.create(approval({ expiresAt: Number.NaN }), T0)],
      ['zero id', () => repo.get(0)],
      ['fractional id', () => repo.approve(1.5, 'admin', T0)],
      ['no decider', () => repo.reject(1, '', T0)],
      ['bad status', () => repo.list({ status: 'lost' as never })],
      ['bad limit', () => repo.listPending({ now: T0, limit: 0 })],
    ];
    for (const [label, attempt] of bad) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(StoreError);
      expect((error as StoreError).code, label).toBe('invalid');
    }
  });
});
