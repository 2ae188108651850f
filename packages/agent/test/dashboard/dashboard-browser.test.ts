import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalsRepo } from '../../src/store/access/approvals-repo.ts';
import { CONNECTION, type DashboardWorld, PASSWORD, startDashboardWorld } from './support/dashboard-world.ts';

// The dashboard in a real browser: Debian's Chromium driven by playwright-core against a real server on a
// loopback port, with the Hotmart emulator mirrored into the store. Never downloads a browser: without
// /usr/bin/chromium the suite is skipped, and says so in its name.

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const XSS_NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe.skipIf(!HAS_CHROMIUM)(
  HAS_CHROMIUM ? 'dashboard in Chromium' : `dashboard in Chromium — SKIPPED: ${CHROMIUM} is not installed`,
  () => {
    let world: DashboardWorld;
    let context: BrowserContext;
    let profile: string;
    let page: Page;
    let xssEventId: string;
    let approvalId: number;
    let couponProductId: number;

    beforeAll(async () => {
      world = await startDashboardWorld({ emulator: true });
      xssEventId = randomUUID();
      await world.deliver('PURCHASE_APPROVED', {
        id: xssEventId,
        data: {
          buyer: { name: XSS_NAME, email: 'xss@example.com' },
          purchase: { transaction: 'HPXSSBROWSER' },
        },
      });
      await world.settledRuns(xssEventId);
      const product = world.hotmart!.account.products().find((candidate) => !candidate.is_subscription)!;
      couponProductId = product.id;
      const approval = await createApprovalsRepo(world.store).create(
        {
          actionId: 'hotmart_create_coupon',
          connectionId: CONNECTION,
          input: { product_id: product.id, code: 'DASHBOARD10', discount: 0.1 },
          preview: { summary: 'Create the coupon DASHBOARD10' },
          requestedBy: 'user:mcp-agent',
          expiresAt: Date.now() + 3_600_000,
        },
        Date.now(),
      );
      approvalId = approval.id;

      profile = mkdtempSync(join(tmpdir(), 'hotpilot-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = context.pages()[0] ?? (await context.newPage());
      // Replay, cancel and approve ask for confirmation: say yes, as the person would.
      page.on('dialog', (dialog) => void dialog.accept());
    });

    afterAll(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      await world?.close();
    });

    const signIn = async (email: string, password: string) => {
      await page.fill('#email', email);
      await page.fill('#password', password);
      await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    };

    it('sends a visitor without a session to the sign-in page', async () => {
      const response = await page.goto(`${world.url}/runs?status=dead`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/runs?status=dead');
      expect(await page.locator('#email').count()).toBe(1);
    });

    it('rejects a wrong password: the error is shown and no session is set', async () => {
      await signIn(world.users.admin.email, 'not the right password at all');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.locator('[role=alert]').textContent()).toMatch(
        /incorrect|incorretos|incorrectos|invalid|inválid/i,
      );
      const cookies = await context.cookies(world.url);
      expect(cookies.map((cookie) => cookie.name)).not.toContain('hp_session');
      expect((await page.goto(`${world.url}/`))?.url()).toContain('/login');
    });

    it('signs in, comes back to the page asked for, and draws the charts with data', async () => {
      await page.goto(`${world.url}/runs?status=dead`);
      await signIn(world.users.admin.email, PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/runs');
      expect(await page.locator('h1').textContent()).toBe('Execuções');
      expect((await context.cookies(world.url)).map((cookie) => cookie.name)).toContain('hp_session');

      await page.goto(`${world.url}/`);
      const mrr = page.locator('[data-testid="chart-mrr"][data-state="ready"]');
      await mrr.locator('canvas').first().waitFor({ timeout: 15_000 });
      expect(Number(await mrr.getAttribute('data-points'))).toBeGreaterThan(0);
      const perMinute = page.locator('[data-testid="chart-events-per-minute"][data-state="ready"]');
      await perMinute.locator('canvas').first().waitFor();
      expect(Number(await perMinute.getAttribute('data-points'))).toBeGreaterThan(0);

      const data = await page.evaluate(async () => {
        const response = await fetch('/dashboard/data/mrr.json');
        return (await response.json()) as { points: number; charts: { series: { values: number[] }[] }[] };
      });
      expect(data.points).toBeGreaterThan(0);
      expect(data.charts[0]?.series[0]?.values.some((value) => value > 0)).toBe(true);
      const embedded = await page.locator('#chart-data-events-per-minute').textContent();
      const events = JSON.parse(embedded ?? '{}') as {
        points: number;
        charts: { series: { values: number[] }[] }[];
      };
      expect(events.charts[0]?.series[0]?.values.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    });

    it('writes money the Brazilian way for a pt-BR reader', async () => {
      await page.goto(`${world.url}/`);
      expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
      expect(await page.locator('[data-testid="sales-today"]').textContent()).toMatch(/R\$\s1\.500,00/);
      await page.goto(`${world.url}/events/${xssEventId}`);
      expect(await page.locator('dl.facts').textContent()).toMatch(/R\$\s1\.500,00/);
    });

    it('shows a buyer name carrying markup as text, never as markup', async () => {
      await page.goto(`${world.url}/events?buyer=xss%40example.com`);
      const cell = page.locator('td.buyer').first();
      expect(await cell.textContent()).toContain(XSS_NAME);
      expect(await page.locator('td.buyer img, td.buyer script').count()).toBe(0);
      await page.goto(`${world.url}/events/${xssEventId}`);
      expect(await page.locator('[data-testid="payload"]').textContent()).toContain('<img src=x onerror=');
      // The test's type library has no DOM: `globalThis` is the page's window when this runs in the browser.
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    });

    it('replays an event from its page: the workflow runs again', async () => {
      await page.goto(`${world.url}/events/${xssEventId}`);
      expect(await page.locator('#event-runs tbody tr').count()).toBe(1);
      const before = world.executions();
      await Promise.all([
        page.waitForURL(/notice=eventReplayed/),
        page.click('[data-testid="replay-event"]'),
      ]);
      expect(await page.locator('p.notice.info').textContent()).toBe(
        'As execuções do evento voltaram para a fila.',
      );
      await world.until(async () => world.executions() > before);
      const [run] = await world.settledRuns(xssEventId);
      await page.goto(`${world.url}/runs/${encodeURIComponent(run!.id)}`);
      const output = JSON.parse((await page.locator('[data-testid="run-output"]').textContent()) ?? '{}') as {
        execution: number;
      };
      expect(output.execution).toBe(before + 1);
      expect(await page.locator('#timeline li.step').count()).toBe(2);
      const [audit] = await world.store.listAudit({ action: 'event.replay' });
      expect(audit?.target).toBe(xssEventId);
    });

    it('approves a queued MCP write, which then runs against Hotmart', async () => {
      await page.goto(`${world.url}/approvals`);
      expect(await page.locator('#pending-approvals').textContent()).toContain('hotmart_create_coupon');
      await Promise.all([
        page.waitForURL(/notice=approvalExecuted/),
        page.click(`[data-testid="approve-${approvalId}"]`),
      ]);
      expect(await page.locator('p.notice').textContent()).toBe('Aprovada e executada.');
      expect(await page.locator(`[data-testid="approval-status-${approvalId}"]`).textContent()).toBe(
        'Executada',
      );
      const approval = await createApprovalsRepo(world.store).get(approvalId);
      expect(approval).toMatchObject({ status: 'executed', decidedBy: `user:${world.users.admin.id}` });
      const coupons = world.hotmart!.account.coupons(couponProductId).map((coupon) => coupon.coupon_code);
      expect(coupons).toContain('DASHBOARD10');
    });

    it('tests a connection and syncs the mirror with visible progress', async () => {
      await page.goto(`${world.url}/connections`);
      await Promise.all([page.waitForLoadState('load'), page.click(`[data-testid="test-${CONNECTION}"]`)]);
      expect(await page.locator('[data-testid="connection-notice"]').getAttribute('class')).toBe(
        'notice info',
      );
      expect(await page.locator('[data-testid="test-message"]').textContent()).not.toBe('');
      await Promise.all([
        page.waitForURL(/notice=syncStarted/),
        page.click(`[data-testid="sync-${CONNECTION}"]`),
      ]);
      const panel = page.locator(`#conn-${CONNECTION} .sync-progress[data-state="done"]`);
      await panel.waitFor({ timeout: 20_000 });
      expect(await panel.textContent()).toContain('Sincronização concluída');
      expect(await panel.textContent()).toMatch(/sales: \d/);
    });

    it('switches the language from the header and keeps it', async () => {
      await page.goto(`${world.url}/subscriptions`);
      await Promise.all([page.waitForLoadState('load'), page.click('form.languages button[value="es"]')]);
      expect(new URL(page.url()).pathname).toBe('/subscriptions');
      expect(await page.locator('h1').textContent()).toBe('Suscripciones');
      await page.goto(`${world.url}/`);
      expect(await page.locator('h1').textContent()).toBe('Resumen');
      await page.locator('[data-testid="chart-mrr"][data-state="ready"] canvas').first().waitFor();
    });
  },
);
