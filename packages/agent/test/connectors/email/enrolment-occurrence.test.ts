import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailCancelEnrolment } from '../../../src/connectors/email/actions/cancel-enrolment.ts';
import { emailEnrolSequence } from '../../../src/connectors/email/actions/enrol-sequence.ts';
import { emailGetEnrolment } from '../../../src/connectors/email/actions/get-enrolment.ts';
import { emailConnector } from '../../../src/connectors/email/email-connector.ts';
import { defaultSequences } from '../../../src/connectors/email/sequences/default-sequences.ts';
import {
  cancelEnrolment,
  enrol,
  enrolmentRunId,
  getEnrolment,
} from '../../../src/connectors/email/sequences/enrolment.ts';
import { sequenceWorkflow } from '../../../src/connectors/email/sequences/sequence-workflow.ts';
import { closeEmailTransports } from '../../../src/connectors/email/transport-cache.ts';
import { ActionInputError } from '../../../src/connectors/errors.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import type { Store } from '../../../src/store/port.ts';
import { storeFactories, type TestStore } from '../../store/stores.ts';
import { emailConnection, T0, UNSUBSCRIBE_SECRET, waitFor, withEmailConnection } from './support/fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server.ts';

// Enrolment occurrences: one address enrolled in one sequence once per occurrence (a late charge's transaction, a
// cancellation), on SQLite and PostgreSQL, through the functions and the three e-mail actions.

const EMAIL = 'ana@example.com';
const DATA = { buyer: { name: 'Ana Souza' }, product: { id: '42', name: 'Fotografia' } };

let smtp: TestSmtpServer;
let clock: number;
const engines: Engine[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  clock = T0;
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ deadlineMs: 200 });
});

const now = () => clock;

async function startEngine(store: Store): Promise<Engine> {
  const engine = createEngine({
    store,
    workflows: [
      sequenceWorkflow(defaultSequences, {
        store,
        services: { unsubscribeSecret: UNSUBSCRIBE_SECRET, hasPurchased: async () => false },
        now,
      }),
    ],
    now,
    pollMs: 20,
    backoff: { random: () => 0 },
    roles: { dispatch: false, schedule: false },
  });
  engines.push(engine);
  await engine.start();
  return engine;
}

