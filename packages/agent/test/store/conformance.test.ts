import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/kit/logger.ts';
import { createSecretBox, SecretBoxError } from '../../src/kit/secret-box.ts';
import { StoreError } from '../../src/store/errors.ts';
import { sealContext } from '../../src/store/internal/records.ts';
import { FINISHED_RUNS, OPEN_RUNS } from '../../src/store/internal/run-index-terms.ts';
import { migrations } from '../../src/store/migrations/migrations.ts';
import type {
  DispatchDecision,
  EventRecord,
  InboxEntry,
  InboxRecord,
  Lease,
  NewRun,
  RunRecord,
  StepRecord,
  Store,
} from '../../src/store/port.ts';
import { migratePostgres } from '../../src/store/postgres/postgres-migrate.ts';
import { migrateSqlite } from '../../src/store/sqlite/sqlite-migrate.ts';
import { connectTestPostgres, storeFactories, TEST_SECRET_KEY, type TestStore } from './stores.ts';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

function entry(overrides: Partial<InboxEntry> = {}): InboxEntry {
  const eventId = overrides.eventId ?? `evt-${Math.random().toString(36).slice(2)}`;
  return {
    connectionId: 'main',
    eventId,
    receivedAt: T0,
    contentType: 'application/json',
    headers: { 'content-type': 'application/json', 'user-agent': 'Hotmart' },
    body: JSON.stringify({
      id: eventId,
      event: 'PURCHASE_APPROVED',
      data: { buyer: { email: 'ana@example.com' } },
    }),
    ...overrides,
  };
}

function newRun(overrides: Partial<NewRun> & { id: string }): NewRun {
  return {
    workflowId: 'welcome',
    eventId: null,
    connectionId: 'main',
    concurrencyKey: null,
    input: { n: 1 },
    maxAttempts: 3,
    dueAt: T0,
    ...overrides,
  };
}

function eventFor(row: InboxRecord, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: row.eventId,
    connectionId: row.connectionId,
    name: 'PURCHASE_APPROVED',
    version: '2.0.0',
    occurredAt: row.receivedAt - 1000,
    receivedAt: row.receivedAt,
    transaction: `HP-${row.eventId}`,
    buyerEmail: 'ana@example.com',
    subscriberCode: null,
    productId: '4711',
    normalized: { id: row.eventId, name: 'PURCHASE_APPROVED' },
    payload: JSON.parse(row.body),
    reconciled: false,
    ...overrides,
  };
}

/** A decide() that turns every row into its event plus one run per workflow. */
function decideWith(workflows: string[], key: string | null = null) {
  return (row: InboxRecord): DispatchDecision => ({
    kind: 'event',
    event: eventFor(row),
    runs: workflows.map((workflowId) =>
      newRun({ id: `${workflowId}:${row.eventId}`, workflowId, eventId: row.eventId, concurrencyKey: key }),
    ),
  });
}

function step(runId: string, stepId: string, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    runId,
    stepId,
    status: 'completed',
    output: { ok: stepId },
    error: null,
    wakeAt: null,
    attempt: 0,
    startedAt: T0,
    finishedAt: T0 + 5,
    durationMs: 5,
    ...overrides,
  };
}

const leaseOf = (run: RunRecord): Lease => ({
  runId: run.id,
  epoch: run.leaseEpoch,
  owner: run.leaseOwner ?? '',
});

async function claimOne(store: Store, now = T0, owner = 'w1', leaseMs = 30_000): Promise<RunRecord> {
  const [run] = await store.claimRuns({ owner, limit: 1, leaseMs, now });
  if (!run) throw new Error('nothing to claim');
  return run;
}

interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const logger: Logger = {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe.each(storeFactories)('store conformance: $name', (factory) => {
  const open: TestStore[] = [];
  const create = async (options?: Parameters<typeof factory.create>[0]): Promise<TestStore> => {
    const t = await factory.create(options);
    open.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.destroy()));
  });

  describe('connections', () => {
    it('creates, reads, lists, updates and deletes connections', async () => {
      const { store } = await create();
      const created = await store.createConnection(
        {
          id: 'main',
          name: 'Main store',
          hottoks: ['tok-1'],
          credentials: { clientId: 'cid', clientSecret: 'csecret' },
          settings: { timeZone: 'America/Sao_Paulo' },
        },
        T0,
      );
      expect(created).toEqual({
        id: 'main',
        kind: 'hotmart',
        name: 'Main store',
        hottoks: ['tok-1'],
        credentials: { clientId: 'cid', clientSecret: 'csecret' },
        settings: { timeZone: 'America/Sao_Paulo' },
        createdAt: T0,
        updatedAt: T0,
      });
      await store.createConnection({ id: 'br-2', name: 'Second', hottoks: [] }, T0);
      expect(await store.getConnection('main')).toEqual(created);
      expect((await store.listConnections()).map((c) => c.id)).toEqual(['br-2', 'main']);

      const updated = await store.updateConnection(
        'main',
        { hottoks: ['tok-1', 'tok-2'], name: 'Renamed' },
        T0 + 1,
      );
      expect(updated).toEqual({
        ...created,
        name: 'Renamed',
        hottoks: ['tok-1', 'tok-2'],
        updatedAt: T0 + 1,
      });
      expect(await store.getConnection('main')).toEqual(updated);
      const cleared = await store.updateConnection('main', { credentials: null }, T0 + 2);
      expect(cleared.credentials).toBeNull();
      expect((await store.getConnection('main'))?.credentials).toBeNull();

      expect(await store.deleteConnection('main')).toBe(true);
      expect(await store.deleteConnection('main')).toBe(false);
      expect(await store.getConnection('main')).toBeNull();
    });

    it('keeps connections of every connector kind, and refuses a malformed kind', async () => {
      const { store } = await create();
      const hubspot = await store.createConnection(
        { id: 'crm', kind: 'hubspot', name: 'CRM', hottoks: [], credentials: { accessToken: 'pat-na1-x' } },
        T0,
      );
      expect(hubspot.kind).toBe('hubspot');
      expect((await store.getConnection('crm'))?.kind).toBe('hubspot');
      await store.createConnection({ id: 'sheets', kind: 'google-sheets', name: 'Sheets', hottoks: [] }, T0);
      expect((await store.listConnections()).map((c) => `${c.id}:${c.kind}`)).toEqual([
        'crm:hubspot',
        'sheets:google-sheets',
      ]);
      expect((await store.listConnections({ kind: 'hubspot' })).map((c) => c.id)).toEqual(['crm']);
      expect(await store.listConnections({ kind: 'zendesk' })).toEqual([]);
      await expect(
        store.createConnection({ id: 'bad', kind: 'Not A Kind', name: 'Bad', hottoks: [] }, T0),
      ).rejects.toThrow(/connection kind/);
    });

    it('refuses duplicate ids, unknown ids and bad input', async () => {
      const { store } = await create();
      await store.createConnection({ id: 'main', name: 'Main', hottoks: ['t'] }, T0);
      await expect(
        store.createConnection({ id: 'main', name: 'Again', hottoks: ['t'] }, T0),
      ).rejects.toMatchObject({
        name: 'StoreError',
        code: 'conflict',
      });
      await expect(store.updateConnection('nope', { name: 'x' }, T0)).rejects.toMatchObject({
        code: 'not_found',
      });
      await expect(
        store.createConnection({ id: 'has space', name: 'x', hottoks: [] }, T0),
      ).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(store.createConnection({ id: 'ok', name: 'x', hottoks: [''] }, T0)).rejects.toMatchObject({
        code: 'invalid',
      });
      await expect(store.updateConnection('main', { hottoks: 'tok' as never }, T0)).rejects.toMatchObject({
        code: 'invalid',
      });
      expect((await store.getConnection('main'))?.hottoks).toEqual(['t']);
    });

    it('never writes hottoks or credentials in plaintext', async () => {
      const t = await create();
      const hottok = 'HOTTOK-plain-7f3a9c';
      const secret = 'CLIENT-SECRET-91be0d';
      await t.store.createConnection(
        { id: 'main', name: 'Main', hottoks: [hottok], credentials: { clientSecret: secret } },
        T0,
      );
      await t.store.updateConnection('main', { hottoks: [hottok, `${hottok}-next`] }, T0 + 1);
      const [row] = await t.raw('SELECT * FROM connections');
      const rawRow = JSON.stringify(row);
      expect(rawRow).not.toContain(hottok);
      expect(rawRow).not.toContain(secret);
      expect(String(row?.['hottoks_sealed'])).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(String(row?.['credentials_sealed'])).toMatch(/^v1\./);
      if (t.name === 'sqlite') {
        // Every byte SQLite wrote (the database and its write-ahead log).
        const directory = dirname(t.location);
        const bytes = Buffer.concat(
          readdirSync(directory).map((file) => readFileSync(join(directory, file))),
        );
        expect(bytes.includes(Buffer.from(hottok))).toBe(false);
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
      } else {
        const dump = await t.raw(`SELECT c::text AS line FROM connections AS c`);
        expect(dump[0]?.['line']).not.toContain(hottok);
      }
      // The envelope opens with the key and the row's context only.
      const box = createSecretBox(TEST_SECRET_KEY);
      expect(box.open(String(row?.['hottoks_sealed']), sealContext.hottoks('main'))).toEqual([
        hottok,
        `${hottok}-next`,
      ]);
      expect(() => box.open(String(row?.['hottoks_sealed']), sealContext.hottoks('other'))).toThrow(
        SecretBoxError,
      );
    });

    it('fails clearly, without the secret, when the key is wrong', async () => {
      const t = await create();
      await t.store.createConnection({ id: 'main', name: 'Main', hottoks: ['tok-secret-1'] }, T0);
      const wrong = t.reopen({ secretKey: Buffer.alloc(32, 9) });
      const error = await wrong.getConnection('main').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretBoxError);
      expect((error as SecretBoxError).code).toBe('decrypt_failed');
      expect((error as Error).message).toMatch(/wrong secret key/);
      expect((error as Error).message).not.toContain('tok-secret-1');
      // A tampered envelope is refused just the same.
      const [row] = await t.raw('SELECT hottoks_sealed FROM connections');
      const sealed = String(row?.['hottoks_sealed']);
      const [version, iv, tag, data] = sealed.split('.');
      const bytes = Buffer.from(data ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      const tampered = [version, iv, tag, bytes.toString('base64url')].join('.');
      expect(() => createSecretBox(TEST_SECRET_KEY).open(tampered, sealContext.hottoks('main'))).toThrow(
        SecretBoxError,
      );
    });
  });

  describe('inbox ingest', () => {
    it('stores a delivery once and reports later copies as duplicates', async () => {
      const { store } = await create();
      const delivery = entry({ eventId: 'evt-1', body: '{"id":"evt-1","name":"Zoë ✓"}' });
      expect(await store.ingest(delivery)).toBe('stored');
      expect(await store.ingest({ ...delivery, body: '{"changed":true}' })).toBe('duplicate');
      expect(await store.ingest({ ...delivery, connectionId: 'other' })).toBe('stored');
      const [newest, oldest] = await store.listInbox({});
      expect(oldest).toMatchObject({
        connectionId: 'main',
        eventId: 'evt-1',
        receivedAt: T0,
        contentType: 'application/json',
        headers: delivery.headers,
        body: '{"id":"evt-1","name":"Zoë ✓"}',
        status: 'pending',
        quarantineReason: null,
        dispatchedAt: null,
      });
      expect(newest?.connectionId).toBe('other');
      expect((newest?.seq ?? 0) > (oldest?.seq ?? 0)).toBe(true);
      expect(await store.getInbox(oldest?.seq ?? -1)).toEqual(oldest);
      expect(await store.getInbox(999_999)).toBeNull();
    });

    it('keeps any body byte for byte, NUL and form bodies included', async () => {
      const { store } = await create();
      const bodies = ['a\u0000b', 'id=evt-2&status=APPROVED&name=Jo%C3%A3o', '', '{"emoji":"🎉"}'];
      for (const [i, body] of bodies.entries()) {
        expect(await store.ingest(entry({ eventId: `b-${i}`, body, contentType: null }))).toBe('stored');
      }
      const stored = (await store.listInbox({})).reverse();
      expect(stored.map((row) => row.body)).toEqual(bodies);
      expect(stored[0]?.contentType).toBeNull();
    });

    it('deduplicates inside one event-loop turn', async () => {
      const { store } = await create();
      const outcomes = await Promise.all([
        store.ingest(entry({ eventId: 'a' })),
        store.ingest(entry({ eventId: 'b' })),
        store.ingest(entry({ eventId: 'a' })),
      ]);
      expect(outcomes).toEqual(['stored', 'stored', 'duplicate']);
      expect((await store.listInbox({})).map((row) => row.eventId).sort()).toEqual(['a', 'b']);
    });

    it('stores 50 concurrent deliveries of one event id as one row', async () => {
      const t = await create();
      const other = t.reopen();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? other : t.store).ingest(entry({ eventId: 'same' }))),
      );
      expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
      const [count] = await t.raw(`SELECT COUNT(*) AS n FROM inbox WHERE event_id = 'same'`);
      expect(Number(count?.['n'])).toBe(1);
    });

    it('commits everything that arrives in one turn in one transaction (group commit)', async () => {
      const lines: LogLine[] = [];
      const t = await create({ logger: recordingLogger(lines) });
      const outcomes = await Promise.all(
        Array.from({ length: 200 }, (_, i) => t.store.ingest(entry({ eventId: `g-${i}` }))),
      );
      expect(outcomes.every((o) => o === 'stored')).toBe(true);
      const commits = lines.filter((line) => line.msg === 'inbox batch committed');
      expect(commits).toHaveLength(1);
      expect(commits[0]?.obj).toMatchObject({ entries: 200, stored: 200 });
      if (t.name === 'postgres') {
        // Rows written by one transaction share its id.
        const [row] = await t.raw('SELECT COUNT(DISTINCT xmin::text) AS transactions FROM inbox');
        expect(Number(row?.['transactions'])).toBe(1);
      }
      // The next turn is the next transaction.
      await t.store.ingest(entry({ eventId: 'later' }));
      expect(lines.filter((line) => line.msg === 'inbox batch committed')).toHaveLength(2);
    });

    it('keeps authenticated bodies that do not parse as quarantined', async () => {
      const { store } = await create();
      await store.ingest(
        entry({ eventId: 'sha256:abc', body: 'not json', quarantineReason: 'body is not JSON' }),
      );
      await store.ingest(entry({ eventId: 'ok' }));
      const [quarantined] = await store.listInbox({ status: 'quarantined' });
      expect(quarantined).toMatchObject({
        eventId: 'sha256:abc',
        status: 'quarantined',
        quarantineReason: 'body is not JSON',
      });
      expect((await store.listInbox({ status: 'pending' })).map((row) => row.eventId)).toEqual(['ok']);
      expect((await store.queueDepth()).inboxPending).toBe(1);
    });

    it('pages the inbox newest first', async () => {
      const { store } = await create();
      for (let i = 0; i < 5; i++) await store.ingest(entry({ eventId: `p-${i}` }));
      const first = await store.listInbox({ limit: 2 });
      expect(first.map((row) => row.eventId)).toEqual(['p-4', 'p-3']);
      const next = await store.listInbox({ limit: 2, beforeSeq: first[1]?.seq ?? 0 });
      expect(next.map((row) => row.eventId)).toEqual(['p-2', 'p-1']);
    });

    it('refuses an invalid entry without failing the rest of the turn', async () => {
      const { store } = await create();
      const results = await Promise.allSettled([
        store.ingest(entry({ eventId: 'good' })),
        store.ingest({ ...entry(), eventId: '' }),
        store.ingest({ ...entry(), body: 42 as never }),
        store.ingest({ ...entry(), receivedAt: Number.NaN }),
      ]);
      expect(results[0]).toEqual({ status: 'fulfilled', value: 'stored' });
      for (const result of results.slice(1)) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
        expect((result as PromiseRejectedResult).reason.code).toBe('invalid');
      }
    });

    it('wakes inbox listeners after the commit, until they unsubscribe', async () => {
      const { store } = await create();
      const seen: number[] = [];
      const off = store.onInbox(() => {
        seen.push(1);
      });
      // What a listener reads when it is called is already committed.
      let visible: Promise<InboxRecord[]> | null = null;
      const offCheck = store.onInbox(() => {
        visible ??= store.listInbox({});
      });
      await store.ingest(entry({ eventId: 'wake-1' }));
      await turn();
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect((await (visible as Promise<InboxRecord[]> | null))?.map((row) => row.eventId)).toEqual([
        'wake-1',
      ]);
      off();
      offCheck();
      const before = seen.length;
      await store.ingest(entry({ eventId: 'wake-2' }));
      await turn();
      expect(seen.length).toBe(before);
    });

    it('commits deliveries queued in the same turn as close(), then refuses more', async () => {
      const t = await create();
      const pending = t.store.ingest(entry({ eventId: 'last-one' }));
      await Promise.all([t.store.close(), t.store.close()]);
      await expect(pending).resolves.toBe('stored');
      await expect(t.store.ingest(entry())).rejects.toMatchObject({ code: 'closed' });
      await expect(t.store.getRun('x')).rejects.toMatchObject({ code: 'closed' });
      const again = t.reopen();
      expect((await again.listInbox({})).map((row) => row.eventId)).toEqual(['last-one']);
    });
  });

  describe('dispatch', () => {
    it.runIf(factory.name === 'sqlite')(
      'SQLite decides before taking the write lock, and leaves a row another dispatcher wrote meanwhile',
      async () => {
        const t = await create();
        await t.store.ingest(entry({ eventId: 'raced' }));
        await t.store.ingest(entry({ eventId: 'mine' }));
        // A second connection holds the write lock while the rows are decided: deciding doesn't need it. It also
        // dispatches the first row, as another process's dispatcher would, before this one writes.
        const other = new Database(t.location);
        other.exec('BEGIN IMMEDIATE');
        const result = await t.store.dispatchInbox(10, T0 + 100, (row) => {
          if (row.eventId === 'raced') {
            other
              .prepare(`UPDATE inbox SET status = 'dispatched', dispatched_at = ? WHERE seq = ?`)
              .run(T0 + 50, row.seq);
            other.exec('COMMIT');
          }
          return decideWith(['welcome'])(row);
        });
        other.close();
        expect(result.dispatched).toBe(1);
        expect(result.runs.map((run) => run.id)).toEqual(['welcome:mine']);
        expect(await t.store.getEvent('raced')).toBeNull();
        expect(await t.store.getRun('welcome:raced')).toBeNull();
        const rows = await t.store.listInbox({});
        expect(Object.fromEntries(rows.map((row) => [row.eventId, row.dispatchedAt]))).toEqual({
          raced: T0 + 50,
          mine: T0 + 100,
        });
      },
    );

    it('turns pending rows into events and runs, and marks them dispatched', async () => {
      const { store } = await create();
      await store.ingest(entry({ eventId: 'd-1' }));
      await store.ingest(entry({ eventId: 'd-2' }));
      let woken = 0;
      store.onRunsReady(() => {
        woken++;
      });
      const decided: number[] = [];
      const result = await store.dispatchInbox(10, T0 + 100, (row) => {
        decided.push(row.seq);
        return decideWith(['welcome', 'crm'])(row);
      });
      expect(result.dispatched).toBe(2);
      expect(result.quarantined).toBe(0);
      expect(result.runs.map((run) => run.id).sort()).toEqual([
        'crm:d-1',
        'crm:d-2',
        'welcome:d-1',
        'welcome:d-2',
      ]);
      expect(decided).toEqual([...decided].sort((a, b) => a - b));
      expect(woken).toBeGreaterThanOrEqual(1);

      const rows = await store.listInbox({});
      expect(rows.every((row) => row.status === 'dispatched' && row.dispatchedAt === T0 + 100)).toBe(true);
      const event = await store.getEvent('d-1');
      expect(event).toEqual(eventFor(rows.find((row) => row.eventId === 'd-1') as InboxRecord));
      const run = await store.getRun('welcome:d-1');
      expect(run).toMatchObject({
        workflowId: 'welcome',
        eventId: 'd-1',
        status: 'queued',
        attempt: 0,
        leaseEpoch: 0,
        createdAt: T0 + 100,
      });
      expect(await store.dispatchInbox(10, T0 + 200, decideWith(['welcome']))).toEqual({
        dispatched: 0,
        quarantined: 0,
        runs: [],
      });
      expect((await store.queueDepth()).inboxPending).toBe(0);
    });

    it('creates one run per workflow and event, even when the event arrives twice', async () => {
      const { store } = await create();
      await store.ingest(entry({ eventId: 'twice', connectionId: 'a' }));
      await store.ingest(entry({ eventId: 'twice', connectionId: 'b' }));
      const result = await store.dispatchInbox(10, T0, (row) => ({
        kind: 'event',
        event: eventFor(row),
        // A different run id, same workflow and event: the (workflow, event) unique index still holds.
        runs: [newRun({ id: `welcome:${row.connectionId}`, workflowId: 'welcome', eventId: row.eventId })],
      }));
      expect(result.dispatched).toBe(2);
      expect(result.runs).toHaveLength(1);
      expect(await store.listRuns({ eventId: 'twice' })).toHaveLength(1);
    });

    it('quarantines rows whose decision is quarantine, throws, or cannot be stored', async () => {
      const { store } = await create();
      for (const id of ['q-parse', 'q-throw', 'q-invalid', 'q-ok'])
        await store.ingest(entry({ eventId: id }));
      const result = await store.dispatchInbox(10, T0, (row) => {
        if (row.eventId === 'q-parse') return { kind: 'quarantine', reason: 'unknown event version' };
        if (row.eventId === 'q-throw') throw new Error('mirror update failed');
        if (row.eventId === 'q-invalid')
          return { kind: 'event', event: eventFor(row, { name: '' }), runs: [] };
        return decideWith(['welcome'])(row);
      });
      expect(result).toMatchObject({ dispatched: 1, quarantined: 3 });
      const reasons = Object.fromEntries(
        (await store.listInbox({ status: 'quarantined' })).map((row) => [row.eventId, row.quarantineReason]),
      );
      expect(reasons['q-parse']).toBe('unknown event version');
      expect(reasons['q-throw']).toBe('dispatch failed: mirror update failed');
      expect(reasons['q-invalid']).toMatch(/^invalid dispatch decision: event name/);
      expect(await store.getRun('welcome:q-ok')).not.toBeNull();
    });

    it('quarantines alone a row the database refuses, and dispatches the rest', async () => {
      const t = await create();
      if (t.name === 'sqlite') {
        await t.raw(`CREATE TRIGGER refuse_event BEFORE INSERT ON events WHEN NEW.name = 'REFUSED'
          BEGIN SELECT RAISE(ABORT, 'refused by a test trigger'); END`);
      } else {
        await t.raw(`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.name = 'REFUSED' THEN RAISE EXCEPTION 'refused by a test trigger'; END IF; RETURN NEW; END $$`);
        await t.raw(
          'CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event()',
        );
      }
      for (const id of ['ok-1', 'bad', 'ok-2']) await t.store.ingest(entry({ eventId: id }));
      const result = await t.store.dispatchInbox(10, T0, (row) => ({
        kind: 'event',
        event: eventFor(row, row.eventId === 'bad' ? { name: 'REFUSED' } : {}),
        runs: [newRun({ id: `welcome:${row.eventId}`, eventId: row.eventId })],
      }));
      expect(result.dispatched).toBe(2);
      expect(result.quarantined).toBe(1);
      expect(result.runs.map((run) => run.id).sort()).toEqual(['welcome:ok-1', 'welcome:ok-2']);
      const [bad] = await t.store.listInbox({ status: 'quarantined' });
      expect(bad?.eventId).toBe('bad');
      expect(bad?.quarantineReason).toMatch(
        /^store refused the dispatch decision: .*refused by a test trigger/,
      );
      expect(await t.store.getEvent('bad')).toBeNull();
      expect(await t.store.getRun('welcome:bad')).toBeNull();
      expect(await t.store.getEvent('ok-2')).not.toBeNull();
    });

    it('stores events whose strings hold NUL characters instead of stalling', async () => {
      const { store } = await create();
      await store.ingest(entry({ eventId: 'nul' }));
      const result = await store.dispatchInbox(10, T0, (row) => ({
        kind: 'event',
        event: eventFor(row, { normalized: { note: 'a\u0000b' }, payload: { text: 'x\u0000y' } }),
        runs: [],
      }));
      expect(result.dispatched).toBe(1);
      const event = await store.getEvent('nul');
      expect(String(event?.normalized['note'])).toMatch(/^a.b$/);
    });

    it('re-queues quarantined or dispatched rows for another dispatch', async () => {
      const { store } = await create();
      await store.ingest(entry({ eventId: 'rq' }));
      await store.dispatchInbox(10, T0, () => ({ kind: 'quarantine', reason: 'parser bug' }));
      const [row] = await store.listInbox({});
      expect(await store.requeueInbox(row?.seq ?? 0)).toBe(true);
      expect(await store.getInbox(row?.seq ?? 0)).toMatchObject({
        status: 'pending',
        quarantineReason: null,
      });
      expect(await store.requeueInbox(row?.seq ?? 0)).toBe(false);
      expect(await store.requeueInbox(123_456)).toBe(false);
      const result = await store.dispatchInbox(10, T0, decideWith(['welcome']));
      expect(result.dispatched).toBe(1);
      expect(await store.requeueInbox(row?.seq ?? 0)).toBe(true);
      // Dispatching again adds nothing that exists already.
      expect((await store.dispatchInbox(10, T0, decideWith(['welcome']))).runs).toEqual([]);
    });

    it('honours the limit and dispatches in arrival order', async () => {
      const { store } = await create();
      for (let i = 0; i < 5; i++) await store.ingest(entry({ eventId: `o-${i}` }));
      const order: string[] = [];
      const decide = (row: InboxRecord) => {
        order.push(row.eventId);
        return decideWith([])(row);
      };
      expect((await store.dispatchInbox(3, T0, decide)).dispatched).toBe(3);
      expect((await store.dispatchInbox(3, T0, decide)).dispatched).toBe(2);
      expect(order).toEqual(['o-0', 'o-1', 'o-2', 'o-3', 'o-4']);
    });

    it('never lets two concurrent dispatchers take the same row', async () => {
      const t = await create();
      const stores = [t.store, t.reopen(), t.reopen()];
      await Promise.all(Array.from({ length: 120 }, (_, i) => t.store.ingest(entry({ eventId: `c-${i}` }))));
      const decisions = new Map<number, number>();
      const decide = (row: InboxRecord) => {
        decisions.set(row.seq, (decisions.get(row.seq) ?? 0) + 1);
        return decideWith(['welcome'])(row);
      };
      let dispatched = 0;
      let runs = 0;
      for (;;) {
        const results = await Promise.all(stores.map((s) => s.dispatchInbox(7, T0, decide)));
        const round = results.reduce((sum, r) => sum + r.dispatched, 0);
        dispatched += round;
        runs += results.reduce((sum, r) => sum + r.runs.length, 0);
        if (round === 0) break;
      }
      expect(dispatched).toBe(120);
      expect(runs).toBe(120);
      expect(decisions.size).toBe(120);
      expect([...decisions.values()].every((n) => n === 1)).toBe(true);
    });
  });

  describe('events', () => {
    it('lists events by name, connection, buyer and transaction, newest first, with keyset pages', async () => {
      const { store } = await create();
      const rows: InboxRecord[] = [];
      for (let i = 0; i < 4; i++) {
        await store.ingest(
          entry({ eventId: `e-${i}`, receivedAt: T0 + i, connectionId: i === 3 ? 'br' : 'main' }),
        );
      }
      await store.dispatchInbox(10, T0, (row) => {
        rows.push(row);
        const i = Number(row.eventId.slice(2));
        return {
          kind: 'event',
          event: eventFor(row, {
            name: i % 2 ? 'PURCHASE_REFUNDED' : 'PURCHASE_APPROVED',
            buyerEmail: i === 2 ? 'bia@example.com' : 'ana@example.com',
          }),
          runs: [],
        };
      });
      const ids = (list: EventRecord[]) => list.map((event) => event.id);
      expect(ids(await store.listEvents({}))).toEqual(['e-3', 'e-2', 'e-1', 'e-0']);
      expect(ids(await store.listEvents({ name: 'PURCHASE_REFUNDED' }))).toEqual(['e-3', 'e-1']);
      expect(
        ids(await store.listEvents({ name: ['PURCHASE_REFUNDED', 'PURCHASE_APPROVED'], limit: 3 })),
      ).toEqual(['e-3', 'e-2', 'e-1']);
      expect(ids(await store.listEvents({ connectionId: 'br' }))).toEqual(['e-3']);
      expect(ids(await store.listEvents({ buyerEmail: 'bia@example.com' }))).toEqual(['e-2']);
      expect(ids(await store.listEvents({ transaction: 'HP-e-0' }))).toEqual(['e-0']);
      expect(ids(await store.listEvents({ before: { receivedAt: T0 + 2, id: 'e-2' } }))).toEqual([
        'e-1',
        'e-0',
      ]);
      expect(await store.getEvent('missing')).toBeNull();
    });

    it('inserts synthetic events with their runs once', async () => {
      const { store } = await create();
      const row = { seq: 0, ...entry({ eventId: 'synthetic' }) } as InboxRecord;
      const event = eventFor(row, { reconciled: true, productId: 42 as never });
      const runs = [newRun({ id: 'welcome:synthetic', eventId: 'synthetic' })];
      expect(await store.insertEvent(event, runs)).toBe(true);
      expect(await store.insertEvent(event, [newRun({ id: 'crm:synthetic', eventId: 'synthetic' })])).toBe(
        false,
      );
      expect(await store.getEvent('synthetic')).toEqual({ ...event, productId: '42' });
      expect((await store.listRuns({ eventId: 'synthetic' })).map((run) => run.id)).toEqual([
        'welcome:synthetic',
      ]);
    });
  });

  describe('runs', () => {
    it('creates runs idempotently and returns only the new ids', async () => {
      const { store } = await create();
      const runs = [
        newRun({ id: 'r-1', eventId: 'ev' }),
        newRun({ id: 'r-2' }),
        newRun({ id: 'r-1-bis', eventId: 'ev' }), // same (workflow, event) as r-1
      ];
      expect(await store.createRuns(runs, T0)).toEqual(['r-1', 'r-2']);
      expect(await store.createRuns(runs, T0 + 1)).toEqual([]);
      expect(
        await store.createRuns([newRun({ id: 'crm:ev', workflowId: 'crm', eventId: 'ev' })], T0),
      ).toEqual(['crm:ev']);
      expect(await store.getRun('r-2')).toEqual({
        ...runs[1],
        status: 'queued',
        attempt: 0,
        leaseEpoch: 0,
        leaseOwner: null,
        leaseExpiresAt: null,
        output: null,
        error: null,
        createdAt: T0,
        updatedAt: T0,
        startedAt: null,
        finishedAt: null,
      });
      await expect(store.createRuns([newRun({ id: 'bad', maxAttempts: 0 })], T0)).rejects.toMatchObject({
        code: 'invalid',
      });
      expect(await store.getRun('bad')).toBeNull();
    });

    it('lists runs by status, workflow and event with keyset pages', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'a', workflowId: 'w1', eventId: 'e1' })], T0);
      await store.createRuns([newRun({ id: 'b', workflowId: 'w2' })], T0 + 1);
      await store.createRuns([newRun({ id: 'c', workflowId: 'w1' })], T0 + 2);
      const claimed = await claimOne(store, T0 + 10);
      await store.completeRun(leaseOf(claimed), null, T0 + 11);
      const ids = (runs: RunRecord[]) => runs.map((run) => run.id);
      expect(ids(await store.listRuns({}))).toEqual(['c', 'b', 'a']);
      expect(ids(await store.listRuns({ status: 'queued' }))).toEqual(['c', 'b']);
      expect(ids(await store.listRuns({ status: ['completed', 'dead'] }))).toEqual(['a']);
      expect(ids(await store.listRuns({ workflowId: 'w1' }))).toEqual(['c', 'a']);
      expect(ids(await store.listRuns({ eventId: 'e1' }))).toEqual(['a']);
      expect(ids(await store.listRuns({ limit: 1, before: { createdAt: T0 + 2, id: 'c' } }))).toEqual(['b']);
    });

    it('reports the earliest due time of queued and sleeping runs', async () => {
      const { store } = await create();
      expect(await store.nextDueAt()).toBeNull();
      await store.createRuns(
        [newRun({ id: 'late', dueAt: T0 + 5000 }), newRun({ id: 'soon', dueAt: T0 + 100 })],
        T0,
      );
      expect(await store.nextDueAt()).toBe(T0 + 100);
      const run = await claimOne(store, T0 + 100);
      expect(await store.nextDueAt()).toBe(T0 + 5000);
      await store.sleepRun(leaseOf(run), T0 + 2000, T0 + 101);
      expect(await store.nextDueAt()).toBe(T0 + 2000);
    });
  });

  describe('claims', () => {
    it('claims due runs only, oldest first, under a lease', async () => {
      const { store } = await create();
      await store.createRuns(
        [
          newRun({ id: 'b', dueAt: T0 + 20 }),
          newRun({ id: 'a', dueAt: T0 + 10 }),
          newRun({ id: 'z', dueAt: T0 + 99 }),
        ],
        T0,
      );
      const claimed = await store.claimRuns({ owner: 'w1', limit: 10, leaseMs: 1000, now: T0 + 50 });
      expect(claimed.map((run) => run.id)).toEqual(['a', 'b']);
      expect(claimed[0]).toMatchObject({
        status: 'running',
        leaseOwner: 'w1',
        leaseExpiresAt: T0 + 1050,
        leaseEpoch: 1,
        startedAt: T0 + 50,
        updatedAt: T0 + 50,
      });
      expect(await store.getRun('a')).toEqual(claimed[0]);
      expect(await store.claimRuns({ owner: 'w2', limit: 10, leaseMs: 1000, now: T0 + 60 })).toEqual([]);
      expect(await store.claimRuns({ owner: 'w2', limit: 0, leaseMs: 1000, now: T0 + 100 })).toEqual([]);
      expect(
        (await store.claimRuns({ owner: 'w2', limit: 5, leaseMs: 1000, now: T0 + 100 })).map((r) => r.id),
      ).toEqual(['z']);
      expect((await store.queueDepth()).runsRunning).toBe(3);
    });

    it('reclaims a run whose lease expired, with a new epoch', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'r' })], T0);
      const first = await claimOne(store, T0, 'w1', 1000);
      expect(await store.claimRuns({ owner: 'w2', limit: 1, leaseMs: 1000, now: T0 + 999 })).toEqual([]);
      const second = await claimOne(store, T0 + 1000, 'w2', 1000);
      expect(second).toMatchObject({
        id: 'r',
        leaseOwner: 'w2',
        leaseEpoch: first.leaseEpoch + 1,
        startedAt: T0,
      });
    });

    it('hands out one run per concurrency key, oldest due first, and none while the key is busy', async () => {
      const { store } = await create();
      await store.createRuns(
        [
          newRun({ id: 'k1-new', concurrencyKey: 'ana', dueAt: T0 + 2 }),
          newRun({ id: 'k1-old', concurrencyKey: 'ana', dueAt: T0 + 1 }),
          newRun({ id: 'k2', concurrencyKey: 'bia', dueAt: T0 + 3 }),
          newRun({ id: 'free-1', dueAt: T0 + 4 }),
          newRun({ id: 'free-2', dueAt: T0 + 4 }),
        ],
        T0,
      );
      const first = await store.claimRuns({ owner: 'w', limit: 10, leaseMs: 1000, now: T0 + 10 });
      expect(first.map((run) => run.id)).toEqual(['k1-old', 'k2', 'free-1', 'free-2']);
      // The key is busy under a live lease.
      expect(await store.claimRuns({ owner: 'w', limit: 10, leaseMs: 1000, now: T0 + 20 })).toEqual([]);
      const old = first[0] as RunRecord;
      expect(await store.completeRun(leaseOf(old), 'done', T0 + 30)).toBe(true);
      expect(
        (await store.claimRuns({ owner: 'w', limit: 10, leaseMs: 1000, now: T0 + 40 })).map((r) => r.id),
      ).toEqual(['k1-new']);
    });

    it('gives an expired key holder back before newer runs of its key', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'held', concurrencyKey: 'k', dueAt: T0 })], T0);
      await claimOne(store, T0, 'crashed', 100);
      await store.createRuns([newRun({ id: 'newer', concurrencyKey: 'k', dueAt: T0 + 50 })], T0 + 50);
      expect(await store.claimRuns({ owner: 'w', limit: 10, leaseMs: 100, now: T0 + 60 })).toEqual([]);
      const [reclaimed, ...rest] = await store.claimRuns({
        owner: 'w',
        limit: 10,
        leaseMs: 100,
        now: T0 + 100,
      });
      expect(reclaimed?.id).toBe('held');
      expect(rest).toEqual([]);
    });

    it('claims only the workflows asked for, without jumping a key queue', async () => {
      const { store } = await create();
      await store.createRuns(
        [
          newRun({ id: 'mine', workflowId: 'known' }),
          newRun({ id: 'theirs', workflowId: 'unknown' }),
          newRun({ id: 'head', workflowId: 'unknown', concurrencyKey: 'k', dueAt: T0 }),
          newRun({ id: 'tail', workflowId: 'known', concurrencyKey: 'k', dueAt: T0 + 1 }),
        ],
        T0,
      );
      const claimed = await store.claimRuns({
        owner: 'w',
        limit: 10,
        leaseMs: 1000,
        now: T0 + 5,
        workflowIds: ['known'],
      });
      expect(claimed.map((run) => run.id)).toEqual(['mine']);
      expect(
        await store.claimRuns({ owner: 'w', limit: 10, leaseMs: 1000, now: T0 + 5, workflowIds: [] }),
      ).toEqual([]);
    });

    it('never gives one run or one key to two concurrent claimers', async () => {
      const t = await create();
      const claimers = [t.store, t.reopen(), t.reopen(), t.reopen()];
      const runs: NewRun[] = [];
      for (let i = 0; i < 40; i++) {
        runs.push(newRun({ id: `c-${i}`, concurrencyKey: i < 30 ? `key-${i % 6}` : null, dueAt: T0 + i }));
      }
      await t.store.createRuns(runs, T0);
      const claimed = (
        await Promise.all(
          claimers.flatMap((store, i) =>
            [0, 1, 2].map(() =>
              store.claimRuns({ owner: `w${i}`, limit: 4, leaseMs: 60_000, now: T0 + 100 }),
            ),
          ),
        )
      ).flat();
      const ids = claimed.map((run) => run.id);
      expect(new Set(ids).size).toBe(ids.length);
      const keys = claimed.flatMap((run) => (run.concurrencyKey ? [run.concurrencyKey] : []));
      expect(new Set(keys).size).toBe(keys.length);
      // Every key gives its oldest run; every unkeyed run is taken (12 claims × 4 ≥ 16 eligible).
      expect(keys.sort()).toEqual(['key-0', 'key-1', 'key-2', 'key-3', 'key-4', 'key-5']);
      expect(claimed.filter((run) => run.concurrencyKey).every((run) => Number(run.id.slice(2)) < 6)).toBe(
        true,
      );
      expect(ids.filter((id) => Number(id.slice(2)) >= 30)).toHaveLength(10);
    });

    it('wakes run listeners when runs become claimable or free a key, not on heartbeats', async () => {
      const { store } = await create();
      let wakes = 0;
      const off = store.onRunsReady(() => {
        wakes++;
      });
      const expectWake = async (label: string, action: () => Promise<unknown>, woken = true) => {
        const before = wakes;
        await action();
        expect([label, wakes > before]).toEqual([label, woken]);
      };
      await expectWake('createRuns', () => store.createRuns([newRun({ id: 'a' }), newRun({ id: 'b' })], T0));
      await expectWake('createRuns (nothing new)', () => store.createRuns([newRun({ id: 'a' })], T0), false);
      const [a, b] = await store.claimRuns({ owner: 'w', limit: 2, leaseMs: 1000, now: T0 });
      await expectWake('heartbeat', () => store.heartbeat(leaseOf(a as RunRecord), T0 + 5000), false);
      await expectWake('failRun', () =>
        store.failRun(leaseOf(a as RunRecord), { name: 'E', message: 'x' }, T0, T0),
      );
      await expectWake('completeRun', () => store.completeRun(leaseOf(b as RunRecord), null, T0));
      const again = await claimOne(store, T0);
      await expectWake('releaseRun', () => store.releaseRun(leaseOf(again), T0));
      await expectWake('cancelRun', () => store.cancelRun('a', T0));
      await expectWake('replayRun', () => store.replayRun('a', 'whole', T0));
      await expectWake('stale write', () => store.completeRun(leaseOf(again), null, T0), false);
      off();
      await expectWake('after unsubscribe', () => store.createRuns([newRun({ id: 'c' })], T0), false);
    });

    it('extends a live lease and refuses a stale one', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'hb' })], T0);
      const run = await claimOne(store, T0, 'w1', 1000);
      expect(await store.heartbeat(leaseOf(run), T0 + 5000)).toBe(true);
      expect((await store.getRun('hb'))?.leaseExpiresAt).toBe(T0 + 5000);
      expect(await store.claimRuns({ owner: 'w2', limit: 1, leaseMs: 1000, now: T0 + 2000 })).toEqual([]);
      const taken = await claimOne(store, T0 + 5000, 'w2', 1000);
      expect(await store.heartbeat(leaseOf(run), T0 + 9000)).toBe(false);
      expect((await store.getRun('hb'))?.leaseExpiresAt).toBe(T0 + 6000);
      expect(await store.heartbeat(leaseOf(taken), T0 + 9000)).toBe(true);
    });
  });

  describe('fencing', () => {
    const staleWrites = (store: Store, lease: Lease) => ({
      saveStep: () => store.saveStep(lease, step(lease.runId, 'late-step')),
      completeRun: () => store.completeRun(lease, 'late', T0 + 9),
      failRun: () => store.failRun(lease, { name: 'Error', message: 'late' }, T0 + 99, T0 + 9),
      dieRun: () => store.failRun(lease, { name: 'Error', message: 'late' }, null, T0 + 9),
      sleepRun: () => store.sleepRun(lease, T0 + 99, T0 + 9),
      releaseRun: () => store.releaseRun(lease, T0 + 9),
      heartbeat: () => store.heartbeat(lease, T0 + 99),
    });

    for (const moveOn of ['reclaim', 'cancel', 'replay'] as const) {
      it(`refuses every write of a stale attempt after a ${moveOn}`, async () => {
        const { store } = await create();
        await store.createRuns([newRun({ id: 'f' })], T0);
        const stale = await claimOne(store, T0, 'w1', 100);
        if (moveOn === 'reclaim') await claimOne(store, T0 + 100, 'w2', 100_000);
        if (moveOn === 'cancel') expect(await store.cancelRun('f', T0 + 1)).toBe(true);
        if (moveOn === 'replay') expect(await store.replayRun('f', 'whole', T0 + 1)).toBe(true);
        const before = await store.getRun('f');
        expect(before?.leaseEpoch).toBe(stale.leaseEpoch + 1);
        for (const [name, write] of Object.entries(staleWrites(store, leaseOf(stale)))) {
          expect([name, await write()]).toEqual([name, false]);
        }
        expect(await store.getRun('f')).toEqual(before);
        expect(await store.getSteps('f')).toEqual([]);
      });
    }
  });

  describe('concurrent worker writes', () => {
    it('answers every write of one turn on its own: a stale lease refuses only its own write', async () => {
      const { store } = await create();
      const ids = Array.from({ length: 12 }, (_, i) => `c${i}`);
      await store.createRuns(
        ids.map((id) => newRun({ id })),
        T0,
      );
      const runs = await store.claimRuns({ owner: 'w1', limit: ids.length - 1, leaseMs: 100_000, now: T0 });
      expect(runs).toHaveLength(ids.length - 1);
      // The last run's lease expires and another worker takes it: its first worker is stale.
      const stale = await claimOne(store, T0, 'w1', 100);
      const [retaken] = await store.claimRuns({ owner: 'w2', limit: 1, leaseMs: 100_000, now: T0 + 100 });
      expect(retaken?.id).toBe(stale.id);

      // All in one turn: steps, heartbeats, completions, a sleep and the stale attempt's writes.
      const results = await Promise.all([
        ...runs.slice(0, 10).map((run) => store.saveStep(leaseOf(run), step(run.id, 'a'))),
        store.setState('turn', { n: 1 }, T0 + 1),
        store.heartbeat(leaseOf(runs[0] as RunRecord), T0 + 50_000),
        store.saveStep(leaseOf(stale), step(stale.id, 'late')),
        store.completeRun(leaseOf(stale), 'late', T0 + 2),
      ]);
      expect(results).toEqual([...Array.from({ length: 10 }, () => true), undefined, true, false, false]);
      const done = await Promise.all([
        ...runs.slice(0, 9).map((run) => store.completeRun(leaseOf(run), { id: run.id }, T0 + 3)),
        store.sleepRun(leaseOf(runs[9] as RunRecord), T0 + 60_000, T0 + 3),
      ]);
      expect(done).toEqual(Array.from({ length: 10 }, () => true));

      for (const run of runs.slice(0, 9)) {
        expect(await store.getRun(run.id)).toMatchObject({ status: 'completed', output: { id: run.id } });
        expect((await store.getSteps(run.id)).map((s) => s.stepId)).toEqual(['a']);
      }
      expect(await store.getRun((runs[9] as RunRecord).id)).toMatchObject({
        status: 'sleeping',
        dueAt: T0 + 60_000,
      });
      expect(await store.getRun(stale.id)).toMatchObject({ status: 'running', leaseOwner: 'w2' });
      expect(await store.getSteps(stale.id)).toEqual([]);
      expect(await store.getState('turn')).toEqual({ n: 1 });
    });
  });

  describe('steps', () => {
    it('stores each step once, fenced by the lease', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 's' })], T0);
      const run = await claimOne(store);
      const lease = leaseOf(run);
      const first = step('s', 'crm-upsert');
      expect(await store.saveStep(lease, first)).toBe(true);
      expect(await store.saveStep(lease, { ...first, output: 'other' })).toBe(true);
      expect(
        await store.saveStep(lease, { ...first, status: 'failed', error: { name: 'E', message: 'x' } }),
      ).toBe(false);
      expect(await store.getSteps('s')).toEqual([first]);
      await expect(store.saveStep(lease, step('other-run', 'x'))).rejects.toMatchObject({ code: 'invalid' });
      await expect(store.saveStep(lease, { ...first, status: 'done' as never })).rejects.toMatchObject({
        code: 'invalid',
      });
    });

    it("stores a step's output from the JSON text the writer gives, and reads it back as the value", async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 's-json' })], T0);
      const lease = leaseOf(await claimOne(store));
      const output = { row: 7, note: 'ação\u0000' };
      const given = step('s-json', 'sheet-keys@1', { output, outputJson: JSON.stringify(output) });
      expect(await store.saveStep(lease, given)).toBe(true);
      const [stored] = await store.getSteps('s-json');
      expect(stored?.outputJson).toBeUndefined();
      // PostgreSQL can't hold NUL in jsonb: it becomes U+FFFD there, as for a value serialised by the store.
      expect([output, { row: 7, note: 'ação\uFFFD' }]).toContainEqual(stored?.output);
      await expect(
        store.saveStep(lease, step('s-json', 'bad', { outputJson: 42 as never })),
      ).rejects.toMatchObject({ code: 'invalid' });
    });

    it('lets the live attempt replace a failed or sleeping step, never a completed one', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 's2' })], T0);
      const attempt1 = await claimOne(store, T0, 'w', 1000);
      const failed = step('s2', 'charge', {
        status: 'failed',
        output: null,
        error: { name: 'HttpError', message: '503' },
      });
      expect(await store.saveStep(leaseOf(attempt1), failed)).toBe(true);
      expect(
        await store.failRun(leaseOf(attempt1), { name: 'HttpError', message: '503' }, T0 + 10, T0 + 1),
      ).toBe(true);
      const attempt2 = await claimOne(store, T0 + 10);
      const retried = step('s2', 'charge', { attempt: 1, output: { charged: true }, durationMs: 1.5 });
      expect(await store.saveStep(leaseOf(attempt2), retried)).toBe(true);
      const sleeping = step('s2', 'wait', {
        status: 'sleeping',
        output: null,
        wakeAt: T0 + 500,
        finishedAt: null,
      });
      expect(await store.saveStep(leaseOf(attempt2), sleeping)).toBe(true);
      const woke = step('s2', 'wait', {
        wakeAt: T0 + 500,
        output: null,
        startedAt: T0,
        finishedAt: T0 + 500,
      });
      expect(await store.saveStep(leaseOf(attempt2), woke)).toBe(true);
      expect(await store.saveStep(leaseOf(attempt2), { ...retried, status: 'failed' })).toBe(false);
      const steps = await store.getSteps('s2');
      expect(steps.find((s) => s.stepId === 'charge')).toEqual(retried);
      expect(steps.find((s) => s.stepId === 'wait')).toEqual(woke);
    });
  });

  describe('run transitions', () => {
    it('completes a run', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'c' })], T0);
      const run = await claimOne(store);
      expect(await store.completeRun(leaseOf(run), { sent: 2 }, T0 + 50)).toBe(true);
      expect(await store.getRun('c')).toMatchObject({
        status: 'completed',
        output: { sent: 2 },
        finishedAt: T0 + 50,
        updatedAt: T0 + 50,
        leaseOwner: null,
        leaseExpiresAt: null,
        attempt: 0,
      });
      expect(await store.completeRun(leaseOf(run), 'again', T0 + 60)).toBe(false);
    });

    it('schedules a retry, or marks the run dead', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'f' })], T0);
      const error = { name: 'HttpError', message: 'HubSpot answered 503', code: 'HTTP_503' };
      const run = await claimOne(store);
      expect(await store.failRun(leaseOf(run), error, T0 + 1000, T0 + 5)).toBe(true);
      expect(await store.getRun('f')).toMatchObject({
        status: 'queued',
        attempt: 1,
        dueAt: T0 + 1000,
        error,
        leaseOwner: null,
        finishedAt: null,
      });
      expect(await store.claimRuns({ owner: 'w', limit: 1, leaseMs: 100, now: T0 + 999 })).toEqual([]);
      const again = await claimOne(store, T0 + 1000);
      expect(await store.failRun(leaseOf(again), error, null, T0 + 1001)).toBe(true);
      expect(await store.getRun('f')).toMatchObject({ status: 'dead', attempt: 2, finishedAt: T0 + 1001 });
      expect((await store.queueDepth()).runsDead).toBe(1);
    });

    it('parks a sleeping run without counting an attempt', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'z' })], T0);
      const run = await claimOne(store);
      expect(await store.sleepRun(leaseOf(run), T0 + 3600_000, T0 + 1)).toBe(true);
      expect(await store.getRun('z')).toMatchObject({ status: 'sleeping', dueAt: T0 + 3600_000, attempt: 0 });
      expect((await store.queueDepth()).runsSleeping).toBe(1);
      expect(await store.claimRuns({ owner: 'w', limit: 1, leaseMs: 100, now: T0 + 3599_999 })).toEqual([]);
      expect((await claimOne(store, T0 + 3600_000)).leaseEpoch).toBe(run.leaseEpoch + 1);
    });

    it('releases a claimed run unchanged', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'rel', dueAt: T0 - 5000 })], T0);
      const run = await claimOne(store, T0);
      expect(await store.releaseRun(leaseOf(run), T0 + 7)).toBe(true);
      expect(await store.getRun('rel')).toMatchObject({
        status: 'queued',
        dueAt: T0 + 7,
        attempt: 0,
        leaseOwner: null,
      });
      expect((await claimOne(store, T0 + 7)).id).toBe('rel');
    });

    it('cancels open runs only', async () => {
      const { store } = await create();
      await store.createRuns(
        ['q', 'r', 's', 'd', 'c'].map((id) => newRun({ id, dueAt: id === 'q' ? T0 + 1000 : T0 })),
        T0,
      );
      const claimed = await store.claimRuns({ owner: 'w', limit: 4, leaseMs: 1000, now: T0 });
      const byId = Object.fromEntries(claimed.map((run) => [run.id, run]));
      await store.sleepRun(leaseOf(byId['s'] as RunRecord), T0 + 999, T0);
      await store.failRun(leaseOf(byId['d'] as RunRecord), { name: 'E', message: 'x' }, null, T0);
      await store.completeRun(leaseOf(byId['c'] as RunRecord), null, T0);
      for (const id of ['q', 'r', 's', 'd']) {
        const before = await store.getRun(id);
        expect([id, await store.cancelRun(id, T0 + 1)]).toEqual([id, true]);
        expect(await store.getRun(id)).toMatchObject({
          status: 'cancelled',
          leaseEpoch: (before?.leaseEpoch ?? 0) + 1,
          finishedAt: T0 + 1,
        });
      }
      expect(await store.cancelRun('c', T0 + 1)).toBe(false);
      expect(await store.cancelRun('q', T0 + 1)).toBe(false);
      expect(await store.cancelRun('missing', T0 + 1)).toBe(false);
    });

    it('replays a run whole, or from the step that failed', async () => {
      const { store } = await create();
      await store.createRuns([newRun({ id: 'w' }), newRun({ id: 'f' })], T0);
      for (const id of ['f', 'w']) {
        const run = await claimOne(store, T0);
        expect(run.id).toBe(id);
        const lease = leaseOf(run);
        await store.saveStep(lease, step(id, 'one'));
        await store.saveStep(
          lease,
          step(id, 'two', { status: 'failed', output: null, error: { name: 'E', message: 'x' } }),
        );
        await store.failRun(lease, { name: 'E', message: 'x' }, null, T0 + 1);
      }
      expect(await store.replayRun('w', 'whole', T0 + 10)).toBe(true);
      expect(await store.replayRun('f', 'failed', T0 + 10)).toBe(true);
      expect(await store.getSteps('w')).toEqual([]);
      expect((await store.getSteps('f')).map((s) => s.stepId)).toEqual(['one']);
      for (const id of ['w', 'f']) {
        expect(await store.getRun(id)).toMatchObject({
          status: 'queued',
          attempt: 0,
          dueAt: T0 + 10,
          leaseEpoch: 2,
          error: null,
          output: null,
          startedAt: null,
          finishedAt: null,
        });
      }
      expect(await store.replayRun('missing', 'whole', T0)).toBe(false);
      await expect(store.replayRun('w', 'partial' as never, T0)).rejects.toMatchObject({ code: 'invalid' });
    });
  });

  describe('schedules', () => {
    it('creates one run per slot and only moves forward', async () => {
      const { store } = await create();
      const slotRun = (slot: number) =>
        newRun({
          id: `report@${new Date(slot).toISOString()}`,
          workflowId: 'report',
          concurrencyKey: 'cron:report',
        });
      expect(await store.getSchedule('report')).toBeNull();
      expect(await store.recordScheduledRun('report', T0, slotRun(T0), T0 + 1)).toBe(true);
      expect(await store.getSchedule('report')).toEqual({
        workflowId: 'report',
        lastSlot: T0,
        updatedAt: T0 + 1,
      });
      expect(await store.recordScheduledRun('report', T0, slotRun(T0), T0 + 2)).toBe(false);
      expect(await store.recordScheduledRun('report', T0 - 60_000, slotRun(T0 - 60_000), T0 + 2)).toBe(false);
      expect(await store.recordScheduledRun('report', T0 + 60_000, slotRun(T0 + 60_000), T0 + 60_001)).toBe(
        true,
      );
      expect((await store.getSchedule('report'))?.lastSlot).toBe(T0 + 60_000);
      expect((await store.listRuns({ workflowId: 'report' })).map((run) => run.id)).toEqual([
        `report@${new Date(T0 + 60_000).toISOString()}`,
        `report@${new Date(T0).toISOString()}`,
      ]);
    });

    it('gives one run when several processes record the same slot at once', async () => {
      const t = await create();
      const stores = [t.store, t.reopen(), t.reopen(), t.reopen()];
      const run = newRun({ id: 'tick@1', workflowId: 'tick' });
      const results = await Promise.all(
        stores.flatMap((store) => [
          store.recordScheduledRun('tick', T0, run, T0),
          store.recordScheduledRun('tick', T0, run, T0),
        ]),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await t.store.listRuns({ workflowId: 'tick' })).toHaveLength(1);
    });
  });

  describe('audit log', () => {
    it('appends and lists entries newest first', async () => {
      const t = await create();
      const first = await t.store.appendAudit({ actor: 'cli', action: 'run.replay', target: 'r1' }, T0);
      expect(first).toEqual({
        id: first.id,
        at: T0,
        actor: 'cli',
        action: 'run.replay',
        target: 'r1',
        details: null,
      });
      await t.store.appendAudit(
        { actor: 'mcp', action: 'coupon.create', details: { code: 'OFF10' } },
        T0 + 1,
      );
      const third = await t.store.appendAudit({ actor: 'cli', action: 'run.replay', target: 'r2' }, T0 + 2);
      expect((await t.store.listAudit({})).map((e) => e.at)).toEqual([T0 + 2, T0 + 1, T0]);
      expect((await t.store.listAudit({ action: 'coupon.create' }))[0]?.details).toEqual({ code: 'OFF10' });
      expect((await t.store.listAudit({ beforeId: third.id, limit: 1 })).map((e) => e.actor)).toEqual([
        'mcp',
      ]);
      await expect(t.store.appendAudit({ actor: '', action: 'x' }, T0)).rejects.toMatchObject({
        code: 'invalid',
      });
    });

    it('is append-only in the database itself', async () => {
      const t = await create();
      await t.store.appendAudit({ actor: 'cli', action: 'connection.create' }, T0);
      await expect(t.raw(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(t.raw('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
      expect((await t.store.listAudit({}))[0]?.actor).toBe('cli');
    });
  });

  describe('state', () => {
    it('stores small JSON values by key', async () => {
      const { store } = await create();
      expect(await store.getState('sync:sales')).toBeNull();
      await store.setState('sync:sales', { pageToken: 'abc', at: 1 }, T0);
      expect(await store.getState('sync:sales')).toEqual({ pageToken: 'abc', at: 1 });
      await store.setState('sync:sales', 'done', T0 + 1);
      expect(await store.getState<string>('sync:sales')).toBe('done');
      await store.setState('count', 3, T0);
      expect(await store.getState<number>('count')).toBe(3);
      await expect(store.setState('', 1, T0)).rejects.toMatchObject({ code: 'invalid' });
    });

    it('hands a value back as its JSON text, the same text until the value changes', async () => {
      const { store } = await create();
      expect(await store.getStateText('agents:settings')).toBeNull();
      await store.setState('agents:settings', { sales: { enabled: true, minutes: 90 } }, T0);
      const text = await store.getStateText('agents:settings');
      expect(JSON.parse(text ?? 'null')).toEqual({ sales: { enabled: true, minutes: 90 } });
      expect(await store.getStateText('agents:settings')).toBe(text);
      await store.setState('agents:settings', { sales: { enabled: false, minutes: 90 } }, T0 + 1);
      const changed = await store.getStateText('agents:settings');
      expect(changed).not.toBe(text);
      expect(JSON.parse(changed ?? 'null')).toEqual({ sales: { enabled: false, minutes: 90 } });
    });
  });

  describe('retention', () => {
    it('prunes old finished runs, orphan events and dispatched inbox rows, never inside the 7-day dedup window', async () => {
      const { store } = await create();
      const now = T0 + 30 * DAY;
      await store.ingest(entry({ eventId: 'old', receivedAt: now - 10 * DAY }));
      await store.ingest(entry({ eventId: 'recent', receivedAt: now - 2 * DAY }));
      await store.dispatchInbox(10, now - DAY, decideWith([]));
      await store.ingest(entry({ eventId: 'old-pending', receivedAt: now - 20 * DAY }));
      await store.ingest(
        entry({ eventId: 'old-quarantined', receivedAt: now - 20 * DAY, quarantineReason: 'bad' }),
      );
      await store.insertEvent(
        eventFor({ seq: 0, ...entry({ eventId: 'with-run', receivedAt: now - 20 * DAY }) } as InboxRecord),
        [newRun({ id: 'open-run', eventId: 'with-run' })],
      );

      await store.createRuns(
        [newRun({ id: 'done-old' }), newRun({ id: 'done-new' }), newRun({ id: 'dead-old' })],
        T0,
      );
      const claimed = await store.claimRuns({ owner: 'w', limit: 3, leaseMs: 1000, now: T0 });
      for (const run of claimed) {
        await store.saveStep(leaseOf(run), step(run.id, 'only'));
        if (run.id === 'done-old') await store.completeRun(leaseOf(run), null, now - 3 * DAY);
        if (run.id === 'done-new') await store.completeRun(leaseOf(run), null, now - 1000);
        if (run.id === 'dead-old')
          await store.failRun(leaseOf(run), { name: 'E', message: 'x' }, null, now - 9 * DAY);
      }

      const result = await store.prune({ runsMs: DAY, inboxMs: 60_000, eventsMs: 5 * DAY, now });
      expect(result).toEqual({ runs: 1, steps: 1, inbox: 1, events: 1 });
      expect(await store.getRun('done-old')).toBeNull();
      expect(await store.getSteps('done-old')).toEqual([]);
      expect(await store.getRun('done-new')).not.toBeNull();
      expect(await store.getRun('dead-old')).not.toBeNull();
      expect(await store.getEvent('old')).toBeNull();
      expect(await store.getEvent('recent')).not.toBeNull();
      expect(await store.getEvent('with-run')).not.toBeNull();
      expect((await store.listInbox({})).map((row) => row.eventId).sort()).toEqual([
        'old-pending',
        'old-quarantined',
        'recent',
      ]);
      // The deduplication still works for the row kept inside the window.
      expect(await store.ingest(entry({ eventId: 'recent' }))).toBe('duplicate');
      expect(await store.prune({ runsMs: DAY, inboxMs: 0, eventsMs: 5 * DAY, now })).toEqual({
        runs: 0,
        steps: 0,
        inbox: 0,
        events: 0,
      });
      await expect(store.prune({ runsMs: -1, inboxMs: 0, eventsMs: 0, now })).rejects.toMatchObject({
        code: 'invalid',
      });
    });
  });

  describe('queue depth', () => {
    it('counts pending inbox rows and runs by status', async () => {
      const { store } = await create();
      expect(await store.queueDepth()).toEqual({
        inboxPending: 0,
        runsQueued: 0,
        runsRunning: 0,
        runsSleeping: 0,
        runsDead: 0,
      });
      await store.ingest(entry());
      await store.createRuns(
        ['a', 'b', 'c', 'd', 'e'].map((id) => newRun({ id })),
        T0,
      );
      const [a, b, c] = await store.claimRuns({ owner: 'w', limit: 3, leaseMs: 1000, now: T0 });
      await store.sleepRun(leaseOf(a as RunRecord), T0 + 5, T0);
      await store.failRun(leaseOf(b as RunRecord), { name: 'E', message: 'x' }, null, T0);
      expect(c?.status).toBe('running');
      expect(await store.queueDepth()).toEqual({
        inboxPending: 1,
        runsQueued: 2,
        runsRunning: 1,
        runsSleeping: 1,
        runsDead: 1,
      });
    });
  });

  describe('migrations', () => {
    it('migrates a fresh database once', async () => {
      const t = await create({ migrate: false });
      expect(await t.store.schemaVersion()).toEqual({ current: 0, latest: migrations.length });
      expect(await t.store.migrate()).toEqual(migrations.map((m) => m.version));
      expect(await t.store.migrate()).toEqual([]);
      expect(await t.store.schemaVersion()).toEqual({
        current: migrations.length,
        latest: migrations.length,
      });
      const ledger = await t.raw('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(ledger.map((row) => [Number(row['version']), row['name']])).toEqual(
        migrations.map((m) => [m.version, m.name]),
      );
    });

    it('says the schema is missing before migrate()', async () => {
      const t = await create({ migrate: false });
      const error = await t.store.getRun('x').catch((e: unknown) => e);
      if (t.name === 'postgres') expect(error).toMatchObject({ name: 'StoreError', code: 'schema' });
      else expect(error).toBeInstanceOf(Error);
    });

    it('upgrades a version-1 database to the latest without losing data', async () => {
      const t = await create({ migrate: false });
      const box = createSecretBox(TEST_SECRET_KEY);
      const v1 = migrations.slice(0, 1);
      const hottoks = box.seal(['tok-v1'], sealContext.hottoks('main'));
      if (t.name === 'sqlite') {
        const db = new Database(t.location);
        expect(migrateSqlite(db, v1, T0)).toEqual([1]);
        db.prepare(
          `INSERT INTO connections (id, kind, name, hottoks_sealed, settings, created_at, updated_at)
           VALUES ('main', 'hotmart', 'Main', ?, '{}', ?, ?)`,
        ).run(hottoks, T0, T0);
        db.prepare(
          `INSERT INTO inbox (connection_id, event_id, received_at, headers, body, status) VALUES ('main', 'e1', ?, '{}', 'raw', 'pending')`,
        ).run(T0);
        db.prepare(
          `INSERT INTO runs (id, workflow_id, event_id, input, max_attempts, due_at, status, created_at, updated_at)
           VALUES ('w:e1', 'w', 'e1', '{"a":1}', 3, ?, 'queued', ?, ?)`,
        ).run(T0, T0, T0);
        db.close();
      } else {
        const client = await connectTestPostgres(t.location);
        try {
          expect(await migratePostgres(client, { schema: t.location, scope: t.location }, v1, T0)).toEqual([
            1,
          ]);
          await client.query(
            `INSERT INTO connections (id, kind, name, hottoks_sealed, settings, created_at, updated_at)
             VALUES ('main', 'hotmart', 'Main', $1, '{}', $2, $2)`,
            [hottoks, T0],
          );
          await client.query(
            `INSERT INTO inbox (connection_id, event_id, received_at, headers, body, status)
             VALUES ('main', 'e1', $1, '{}', 'raw'::bytea, 'pending')`,
            [T0],
          );
          await client.query(
            `INSERT INTO runs (id, workflow_id, event_id, input, max_attempts, due_at, status, created_at, updated_at)
             VALUES ('w:e1', 'w', 'e1', '{"a":1}', 3, $1, 'queued', $1, $1)`,
            [T0],
          );
        } finally {
          await client.end();
        }
      }
      expect(await t.store.schemaVersion()).toEqual({ current: 1, latest: migrations.length });
      expect(await t.store.migrate()).toEqual(migrations.slice(1).map((m) => m.version));
      expect((await t.store.getConnection('main'))?.hottoks).toEqual(['tok-v1']);
      expect((await t.store.listInbox({}))[0]).toMatchObject({
        eventId: 'e1',
        body: 'raw',
        status: 'pending',
      });
      expect(await t.store.getRun('w:e1')).toMatchObject({ input: { a: 1 }, status: 'queued' });
      const names = [
        'events_buyer_email',
        'runs_claim_order',
        'runs_finished',
        'runs_open_status',
        'runs_status_due',
        'runs_status_finished',
      ];
      const indexes =
        t.name === 'sqlite'
          ? await t.raw(
              `SELECT name FROM sqlite_master WHERE type = 'index'
                 AND name IN (SELECT value FROM json_each(?)) ORDER BY name`,
              [JSON.stringify(names)],
            )
          : await t.raw(
              `SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND indexname = ANY($2) ORDER BY 1`,
              [t.location, names],
            );
      // Migration 6 replaced the two status indexes over every run with partial ones.
      expect(indexes.map((row) => row['name'])).toEqual([
        'events_buyer_email',
        'runs_claim_order',
        'runs_finished',
        'runs_open_status',
      ]);
    });

    it('reads open and finished runs through the partial status indexes', async () => {
      const t = await create();
      // SQLite takes a partial index only when the query repeats its WHERE term, which is what the store's queries
      // do; PostgreSQL proves the implication itself. Either way, no count of the queue walks every run ever made.
      const plans = [
        [`SELECT MIN(due_at) FROM runs WHERE ${OPEN_RUNS} AND status = 'sleeping'`, 'runs_open_status'],
        [`SELECT count(*) FROM runs WHERE ${OPEN_RUNS} AND status = 'running'`, 'runs_open_status'],
        [`SELECT count(*) FROM runs WHERE ${FINISHED_RUNS} AND status = 'dead'`, 'runs_finished'],
      ] as const;
      // An empty table would be read whole by PostgreSQL whatever its indexes: the test session forbids that.
      if (t.name === 'postgres') await t.raw('SET enable_seqscan = off; SET enable_bitmapscan = off');
      for (const [query, index] of plans) {
        const rows = await t.raw(t.name === 'sqlite' ? `EXPLAIN QUERY PLAN ${query}` : `EXPLAIN ${query}`);
        const plan = rows.map((row) => String(row['detail'] ?? row['QUERY PLAN'])).join(' | ');
        expect(plan, query).toContain(index);
      }
    });

    it('refuses a database newer than this build', async () => {
      const t = await create();
      await t.raw(
        `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from-the-future', 0)`,
      );
      await expect(t.store.migrate()).rejects.toMatchObject({
        code: 'schema',
        message: expect.stringMatching(/v99/),
      });
    });

    it('is safe when several processes migrate at once', async () => {
      const t = await create({ migrate: false });
      const stores = [t.store, t.reopen(), t.reopen()];
      const applied = await Promise.all(stores.map((store) => store.migrate()));
      expect(applied.flat().sort()).toEqual(migrations.map((m) => m.version));
      for (const store of stores) {
        expect(await store.schemaVersion()).toEqual({
          current: migrations.length,
          latest: migrations.length,
        });
      }
    });
  });
});
