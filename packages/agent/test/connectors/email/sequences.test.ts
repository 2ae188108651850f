import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailCancelEnrolment } from '../../../src/connectors/email/actions/cancel-enrolment.ts';
import { emailEnrolSequence } from '../../../src/connectors/email/actions/enrol-sequence.ts';
import { emailGetEnrolment } from '../../../src/connectors/email/actions/get-enrolment.ts';
import { emailConnector } from '../../../src/connectors/email/email-connector.ts';
import { handleUnsubscribe } from '../../../src/connectors/email/handle-unsubscribe.ts';
import { defaultSequences } from '../../../src/connectors/email/sequences/default-sequences.ts';
import { defineSequence } from '../../../src/connectors/email/sequences/define-sequence.ts';
import { enrol, enrolmentRunId, getEnrolment } from '../../../src/connectors/email/sequences/enrolment.ts';
import { sequenceWorkflow } from '../../../src/connectors/email/sequences/sequence-workflow.ts';
import { checkStopConditions } from '../../../src/connectors/email/sequences/stop-conditions.ts';
import { welcomeTemplate1 } from '../../../src/connectors/email/templates/welcome-templates.ts';
import { closeEmailTransports } from '../../../src/connectors/email/transport-cache.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import type { RunRecord, Store } from '../../../src/store/port.ts';
import {
  emailConnection,
  fileStore,
  pause,
  T0,
  UNSUBSCRIBE_SECRET,
  waitFor,
  withEmailConnection,
} from './support/fixtures.ts';
import { headerLine, startSmtpServer, type TestSmtpServer } from './support/smtp-server.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EMAIL = 'ana@example.com';

let smtp: TestSmtpServer;
let files: Awaited<ReturnType<typeof fileStore>>;
let store: Store;
let clock: number;
let purchases: Set<string>;
let purchaseChecks: [string, string][];
const engines: Engine[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  closeEmailTransports();
  await smtp.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  clock = T0;
  purchases = new Set();
  purchaseChecks = [];
  files = await fileStore();
  store = await withEmailConnection(files.store, emailConnection(smtp.port));
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ deadlineMs: 200 });
  await files.destroy();
});

const now = () => clock;
const services = () => ({
  unsubscribeSecret: UNSUBSCRIBE_SECRET,
  hasPurchased: async (email: string, productId: string) => {
    purchaseChecks.push([email, productId]);
    return purchases.has(`${email}:${productId}`);
  },
});

async function startEngine(on: Store = store, sequences = defaultSequences): Promise<Engine> {
  const engine = createEngine({
    store: on,
    workflows: [sequenceWorkflow(sequences, { store: on, services: services(), now })],
    now,
    pollMs: 20,
    // No jitter: a failed attempt is due again at once on the test clock.
    backoff: { random: () => 0 },
    roles: { dispatch: false, schedule: false },
  });
  engines.push(engine);
  await engine.start();
  return engine;
}

function advance(engine: Engine, ms: number): void {
  clock += ms;
  engine.wake();
}

/** Waits until the run is parked until `dueAt` or finished with `status`. */
function runAt(
  on: Store,
  id: string,
  expected: { status: RunRecord['status']; dueAt?: number },
  timeoutMs = 5_000,
): Promise<RunRecord> {
  return waitFor(
    async () => {
      const run = await on.getRun(id);
      if (!run || run.status !== expected.status) return null;
      return expected.dueAt === undefined || run.dueAt === expected.dueAt ? run : null;
    },
    `run ${id} to be ${expected.status}${expected.dueAt === undefined ? '' : ` until ${new Date(expected.dueAt).toISOString()}`}`,
    timeoutMs,
  );
}

const messageIds = () => smtp.received.map((mail) => mail.parsed.messageId);