describe.each(storeFactories)('enrolment occurrences ($name)', (factory) => {
  let t: TestStore;
  let store: Store;

  beforeEach(async () => {
    t = await factory.create();
    store = await withEmailConnection(t.store, emailConnection(smtp.port));
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop({ deadlineMs: 200 });
    await t.destroy();
  });

  it('the same occurrence twice is one run; another occurrence is a second enrolment with its own sends', async () => {
    const options = { now: T0, locale: 'pt-BR' as const, sequences: defaultSequences };
    const first = await enrol(store, 'welcome', EMAIL, DATA, { ...options, occurrence: 'HP0001' });
    expect(first.created).toBe(true);
    expect(first.enrolment).toMatchObject({
      id: 'sequence:welcome:ana@example.com:HP0001',
      occurrence: 'HP0001',
      status: 'active',
    });
    const again = await enrol(store, 'welcome', 'ANA@example.com', DATA, {
      ...options,
      occurrence: 'HP0001',
    });
    expect(again).toMatchObject({ created: false, enrolment: { id: first.enrolment.id } });

    const second = await enrol(store, 'welcome', EMAIL, DATA, { ...options, occurrence: 'HP0002' });
    expect(second.created).toBe(true);
    expect(second.enrolment.id).toBe(enrolmentRunId('welcome', EMAIL, 'HP0002'));
    // Without an occurrence: the address's plain enrolment, a third run.
    const plain = await enrol(store, 'welcome', EMAIL, DATA, options);
    expect(plain).toMatchObject({
      created: true,
      enrolment: { id: 'sequence:welcome:ana@example.com', occurrence: null },
    });
    expect((await store.listRuns({ workflowId: 'sequence' })).map((run) => run.id).sort()).toEqual([
      'sequence:welcome:ana@example.com',
      'sequence:welcome:ana@example.com:HP0001',
      'sequence:welcome:ana@example.com:HP0002',
    ]);

    await startEngine(store);
    const mails = await smtp.waitForMessages(3);
    expect(mails.map((mail) => mail.envelope.to)).toEqual([[EMAIL], [EMAIL], [EMAIL]]);
    expect(mails.map((mail) => mail.parsed.messageId).sort()).toEqual([
      '<sequence%3Awelcome%3Aana%40example.com%3AHP0001%3Asend-welcome@hotpilot>',
      '<sequence%3Awelcome%3Aana%40example.com%3AHP0002%3Asend-welcome@hotpilot>',
      '<sequence%3Awelcome%3Aana%40example.com%3Asend-welcome@hotpilot>',
    ]);
    for (const occurrence of ['HP0001', 'HP0002']) {
      const enrolment = await waitFor(async () => {
        const found = await getEnrolment(store, 'welcome', EMAIL, defaultSequences, occurrence);
        return found?.sent.length === 1 ? found : null;
      }, `the ${occurrence} enrolment to record its send`);
      expect(enrolment).toMatchObject({
        occurrence,
        status: 'active',
        sent: [
          {
            stepId: 'welcome',
            at: T0,
            messageId: `<sequence%3Awelcome%3Aana%40example.com%3A${occurrence}%3Asend-welcome@hotpilot>`,
          },
        ],
      });
    }
  });

  it('gets and cancels one occurrence, leaving the others alone', async () => {
    for (const occurrence of ['SUB1-1767225600000', 'SUB1-1769904000000']) {
      await enrol(store, 'win-back', EMAIL, DATA, { now: T0, locale: 'en', occurrence });
    }
    const cancelled = await cancelEnrolment(
      store,
      'win-back',
      EMAIL,
      T0 + 1,
      undefined,
      'SUB1-1769904000000',
    );
    expect(cancelled).toMatchObject({
      cancelled: true,
      enrolment: { occurrence: 'SUB1-1769904000000', status: 'cancelled', finishedAt: T0 + 1 },
    });
    expect(await getEnrolment(store, 'win-back', EMAIL, undefined, 'SUB1-1767225600000')).toMatchObject({
      occurrence: 'SUB1-1767225600000',
      status: 'active',
    });
    // No occurrence means the plain enrolment, which this address doesn't have.
    expect(await getEnrolment(store, 'win-back', EMAIL)).toBeNull();
    expect(await cancelEnrolment(store, 'win-back', EMAIL, T0 + 2)).toEqual({
      cancelled: false,
      enrolment: null,
    });
    expect(await getEnrolment(store, 'win-back', EMAIL, undefined, 'SUB1-0')).toBeNull();
  });

  it('the three e-mail actions take an occurrence', async () => {
    const options = {
      connector: emailConnector,
      connection: emailConnection(smtp.port),
      services: { store },
      now,
    };
    const input = { sequenceId: 'dunning', email: EMAIL, occurrence: 'HP0003' };
    const enrolled = await invokeAction(emailEnrolSequence, { ...input, data: DATA, locale: 'es' }, options);
    expect(enrolled).toMatchObject({
      created: true,
      enrolment: { id: 'sequence:dunning:ana@example.com:HP0003', occurrence: 'HP0003', locale: 'es' },
    });
    expect((await invokeAction(emailEnrolSequence, { ...input, data: DATA }, options)).created).toBe(false);
    expect(await invokeAction(emailGetEnrolment, input, options)).toMatchObject({
      found: true,
      enrolment: { occurrence: 'HP0003', status: 'active' },
    });
    expect(await invokeAction(emailGetEnrolment, { ...input, occurrence: 'HP0004' }, options)).toEqual({
      found: false,
      enrolment: null,
    });
    expect(await invokeAction(emailCancelEnrolment, input, options)).toMatchObject({
      cancelled: true,
      enrolment: { occurrence: 'HP0003', status: 'cancelled' },
    });
    expect((await invokeAction(emailCancelEnrolment, input, options)).cancelled).toBe(false);
  });

  it('refuses an invalid occurrence with a clear error, creating nothing', async () => {
    await expect(enrol(store, 'welcome', EMAIL, DATA, { now: T0, occurrence: 'has space' })).rejects.toThrow(
      'enrol: invalid occurrence',
    );
    await expect(
      enrol(store, 'welcome', EMAIL, DATA, { now: T0, occurrence: 'x'.repeat(101) }),
    ).rejects.toThrow('enrol: invalid occurrence');
    await expect(enrol(store, 'welcome', EMAIL, DATA, { now: T0, occurrence: '' })).rejects.toThrow(
      'enrol: invalid occurrence',
    );
    const options = {
      connector: emailConnector,
      connection: emailConnection(smtp.port),
      services: { store },
      now,
    };
    const message = 'input.occurrence: letters, digits and ._:@- only, at most 100 characters';
    for (const [action, input] of [
      [emailEnrolSequence, { sequenceId: 'welcome', email: EMAIL, occurrence: 'a/b' }],
      [emailGetEnrolment, { sequenceId: 'welcome', email: EMAIL, occurrence: 'a b' }],
      [emailCancelEnrolment, { sequenceId: 'welcome', email: EMAIL, occurrence: 'ç' }],
    ] as const) {
      const error = await invokeAction(action as typeof emailGetEnrolment, input, options).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ActionInputError);
      expect((error as Error).message).toBe(`invalid input for ${action.id}: ${message}`);
    }
    expect(await store.listRuns({ workflowId: 'sequence' })).toEqual([]);
  });
});
