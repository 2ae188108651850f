import type { ClubPage, Offer } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { snapshotKey } from '../../../src/agents/operations/audit-snapshot.ts';
import type { AuditOutput } from '../../../src/agents/operations/audit-workflow.ts';
import { operationsAgent } from '../../../src/agents/operations/index.ts';
import { type AgentSettings, parseAgentSettings } from '../../../src/agents/settings.ts';
import { formatDate } from '../../../src/kit/i18n/format-date.ts';
import { formatMoney } from '../../../src/kit/i18n/format-money.ts';
import { createWorld, cronRunId, DAY, SPREADSHEET, useAgentServers, type World } from '../support/world.ts';

// The operations agent end to end: a first audit of the emulator's account records the baseline; the test then
// changes the catalogue and a members area in the emulator (a product paused, an offer repriced, a page
// unpublished), and the next day's audit reports exactly those changes to Slack and the sheet.

const SP = 'America/Sao_Paulo';
/** The audit's daily slots: 08:00 in São Paulo. */
const FIRST = Date.parse('2026-06-01T11:00:00.000Z');
const SECOND = Date.parse('2026-06-02T11:00:00.000Z');
const PAUSED_PRODUCT = 3361694; // an e-book
const REPRICED_PRODUCT = 1308908; // "Curso de Programação Python"
const CLUB_PRODUCT = 1925400; // "Productivity Masterclass for Creators"
const ENDED = new Set([
  'CANCELLED_BY_CUSTOMER',
  'CANCELLED_BY_SELLER',
  'CANCELLED_BY_ADMIN',
  'INACTIVE',
  'EXPIRED',
]);

const servers = useAgentServers({ seed: 11, sales: 400, rateLimit: false, resetEmulator: true });
let world: World | undefined;

function opsSettings(
  operations: Record<string, unknown> = {},
  root: Record<string, unknown> = {},
): AgentSettings {
  const base = parseAgentSettings({
    ...root,
    operations: { enabled: true, slackConnectionId: 'team', slackChannel: 'operations' },
  });
  // The sheet fields aren't declared by settings.ts yet: the agent reads them from the startup settings.
  return {
    ...base,
    operations: {
      ...base.operations,
      googleSheetsConnectionId: 'sheets',
      auditSheet: 'Audits',
      ...operations,
    },
  } as AgentSettings;
}

const account = () => servers.hotmart.account;
const slack = () => servers.fakes.slack.state.messages('operations').map((message) => message.text);
const sheet = () => servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows('Audits') ?? [];

/** Unpaid charges at least three days old at `at`, from the emulator's subscriptions. */
function overdueAt(at: number): string[] {
  return account()
    .subscriptions()
    .filter((subscription) => !ENDED.has(subscription.status))
    .flatMap((subscription) =>
      subscription.unpaid
        .filter((unpaid) => unpaid.charge_date <= at - 3 * DAY)
        .map((unpaid) => `${subscription.subscriber_code}#${unpaid.number}`),
    )
    .sort();
}

/** The changes a seller makes in Hotmart between two audits. */
function changeTheAccount() {
  const paused = account().updateProduct(PAUSED_PRODUCT, { status: 'PAUSED' });
  const offer = account().offers(REPRICED_PRODUCT)[0] as Offer;
  const oldPrice = offer.price.value;
  (offer.price as { value: number }).value = oldPrice - 50;
  const module = account()
    .modules(CLUB_PRODUCT)
    .find((candidate) => !candidate.is_extra);
  const page = account()
    .pages(module?.module_id as string)
    .find((candidate) => candidate.is_published) as ClubPage;
  (page as { is_published: boolean }).is_published = false;
  return { paused, offer, oldPrice, module: module as NonNullable<typeof module>, page };
}