describe('e-mail sequences on the engine', () => {
  it('sends each step after its delay, and not before', async () => {
    const engine = await startEngine();
    const { created, enrolment } = await enrol(
      store,
      'welcome',
      'Ana@Example.com',
      {
        buyer: { name: 'Ana Souza' },
        product: { id: '42', name: 'Fotografia' },
        amount: { value: 497, currency: 'BRL' },
      },
      { now: clock, locale: 'pt-BR', timeZone: 'America/Sao_Paulo', sequences: defaultSequences },
    );
    expect(created).toBe(true);
    expect(enrolment).toMatchObject({
      id: 'sequence:welcome:ana@example.com',
      status: 'active',
      sent: [],
      next: { stepId: 'welcome', at: T0 },
    });

    const id = enrolmentRunId('welcome', EMAIL);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + DAY });
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      'Fotografia: tudo pronto para você começar',
    ]);
    expect(await getEnrolment(store, 'welcome', EMAIL, defaultSequences)).toMatchObject({
      status: 'active',
      sent: [
        {
          stepId: 'welcome',
          at: T0,
          messageId: '<sequence%3Awelcome%3Aana%40example.com%3Asend-welcome@hotpilot>',
        },
      ],
      next: { stepId: 'tips', at: T0 + DAY },
    });

    advance(engine, DAY - 60_000);
    await pause(150);
    expect(smtp.received).toHaveLength(1);
    expect((await store.getRun(id))?.status).toBe('sleeping');

    advance(engine, 60_000);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + 7 * DAY });
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      'Fotografia: tudo pronto para você começar',
      'Uma dica para aproveitar Fotografia ao máximo',
    ]);

    advance(engine, 6 * DAY);
    const done = await runAt(store, id, { status: 'completed' });
    expect(done.output).toEqual({ status: 'completed', sent: ['welcome', 'tips', 'check-in'] });
    expect(smtp.received.map((mail) => mail.parsed.subject).at(-1)).toBe(
      'Como está sendo sua experiência com Fotografia?',
    );
    expect(messageIds()).toEqual([
      '<sequence%3Awelcome%3Aana%40example.com%3Asend-welcome@hotpilot>',
      '<sequence%3Awelcome%3Aana%40example.com%3Asend-tips@hotpilot>',
      '<sequence%3Awelcome%3Aana%40example.com%3Asend-check-in@hotpilot>',
    ]);
    expect(smtp.received.map((mail) => mail.parsed.date?.getTime())).toEqual([T0, T0 + DAY, T0 + 7 * DAY]);
    expect(await getEnrolment(store, 'welcome', EMAIL, defaultSequences)).toMatchObject({
      status: 'completed',
      stopReason: null,
      sent: [
        { stepId: 'welcome', at: T0 },
        { stepId: 'tips', at: T0 + DAY },
        { stepId: 'check-in', at: T0 + 7 * DAY },
      ],
      next: null,
      finishedAt: T0 + 7 * DAY,
    });
    // Every step: a sleep, a stop check and a send, each stored once.
    const steps = (await store.getSteps(id)).map((step) => step.stepId).sort();
    expect(steps).toEqual(
      ['welcome', 'tips', 'check-in'].flatMap((s) => [`check-${s}`, `send-${s}`, `wait-${s}`]).sort(),
    );
  });

  it('stops the moment the buyer has purchased the product', async () => {
    const engine = await startEngine();
    await enrol(
      store,
      'cart-recovery',
      EMAIL,
      {
        product: { id: '42', name: 'Fotografia' },
        checkoutUrl: 'https://pay.hotmart.com/X42?checkoutMode=10',
      },
      { now: clock, locale: 'es' },
    );
    const id = enrolmentRunId('cart-recovery', EMAIL);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + HOUR });
    expect(smtp.received).toHaveLength(0);

    advance(engine, HOUR);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + HOUR + DAY });
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual(['Dejaste Fotografia en el carrito']);
    expect(smtp.received[0]?.parsed.text).toContain(
      'Completar mi compra: https://pay.hotmart.com/X42?checkoutMode=10',
    );

    purchases.add(`${EMAIL}:42`);
    advance(engine, DAY);
    const done = await runAt(store, id, { status: 'completed' });
    expect(done.output).toEqual({
      status: 'stopped',
      reason: 'purchased',
      step: 'doubts',
      sent: ['reminder'],
    });
    expect(smtp.received).toHaveLength(1);
    expect(purchaseChecks).toEqual([
      [EMAIL, '42'],
      [EMAIL, '42'],
    ]);
    expect(await getEnrolment(store, 'cart-recovery', EMAIL, defaultSequences)).toMatchObject({
      status: 'stopped',
      stopReason: 'purchased',
      stoppedAt: 'doubts',
      next: null,
      locale: 'es',
    });
  });

  it('stops when the buyer unsubscribes through the link of a sequence e-mail', async () => {
    const engine = await startEngine();
    await enrol(store, 'welcome', EMAIL, { product: { name: 'Fotografia' } }, { now: clock, locale: 'en' });
    const id = enrolmentRunId('welcome', EMAIL);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + DAY });
    const link = new URL((headerLine(smtp.received[0]!, 'list-unsubscribe') ?? '').replace(/^<|>$/g, ''));
    const result = await handleUnsubscribe(store, UNSUBSCRIBE_SECRET, link.searchParams.get('token'), clock);
    expect(result.outcome === 'unsubscribed' && result.list).toBe('welcome');

    advance(engine, DAY);
    const done = await runAt(store, id, { status: 'completed' });
    expect(done.output).toEqual({
      status: 'stopped',
      reason: 'unsubscribed',
      step: 'tips',
      sent: ['welcome'],
    });
    expect(smtp.received).toHaveLength(1);
    expect((await getEnrolment(store, 'welcome', EMAIL))?.stopReason).toBe('unsubscribed');
  });

  it('continues after a restart (new engine, reopened store) without re-sending', async () => {
    const first = await startEngine();
    await enrol(store, 'welcome', EMAIL, { product: { name: 'Fotografia' } }, { now: clock, locale: 'es' });
    const id = enrolmentRunId('welcome', EMAIL);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + DAY });
    expect(smtp.received).toHaveLength(1);

    // The process stops; a new one opens the same database file.
    await first.stop({ deadlineMs: 500 });
    engines.splice(engines.indexOf(first), 1);
    await files.store.close();
    const reopened = await withEmailConnection(await files.reopen(), emailConnection(smtp.port));
    expect((await reopened.getRun(id))?.status).toBe('sleeping');

    const second = await startEngine(reopened);
    await pause(100);
    expect(smtp.received).toHaveLength(1);
    advance(second, DAY);
    await runAt(reopened, id, { status: 'sleeping', dueAt: T0 + 7 * DAY });
    advance(second, 6 * DAY);
    const done = await runAt(reopened, id, { status: 'completed' });
    expect(done.output).toEqual({ status: 'completed', sent: ['welcome', 'tips', 'check-in'] });
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      'Fotografia: todo listo para que empieces',
      'Un consejo para sacarle el máximo provecho a Fotografia',
      '¿Qué tal te va con Fotografia?',
    ]);
    expect(new Set(messageIds()).size).toBe(3);
  });

  it('treats a second enrolment of the same address as a no-op', async () => {
    const engine = await startEngine();
    const connection = emailConnection(smtp.port);
    const call = () =>
      invokeAction(
        emailEnrolSequence,
        {
          sequenceId: 'welcome',
          email: 'ANA@example.com',
          data: { product: { name: 'Fotografia' } },
          locale: 'pt_BR',
        },
        { connector: emailConnector, connection, services: { store }, now },
      );
    const first = await call();
    const second = await call();
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.enrolment.id).toBe(first.enrolment.id);
    expect(second.enrolment.locale).toBe('pt-BR');
    await runAt(store, first.enrolment.id, { status: 'sleeping', dueAt: T0 + DAY });
    const third = await call();
    expect(third.created).toBe(false);
    expect(third.enrolment.sent.map((s) => s.stepId)).toEqual(['welcome']);
    await pause(100);
    expect(smtp.received).toHaveLength(1);
    expect((await store.listRuns({ workflowId: 'sequence' })).map((run) => run.id)).toEqual([
      first.enrolment.id,
    ]);
    const input = (await store.getRun(first.enrolment.id))?.input as { connectionId?: string } | undefined;
    expect(input?.connectionId).toBe('smtp');
    advance(engine, DAY);
    await runAt(store, first.enrolment.id, { status: 'sleeping', dueAt: T0 + 7 * DAY });
    expect((await call()).created).toBe(false);
    expect(smtp.received).toHaveLength(2);
  });

  it('retries an SMTP failure through the engine and sends once', async () => {
    smtp.fail({ code: 451, message: 'Greylisted, try again', times: 2 });
    const attemptsBefore = smtp.attempts;
    await startEngine();
    await enrol(store, 'welcome', EMAIL, {}, { now: clock });
    const id = enrolmentRunId('welcome', EMAIL);
    const run = await runAt(store, id, { status: 'sleeping', dueAt: T0 + DAY });
    expect(run.attempt).toBe(2);
    expect(smtp.attempts - attemptsBefore).toBe(3);
    expect(smtp.received).toHaveLength(1);
    const send = (await store.getSteps(id)).find((step) => step.stepId === 'send-welcome');
    expect(send?.status).toBe('completed');
    expect(send?.output).toEqual({
      status: 'sent',
      messageId: '<sequence%3Awelcome%3Aana%40example.com%3Asend-welcome@hotpilot>',
    });
    const enrolment = await getEnrolment(store, 'welcome', EMAIL, defaultSequences);
    expect(enrolment?.status).toBe('active');
    // The last failure is kept on the run until the next one replaces it or the run finishes.
    expect(enrolment?.error).toContain('451');
  });

  it('fails the enrolment with a clear error when the SMTP login is refused', async () => {
    const guarded = await startSmtpServer({ auth: { user: 'mailer', pass: 'right-password' } });
    try {
      const view = await withEmailConnection(
        files.store,
        emailConnection(guarded.port, { id: 'guarded', auth: { user: 'mailer', pass: 'wrong-password' } }),
      );
      await startEngine(view);
      await enrol(view, 'welcome', EMAIL, {}, { now: clock, connectionId: 'guarded' });
      const id = enrolmentRunId('welcome', EMAIL);
      const dead = await runAt(view, id, { status: 'dead' });
      expect(dead.attempt).toBe(1);
      expect(dead.error?.name).toBe('CredentialsError');
      expect(dead.error?.code).toBe('CREDENTIALS_INVALID');
      expect(dead.error?.message).toMatch(
        /^connection "guarded" \(email\) has invalid credentials: credentials\.pass: the SMTP server refused the user name or password/,
      );
      expect(JSON.stringify(dead.error)).not.toContain('wrong-password');
      const enrolment = await getEnrolment(view, 'welcome', EMAIL);
      expect(enrolment?.status).toBe('failed');
      expect(guarded.received).toHaveLength(0);
    } finally {
      await guarded.close();
    }
  });

  it('cancels an enrolment: nothing more is sent', async () => {
    const engine = await startEngine();
    await enrol(store, 'welcome', EMAIL, {}, { now: clock });
    const id = enrolmentRunId('welcome', EMAIL);
    await runAt(store, id, { status: 'sleeping', dueAt: T0 + DAY });
    const options = {
      connector: emailConnector,
      connection: emailConnection(smtp.port),
      services: { store },
      now,
    };
    const cancelled = await invokeAction(
      emailCancelEnrolment,
      { sequenceId: 'welcome', email: EMAIL },
      options,
    );
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.enrolment).toMatchObject({ status: 'cancelled', next: null, finishedAt: T0 });
    const again = await invokeAction(emailCancelEnrolment, { sequenceId: 'welcome', email: EMAIL }, options);
    expect(again.cancelled).toBe(false);
    advance(engine, 10 * DAY);
    await pause(150);
    expect(smtp.received).toHaveLength(1);
    expect(
      await invokeAction(emailGetEnrolment, { sequenceId: 'welcome', email: EMAIL }, options),
    ).toMatchObject({
      found: true,
      enrolment: { status: 'cancelled', sent: [{ stepId: 'welcome' }] },
    });
    expect(
      await invokeAction(emailGetEnrolment, { sequenceId: 'welcome', email: 'other@example.com' }, options),
    ).toEqual({
      found: false,
      enrolment: null,
    });
  });

  it('marks an enrolment in a sequence this process doesn’t know as failed', async () => {
    await startEngine();
    await enrol(store, 'ghost', EMAIL, {}, { now: clock });
    const dead = await runAt(store, enrolmentRunId('ghost', EMAIL), { status: 'dead' });
    expect(dead.error?.message).toBe('unknown sequence "ghost" (not given to sequenceWorkflow)');
    expect((await getEnrolment(store, 'ghost', EMAIL))?.status).toBe('failed');
  });
});

