import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChurnFormUrl } from '../../../../src/agents/retention/churn-form/churn-form-url.ts';
import { churnReasons } from '../../../../src/agents/retention/churn-form/churn-reasons-report.ts';
import { defaultSequences } from '../../../../src/connectors/email/sequences/default-sequences.ts';
import { enrol, enrolmentRunId } from '../../../../src/connectors/email/sequences/enrolment.ts';
import { sequenceWorkflow } from '../../../../src/connectors/email/sequences/sequence-workflow.ts';
import { getSuppression } from '../../../../src/connectors/email/suppression.ts';
import { closeEmailTransports } from '../../../../src/connectors/email/transport-cache.ts';
import { createEngine, type Engine } from '../../../../src/engine/engine.ts';
import { createBuyerRoutes } from '../../../../src/server/buyer-routes.ts';
import type { RunRecord, Store } from '../../../../src/store/port.ts';
import {
  emailConnection,
  fileStore,
  T0,
  UNSUBSCRIBE_SECRET,
  waitFor,
  withEmailConnection,
} from '../support/fixtures.ts';
import { headerLine, startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';

// The dunning and win-back sequences as the retention agent starts them, through the engine, a real SMTP server
// and the buyer routes the e-mails link to.

const DAY = 86_400_000;
const NBSP = '\u00a0';
const EMAIL = 'ana@example.com';
const CHURN_SECRET = 'test-churn-form-secret-0123456789';
const BILLET = 'https://billet.hotmart.com/print/HP0123456789';

let smtp: TestSmtpServer;
let files: Awaited<ReturnType<typeof fileStore>>;
let store: Store;
let clock: number;
let statuses: Map<string, string>;
let buyerServer: Server;
let base: string;
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
  statuses = new Map();
  files = await fileStore();
  buyerServer = await new Promise<Server>((resolve) => {
    const app = createBuyerRoutes({
      store: files.store,
      unsubscribeSecret: UNSUBSCRIBE_SECRET,
      churnFormSecret: CHURN_SECRET,
      now: () => clock,
    });
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started as Server),
    ) as Server;
  });
  base = `http://127.0.0.1:${(buyerServer.address() as AddressInfo).port}`;
  store = await withEmailConnection(
    files.store,
    emailConnection(smtp.port, { settings: { unsubscribeBaseUrl: `${base}/unsubscribe` } }),
  );
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop({ deadlineMs: 200 });
  await new Promise<void>((resolve) => {
    buyerServer.closeAllConnections();
    buyerServer.close(() => resolve());
  });
  await files.destroy();
});

async function startEngine(): Promise<Engine> {
  const engine = createEngine({
    store,
    workflows: [
      sequenceWorkflow(defaultSequences, {
        store,
        services: {
          unsubscribeSecret: UNSUBSCRIBE_SECRET,
          hasPurchased: async () => false,
          subscriptionStatus: async (connectionId: string, code: string) =>
            statuses.get(`${connectionId}:${code}`) ?? 'DELAYED',
        },
        now: () => clock,
      }),
    ],
    now: () => clock,
    pollMs: 20,
    backoff: { random: () => 0 },
    roles: { dispatch: false, schedule: false },
  });
  engines.push(engine);
  await engine.start();
  return engine;
}

function runAt(id: string, expected: { status: RunRecord['status']; dueAt?: number }): Promise<RunRecord> {
  return waitFor(async () => {
    const run = await store.getRun(id);
    if (!run || run.status !== expected.status) return null;
    return expected.dueAt === undefined || run.dueAt === expected.dueAt ? run : null;
  }, `run ${id} to be ${expected.status}`);
}