describe('operations agent: the audit', () => {
  it('records a baseline, then reports exactly what changed in the catalogue and the members areas', async () => {
    world = await createWorld(servers, { agent: operationsAgent, clubs: true, settings: opsSettings() });
    const first = await world.run(cronRunId('operations.audit', FIRST), ['completed', 'dead'], 30_000);
    expect(first.status).toBe('completed');
    const baseline = first.output as AuditOutput;
    expect(baseline).toMatchObject({
      connectionId: 'main',
      baseline: true,
      at: new Date(FIRST).toISOString(),
    });
    // A first look reports only the charges that need action now.
    const overdue = overdueAt(FIRST);
    expect(overdue.length).toBeGreaterThan(0);
    expect(baseline.discrepancies.map((d) => [d.kind, d.ref])).toEqual(
      overdue.map((key) => ['overdue-charge', key]),
    );
    const snapshot = (await world.store.getState(snapshotKey('main'))) as { catalogue: { products: object } };
    expect(Object.keys(snapshot.catalogue.products)).toHaveLength(account().products().length);
    const [title, ...overdueLines] = (slack()[0] ?? '').split('\n');
    const offers = account()
      .products()
      .reduce((n, product) => n + account().offers(product.id).length, 0);
    const livePlans = new Set(
      account()
        .subscriptions()
        .filter((subscription) => ['ACTIVE', 'DELAYED', 'OVERDUE'].includes(subscription.status))
        .map((subscription) => `${subscription.product_id}:${subscription.plan_id}`),
    );
    expect(title).toBe(
      `*Auditoria de operações — 1 de jun. de 2026*: primeira auditoria, referência registrada (produtos: ${account().products().length}, ofertas: ${offers}, planos com assinantes: ${livePlans.size}, áreas de membros: ${account().clubProducts().length}).`,
    );
    const expectedLines = account()
      .subscriptions()
      .filter((subscription) => overdue.some((key) => key.startsWith(`${subscription.subscriber_code}#`)))
      .flatMap((subscription) => {
        const buyer = account().buyer(subscription.buyer_ucode);
        const product = account().product(subscription.product_id);
        return subscription.unpaid
          .filter((unpaid) => overdue.includes(`${subscription.subscriber_code}#${unpaid.number}`))
          .map(
            (unpaid) =>
              `• Cobrança em atraso: ${buyer?.name} <${buyer?.email}> — ${product?.name} (${subscription.subscriber_code}), ` +
              `cobrança nº ${unpaid.number} de ${formatDate(unpaid.charge_date, 'pt-BR', SP, 'medium')} ` +
              `(dias de atraso: ${Math.floor((FIRST - unpaid.charge_date) / DAY)})`,
          );
      });
    expect([...overdueLines].sort()).toEqual(expectedLines.sort());

    const change = changeTheAccount();
    // No unpaid charge crosses the three-day threshold between the two audits: the changes above are all there is.
    expect(overdueAt(SECOND)).toEqual(overdue);

    world.advance(DAY);
    const second = await world.run(cronRunId('operations.audit', SECOND), ['completed', 'dead'], 30_000);
    const audit = second.output as AuditOutput;
    const repriced = account().product(REPRICED_PRODUCT)?.name as string;
    const clubName = account().product(CLUB_PRODUCT)?.club_subdomain as string;
    const price = (value: number) => formatMoney(value, change.offer.price.currency_code, 'pt-BR');
    const offerItem = change.offer.name
      ? `${repriced} — ${change.offer.name} (${change.offer.code})`
      : `${repriced} (${change.offer.code})`;
    expect(audit.baseline).toBe(false);
    expect(audit.discrepancies).toEqual([
      {
        kind: 'product-paused',
        ref: String(PAUSED_PRODUCT),
        item: `${change.paused.name} (${PAUSED_PRODUCT})`,
        before: 'Ativo',
        after: 'Pausado',
      },
      {
        kind: 'offer-price',
        ref: change.offer.code,
        item: offerItem,
        before: price(change.oldPrice),
        after: price(change.oldPrice - 50),
      },
      {
        kind: 'page-unpublished',
        ref: `${clubName}/${change.page.page_id}`,
        item: `${clubName} › ${change.module.name} › ${change.page.name}`,
        before: 'Publicada',
        after: 'Não publicada',
      },
    ]);

    // Slack: the report with the three lines.
    expect(slack()).toHaveLength(2);
    expect(slack()[1]?.split('\n')).toEqual([
      '*Auditoria de operações — 2 de jun. de 2026*: divergências desde a última auditoria: 3',
      `• Produto pausado: ${change.paused.name} (${PAUSED_PRODUCT}) (Ativo → Pausado)`,
      `• Preço de oferta alterado: ${offerItem} (${price(change.oldPrice)} → ${price(change.oldPrice - 50)})`,
      `• Página despublicada: ${clubName} › ${change.module.name} › ${change.page.name} (Publicada → Não publicada)`,
    ]);
    // The sheet: one row per discrepancy of each audit, after the header.
    const rows = sheet();
    expect(rows[0]).toEqual(['Chave', 'Auditoria', 'Divergência', 'Item', 'Antes', 'Depois']);
    expect(rows).toHaveLength(1 + overdue.length + 3);
    expect(rows.slice(-3)).toEqual([
      [
        `2026-06-02|product-paused|${PAUSED_PRODUCT}`,
        '2 de jun. de 2026',
        'Produto pausado',
        `${change.paused.name} (${PAUSED_PRODUCT})`,
        'Ativo',
        'Pausado',
      ],
      [
        `2026-06-02|offer-price|${change.offer.code}`,
        '2 de jun. de 2026',
        'Preço de oferta alterado',
        offerItem,
        price(change.oldPrice),
        price(change.oldPrice - 50),
      ],
      [
        `2026-06-02|page-unpublished|${clubName}/${change.page.page_id}`,
        '2 de jun. de 2026',
        'Página despublicada',
        `${clubName} › ${change.module.name} › ${change.page.name}`,
        'Publicada',
        'Não publicada',
      ],
    ]);
    expect(audit.appended).toBe(3);

    // A third day with no change: nothing to report, nothing posted.
    world.advance(DAY);
    const third = await world.run(cronRunId('operations.audit', SECOND + DAY), ['completed', 'dead'], 30_000);
    expect(third.output).toMatchObject({ baseline: false, discrepancies: [], appended: 0, slackTs: null });
    expect(slack()).toHaveLength(2);
  });

  it('retries a failed Slack post without writing the sheet twice, and compares with the same snapshot', async () => {
    world = await createWorld(servers, { agent: operationsAgent, clubs: true, settings: opsSettings() });
    await world.run(cronRunId('operations.audit', FIRST), ['completed', 'dead'], 30_000);
    changeTheAccount();
    servers.fakes.slack.faults.add({
      route: '/api/chat.postMessage',
      kind: 'server-error',
      status: 500,
      times: 1,
    });
    world.advance(DAY);
    const second = await world.run(cronRunId('operations.audit', SECOND), ['completed', 'dead'], 30_000);
    expect(second.status).toBe('completed');
    expect(second.attempt).toBe(1);
    expect((second.output as AuditOutput).discrepancies.map((d) => d.kind)).toEqual([
      'product-paused',
      'offer-price',
      'page-unpublished',
    ]);
    expect(slack()).toHaveLength(2);
    expect(sheet()).toHaveLength(1 + overdueAt(FIRST).length + 3);
  });

  it('audits only what the settings turn on, in the seller’s language, and nothing when all is off', async () => {
    world = await createWorld(servers, {
      agent: operationsAgent,
      clubs: true,
      settings: opsSettings({ auditSubscribers: false, auditModules: false }, { locale: 'en' }),
    });
    const first = await world.run(cronRunId('operations.audit', FIRST), ['completed', 'dead'], 30_000);
    expect(first.output).toMatchObject({ baseline: true, discrepancies: [], appended: 0 });
    expect(slack()[0]).toBe(
      `*Operations audit — Jun 1, 2026*: first audit, baseline recorded (products: ${account().products().length}, offers: ${account()
        .products()
        .reduce(
          (n, p) => n + account().offers(p.id).length,
          0,
        )}, plans with subscribers: 0, members areas: 0).`,
    );
    const asked = servers.hotmart.emulator.requests.list().map((request) => request.path);
    expect(asked.some((path) => path.startsWith('/club/') || path.includes('/subscriptions'))).toBe(false);
    changeTheAccount();
    world.advance(DAY);
    const second = await world.run(cronRunId('operations.audit', SECOND), ['completed', 'dead'], 30_000);
    expect((second.output as AuditOutput).discrepancies.map((d) => d.kind)).toEqual([
      'product-paused',
      'offer-price',
    ]);
    expect(slack()[1]?.split('\n')[0]).toBe(
      '*Operations audit — Jun 2, 2026*: discrepancies since the last audit: 2',
    );
    await world.close();

    world = await createWorld(servers, {
      agent: operationsAgent,
      clubs: true,
      settings: opsSettings({ auditCatalogue: false, auditSubscribers: false, auditModules: false }),
    });
    expect((await world.run(cronRunId('operations.audit', FIRST))).output).toEqual({
      skipped: 'every audit is turned off',
    });
    await world.close();

    world = await createWorld(servers, {
      agent: operationsAgent,
      clubs: true,
      settings: opsSettings({ enabled: false }),
    });
    expect((await world.run(cronRunId('operations.audit', FIRST))).output).toEqual({
      skipped: 'agent disabled',
    });
    expect(await world.store.getState(snapshotKey('main'))).toBeNull();
  });
});
