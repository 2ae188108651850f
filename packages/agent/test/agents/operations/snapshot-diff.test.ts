import { describe, expect, it } from 'vitest';
import { auditRows, auditSummary } from '../../../src/agents/operations/audit-report.ts';
import {
  type AuditSnapshot,
  readSnapshot,
  snapshotKey,
} from '../../../src/agents/operations/audit-snapshot.ts';
import { operationsAgent } from '../../../src/agents/operations/index.ts';
import { operationsSettingsOf } from '../../../src/agents/operations/operations-settings.ts';
import { type Discrepancy, diffSnapshots } from '../../../src/agents/operations/snapshot-diff.ts';
import { parseAgentSettings } from '../../../src/agents/settings.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';

const DAY = 86_400_000;
const AT = Date.parse('2026-06-02T11:00:00.000Z');
const UTC = { locale: 'en' as const, timeZone: 'UTC' };

function snapshot(parts: Partial<AuditSnapshot> = {}): AuditSnapshot {
  return {
    version: 1,
    connectionId: 'main',
    takenAt: AT,
    catalogue: {
      products: {
        '1': { name: 'Course', status: 'ACTIVE' },
        '2': { name: 'Ebook', status: 'ACTIVE' },
        '3': { name: 'Club', status: 'ACTIVE' },
      },
      offers: {
        a: { productId: '1', name: 'Main', price: 100, currency: 'BRL' },
        b: { productId: '2', name: '', price: 20, currency: 'USD' },
        c: { productId: '3', name: 'Monthly', price: 49.9, currency: 'BRL' },
      },
    },
    subscribers: {
      plans: {
        '3:10': { productId: '3', productName: 'Club', planId: '10', planName: 'Monthly', subscribers: 5 },
      },
      overdue: {},
    },
    membersAreas: {
      course: {
        productId: '1',
        modules: { m1: { name: 'Start', extra: false }, m2: { name: 'Bonus', extra: true } },
        pages: {
          p1: { moduleId: 'm1', name: 'Welcome', published: true },
          p2: { moduleId: 'm1', name: 'Draft', published: false },
          p3: { moduleId: 'm2', name: 'Extra', published: true },
        },
      },
    },
    ...parts,
  };
}

const kinds = (list: Discrepancy[]) => list.map((d) => `${d.kind}:${d.ref}`);

