import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataEnv, hotpilot, hotpilotInProcess, removeTempDirs, seedDataDir, tempDir } from './cli-harness.ts';

// `hotpilot events` and `hotpilot runs` on a data directory filled by a real hotpilot from the published samples:
// 15 events; runs of three test workflows (two completed, one dead, one sleeping). Each subcommand's main output
// and exit codes are checked on the spawned binary; their variants run in-process (`runCli`, same code).

let env: Record<string, string>;
let ids: Map<string, string>;
const id = (name: string) => ids.get(name)!;

beforeAll(async () => {
  const dataDir = tempDir();
  ids = (await seedDataDir(dataDir)).eventIds;
  env = dataEnv(dataDir);
}, 60_000);

afterAll(removeTempDirs);

const EVENT_KEYS = [
  'amount',
  'buyerEmail',
  'connectionId',
  'id',
  'name',
  'occurredAt',
  'productId',
  'receivedAt',
  'reconciled',
  'subscriberCode',
  'transaction',
];
const RUN_KEYS = [
  'attempt',
  'connectionId',
  'createdAt',
  'dueAt',
  'error',
  'eventId',
  'finishedAt',
  'id',
  'maxAttempts',
  'startedAt',
  'status',
  'workflowId',
];

describe('hotpilot events', () => {
  it('lists events newest first as a table and as one JSON object per line', async () => {
    const table = await hotpilot(['events', 'ls'], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^RECEIVED\s+EVENT\s+TRANSACTION\s+BUYER\s+AMOUNT\s+ID$/);
    expect(lines).toHaveLength(16);
    const approved = lines.find((line) => line.includes(id('PURCHASE_APPROVED')))!;
    // Hotmart sends major units (reference §3.1): 1500 is R$ 1,500.00, formatted for the reader.
    expect(approved).toMatch(
      /PURCHASE_APPROVED\s+HP16015479281022\s+testecomprador271101postman15@example\.com\s+R\$1,500\.00/,
    );

    const json = await hotpilot(['events', 'ls', '--json', '--name', 'purchase_approved,PURCHASE_REFUNDED'], {
      env,
    });
    expect(json.code).toBe(0);
    const rows = json.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => row.name).sort()).toEqual(['PURCHASE_APPROVED', 'PURCHASE_REFUNDED']);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(EVENT_KEYS);
    expect(rows.find((row) => row.name === 'PURCHASE_APPROVED')).toEqual({
      id: id('PURCHASE_APPROVED'),
      connectionId: 'main',
      name: 'PURCHASE_APPROVED',
      occurredAt: new Date(1763247745737).toISOString(),
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      transaction: 'HP16015479281022',
      buyerEmail: 'testecomprador271101postman15@example.com',
      productId: '0',
      subscriberCode: 'I9OT62C3',
      amount: { value: 1500, currency: 'BRL' },
      reconciled: false,
    });

    const limited = await hotpilotInProcess(
      ['events', 'ls', '--json', '--limit', '3', '--email', 'TESTE@hotmart.com.br'],
      env,
    );
    const limitedRows = limited.stdout.split('\n').map((line) => JSON.parse(line) as { buyerEmail: string });
    expect(limitedRows).toHaveLength(3);
    expect(new Set(limitedRows.map((row) => row.buyerEmail))).toEqual(new Set(['teste@hotmart.com.br']));

    // In Portuguese: the seller's dates (dd/mm/yyyy, São Paulo time) and Brazilian money formatting.
    const portuguese = await hotpilotInProcess(['events', 'ls', '--name', 'PURCHASE_APPROVED'], {
      ...env,
      LANG: 'pt_BR.UTF-8',
    });
    expect(portuguese.stdout.split('\n')[0]).toMatch(
      /^RECEBIDO\s+EVENTO\s+TRANSAÇÃO\s+COMPRADOR\s+VALOR\s+ID$/,
    );
    expect(portuguese.stdout.split('\n')[1]).toMatch(
      /^\d\d\/\d\d\/\d{4}, \d\d:\d\d\s+PURCHASE_APPROVED\s+.*R\$\u00a01\.500,00/,
    );

    const none = await hotpilotInProcess(['events', 'ls', '--transaction', 'HP000'], env);
    expect([none.code, none.stdout]).toEqual([0, 'no events found']);
  });

  it('shows one event with its runs, as text and as JSON', async () => {
    const text = await hotpilot(['events', 'show', id('PURCHASE_REFUNDED')], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^event\s+PURCHASE_REFUNDED /m);
    expect(text.stdout).toMatch(/^amount\s+R\$1,500\.00$/m);
    expect(text.stdout).toMatch(/^product\s+0 Produto test postback2$/m);
    expect(text.stdout).toContain('runs (1):');
    expect(text.stdout).toMatch(
      new RegExp(`test\\.fail\\s+dead\\s+1/1\\s+.+test\\.fail:${id('PURCHASE_REFUNDED')}`),
    );

    const json = await hotpilot(['events', 'show', id('PURCHASE_APPROVED'), '--json'], { env });
    const shown = JSON.parse(json.stdout) as Record<string, unknown> & { runs: Record<string, unknown>[] };
    expect(Object.keys(shown).sort()).toEqual([...EVENT_KEYS, 'normalized', 'payload', 'runs'].sort());
    expect(shown.normalized).toMatchObject({
      name: 'PURCHASE_APPROVED',
      amount: { value: 1500, currency: 'BRL' },
    });
    expect(shown.runs).toEqual([
      {
        id: `test.notify:${id('PURCHASE_APPROVED')}`,
        workflowId: 'test.notify',
        status: 'completed',
        attempt: 0,
        createdAt: expect.any(String),
        finishedAt: expect.any(String),
      },
    ]);
    // The parser redacts a hottok that came in the body; nothing secret is printed.
    expect(json.stdout).not.toContain('hottok-cli-tests-1');

    const noRuns = await hotpilotInProcess(['events', 'show', id('SWITCH_PLAN')], env);
    expect(noRuns.stdout.split('\n').at(-1)).toBe('no workflow ran for this event');
  });

  it('answers 3 for an unknown event and 2 for bad flags', async () => {
    const missing = await hotpilot(['events', 'show', 'no-such-event'], { env });
    expect([missing.code, missing.stderr]).toEqual([
      3,
      'error: no event with id "no-such-event": see hotpilot events ls',
    ]);
    const badName = await hotpilotInProcess(['events', 'ls', '--name', 'PURCHASE_APROVED'], env);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('unknown event name: PURCHASE_APROVED (known: PURCHASE_APPROVED,');
    const badLimit = await hotpilotInProcess(['events', 'ls', '--limit', '0'], env);
    expect([badLimit.code, badLimit.stderr]).toEqual([
      2,
      'error: --limit must be a whole number from 1 to 1,000 (got "0")',
    ]);
    const replayMissing = await hotpilotInProcess(['events', 'replay', 'nope'], env);
    expect(replayMissing.code).toBe(3);
  });
});