describe('retention sequences over SMTP', () => {
  it('dunning: the notice, the reminder two days later, then stops once the subscription is active', async () => {
    const engine = await startEngine();
    await enrol(
      store,
      'dunning',
      EMAIL,
      {
        connectionId: 'main',
        buyer: { name: 'Ana Souza', email: EMAIL },
        product: { id: '1925400', name: 'Clube de Fotografia' },
        subscription: {
          code: 'SUB-4F2A',
          planName: 'Plano Mensal',
          amount: { value: 97, currency: 'BRL' },
          chargeDate: Date.parse('2026-06-01T15:00:00.000Z'),
        },
        payment: { type: 'BILLET', billetUrl: BILLET },
        seller: { name: 'Curso da Ana' },
      },
      { now: clock, locale: 'pt-BR', timeZone: 'America/Sao_Paulo', sequences: defaultSequences },
    );
    const id = enrolmentRunId('dunning', EMAIL);
    await runAt(id, { status: 'sleeping', dueAt: T0 + 2 * DAY });
    const [first] = await smtp.waitForMessages(1);
    expect(first!.parsed.subject).toBe(
      'Não conseguimos confirmar o pagamento da sua assinatura de Clube de Fotografia',
    );
    expect(first!.parsed.text).toContain(`no valor de R$${NBSP}97,00.`);
    expect(first!.parsed.text).toContain(`Pagar o boleto: ${BILLET}`);
    expect(first!.parsed.html).toContain(`href="${BILLET}"`);
    expect(headerLine(first!, 'list-unsubscribe')).toContain(`${base}/unsubscribe?token=v1.`);

    clock += 2 * DAY;
    engine.wake();
    await runAt(id, { status: 'sleeping', dueAt: T0 + 5 * DAY });
    expect(smtp.received.map((mail) => mail.parsed.subject)).toEqual([
      'Não conseguimos confirmar o pagamento da sua assinatura de Clube de Fotografia',
      'Lembrete: o pagamento da sua assinatura de Clube de Fotografia continua pendente',
    ]);

    statuses.set('main:SUB-4F2A', 'ACTIVE');
    clock += 3 * DAY;
    engine.wake();
    const done = await runAt(id, { status: 'completed' });
    expect(done.output).toEqual({
      status: 'stopped',
      reason: 'subscription-active',
      step: 'last-notice',
      sent: ['payment-failed', 'reminder'],
    });
    expect(smtp.received).toHaveLength(2);
  });

  it('win-back: the form link answers, the unsubscribe link works, and the follow-up is not sent', async () => {
    const engine = await startEngine();
    const churnFormUrl = buildChurnFormUrl(
      base,
      CHURN_SECRET,
      { connectionId: 'main', subscriberCode: 'SUB-4F2A', email: EMAIL, productId: '1925400', locale: 'es' },
      { now: clock },
    );
    await enrol(
      store,
      'win-back',
      EMAIL,
      {
        connectionId: 'main',
        buyer: { name: 'Ana Souza', email: EMAIL },
        product: { id: '1925400', name: 'Club de Fotografía' },
        subscription: { code: 'SUB-4F2A', planName: 'Plan Mensual', cancelledAt: T0 - 7 * DAY },
        churnFormUrl,
      },
      { now: clock, locale: 'es', timeZone: 'America/Mexico_City', sequences: defaultSequences },
    );
    const id = enrolmentRunId('win-back', EMAIL);
    await runAt(id, { status: 'sleeping', dueAt: T0 + 5 * DAY });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail!.parsed.subject).toBe('Te echamos de menos en Club de Fotografía');

    // The buyer follows the form link of the e-mail and answers.
    const link = /Responder \(1 minuto\): (\S+)/.exec(mail!.parsed.text ?? '')?.[1] ?? '';
    expect(link).toBe(churnFormUrl);
    const form = await fetch(link);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<h1>¿Por qué cancelaste?</h1>');
    const token = new URL(link).searchParams.get('token') ?? '';
    const answered = await fetch(`${base}/forms/churn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, reason: 'found-alternative', text: 'Otro curso' }),
    });
    expect(answered.status).toBe(200);
    const report = await churnReasons(store, { from: T0 - DAY, to: T0 + DAY });
    expect([report.total, report.counts['found-alternative'], report.texts[0]?.text]).toEqual([
      1,
      1,
      'Otro curso',
    ]);

    // Then uses the one-click unsubscribe of the List-Unsubscribe header.
    const unsubscribe = (headerLine(mail!, 'list-unsubscribe') ?? '').replace(/^.*?<|>$/g, '');
    const oneClick = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await getSuppression(store, EMAIL)).toMatchObject({ reason: 'unsubscribed', list: 'win-back' });

    clock += 5 * DAY;
    engine.wake();
    const done = await runAt(id, { status: 'completed' });
    expect(done.output).toEqual({
      status: 'stopped',
      reason: 'unsubscribed',
      step: 'follow-up',
      sent: ['we-miss-you'],
    });
    expect(smtp.received).toHaveLength(1);
  });
});