describe('diffSnapshots', () => {
  it('finds nothing between equal snapshots', () => {
    expect(diffSnapshots(snapshot(), snapshot(), UTC)).toEqual([]);
  });

  it('reports catalogue changes: products added, paused, deleted or gone, and offers added, removed or repriced', () => {
    const before = snapshot();
    const after = snapshot();
    const catalogue = after.catalogue as NonNullable<AuditSnapshot['catalogue']>;
    catalogue.products['1'] = { name: 'Course', status: 'PAUSED' };
    catalogue.products['2'] = { name: 'Ebook', status: 'DRAFT' };
    delete catalogue.products['3'];
    catalogue.products['4'] = { name: 'New', status: 'ACTIVE' };
    catalogue.offers.a = { productId: '1', name: 'Main', price: 90, currency: 'BRL' };
    catalogue.offers.d = { productId: '1', name: 'Promo', price: 50, currency: 'BRL' };
    catalogue.offers.e = { productId: '4', name: 'Launch', price: 10, currency: 'BRL' };
    delete catalogue.offers.b;
    const found = diffSnapshots(before, after, UTC);
    expect(found).toEqual([
      { kind: 'product-added', ref: '4', item: 'New (4)', before: null, after: 'Active' },
      { kind: 'product-paused', ref: '1', item: 'Course (1)', before: 'Active', after: 'Paused' },
      { kind: 'product-deleted', ref: '3', item: 'Club (3)', before: 'Active', after: null },
      { kind: 'product-status', ref: '2', item: 'Ebook (2)', before: 'Active', after: 'Draft' },
      // Offers of the new product and of the gone one are covered by the product lines.
      { kind: 'offer-added', ref: 'd', item: 'Course — Promo (d)', before: null, after: 'R$50.00' },
      { kind: 'offer-removed', ref: 'b', item: 'Ebook (b)', before: '$20.00', after: null },
      { kind: 'offer-price', ref: 'a', item: 'Course — Main (a)', before: 'R$100.00', after: 'R$90.00' },
    ]);
    // A currency change is a price change too; a product marked DELETED hides its offers' changes.
    const recurrency = snapshot();
    const changed = recurrency.catalogue as NonNullable<AuditSnapshot['catalogue']>;
    changed.offers.c = { productId: '3', name: 'Monthly', price: 49.9, currency: 'USD' };
    changed.products['2'] = { name: 'Ebook', status: 'DELETED' };
    delete changed.offers.b;
    expect(kinds(diffSnapshots(snapshot(), recurrency, UTC))).toEqual(['product-deleted:2', 'offer-price:c']);
  });

  it('reports plans whose subscribers changed and charges that became overdue, once', () => {
    const charge = {
      subscriberCode: 'SUB1',
      recurrence: 4,
      name: 'Ana',
      email: 'ana@example.com',
      productName: 'Club',
      chargeDate: AT - 5 * DAY,
    };
    const after = snapshot({
      subscribers: {
        plans: {
          '3:10': { productId: '3', productName: 'Club', planId: '10', planName: 'Monthly', subscribers: 3 },
          '3:11': { productId: '3', productName: 'Club', planId: '11', planName: 'Yearly', subscribers: 1 },
        },
        overdue: { 'SUB1#4': charge },
      },
    });
    expect(diffSnapshots(snapshot(), after, UTC)).toEqual([
      { kind: 'plan-subscribers', ref: '3:10', item: 'Club — Monthly', before: '5', after: '3' },
      { kind: 'plan-subscribers', ref: '3:11', item: 'Club — Yearly', before: '0', after: '1' },
      {
        kind: 'overdue-charge',
        ref: 'SUB1#4',
        item: 'Ana <ana@example.com> — Club (SUB1)',
        before: null,
        after: 'charge #4 of May 28, 2026 (days overdue: 5)',
      },
    ]);
    // Reported charges aren't reported again; a first look reports the overdue ones only.
    expect(diffSnapshots(after, after, UTC)).toEqual([]);
    expect(kinds(diffSnapshots(null, after, UTC))).toEqual(['overdue-charge:SUB1#4']);
  });

  it('reports members-area structure: modules added or removed, pages added, removed, unpublished or published', () => {
    const after = snapshot();
    const area = (after.membersAreas as NonNullable<AuditSnapshot['membersAreas']>).course as NonNullable<
      NonNullable<AuditSnapshot['membersAreas']>['course']
    >;
    delete area.modules.m2;
    area.modules.m3 = { name: 'Advanced', extra: false };
    area.pages.p1 = { moduleId: 'm1', name: 'Welcome', published: false };
    area.pages.p2 = { moduleId: 'm1', name: 'Draft', published: true };
    area.pages.p4 = { moduleId: 'm1', name: 'Recap', published: true };
    area.pages.p5 = { moduleId: 'm3', name: 'Deep dive', published: true };
    delete area.pages.p3;
    expect(diffSnapshots(snapshot(), after, UTC)).toEqual([
      { kind: 'module-added', ref: 'course/m3', item: 'course › Advanced', before: null, after: null },
      { kind: 'module-removed', ref: 'course/m2', item: 'course › Bonus', before: null, after: null },
      {
        kind: 'page-added',
        ref: 'course/p4',
        item: 'course › Start › Recap',
        before: null,
        after: 'Published',
      },
      {
        kind: 'page-unpublished',
        ref: 'course/p1',
        item: 'course › Start › Welcome',
        before: 'Published',
        after: 'Unpublished',
      },
      {
        kind: 'page-published',
        ref: 'course/p2',
        item: 'course › Start › Draft',
        before: 'Unpublished',
        after: 'Published',
      },
    ]);
  });

  it('takes a section absent from either snapshot as a first look', () => {
    const changed = snapshot();
    (changed.catalogue as NonNullable<AuditSnapshot['catalogue']>).products['1'] = {
      name: 'Course',
      status: 'PAUSED',
    };
    expect(diffSnapshots(snapshot({ catalogue: null }), changed, UTC)).toEqual([]);
    expect(
      diffSnapshots(snapshot(), snapshot({ catalogue: null, subscribers: null, membersAreas: null }), UTC),
    ).toEqual([]);
    expect(diffSnapshots(snapshot({ membersAreas: {} }), snapshot(), UTC)).toEqual([]);
  });
});