describe('hotpilot runs', () => {
  it('lists runs with filters, as a table and as JSON', async () => {
    const table = await hotpilot(['runs', 'ls'], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^CREATED\s+WORKFLOW\s+STATUS\s+FAILURES\s+ID$/);
    expect(
      lines
        .slice(1)
        .map((line) => line.split(/\s{2,}/)[2])
        .sort(),
    ).toEqual(['completed', 'completed', 'dead', 'sleeping']);

    const json = await hotpilot(['runs', 'ls', '--json', '--status', 'dead,sleeping'], { env });
    const rows = json.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(RUN_KEYS);
    expect(rows.map((row) => [row.workflowId, row.status]).sort()).toEqual([
      ['test.fail', 'dead'],
      ['test.wait', 'sleeping'],
    ]);
    expect(rows.find((row) => row.status === 'dead')).toMatchObject({
      eventId: id('PURCHASE_REFUNDED'),
      connectionId: 'main',
      attempt: 1,
      maxAttempts: 1,
      error: { name: 'NonRetriableError', message: 'the vendor said no', code: 'VENDOR_REFUSED' },
    });

    const byWorkflow = await hotpilotInProcess(['runs', 'ls', '--workflow', 'test.notify', '--json'], env);
    expect(byWorkflow.stdout.split('\n')).toHaveLength(2);
    const badStatus = await hotpilotInProcess(['runs', 'ls', '--status', 'finished'], env);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toBe(
      'error: unknown status: finished (known: queued, running, sleeping, completed, dead, cancelled)',
    );
  });

  it('shows a run with its steps', async () => {
    const dead = `test.fail:${id('PURCHASE_REFUNDED')}`;
    const text = await hotpilot(['runs', 'show', dead], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^status\s+dead$/m);
    expect(text.stdout).toMatch(/^error\s+VENDOR_REFUSED: the vendor said no$/m);
    expect(text.stdout).toMatch(/^boom\s+failed\s+0\s+\d+ ms\s+VENDOR_REFUSED: the vendor said no$/m);

    const sleeping = `test.wait:${id('SUBSCRIPTION_CANCELLATION')}`;
    const json = JSON.parse((await hotpilotInProcess(['runs', 'show', sleeping, '--json'], env)).stdout) as {
      status: string;
      dueAt: string;
      steps: { stepId: string; status: string; wakeAt: string }[];
    };
    expect(json.status).toBe('sleeping');
    expect(json.steps).toEqual([expect.objectContaining({ stepId: 'grace', status: 'sleeping' })]);
    // Three days of sleep (engine duration `3d`), give or take the seconds the seeding took.
    const days = (Date.parse(json.steps[0]!.wakeAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThanOrEqual(3);

    const missing = await hotpilotInProcess(['runs', 'show', 'nope'], env);
    expect([missing.code, missing.stderr]).toEqual([3, 'error: no run with id "nope": see hotpilot runs ls']);
  });

  it('replays dead runs of an event, refuses to replay a run in flight, cancels it, and replays a completed run', async () => {
    const refunded = id('PURCHASE_REFUNDED');
    const replay = await hotpilot(['events', 'replay', refunded], { env });
    expect(replay.code).toBe(0);
    expect(replay.stdout).toBe(`1 run(s) of event ${refunded} queued again:\n  test.fail:${refunded}`);
    const again = await hotpilotInProcess(['events', 'replay', refunded], env);
    expect(again.stdout).toBe(
      'none of the 1 runs of this event is dead or cancelled (use --all to replay completed ones too)',
    );

    const queued = `test.fail:${refunded}`;
    const inFlight = await hotpilot(['runs', 'replay', queued], { env });
    expect([inFlight.code, inFlight.stderr]).toEqual([
      1,
      `error: run ${queued} is queued: cancel it first (hotpilot runs cancel ${queued}) or wait`,
    ]);
    const cancel = await hotpilot(['runs', 'cancel', queued], { env });
    expect([cancel.code, cancel.stdout]).toEqual([0, `run ${queued} cancelled`]);
    const cancelAgain = await hotpilotInProcess(['runs', 'cancel', queued], env);
    expect([cancelAgain.code, cancelAgain.stderr]).toEqual([
      1,
      `error: run ${queued} is cancelled and cannot be cancelled`,
    ]);

    const completed = `test.notify:${id('PURCHASE_COMPLETE')}`;
    const whole = await hotpilot(['runs', 'replay', completed, '--whole'], { env });
    expect([whole.code, whole.stdout]).toEqual([0, `run ${completed} queued again; it starts over`]);
    const status = JSON.parse(
      (await hotpilotInProcess(['runs', 'show', completed, '--json'], env)).stdout,
    ) as {
      status: string;
      steps: unknown[];
    };
    expect([status.status, status.steps]).toEqual(['queued', []]);
    expect((await hotpilotInProcess(['runs', 'cancel', 'nope'], env)).code).toBe(3);
  });
});
