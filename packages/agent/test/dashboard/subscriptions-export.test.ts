import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import { subscriberListHeaders } from '../../src/store/mirror/subscriber-list-csv.ts';
import { parseCsv } from '../kit/parse-csv.ts';
import { PRODUCTS, SUBSCRIPTIONS } from '../store/mirror/subscriber-list-fixtures.ts';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.ts';

// The subscriptions page's CSV download: signed-in people get the file, nobody else.

let world: DashboardWorld;

beforeAll(async () => {
  world = await startDashboardWorld();
  const repo = createMirrorRepo(world.store);
  await repo.upsertProducts(PRODUCTS);
  await repo.upsertSubscriptions(SUBSCRIPTIONS);
});
afterAll(async () => {
  await world?.close();
});

describe('dashboard: subscribers CSV export', () => {
  it('gives a signed-in user the active subscribers of a plan as an attachment', async () => {
    const { cookie } = await world.session(world.users.viewer);
    const response = await fetch(`${world.url}/subscriptions/export.csv?product=100&plan=11&lang=es`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="subscribers-100-11-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(records[0]).toEqual(subscriberListHeaders('es'));
    expect(records.slice(1).map((record) => record[0])).toEqual(['S01', 'S02', 'S10', 'S08']);
    expect(records.find((record) => record[0] === 'S02')?.[2]).toBe(`'=HYPERLINK("http://x","y")`);
  });

  it('links each plan and every subscriber from the subscriptions page, and refuses a bad filter', async () => {
    const { cookie } = await world.session(world.users.viewer);
    const page = await (await fetch(`${world.url}/subscriptions?lang=en`, { headers: { cookie } })).text();
    expect(page).toContain('href="/subscriptions/export.csv?product=100&amp;plan=11"');
    expect(page).toContain('id="export-all" href="/subscriptions/export.csv"');
    expect(page).toContain('Download all active subscribers (CSV)');
    const bad = await fetch(`${world.url}/subscriptions/export.csv?product=abc`, { headers: { cookie } });
    expect(bad.status).toBe(400);
  });

  it('sends anonymous requests to sign in, with no data', async () => {
    const response = await fetch(`${world.url}/subscriptions/export.csv`, { redirect: 'manual' });
    expect([302, 303]).toContain(response.status);
    expect(response.headers.get('location')).toContain('/login');
    expect(await response.text()).not.toContain('example.com');
  });
});