describe('the audit report', () => {
  const found: Discrepancy[] = [
    { kind: 'product-paused', ref: '1', item: 'Curso (1)', before: 'Activo', after: 'Pausado' },
    { kind: 'page-added', ref: 'c/p', item: 'c › M › P', before: null, after: 'Publicada' },
  ];

  it('writes one keyed row per discrepancy, in the seller’s language', () => {
    expect(auditRows(found, { at: AT, locale: 'es', timeZone: 'America/Sao_Paulo' })).toEqual({
      headers: ['Clave', 'Auditoría', 'Discrepancia', 'Elemento', 'Antes', 'Después'],
      rows: [
        ['2026-06-02|product-paused|1', '2 jun 2026', 'Producto pausado', 'Curso (1)', 'Activo', 'Pausado'],
        ['2026-06-02|page-added|c/p', '2 jun 2026', 'Página nueva', 'c › M › P', '', 'Publicada'],
      ],
    });
  });

  it('summarises for Slack, cutting long reports', () => {
    const many = Array.from(
      { length: 32 },
      (_, i): Discrepancy => ({
        kind: 'offer-added',
        ref: `o${i}`,
        item: `Offer ${i}`,
        before: null,
        after: '$1.00',
      }),
    );
    const text = auditSummary(many, { baseline: false, snapshot: snapshot() }, { at: AT, ...UTC }).split(
      '\n',
    );
    expect(text[0]).toBe('*Operations audit — Jun 2, 2026*: discrepancies since the last audit: 32');
    expect(text[1]).toBe('• Offer added: Offer 0');
    expect(text).toHaveLength(32);
    expect(text.at(-1)).toBe('… and 2 more (see the sheet).');
    expect(auditSummary([], { baseline: true, snapshot: snapshot() }, { at: AT, ...UTC })).toBe(
      '*Operations audit — Jun 2, 2026*: first audit, baseline recorded (products: 3, offers: 3, plans with subscribers: 1, members areas: 1).',
    );
  });
});

describe('the operations agent’s pieces', () => {
  it('keeps one snapshot per connection and ignores one it can’t read', () => {
    expect(snapshotKey('store-br')).toBe('operations:snapshot:store-br');
    expect(readSnapshot(snapshot())).toEqual(snapshot());
    expect(readSnapshot({ ...snapshot(), version: 2 })).toBeNull();
    expect(readSnapshot('garbage')).toBeNull();
    expect(readSnapshot(null)).toBeNull();
  });

  it('fills the sheet settings settings.ts does not declare yet, and refuses wrong ones', () => {
    const settings = parseAgentSettings({ operations: { enabled: true } });
    expect(operationsSettingsOf(settings)).toMatchObject({
      enabled: true,
      googleSheetsConnectionId: null,
      spreadsheetId: null,
      auditSheet: 'Audits',
    });
    const wrong = { ...settings, operations: { ...settings.operations, auditSheet: 'a/b' } };
    expect(() => operationsSettingsOf(wrong)).toThrow(NonRetriableError);
    expect(() => operationsSettingsOf(wrong)).toThrow(/operations\.auditSheet/);
  });

  it('defines one workflow on the audit schedule in the settings’ time zone', () => {
    const workflows = operationsAgent.workflows(
      parseAgentSettings({ timeZone: 'Europe/Madrid', operations: { schedule: '0 9 * * 1' } }),
    );
    expect(workflows.map((workflow) => [workflow.id, workflow.cron])).toEqual([
      ['operations.audit', { pattern: '0 9 * * 1', timeZone: 'Europe/Madrid' }],
    ]);
    expect(operationsAgent.needs).toEqual(['hotmart', 'slack', 'google-sheets']);
  });
});