describe('enrol and sequence definitions', () => {
  it('refuses invalid enrolments', async () => {
    await expect(enrol(store, 'welcome', 'not-an-email', {}, { now: T0 })).rejects.toThrow(
      'enrol: invalid email',
    );
    await expect(enrol(store, 'nope', EMAIL, {}, { sequences: defaultSequences })).rejects.toThrow(
      'enrol: unknown sequence "nope" (known: welcome, cart-recovery, dunning, win-back)',
    );
    await expect(enrol(store, 'welcome', EMAIL, { blob: 'x'.repeat(70_000) })).rejects.toThrow(
      'enrol: data must be at most 64 KiB of JSON',
    );
    const error = await invokeAction(
      emailEnrolSequence,
      { sequenceId: 'nope', email: EMAIL },
      { connector: emailConnector, connection: emailConnection(2525), services: { store } },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'unknown sequence "nope" (known: welcome, cart-recovery, dunning, win-back)',
    );
    expect(await store.listRuns({})).toEqual([]);
  });

  it('resolves the locale from the data when none is given', async () => {
    const { enrolment } = await enrol(store, 'welcome', 'mx@example.com', { country: 'MX' }, { now: T0 });
    expect(enrolment.locale).toBe('es');
    const br = await enrol(store, 'welcome', 'br@example.com', { locale: 'pt_BR' }, { now: T0 });
    expect(br.enrolment.locale).toBe('pt-BR');
  });

  it('checks sequence definitions', () => {
    expect(() => defineSequence({ id: 'Bad', steps: [] })).toThrow(
      'defineSequence "Bad": id must be lowercase letters, digits and dashes (at most 64)',
    );
    expect(() => defineSequence({ id: 'a', steps: [] })).toThrow(
      'defineSequence "a": steps must list at least one step',
    );
    const step = { id: 'one', delay: '1d', template: welcomeTemplate1 };
    expect(() => defineSequence({ id: 'a', steps: [step, step] })).toThrow('steps[1].id "one" is used twice');
    expect(() => defineSequence({ id: 'a', steps: [{ ...step, delay: 'soon' }] })).toThrow(
      `steps[0].delay: invalid duration "soon"`,
    );
    expect(() => defineSequence({ id: 'a', steps: [{ ...step, template: undefined as never }] })).toThrow(
      'steps[0].template must be a template from defineEmailTemplate',
    );
    expect(() => defineSequence({ id: 'a', steps: [step], stopWhen: { bought: true } as never })).toThrow(
      'stopWhen[0] must be { purchased: { productId?, since? } }, { subscriptionActive: {} } or { unsubscribed: true }',
    );
    const ok = defineSequence({ id: 'a', steps: [{ ...step, stopIf: { purchased: { productId: '9' } } }] });
    expect(ok.steps[0]).toMatchObject({
      id: 'one',
      delayMs: DAY,
      stopIf: [{ purchased: { productId: '9' } }],
    });
    expect(() => sequenceWorkflow([ok, ok], { store })).toThrow(
      'sequenceWorkflow: sequence "a" is defined twice',
    );
  });

  it('refuses a purchase condition it cannot check', async () => {
    await expect(checkStopConditions([{ purchased: {} }], { store, email: EMAIL, data: {} })).rejects.toThrow(
      'stop condition "purchased" needs a productId or product.id in the enrolment data',
    );
    await expect(
      checkStopConditions([{ purchased: { productId: '1' } }], { store, email: EMAIL, data: {} }),
    ).rejects.toThrow('stop condition "purchased" needs services.hasPurchased');
    expect(
      await checkStopConditions([{ purchased: {} }], {
        store,
        email: EMAIL,
        data: { product: { id: 7 } },
        hasPurchased: async (_email, productId) => productId === '7',
      }),
    ).toEqual({ reason: 'purchased', productId: '7' });
  });
});
